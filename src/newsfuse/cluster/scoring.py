"""How alike two articles are as reports of one event.

Decides the pair score that story clustering thresholds: a weighted sum of
document-embedding similarity (rescaled, since e5 cosines of unrelated news
sit near 0.75), TF-IDF cosine over words, and TF-IDF cosine over entities,
years and numbers, reduced when publication dates are far apart. Entities
weigh most because they separate two events of the same kind.

The features live in a ``FeatureTable`` (``features.py``) that can grow one
article at a time (incremental assignment) without rebuilding what it
already holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from newsfuse.cluster.features import ArticleMeta, FeatureTable
from newsfuse.cluster.vectors import dots_with_row, weigh_rows
from newsfuse.index.entities import names_found
from newsfuse.records import Article, Fingerprint


@dataclass(frozen=True)
class StoryWeights:
    """Weights and threshold of the story pair score.

    Tuned on the ECB+ tuning topics only (alternate topics; gold =
    subtopic): a grid over the weights and threshold with average linkage
    gave the best B-cubed F1 there at (0.3, 0.3, 0.4) with threshold 0.30
    (tuning 0.948; neighbouring settings within 0.01); on the report topics
    it gives 0.862 (evals/stories.py; ``--tune`` reruns the grid). e5
    cosines are rescaled from [0.75, 1.0] to [0, 1]: 0.75 is about the
    median cosine of unrelated ECB+ documents. Across languages words
    cannot match, so their weight moves to the embedding; where a script
    has no letter case the entity weight moves to the words (``_blend``).
    """

    embedding: float = 0.3
    terms: float = 0.3
    entities: float = 0.4
    embedding_floor: float = 0.75
    embedding_span: float = 0.25
    threshold: float = 0.30
    # Dates a few days apart are one news cycle; beyond that a link weakens
    # linearly to this share at a month. A prior, not fitted: no labelled
    # corpus here has both dates and events.
    same_cycle_days: float = 3.0
    distant_factor: float = 0.6
    distant_days: float = 30.0


# Weights (embedding, words, entities) of ``PairScorer.similarity``: the best
# Pearson correlation with SemEval-2022 task 8 "Overall" on the tuning half
# of its pairs (evals/story_tuning.py); evals/stories.py reports the other half.
SIMILARITY_BLEND = (0.6, 0.2, 0.2)


class PairScorer:
    """Scores index pairs of the articles in a feature table."""

    def __init__(
        self, table: FeatureTable, weights: StoryWeights | None = None, rows: np.ndarray | None = None
    ) -> None:
        """``rows`` restricts scoring to a subset of the table (indices are then into ``rows``)."""
        self.weights = weights or StoryWeights()
        selected = rows if rows is not None else np.arange(len(table))
        block = table.select(rows)
        self.embeddings = block.embeddings
        self.terms = weigh_rows(block.terms, table.term_df, len(table))
        self.entities = weigh_rows(block.entities, table.entity_df, len(table))
        self.languages = [table.languages[i] for i in selected]
        codes = {language: k for k, language in enumerate(sorted(set(self.languages), key=str))}
        self.language_codes = np.array([codes[language] for language in self.languages], dtype=np.int64)
        self.named = np.array([names_found(language) for language in self.languages], dtype=bool)
        self.days = table.days()[selected] if len(table) else np.zeros(0)

    @classmethod
    def for_corpus(
        cls, articles: Sequence[Article], fingerprints: Sequence[Fingerprint], weights: StoryWeights | None = None
    ) -> PairScorer:
        table = FeatureTable()
        table.add([ArticleMeta.of(a) for a in articles], fingerprints)
        return cls(table, weights)

    def score(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Pair scores for index pairs (left[k], right[k])."""
        if len(left) == 0:
            return np.zeros(0, dtype=np.float32)
        cosine = np.einsum("ij,ij->i", self.embeddings[left], self.embeddings[right])
        terms = _pair_dots(self.terms, left, right)
        ents = _pair_dots(self.entities, left, right)
        scores: np.ndarray = self._blend(cosine, terms, ents, left, right) * self._time_factor(left, right)
        return scores

    def _blend(
        self, cosine: np.ndarray, terms: np.ndarray, ents: np.ndarray, left: np.ndarray, right: np.ndarray
    ) -> np.ndarray:
        """The weighted evidence of each pair, using only the signals both articles can carry.

        Words count within one language; across languages their weight
        moves to the embedding. Entities count where both articles' bags
        can hold names (``names_found``). Where one cannot (a script without
        letter case has no capitalised names to find), the entity weight
        goes to the TF-IDF words, which carry the names there (a rare word
        is mostly a name, a place or a figure); across languages it goes to
        the embedding. So a pair is judged on the evidence it has, never
        marked down for evidence no tool could give it. Checked on COUNTER
        (Urdu) by halves of its events: spreading the entity weight over
        embedding and words in proportion instead merged more unrelated
        stories on both halves (B-cubed precision 0.76 and 0.69 against 0.91
        and 0.87, same-story rate 0.99 against 0.97 and 0.99);
        evals/counter.py prints the figures of the rule kept.
        """
        w = self.weights
        emb = np.clip((cosine - w.embedding_floor) / w.embedding_span, 0.0, 1.0)
        same_language = self.language_codes[left] == self.language_codes[right]
        named = self.named[left] & self.named[right]
        words = np.where(named, w.terms * terms + w.entities * ents, (w.terms + w.entities) * terms)
        across = np.where(named, (w.embedding + w.terms) * emb + w.entities * ents, emb)
        blended: np.ndarray = np.where(same_language, w.embedding * emb + words, across)
        return blended

    def similarity(
        self, left: np.ndarray, right: np.ndarray, blend: tuple[float, float, float] | None = None
    ) -> np.ndarray:
        """A graded article-pair similarity for ranking (not thresholding).

        Unlike ``score`` the embedding term is not clipped at the floor, so
        pairs that are clearly not one story still differ in how far apart
        they are; words count only within a language, entities only where
        both bags can hold names (as in ``score``). ``blend`` is the
        (embedding, words, entities) weighting, ``SIMILARITY_BLEND`` unless
        given.
        """
        emb_weight, terms_weight, ents_weight = blend or SIMILARITY_BLEND
        w = self.weights
        cosine = np.einsum("ij,ij->i", self.embeddings[left], self.embeddings[right])
        emb = (cosine - w.embedding_floor) / w.embedding_span
        terms = _pair_dots(self.terms, left, right)
        ents = _pair_dots(self.entities, left, right)
        same_language = self.language_codes[left] == self.language_codes[right]
        named = self.named[left] & self.named[right]
        words = np.where(named, terms_weight * terms + ents_weight * ents, (terms_weight + ents_weight) * terms)
        across = np.where(named, terms_weight * emb + ents_weight * ents, (terms_weight + ents_weight) * emb)
        graded: np.ndarray = np.where(same_language, emb_weight * emb + words, emb_weight * emb + across)
        return graded

    def score_one(self, index: int, others: np.ndarray) -> np.ndarray:
        """Scores of article ``index`` against each of ``others`` (one sparse product, not per-pair rows)."""
        cosine = self.embeddings[others] @ self.embeddings[index]
        terms = dots_with_row(self.terms[others], self.terms[index])
        ents = dots_with_row(self.entities[others], self.entities[index])
        left = np.full(len(others), index)
        scores: np.ndarray = self._blend(cosine, terms, ents, left, others) * self._time_factor(left, others)
        return scores

    def _time_factor(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        w = self.weights
        gap = np.abs(self.days[left] - self.days[right])
        gap = np.where(np.isnan(gap), 0.0, gap)
        decline = (gap - w.same_cycle_days) / (w.distant_days - w.same_cycle_days)
        return np.clip(1.0 - (1.0 - w.distant_factor) * decline, w.distant_factor, 1.0)


def _pair_dots(matrix: sparse.csr_matrix, left: np.ndarray, right: np.ndarray, chunk: int = 20000) -> np.ndarray:
    out = np.zeros(len(left), dtype=np.float32)
    for start in range(0, len(left), chunk):
        a = matrix[left[start : start + chunk]]
        b = matrix[right[start : start + chunk]]
        out[start : start + chunk] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out
