"""The cashier's desktop app in PySide6: the only package that imports Qt.

Everything that touches the database, the network or the printer runs through the one
`TaskRunner` (ui/tasks.py); widgets only show frozen dataclasses the services return.
"""
