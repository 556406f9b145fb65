"""Stories over a whole corpus: one event each.

Decides the batch grouping of articles into stories. Phases:

1. candidates: nearest neighbours by embedding (an HNSW index) and by
   entities (rare tokens), within a publication window (``neighbours.py``);
2. score: the pair score of ``scoring.py`` for each candidate pair;
3. cluster: average linkage from near-duplicate groups upwards, stopping at
   the calibrated threshold (no fixed number of stories);
4. describe: id (from the earliest member, so it survives growth), a
   representative title (the member nearest the story's centroid), and the
   first and last publication dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from newsfuse.cluster.linkage import average_linkage
from newsfuse.cluster.neighbours import ann_top_k, dense_top_k, entity_top_k, sparse_top_k
from newsfuse.cluster.scoring import PairScorer, StoryWeights
from newsfuse.index.fingerprints import embedding_matrix
from newsfuse.index.lexical import distinct
from newsfuse.records import Article, DuplicateGroup, Fingerprint, Story

TITLE_CHARS = 120


def cluster_stories(
    articles: Sequence[Article],
    fingerprints: Sequence[Fingerprint],
    duplicates: Sequence[DuplicateGroup] = (),
    weights: StoryWeights | None = None,
    search: Literal["ann", "exact"] = "ann",
) -> list[Story]:
    """Stories of the articles (given in ingest order), largest first.

    ``search`` picks how candidate pairs are found: approximate indexes
    within a publication window (``neighbours.py``; the default), or the
    exact quadratic search kept for comparison.
    """
    scorer = PairScorer.for_corpus(articles, fingerprints, weights)
    position = {a.id: i for i, a in enumerate(articles)}
    pairs = candidate_pairs(scorer, search)
    left, right = pairs[:, 0], pairs[:, 1]
    scores = scorer.score(left, right)
    positive = scores > 0
    keys = zip(left[positive].tolist(), right[positive].tolist(), strict=True)
    edges = dict(zip(keys, scores[positive].tolist(), strict=True))
    initial = [[position[i] for i in group.article_ids if i in position] for group in duplicates]
    clusters = average_linkage(len(articles), edges, scorer.weights.threshold, initial)
    vectors = embedding_matrix(list(fingerprints))
    stories = [describe_story([articles[i] for i in members], vectors[members]) for members in clusters]
    return sorted(stories, key=lambda s: (-len(s.article_ids), s.story_id))


def candidate_pairs(scorer: PairScorer, search: Literal["ann", "exact"] = "ann") -> np.ndarray:
    """Sorted (m, 2) index pairs worth scoring: embedding and entity neighbours."""
    if search == "exact":
        found = sorted(dense_top_k(scorer.embeddings) | sparse_top_k(scorer.entities))
        return np.array(found, dtype=np.int64).reshape(-1, 2)
    dense = ann_top_k(scorer.embeddings, days=scorer.days)
    both = np.concatenate([dense, entity_top_k(scorer.entities, days=scorer.days)])
    n = max(len(scorer.days), 1)
    codes = distinct(both[:, 0] * n + both[:, 1])
    return np.stack([codes // n, codes % n], axis=1)


def story_id_for(first_article_id: str) -> str:
    """A story is named after its earliest article, so its id holds while it grows."""
    return "s" + first_article_id


def describe_story(members: Sequence[Article], vectors: np.ndarray) -> Story:
    """A story record for members given in ingest order."""
    dates = sorted(a.published_at for a in members if a.published_at)
    return Story(
        story_id=story_id_for(members[0].id),
        article_ids=tuple(a.id for a in members),
        title=representative_title(members, vectors),
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
    )


def representative_title(members: Sequence[Article], vectors: np.ndarray) -> str | None:
    """The title of the member nearest the centroid; its first sentence if no member has a title."""
    if not members:
        return None
    order = list(range(len(members)))
    if vectors.size and np.any(vectors):
        centroid = vectors.mean(axis=0)
        order.sort(key=lambda i: -float(vectors[i] @ centroid))
    for i in order:
        if members[i].title:
            return members[i].title
    first = members[order[0]]
    sentence = first.text[first.sentences[0][0] : first.sentences[0][1]] if first.sentences else first.text
    return sentence[:TITLE_CHARS].strip() or None
