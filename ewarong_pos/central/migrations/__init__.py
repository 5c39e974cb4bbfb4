"""Alembic migrations of the central office database (its own, not the outlet's)."""
