"""Kept for imports written before the store was split: the protocols live in ``protocols.py``."""

from newsfuse.store.protocols import BatchResult, InputSeen, Store

__all__ = ["BatchResult", "InputSeen", "Store"]
