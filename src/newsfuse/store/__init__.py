"""Persistence: the DuckDB store, split by table family, and the narrow protocols stages name."""

from newsfuse.store.duckdb_store import DEFAULT_STORE, DuckDBStore
from newsfuse.store.protocols import BatchResult, InputSeen, StageMark, Store

__all__ = ["DEFAULT_STORE", "BatchResult", "DuckDBStore", "InputSeen", "StageMark", "Store", "open_store"]


def open_store(path: str = DEFAULT_STORE, read_only: bool = False) -> DuckDBStore:
    """Open (creating and migrating if needed) the store at ``path``; ``:memory:`` for a throwaway one."""
    return DuckDBStore(path, read_only=read_only)
