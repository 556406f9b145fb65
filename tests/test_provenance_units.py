from __future__ import annotations

import numpy as np

from newsfuse.provenance.direction import CONFIDENCE, decide
from newsfuse.provenance.graph import build_provenance, choose_parents
from newsfuse.provenance.lexical import lexical_passages
from newsfuse.provenance.relations import Coverage, KindThresholds, classify, coverage, order_agreement
from newsfuse.provenance.semantic import GAP_TRANSLATION_COSINES, best_matches, fill_gaps, semantic_passages
from newsfuse.records import Article, Credit, Passage, Relation

WIRE = (
    "The port authority approved a 310 million euro expansion of the northern terminal on Thursday. "
    "Two deep-water berths will be built by 2028, the authority said in a statement. "
    "Residents have objected to the dredging, which they say will harm local fishing grounds."
)


def _article(article_id: str, text: str, **kwargs: object) -> Article:
    return Article(id=article_id, input=article_id, text=text, source_format="text", **kwargs)  # type: ignore[arg-type]


def test_verbatim_copy_is_one_passage_with_exact_spans() -> None:
    target = "Breaking: " + WIRE
    [passage] = lexical_passages(WIRE, target)
    assert passage.kind == "verbatim"
    assert target[passage.target_span[0] : passage.target_span[1]] == WIRE.rstrip(".")
    assert WIRE[passage.source_span[0] : passage.source_span[1]] == WIRE.rstrip(".")


def test_light_edits_make_a_near_passage() -> None:
    edited = WIRE.replace("approved", "backed").replace("Residents have", "Locals have strongly")
    kinds = {p.kind for p in lexical_passages(WIRE, edited)}
    assert "near" in kinds or kinds == {"verbatim"}
    assert coverage(lexical_passages(WIRE, edited), len(edited), "target").lexical > 0.8


def test_unrelated_texts_share_nothing() -> None:
    other = "The football club sacked its coach after a run of six defeats, the chairman announced on Sunday."
    assert lexical_passages(WIRE, other) == []


def test_semantic_alignment_merges_consecutive_sentences() -> None:
    source = "One. Two. Three."
    target = "Uno. Dos. Tres."
    spans_s = [(0, 4), (5, 9), (10, 16)]
    spans_t = [(0, 4), (5, 9), (10, 15)]
    vectors = np.eye(3, dtype=np.float32)
    passages = semantic_passages(source, target, spans_s, spans_t, vectors, vectors, [], same_language=False)
    assert passages == [Passage((0, 16), (0, 15), "translation", 1.0)]


def test_classify_kinds() -> None:
    in_order = [Passage((0, 10), (0, 10), "paraphrase", 0.93), Passage((20, 30), (15, 25), "paraphrase", 0.92)]
    shuffled = [Passage((20, 30), (0, 10), "paraphrase", 0.93), Passage((0, 10), (15, 25), "paraphrase", 0.92)]
    assert classify(in_order, Coverage(0.95, 0.0, 0.95), Coverage(0.95, 0.0, 0.95), False)[0] == "duplicate"
    assert classify(in_order, Coverage(0.7, 0.0, 0.7), Coverage(0.3, 0.0, 0.3), False)[0] == "copy"
    assert classify(in_order, Coverage(0.1, 0.6, 0.7), Coverage(0.1, 0.4, 0.5), False)[0] == "rewrite"
    assert classify(shuffled, Coverage(0.1, 0.6, 0.7), Coverage(0.1, 0.4, 0.5), False)[0] == "partial"
    assert classify(in_order, Coverage(0.0, 0.8, 0.8), Coverage(0.0, 0.8, 0.8), True)[0] == "translation"
    assert classify(in_order, Coverage(0.2, 0.0, 0.2), Coverage(0.1, 0.0, 0.1), False)[0] == "partial"
    assert classify([], Coverage(0.0, 0.0, 0.0), Coverage(0.0, 0.0, 0.0), False)[0] == "independent"


def _parent_between(child: str, *candidates: tuple[str, Coverage, Coverage, bool]) -> tuple[list[str], str]:
    """The kinds classify gives each (source, coverage on the child, on the source, other language), dated
    relations built from them, and the parent choose_parents picks for ``child``."""
    passages = [Passage((0, 100), (0, 100), "verbatim", 1.0)]
    dated = CONFIDENCE["published_at"]
    kinds, relations = [], []
    for source, on_child, on_source, translated in candidates:
        kind, clarity = classify(passages, on_child, on_source, translated)
        kinds.append(kind)
        relations.append(Relation("s", source, child, kind, round(clarity * dated, 3), on_child.total, (), "date"))
    articles = [_article(x, WIRE) for x in (*(c[0] for c in candidates), child)]
    return kinds, choose_parents(articles, relations)[child]


def test_a_word_for_word_twin_is_chosen_as_parent_over_the_wire_it_reworded() -> None:
    """A farm article identical to an earlier farm's derives from that one, not from the wire both reword."""
    reworded, twin = Coverage(0.06, 0.8, 0.86), Coverage(0.998, 0.0, 0.998)
    kinds, parent = _parent_between("late", ("wire", reworded, reworded, False), ("early", twin, twin, False))
    assert (kinds, parent) == (["rewrite", "duplicate"], "early")


def test_a_trimmed_reprint_derives_from_the_wire_it_copies_not_from_a_translation_of_it() -> None:
    """A reprint that drops the wire's last paragraph is a duplicate, and as clear a derivation as a copy."""
    translated = ("spanish", Coverage(0.0, 0.86, 0.86), Coverage(0.0, 0.7, 0.7), True)
    trimmed = ("wire", Coverage(0.999, 0.0, 0.999), Coverage(0.91, 0.0, 0.91), False)
    kinds, parent = _parent_between("reprint", translated, trimmed)
    assert (kinds, parent) == (["translation", "duplicate"], "wire")


def test_order_agreement() -> None:
    forward = [Passage((0, 5), (0, 5), "verbatim", 1.0), Passage((10, 15), (8, 12), "verbatim", 1.0)]
    backward = [Passage((10, 15), (0, 5), "verbatim", 1.0), Passage((0, 5), (8, 12), "verbatim", 1.0)]
    assert order_agreement(forward) == 1.0 and order_agreement(backward) == 0.0


def test_direction_prefers_dates_then_credits_then_containment() -> None:
    early = _article("a", WIRE, published_at="2024-03-14T09:00:00")
    late = _article("b", WIRE, published_at="2024-03-14T11:30:00")
    assert decide(late, early, 0.5, 0.5).source is early
    wire = _article("w", WIRE, outlet="Reuters")
    reprint = _article("r", WIRE, credits=(Credit("Reuters", "Reuters", "wire"),))
    found = decide(reprint, wire, 0.9, 0.9)
    assert (found.source, found.evidence) == (wire, "credit")
    long, short = _article("l", WIRE + " More."), _article("s", WIRE[:80])
    found = decide(short, long, 0.95, 0.2)  # the short text is almost all shared: it is the copy
    assert (found.source, found.evidence) == (long, "containment")


def test_without_evidence_the_direction_is_none_whatever_the_languages_or_order() -> None:
    english, spanish = _article("e", WIRE, language="en"), _article("x", "texto", language="es")
    first, second = decide(spanish, english, 0.8, 0.8), decide(english, spanish, 0.8, 0.8)
    assert first.evidence == second.evidence == "none"
    # The order written is the same whichever article came first (it does not follow ingest order).
    assert (first.source, first.target) == (second.source, second.target)
    assert first.confidence < min(c for k, c in CONFIDENCE.items() if k != "none")
    # Uneven cross-lingual coverage is no evidence of who translated whom.
    assert decide(spanish, english, 0.95, 0.2).evidence == "none"


def test_kind_thresholds_move_the_boundaries() -> None:
    shares = Coverage(0.4, 0.0, 0.4)
    source = Coverage(0.2, 0.0, 0.2)
    assert classify([], shares, source, False)[0] == "partial"
    assert classify([], shares, source, False, KindThresholds(copy=0.35))[0] == "copy"
    assert classify([], shares, source, False, KindThresholds(partial=0.5, partial_any=0.5))[0] == "independent"


def _relation(source: str, target: str, kind: str, coverage: float) -> Relation:
    return Relation("s", source, target, kind, 0.9, coverage, (), "containment")  # type: ignore[arg-type]


def test_graph_counts_copies_of_one_absent_wire_once() -> None:
    credited = (Credit("(Reuters)", "Reuters", "wire"),)
    articles = [_article("a", WIRE, credits=credited), _article("b", WIRE), _article("c", "own reporting")]
    relations = [_relation("a", "b", "copy", 0.9), _relation("a", "c", "independent", 0.05)]
    graph = build_provenance("s", articles, relations)
    assert graph.origins == ("a", "c")
    assert graph.external_origins == ("Reuters",)
    assert graph.independent_sources == 2  # Reuters (via a and b) and c
    assert graph.parents == (("b", "a"),)


def test_parents_never_form_a_cycle() -> None:
    articles = [_article(x, WIRE) for x in "abc"]
    relations = [_relation("a", "b", "copy", 0.9), _relation("b", "c", "copy", 0.8), _relation("c", "a", "copy", 0.7)]
    parent = choose_parents(articles, relations)
    assert len(parent) == 2 and set(parent.values()) <= {"a", "b"}


def test_first_reported_walks_back_from_the_earliest_dated_article() -> None:
    articles = [_article("origin", WIRE), _article("copy", WIRE, published_at="2024-01-05")]
    graph = build_provenance("s", articles, [_relation("origin", "copy", "copy", 0.9)])
    assert graph.first_reported == "origin"


def test_reuse_with_every_third_word_respelled_is_still_found() -> None:
    # Our own Urdu sentence; the reprint respells every third word (as outlets spell names and
    # compounds differently), so no three words in a row are shared, yet most of it is reused.
    source = "وزیر اعلی نے آج شہر میں نئے ہسپتال کا افتتاح کیا اور کہا کہ علاج مفت ہوگا جبکہ دوائیں بھی ملیں گی"
    words = source.split()
    target = " ".join(w + "ی" if k % 3 == 2 else w for k, w in enumerate(words))
    passages = lexical_passages(source, target)
    assert passages and coverage(passages, len(target), "target").lexical > 0.7


def test_a_translated_sentence_between_two_aligned_ones_aligns_at_a_lower_cosine_in_order() -> None:
    """Rows are target sentences, columns source sentences; row 2 is the translator's own addition."""
    gap = GAP_TRANSLATION_COSINES["e5"]
    similarity = np.array(
        [
            [0.95, 0.80, 0.78, 0.79],
            [0.81, gap + 0.01, 0.80, 0.82],
            [0.80, 0.81, gap - 0.02, 0.80],
            [0.78, 0.80, 0.81, 0.96],
        ]
    )
    anchors = best_matches(similarity, [0, 1, 2, 3], 0.90)
    assert [(k, m) for k, m, _ in anchors] == [(0, 0), (3, 3)]
    filled = fill_gaps(similarity, [0, 1, 2, 3], anchors, gap)
    assert [(k, m) for k, m, _ in filled] == [(0, 0), (1, 1), (3, 3)]
    # Out of order: the two matches run backwards, so the gap between them is left alone.
    backwards = similarity[:, [3, 1, 2, 0]]
    anchors = best_matches(backwards, [0, 1, 2, 3], 0.90)
    assert fill_gaps(backwards, [0, 1, 2, 3], anchors, gap) == anchors
