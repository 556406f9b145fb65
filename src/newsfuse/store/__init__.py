"""Persistence: the DuckDB store and the protocol stages use."""

from newsfuse.store.base import Store
from newsfuse.store.duckdb_store import DEFAULT_STORE, BatchResult, DuckDBStore, InputSeen

__all__ = ["DEFAULT_STORE", "BatchResult", "DuckDBStore", "InputSeen", "Store", "open_store"]


def open_store(path: str = DEFAULT_STORE, read_only: bool = False) -> DuckDBStore:
    """Open (creating and migrating if needed) the store at ``path``; ``:memory:`` for a throwaway one."""
    return DuckDBStore(path, read_only=read_only)
