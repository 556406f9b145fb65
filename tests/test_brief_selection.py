"""Selection rules of the extractive brief: whole sentences, standing alone, no repeats, every supporter cited."""

from __future__ import annotations

import numpy as np
import pytest

from newsfuse.brief.extractive import extractive_brief
from newsfuse.brief.select import select
from newsfuse.brief.standalone import is_whole, standalone
from newsfuse.claims.stage import claims_for_story
from newsfuse.index.embed import E5Embedder
from newsfuse.records import Provenance, Story
from tests.articles import make_article

ORIGIN = make_article(
    "origin",
    "Harbour chiefs say the terminal deal is the biggest in decades\n"
    "The port authority of Lindholm signed three contracts on Thursday for a new container terminal, "
    "covering dredging, cranes and a rail link.\n"
    "Anna Berg, the authority's director, called the deal the largest investment in the port for a generation.\n"
    "She said the first ships would dock at the terminal in 2028.\n"
    "Cargo through Lindholm reached a record 4.2 billion euros last year, according to customs figures.\n"
    "Fishermen and environmental groups have asked the authority to publish its study of the dredging.",
)
TRANSLATED = make_article(
    "translated",
    "The port authority of Lindholm on Thursday signed three contracts for a new container terminal, "
    "which cover dredging, cranes and a link by rail.\n"
    "And it is that the cargo through Lindholm reached a record of 4,200 million euros last year, "
    "according to the data of customs.\n"
    "They said that the works will start in the spring after the winter storms.",
)
REWRITE = make_article(
    "rewrite",
    "Lindholm's port authority has signed contracts for a new container terminal, its director Anna Berg said.\n"
    "Cargo worth a record 4.2 billion euros passed through the port last year, customs figures show.\n"
    "Local fishermen fear that dredging will damage spawning grounds, their association said.",
)
ARTICLES = [ORIGIN, TRANSLATED, REWRITE]
STORY = Story("s1", tuple(a.id for a in ARTICLES), "Terminal", None, None)
GRAPH = Provenance("s1", ("origin",), 2, "origin", (), (("translated", "origin"), ("rewrite", "origin")))


@pytest.fixture(scope="module")
def vectors() -> dict[str, np.ndarray]:
    embedder = E5Embedder()
    return {a.id: embedder.embed([a.text[s:e] for s, e in a.sentences]) for a in ARTICLES}


def test_whole_sentences_only() -> None:
    assert is_whole("The board approved the plan on Thursday.")
    assert is_whole("“We will build it,” she said.")
    assert not is_whole("Harbour chiefs say the terminal deal is the biggest in decades")
    assert not is_whole("Ties are at a high, the minister said during his trip on Wednesday")


def test_a_pronoun_is_named_only_when_one_person_is_meant() -> None:
    index = 3  # "She said the first ships would dock ..." follows the sentence naming Anna Berg alone
    text = ORIGIN.text[slice(*ORIGIN.sentences[index])]
    found = standalone(text, ORIGIN, index)
    assert found == ("Anna Berg said the first ships would dock at the terminal in 2028.", True)
    two = make_article("two", "Anna Berg met Piet Claes at the quay.\nShe said the talks went well.")
    assert standalone(two.text[slice(*two.sentences[1])], two, 1) is None


def test_sentences_leaning_on_context_are_dropped_and_connectives_removed() -> None:
    they = TRANSLATED.text[slice(*TRANSLATED.sentences[2])]
    assert standalone(they, TRANSLATED, 2) is None
    lead_in = TRANSLATED.text[slice(*TRANSLATED.sentences[1])]
    found = standalone(lead_in, TRANSLATED, 1)
    assert found is not None and found[0].startswith("The cargo through Lindholm") and found[1]
    assert standalone("This year the port will hire forty dockers, the director said.", ORIGIN, 1) is not None


def test_selection_takes_each_fact_once_in_its_clearest_wording(vectors: dict[str, np.ndarray]) -> None:
    claims = claims_for_story(STORY, ARTICLES, vectors, GRAPH)
    chosen = select(ARTICLES, vectors, claims, GRAPH, length=6)
    texts = [c.text for c in chosen]
    # Whole sentences only: the headline without a full stop never appears.
    assert all(is_whole(t) for t in texts)
    assert not any(t.startswith("Harbour chiefs") for t in texts)
    # The contract signing is stated once, in the origin's wording.
    signing = [c for c in chosen if "contracts" in c.text and "terminal" in c.text]
    assert len(signing) == 1 and signing[0].article_id == "origin"
    # The record cargo figure is in, not in the translation artefact's wording.
    cargo = [c for c in chosen if "record" in c.text]
    assert len(cargo) == 1 and "4,200 million" not in cargo[0].text
    # Nothing starts with a pronoun that points outside the brief.
    assert not any(t.split()[0].lower() in {"he", "she", "they", "it"} for t in texts)
    # No two chosen sentences are paraphrases of each other.
    matrix = np.array([c.vector for c in chosen])
    similarity = matrix @ matrix.T
    assert float(np.max(similarity - np.eye(len(chosen)) * 2)) < 0.93


def test_a_figure_is_cited_by_every_article_that_carries_it(vectors: dict[str, np.ndarray]) -> None:
    claims = claims_for_story(STORY, ARTICLES, vectors, GRAPH)
    brief = extractive_brief(STORY, ARTICLES, vectors, claims, GRAPH, E5Embedder(), length=6)
    cargo = next(s for s in brief.sentences if "record" in s.text)
    assert {"origin", "translated", "rewrite"} <= set(cargo.citations)
    assert brief.event_date is None  # no publication date, no calendar date: only "on Thursday"


def test_the_word_budget_bounds_the_brief(vectors: dict[str, np.ndarray]) -> None:
    chosen = select(ARTICLES, vectors, [], GRAPH, length=10, words=30)
    assert chosen
    assert sum(len(c.text.split()) for c in chosen[:-1]) < 30


def test_shared_words_rank_what_every_article_names_above_what_one_article_adds() -> None:
    from newsfuse.brief.select import Candidate, _shared_words

    def candidate(article_id: str, index: int) -> Candidate:
        article = next(a for a in ARTICLES if a.id == article_id)
        start, end = article.sentences[index]
        return Candidate(article_id, index, (start, end), article.text[start:end], 0.0, np.zeros(3))

    contracts = candidate("origin", 1)  # port authority, Lindholm, terminal: named by all three articles
    fishermen = candidate("origin", 5)  # study, publish, environmental groups: this article's alone
    cargo = candidate("origin", 4)  # Lindholm, record, cargo, billion, customs: two or three articles
    scores = _shared_words([contracts, fishermen, cargo], ARTICLES)
    assert scores[0] > scores[1] and scores[2] > scores[1]
    assert abs(float(scores.mean())) < 1e-9  # in standard deviations from the story's mean
