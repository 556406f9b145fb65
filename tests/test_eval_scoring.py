"""Evaluations score every input document: one newsfuse rejected counts as a story of its own."""

from __future__ import annotations

from evals.metrics import bcubed
from evals.outlet_world import Made, _launder_rewordings, _same_words_earlier
from evals.stories import with_rejected


def test_a_rejected_document_is_scored_as_a_singleton() -> None:
    gold = ["storm", "storm", "vote", "vote"]
    ingested = [0, 0, 1]  # the fourth document (a "vote" one) was rejected at cleaning
    labels = with_rejected(ingested, ["doc-4"])
    assert len(labels) == len(gold)
    scores = bcubed(labels, gold)
    assert scores["precision"] == 1.0
    assert scores["recall"] == (1 + 1 + 0.5 + 0.5) / 4  # the lost document splits the "vote" story


def test_every_rejected_document_gets_its_own_label() -> None:
    labels = with_rejected([0], ["a", "b"])
    assert len(set(labels)) == 3


def _made(outlet: str, body: str, delay: float, role: str = "rewrite") -> Made:
    return Made(outlet, role, body, body, "t", delay, False, 0, "x.test")


def test_a_rewording_in_words_already_published_is_a_copy_of_the_first_to_publish_them() -> None:
    made = [
        _made("Late Farm", "same words", 3.0),
        _made("Early Farm", "same words", 1.0),
        _made("Middle Farm", "same words", 2.0),
        _made("Careful Rewriter", "same words, with who said them", 0.5),
        _made("Reprinter", "same words", 0.2, role="copy"),
    ]
    assert _same_words_earlier(made[0], made) == "Early Farm"
    assert _same_words_earlier(made[2], made) == "Early Farm"
    assert _same_words_earlier(made[1], made) is None  # the first to publish them reworded the wire
    assert _same_words_earlier(made[3], made) is None  # other words: its own rewording


def test_a_farm_rewording_a_story_the_rewriter_reworded_strips_the_rewriters_article_after_it_is_out() -> None:
    """One paraphrase per sentence: in the world, the farm's text can only have come from the rewriter's."""
    made = [
        _made("Plainspoken Post", "same words, said the police", 5.0),
        _made("DailyBuzz Hub", "same words", 1.0),
        _made("Evening Ledger", "the wire's words", 2.0, role="copy"),
    ]
    rewriter, farm, reprinter = _launder_rewordings(made)
    assert (farm.role, farm.source, farm.delay) == ("copy", "Plainspoken Post", 6.0)
    assert rewriter == made[0] and reprinter == made[2]
    assert _launder_rewordings(made[1:]) == made[1:]  # no rewriter: the farm rewrote the wire itself
