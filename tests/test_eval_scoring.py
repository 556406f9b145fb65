"""Evaluations score every input document: one newsfuse rejected counts as a story of its own."""

from __future__ import annotations

from evals.metrics import bcubed
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
