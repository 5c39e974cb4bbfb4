"""The outlet's local database: SQLAlchemy 2.x models, engine, unit of work, migrations."""
