"""Receipts and reports on paper: receipt model, ESC/POS, PDF, plain text (no Qt)."""
