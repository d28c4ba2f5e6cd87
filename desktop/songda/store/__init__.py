"""The only package that speaks SQL. SQLite through sqlite-utils."""

from songda.store.db import SCHEMA_VERSION, Store, open_store

__all__ = ["SCHEMA_VERSION", "Store", "open_store"]
