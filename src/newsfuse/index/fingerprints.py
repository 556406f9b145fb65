"""The index stage: fingerprints computed once per article.

Decides what is kept about each article for grouping: the exact hash of its
normalised text, its MinHash signature over word 3-grams (hashed a batch
at a time, ``lexical.py``) and the number of distinct 3-grams it was taken
over (counted from the same shingles), a document
embedding of its lead, hashed term counts for TF-IDF, and its entity bag.
Works on batches because the models do (e5 embeds 16 texts per call, spaCy
pipes 32).
"""

from __future__ import annotations

import numpy as np

from newsfuse.ids import digest, normalise_for_hash
from newsfuse.index.embed import get_embedder, lead_text
from newsfuse.index.entities import entity_bags
from newsfuse.index.minhash import text_signatures_with_sizes
from newsfuse.index.tokens import term_counts, words
from newsfuse.records import Article, Fingerprint
from newsfuse.stages.base import RecordStage


def exact_hash(text: str) -> str:
    """Equal for texts that differ only in case, Unicode form or whitespace."""
    return digest(normalise_for_hash(text))


class IndexStage(RecordStage[Article, Fingerprint]):
    """Article to fingerprint; models load once per worker."""

    name = "index"

    def __init__(self, embedder: str = "e5", ner: str = "auto") -> None:
        self.embedder_name = embedder
        self.ner = ner

    def process_batch(self, items: list[Article]) -> list[Fingerprint]:
        if not items:
            return []
        embedder = get_embedder(self.embedder_name)
        tokens = [words(a.text) for a in items]
        minhashes, sizes = text_signatures_with_sizes([a.text for a in items])
        vectors = embedder.embed([lead_text(a.title, a.text) for a in items]).astype(np.float32)
        bags = entity_bags([_entity_text(a) for a in items], [a.language for a in items], self.ner)
        return [
            Fingerprint(
                article_id=article.id,
                exact_hash=exact_hash(article.text),
                minhash=minhashes[i].astype("<u4").tobytes(),
                embedding=vectors[i].astype("<f4").tobytes(),
                terms=pack_terms(term_counts(words(article.title or "") + tokens[i])),
                entities=tuple(bags[i]),
                embedder=embedder.name,
                shingles=int(sizes[i]),
            )
            for i, article in enumerate(items)
        ]


def pack_terms(counts: dict[int, int]) -> bytes:
    """(term id, count) pairs, sorted by id, as little-endian uint32 bytes."""
    pairs = np.array(sorted(counts.items()), dtype="<u4").reshape(-1, 2)
    return pairs.tobytes()


def unpack_terms(blob: bytes) -> np.ndarray:
    """An (n, 2) array of (term id, count)."""
    return np.frombuffer(blob, dtype="<u4").reshape(-1, 2)


def _entity_text(article: Article) -> str:
    return f"{article.title}\n{article.text}" if article.title else article.text


def shingle_sizes(fingerprints: list[Fingerprint]) -> np.ndarray:
    """Each article's number of distinct shingles, -1 where unknown (a fingerprint stored before sizes were kept)."""
    return np.fromiter((-1 if f.shingles is None else f.shingles for f in fingerprints), np.int64, len(fingerprints))


def minhash_matrix(fingerprints: list[Fingerprint]) -> np.ndarray:
    """Signatures as an (n, NUM_PERM) uint32 matrix."""
    if not fingerprints:
        return np.zeros((0, 0), dtype=np.uint32)
    return np.vstack([np.frombuffer(f.minhash, dtype="<u4") for f in fingerprints])


def embedding_matrix(fingerprints: list[Fingerprint]) -> np.ndarray:
    """Document vectors as an (n, dims) float32 matrix."""
    if not fingerprints:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([np.frombuffer(f.embedding, dtype="<f4") for f in fingerprints])
