"""Incremental story assignment: each new article joins a story or starts one.

Decides, one article at a time in ingest order, which existing story an
article belongs to. Candidates are the stories of its nearest articles in an
approximate nearest-neighbour index (usearch, cosine over document
embeddings, kept beside the store) and of any exact or MinHash near
duplicate; the article joins the candidate story with the highest average
pair score over its members if that clears the batch threshold (the same
average-linkage criterion as the batch run), else it starts a new story
named after itself. Story ids never change as stories grow.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsfuse.cluster.bands import BandIndex
from newsfuse.cluster.features import ArticleMeta, FeatureTable
from newsfuse.cluster.scoring import PairScorer, StoryWeights
from newsfuse.cluster.stories import story_id_for
from newsfuse.index.minhash import LshParams, band_keys
from newsfuse.records import Fingerprint

# Neighbours asked of the ANN index: enough to reach every story an article
# could join (stories of one event rarely spread over more than a few
# dozen neighbours) at well under a millisecond per query.
ANN_NEIGHBOURS = 30
# Members scored per candidate story: the average over 200 is within a few
# hundredths of the average over all members for the stories we have seen,
# and bounds the cost of joining a very large story.
MAX_MEMBERS_SCORED = 200
# Near duplicates by MinHash estimate (no text is read in incremental mode):
# the same Jaccard threshold as the batch verification.
NEAR_DUPLICATE_JACCARD = 0.5


class StoryAssigner:
    """In-memory state for assigning articles to stories."""

    def __init__(self, weights: StoryWeights | None = None, index_path: Path | None = None) -> None:
        self.weights = weights or StoryWeights()
        self.table = FeatureTable()
        self.story_of: list[str] = []
        self.members: dict[str, list[int]] = {}
        self.exact: dict[str, int] = {}
        self._signatures = np.zeros((0, 0), dtype=np.uint32)  # row i: article i's MinHash; grows by doubling
        self.bands = BandIndex()
        self.lsh = LshParams.for_threshold(NEAR_DUPLICATE_JACCARD)
        self.index_path = index_path
        self.ann = _new_index()

    def load(self, metas: Sequence[ArticleMeta], fingerprints: Sequence[Fingerprint], stories: Sequence[str]) -> None:
        """Take in already assigned articles (ingest order) without scoring them."""
        start = len(self.table)
        self.table.add(metas, fingerprints)
        if fingerprints:
            signatures = np.vstack([np.frombuffer(f.minhash, dtype="<u4") for f in fingerprints])
            self._keep_signatures(start, signatures)
            self.bands.add_many(np.arange(start, start + len(fingerprints)), band_keys(signatures, self.lsh))
        for offset, (fingerprint, story_id) in enumerate(zip(fingerprints, stories, strict=True)):
            self._remember(start + offset, fingerprint, story_id)
        vectors = self.table.select(np.arange(start, len(self.table))).embeddings
        if not self._restore_ann(len(self.table)) and len(vectors):
            self.ann.add(np.arange(start, start + len(vectors)), vectors)

    def assign(self, meta: ArticleMeta, fingerprint: Fingerprint) -> str:
        """The story the article joins (or starts); the article is then part of the state."""
        row = len(self.table)
        self.table.add([meta], [fingerprint])
        signature = np.frombuffer(fingerprint.minhash, dtype="<u4")
        keys = band_keys(signature[np.newaxis, :], self.lsh)[0]  # once: the near-duplicate search and the index
        forced = self._forced_story(fingerprint, signature, keys)
        story_id = forced or self._best_story(row) or story_id_for(meta.article_id)
        self._keep_signatures(row, signature[np.newaxis, :])
        self.bands.add(row, keys)
        self._remember(row, fingerprint, story_id)
        self.ann.add(np.array([row]), self.table.select(np.array([row])).embeddings)
        return story_id

    def save(self) -> None:
        """Persist the ANN index beside the store (nothing to do for in-memory stores)."""
        if self.index_path is not None:
            self.ann.save(str(self.index_path))

    def _remember(self, row: int, fingerprint: Fingerprint, story_id: str) -> None:
        self.story_of.append(story_id)
        self.members.setdefault(story_id, []).append(row)
        self.exact.setdefault(fingerprint.exact_hash, row)

    def _keep_signatures(self, start: int, signatures: np.ndarray) -> None:
        """Rows start.. of the signature matrix, which doubles when full (no Python object per article)."""
        end = start + len(signatures)
        if end > len(self._signatures):
            grown = np.zeros((max(end, 2 * len(self._signatures), 16), signatures.shape[1]), dtype=np.uint32)
            if start:
                grown[:start] = self._signatures[:start]
            self._signatures = grown
        self._signatures[start:end] = signatures

    def _forced_story(self, fingerprint: Fingerprint, signature: np.ndarray, keys: np.ndarray) -> str | None:
        """The story of an exact or near duplicate already assigned, if any (``signature`` and its band
        ``keys`` are the fingerprint's)."""
        if fingerprint.exact_hash in self.exact:
            return self.story_of[self.exact[fingerprint.exact_hash]]
        seen: set[int] = set()
        for other in self.bands.rows_for(keys):
            if other not in seen:
                seen.add(other)
                if float(np.mean(self._signatures[other] == signature)) >= NEAR_DUPLICATE_JACCARD:
                    return self.story_of[other]
        return None

    def _best_story(self, row: int) -> str | None:
        candidates = self._candidate_stories(row)
        if not candidates:
            return None
        member_rows = {sid: self.members[sid][-MAX_MEMBERS_SCORED:] for sid in candidates}
        rows = np.array([row] + [r for sid in candidates for r in member_rows[sid]], dtype=np.int64)
        scorer = PairScorer(self.table, self.weights, rows=rows)
        scores = scorer.score_one(0, np.arange(1, len(rows)))
        best_id, best_score, offset = None, self.weights.threshold, 0
        for sid in candidates:
            count = len(member_rows[sid])
            average = float(scores[offset : offset + count].mean())
            offset += count
            if average >= best_score:
                best_id, best_score = sid, average
        return best_id

    def _candidate_stories(self, row: int) -> list[str]:
        if len(self.ann) == 0:
            return []
        vector = self.table.select(np.array([row])).embeddings[0]
        if not np.any(vector):
            return sorted(set(self.story_of))[:ANN_NEIGHBOURS]
        found = self.ann.search(vector, min(ANN_NEIGHBOURS, len(self.ann)))
        return sorted({self.story_of[int(key)] for key in found.keys})

    def _restore_ann(self, expected: int) -> bool:
        """Reuse the saved index when it holds exactly the loaded articles."""
        if self.index_path is None or not self.index_path.exists():
            return False
        from usearch.index import Index

        restored = Index.restore(str(self.index_path))
        if restored is None or len(restored) != expected:
            return False
        self.ann = restored
        return True


def _new_index() -> Any:
    from usearch.index import Index

    # Cosine over 384-dim float32. Expansion 64 (usearch's default is 128)
    # halves insertion time; the neighbours only nominate candidate stories,
    # which are then scored exactly, so a rare missed neighbour costs little.
    return Index(ndim=384, metric="cos", dtype="f32", expansion_add=64, expansion_search=64)
