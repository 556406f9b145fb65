"""The provenance stage: align every related pair of each story and build its graph.

Decides the order of provenance work: sentence vectors for the articles of
multi-article stories (computed once, stored), then per story the pairwise
relations and the graph. Stories larger than ``MAX_ALL_PAIRS`` compare each
article only with its nearest neighbours in the story, so the cost stays
linear in the story size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from newsfuse.config import Settings
from newsfuse.engines import Engine, RecordStage, engine_for
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
    compute_sentence_vectors(store, article_ids, settings, engine)
    return store.sentence_vectors(article_ids, DIMENSIONS)


def compute_sentence_vectors(
    store: DuckDBStore, article_ids: Sequence[str], settings: Settings, engine: Engine | None = None
) -> int:
    """Compute and store the sentence vectors the articles lack, keeping none in memory; return how many."""
    missing = store.articles_without_sentence_vectors(article_ids)
    if not missing:
        return 0
    engine = engine or engine_for(settings)
    batch: list[SentenceVectors] = []
    for row in engine.map(SentenceStage(settings.embedder), store.iter_articles(missing)):
        batch.append(row)
        if len(batch) >= SENTENCE_BATCH:
            store.write_sentence_vectors(batch)
            batch = []
    store.write_sentence_vectors(batch)
    return len(missing)


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


@dataclass(frozen=True)
class StoryWork:
    """What tracing one story needs, read from the store by the driver."""

    story: Story
    articles: tuple[Article, ...]
    sentence_vectors: dict[str, np.ndarray]
    document_vectors: np.ndarray


class TraceStage(RecordStage[StoryWork, tuple[list[Relation], Provenance]]):
    """One story to its relations and provenance graph (stories are independent, so they shard)."""

    name = "provenance"

    def process(self, item: StoryWork) -> tuple[list[Relation], Provenance]:
        if len(item.articles) < 2:
            return [], build_provenance(item.story.story_id, item.articles, [])
        return trace_story(item.story, item.articles, item.sentence_vectors, item.document_vectors)


def story_work(store: DuckDBStore, stories: Iterable[Story]) -> Iterator[StoryWork]:
    """Each story with its articles and vectors, one story at a time (memory bounded by the largest story)."""
    for story in stories:
        articles = tuple(store.iter_articles(story.article_ids))
        if len(articles) < 2:
            yield StoryWork(story, articles, {}, np.zeros((len(articles), DIMENSIONS), dtype=np.float32))
            continue
        ids = [a.id for a in articles]
        prints = {f.article_id: f for f in store.iter_fingerprints(ids)}
        vectors = store.sentence_vectors(ids, DIMENSIONS)
        yield StoryWork(story, articles, vectors, embedding_matrix([prints[i] for i in ids]))


def prepared_story_work(
    store: DuckDBStore, stories: Sequence[Story], settings: Settings, engine: Engine
) -> Iterator[StoryWork]:
    """Story work for ``stories`` after storing the sentence vectors their multi-article members lack."""
    multi = [i for s in stories if len(s.article_ids) > 1 for i in s.article_ids]
    compute_sentence_vectors(store, multi, settings, engine)
    return story_work(store, stories)


def trace_store(
    store: DuckDBStore,
    settings: Settings | None = None,
    story_ids: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
    engine: Engine | None = None,
) -> int:
    """Provenance for the given stories (all when None); returns the number of stories traced."""
    settings = settings or Settings()
    stories = store.stories(story_ids)
    engine = engine or engine_for(settings)
    relations: list[Relation] = []
    graphs: list[Provenance] = []
    for story_relations, graph in engine.map(TraceStage(), prepared_story_work(store, stories, settings, engine)):
        relations.extend(story_relations)
        graphs.append(graph)
        if progress:
            progress(1)
    store.replace_provenance([s.story_id for s in stories], relations, graphs, clear=story_ids is None)
    return len(stories)
