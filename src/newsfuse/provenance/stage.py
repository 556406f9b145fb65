"""The provenance stage: align every related pair of each story and build its graph.

Decides the order of provenance work: sentence vectors for the articles of
multi-article stories (computed once, stored), then per story the pairwise
relations and the graph. Stories larger than ``MAX_ALL_PAIRS`` compare each
article only with its nearest neighbours in the story, so the cost stays
linear in the story size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from newsfuse.config import Settings
from newsfuse.engines import Engine, RecordStage, get_engine
from newsfuse.index.embed import DIMENSIONS, get_embedder
from newsfuse.index.fingerprints import embedding_matrix
from newsfuse.provenance.graph import build_provenance
from newsfuse.provenance.relations import relate
from newsfuse.records import Article, Provenance, Relation, Story
from newsfuse.store import DuckDBStore

# Up to 40 articles (780 pairs, a few seconds) every pair is aligned; above
# that each article is aligned with its 20 nearest by document embedding.
MAX_ALL_PAIRS = 40
NEAREST_IN_STORY = 20
SENTENCE_BATCH = 64

SentenceVectors = tuple[str, np.ndarray, str]


class SentenceStage(RecordStage[Article, SentenceVectors]):
    """Article to the embeddings of its sentences (one row per sentence)."""

    name = "sentences"

    def __init__(self, embedder: str = "e5") -> None:
        self.embedder_name = embedder

    def process_batch(self, items: list[Article]) -> list[SentenceVectors]:
        embedder = get_embedder(self.embedder_name)
        texts = [a.text[s:e] for a in items for s, e in a.sentences]
        vectors = embedder.embed(texts) if texts else np.zeros((0, DIMENSIONS), dtype=np.float32)
        out, offset = [], 0
        for article in items:
            count = len(article.sentences)
            out.append((article.id, vectors[offset : offset + count], embedder.name))
            offset += count
        return out


def ensure_sentence_vectors(
    store: DuckDBStore, article_ids: Sequence[str], settings: Settings, engine: Engine | None = None
) -> dict[str, np.ndarray]:
    """Sentence vectors of the articles, computing and storing the missing ones."""
    known = store.sentence_vectors(article_ids, DIMENSIONS)
    missing = [i for i in article_ids if i not in known]
    if missing:
        engine = engine or get_engine(settings.engine, settings.workers)
        batch: list[SentenceVectors] = []
        for row in engine.map(SentenceStage(settings.embedder), store.iter_articles(missing)):
            batch.append(row)
            known[row[0]] = row[1]
            if len(batch) >= SENTENCE_BATCH:
                store.write_sentence_vectors(batch)
                batch = []
        store.write_sentence_vectors(batch)
    return known


def trace_story(
    story: Story, articles: Sequence[Article], vectors: dict[str, np.ndarray], document_vectors: np.ndarray
) -> tuple[list[Relation], Provenance]:
    """Relations between the story's articles and its provenance graph."""
    languages = Counter(a.language or "" for a in articles)
    relations = [
        relate(story.story_id, articles[i], articles[j], vectors[articles[i].id], vectors[articles[j].id], languages)
        for i, j in story_pairs(document_vectors)
    ]
    return relations, build_provenance(story.story_id, articles, relations)


def story_pairs(document_vectors: np.ndarray) -> list[tuple[int, int]]:
    """Index pairs (i < j) to align: all of them, or nearest neighbours in large stories."""
    n = document_vectors.shape[0]
    if n <= MAX_ALL_PAIRS or not np.any(document_vectors):
        return [(i, j) for i in range(n) for j in range(i + 1, n)]
    similarity = document_vectors @ document_vectors.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = np.argsort(-similarity, axis=1)[:, :NEAREST_IN_STORY]
    return sorted({(min(i, int(j)), max(i, int(j))) for i in range(n) for j in nearest[i]})


def trace_store(
    store: DuckDBStore,
    settings: Settings | None = None,
    story_ids: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Provenance for the given stories (all when None); returns the number of stories traced."""
    settings = settings or Settings()
    stories = store.stories(story_ids)
    multi = [s for s in stories if len(s.article_ids) > 1]
    vectors = ensure_sentence_vectors(store, [i for s in multi for i in s.article_ids], settings)
    fingerprints = {f.article_id: f for f in store.iter_fingerprints([i for s in multi for i in s.article_ids])}
    relations: list[Relation] = []
    graphs: list[Provenance] = []
    for story in stories:
        articles = list(store.iter_articles(story.article_ids))
        if len(articles) > 1:
            doc_vectors = embedding_matrix([fingerprints[a.id] for a in articles])
            story_relations, graph = trace_story(story, articles, vectors, doc_vectors)
            relations.extend(story_relations)
        else:
            graph = build_provenance(story.story_id, articles, [])
        graphs.append(graph)
        if progress:
            progress(1)
    store.replace_provenance([s.story_id for s in stories], relations, graphs, clear=story_ids is None)
    return len(stories)
