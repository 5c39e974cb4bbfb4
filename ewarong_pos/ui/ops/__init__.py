"""Typed operation builders, one module per screen area (Anki's `aqt.operations`).

Each builder takes the Context and plain values and returns a `jobs.DbJob` or
`jobs.IoJob` for `TaskRunner.run`; the services are imported directly, so mypy checks
every call from a screen to a use case and import-linter sees every arrow. The one
exception is `services.sync` (httpx, pydantic: about a second at start-up), which
`ops.sync` and `ops.settings` import inside the job functions, on the worker thread.
Nothing here is imported by this package's `__init__`: a view imports the area it needs.
"""
