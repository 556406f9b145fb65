"""Relation of a pair of articles in one story: what the target took from the source.

Decides the kind of derivation from the alignment evidence a journalist
would check: the share of the target's text reused word for word or nearly
(lexical passages), the share restated in other words or another language
(paraphrase and translation passages), the share that is new, and whether
the restated passages follow the source's order:

* ``duplicate``: both texts almost entirely shared word for word;
* ``copy``: most of the target is the source's wording (verbatim or lightly edited);
* ``translation``: different languages, most of the target translates the source;
* ``rewrite``: most of the target restates the source, in the same order;
* ``partial``: a part of the target is reused;
* ``independent``: the same event, little shared wording or structure.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from newsfuse.provenance.direction import Direction, decide
from newsfuse.provenance.lexical import lexical_passages
from newsfuse.provenance.semantic import semantic_passages
from newsfuse.records import Article, Passage, Relation, RelationKind


@dataclass(frozen=True)
class KindThresholds:
    """Where each kind starts, as shares of the target's characters.

    ``copy`` and ``partial`` (shares reused word for word or nearly) were
    fitted on COUNTER dev (Urdu wire -> newspaper pairs labelled wholly,
    partially or not derived) by maximising macro-F1 over the three classes;
    2-fold cross-validation over ten shuffles gives the out-of-fold figures
    that evals/counter.py prints beside these in-sample ones. They were then
    checked on English: the seeds keep their kinds, and ECB+ near-duplicate
    pairs come out as copies or duplicates (evals/provenance.py). The rest
    are priors kept from the seed kinds and the MEANTIME translations: a
    duplicate shares nine tenths both ways, a rewrite or a translation
    restates at least half the target, a rewrite keeps the source's order
    in seven of ten steps, and restating a third of the target in other
    words is partial reuse (COUNTER's macro-F1 moved by under 0.01 between
    a third and seven tenths).
    """

    duplicate: float = 0.9
    copy: float = 0.57
    partial: float = 0.11
    partial_any: float = 0.35
    rewrite: float = 0.5
    rewrite_order: float = 0.7
    translation: float = 0.5


THRESHOLDS = KindThresholds()


@dataclass(frozen=True)
class Coverage:
    """Shares of one text covered by passages, by kind of passage."""

    lexical: float
    semantic: float
    total: float


def align(
    source: Article, target: Article, source_vectors: np.ndarray, target_vectors: np.ndarray, model: str = "e5"
) -> list[Passage]:
    """All passages shared by the two articles, ordered by target position (``model``: the sentence model)."""
    lexical = lexical_passages(source.text, target.text)
    semantic = semantic_passages(
        source.text,
        target.text,
        list(source.sentences),
        list(target.sentences),
        source_vectors,
        target_vectors,
        covered=[p.target_span for p in lexical],
        same_language=source.language == target.language,
        model=model,
    )
    return sorted(lexical + semantic, key=lambda p: p.target_span)


def coverage(passages: list[Passage], text_length: int, side: str) -> Coverage:
    """How much of one side ('source' or 'target') the passages cover."""

    def share(kinds: set[str]) -> float:
        spans = sorted((p.source_span if side == "source" else p.target_span) for p in passages if p.kind in kinds)
        covered, reach = 0, 0
        for span_start, end in spans:
            start = max(span_start, reach)
            if end > start:
                covered += end - start
                reach = end
        return covered / max(1, text_length)

    return Coverage(
        share({"verbatim", "near"}),
        share({"paraphrase", "translation"}),
        share({"verbatim", "near", "paraphrase", "translation"}),
    )


def relate(
    story_id: str,
    a: Article,
    b: Article,
    vectors_a: np.ndarray,
    vectors_b: np.ndarray,
    languages: Mapping[str, int] | None = None,
    model: str = "e5",
) -> Relation:
    """The relation between a and b, oriented from source to target.

    ``languages`` (the story's language counts) is accepted for callers of
    the earlier signature; a language is not direction evidence. ``model``
    names the sentence model of the vectors.
    """
    passages = align(a, b, vectors_a, vectors_b, model)
    on_a, on_b = coverage(passages, len(a.text), "source"), coverage(passages, len(b.text), "target")
    translation = a.language != b.language and max(on_a.total, on_b.total) >= THRESHOLDS.translation
    direction = decide(a, b, on_a.total, on_b.total)
    if direction.source is not a:
        passages = sorted((_swap(p) for p in passages), key=lambda p: p.target_span)
        on_a, on_b = on_b, on_a
    kind, kind_confidence = classify(passages, on_b, on_a, translation)
    return Relation(
        story_id=story_id,
        source_id=direction.source.id,
        target_id=direction.target.id,
        kind=kind,
        confidence=round(kind_confidence * (direction.confidence if kind != "independent" else 1.0), 3),
        coverage=round(on_b.total, 4),
        passages=tuple(passages),
        direction_evidence=_evidence(direction, kind),
        source_coverage=round(on_a.total, 4),
    )


def classify(
    passages: list[Passage],
    on_target: Coverage,
    on_source: Coverage,
    translation: bool,
    thresholds: KindThresholds = THRESHOLDS,
) -> tuple[RelationKind, float]:
    """Kind of the relation and how clearly it is that kind (0-1)."""
    t = thresholds
    if translation and on_target.total >= t.translation:
        return "translation", _clarity(on_target.total, t.translation)
    if on_target.lexical >= t.duplicate and on_source.lexical >= t.duplicate:
        # Clear at the top of its own range: a word-for-word twin is the clearest derivation there is,
        # so it must not rank below a rewrite when a parent is chosen (graph.choose_parents). A duplicate
        # is also a copy, and never less clear than one: a slightly trimmed reprint (its whole text
        # shared, nine tenths of the source) must not lose the parent choice to a translation.
        shared = min(on_target.lexical, on_source.lexical)
        twin = _clarity(shared, t.duplicate, 1.0 - t.duplicate)
        return "duplicate", max(twin, _clarity(on_target.lexical, t.copy))
    if on_target.lexical >= t.copy:
        return "copy", _clarity(on_target.lexical, t.copy)
    if on_target.total >= t.rewrite and order_agreement(passages) >= t.rewrite_order:
        return "rewrite", _clarity(on_target.total, t.rewrite)
    reuse = max(on_target.lexical / max(t.partial, 1e-6), on_target.total / max(t.partial_any, 1e-6))
    if reuse >= 1.0:
        return "partial", _clarity(reuse, 1.0, 2.0)
    return "independent", _clarity(1.0 - reuse, 0.0)


def order_agreement(passages: list[Passage]) -> float:
    """Share of consecutive passages (in target order) that also move forward in the source."""
    if len(passages) < 2:
        return 1.0
    starts = [p.source_span[0] for p in sorted(passages, key=lambda p: p.target_span)]
    forward = sum(1 for x, y in itertools.pairwise(starts) if y > x)
    return forward / (len(starts) - 1)


def _clarity(value: float, threshold: float, span: float = 0.3) -> float:
    """0.6 at the threshold, rising to 1.0 ``span`` above it."""
    return round(min(1.0, 0.6 + 0.4 * max(0.0, value - threshold) / span), 3)


def _swap(passage: Passage) -> Passage:
    return Passage(passage.target_span, passage.source_span, passage.kind, passage.similarity)


def _evidence(direction: Direction, kind: str) -> str:
    return "none" if kind == "independent" else direction.evidence
