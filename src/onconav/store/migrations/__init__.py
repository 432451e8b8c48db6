"""Alembic migrations of the store. Applied by ``Store.open``; never run by hand."""
