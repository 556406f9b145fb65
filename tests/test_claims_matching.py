"""Matching and statuses on small stories of our own: the same statement across articles, never two of one."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsfuse.claims.stage import claims_for_story
from newsfuse.index.embed import E5Embedder
from newsfuse.records import ClaimGroup, Provenance, Story
from tests.test_claims import _article

ORIGINAL = (
    "The city council of Oberwald approved a new tram line on Tuesday.\n"
    "The line will carry 47 trains a day and serve 100,000 residents, the transport office said.\n"
    "“We have waited twenty years for this, and the wait is finally over,” said Mayor Lena Vogt.\n"
    "Construction is not expected to disrupt traffic on the main bridge, officials said.\n"
    "Ticket prices will rise 15% next year, according to the Oberwald Transport Office."
)


@pytest.fixture(scope="module")
def run_story() -> Callable[[dict[str, str], dict[str, str]], list[ClaimGroup]]:
    embedder = E5Embedder()

    def run(texts: dict[str, str], parents: dict[str, str], dates: dict[str, str] | None = None) -> list[ClaimGroup]:
        articles = [_article(name, text, published_at=(dates or {}).get(name)) for name, text in texts.items()]
        vectors = {a.id: embedder.embed([a.text[s:e] for s, e in a.sentences]) for a in articles}
        origins = tuple(a.id for a in articles if a.id not in parents)
        graph = Provenance("s", origins, len(origins), origins[0], (), tuple(parents.items()))
        return claims_for_story(Story("s", tuple(texts), None, None, None), articles, vectors, graph)

    return run


def _reprint(change: tuple[str, str] | None = None) -> str:
    return ORIGINAL.replace(*change) if change else ORIGINAL


def _flagged(groups: list[ClaimGroup]) -> list[ClaimGroup]:
    return [g for g in groups if g.status in {"altered", "conflicting", "attribution-dropped", "credited-differently"}]


def _articles_of(group: ClaimGroup) -> list[str]:
    return [m.article_id for m in group.mentions]


def test_a_verbatim_reprint_raises_no_flag(run_story: Callable[..., list[ClaimGroup]]) -> None:
    groups = run_story({"a": ORIGINAL, "b": _reprint()}, {"b": "a"})
    assert not _flagged(groups)
    for group in groups:
        assert len(_articles_of(group)) == len(set(_articles_of(group))), "one mention per article per group"


def test_a_changed_figure_is_altered_with_both_spans(run_story: Callable[..., list[ClaimGroup]]) -> None:
    groups = run_story({"a": ORIGINAL, "b": _reprint(("47 trains", "63 trains"))}, {"b": "a"})
    [flag] = _flagged(groups)
    assert flag.status == "altered" and flag.type == "number"
    assert "47" in flag.note and "63" in flag.note and " a " in f" {flag.note} " and " b " in f" {flag.note} "
    # 47 and 100,000 are two figures of one sentence: never one claim.
    assert all(sorted(_articles_of(g)) in (["a", "b"], ["a"], ["b"]) for g in groups)


def test_a_cut_credit_is_an_attribution_dropped(run_story: Callable[..., list[ClaimGroup]]) -> None:
    cut = _reprint((", the transport office said.", "."))
    groups = run_story({"a": ORIGINAL, "b": cut}, {"b": "a"}, {"a": "2024-03-05T08:00:00", "b": "2024-03-05T10:00:00"})
    [flag] = _flagged(groups)
    assert flag.status == "attribution-dropped"
    assert "transport office" in flag.note


def test_a_credit_only_one_undated_copy_has_is_not_called_dropped(run_story: Callable[..., list[ClaimGroup]]) -> None:
    # Without dates or credits, the uncredited text may be the original (the office's own release)
    # that the credited one quoted: nothing shows a credit was dropped rather than added.
    cut = _reprint((", the transport office said.", "."))
    assert not _flagged(run_story({"a": ORIGINAL, "b": cut}, {"b": "a"}))
    later_original = {"a": "2024-03-05T10:00:00", "b": "2024-03-05T08:00:00"}
    assert not _flagged(run_story({"a": ORIGINAL, "b": cut}, {"b": "a"}, later_original))


def test_a_word_replaced_inside_a_quote_is_altered(run_story: Callable[..., list[ClaimGroup]]) -> None:
    groups = run_story({"a": ORIGINAL, "b": _reprint(("waited twenty years", "waited thirty years"))}, {"b": "a"})
    [flag] = _flagged(groups)
    assert flag.status == "altered" and "twenty" in flag.note and "thirty" in flag.note


def test_a_negation_taken_out_is_altered(run_story: Callable[..., list[ClaimGroup]]) -> None:
    groups = run_story({"a": ORIGINAL, "b": _reprint(("is not expected", "is expected"))}, {"b": "a"})
    [flag] = _flagged(groups)
    assert flag.status == "altered" and "negation" in flag.note


def test_a_respelled_quote_is_not_altered(run_story: Callable[..., list[ClaimGroup]]) -> None:
    respelled = _reprint(("the wait is finally over", "the waiting is finally over"))
    assert not _flagged(run_story({"a": ORIGINAL, "b": respelled}, {"b": "a"}))


INDEPENDENT_SAME = (
    "Oberwald's tram line was approved by the council on Tuesday.\n"
    "Ticket prices will rise 15% next year, Mayor Lena Vogt told the local radio."
)
INDEPENDENT_OTHER = (
    "Oberwald's tram line was approved by the council on Tuesday.\n"
    "Ticket prices will rise 25% next year, according to the transport office."
)


def test_the_same_value_credited_to_someone_else_is_not_a_conflict(run_story: Callable[..., list[ClaimGroup]]) -> None:
    groups = run_story({"a": ORIGINAL, "c": INDEPENDENT_SAME}, {})
    price = next(g for g in groups if g.type == "number" and sorted(_articles_of(g)) == ["a", "c"])
    assert price.status == "credited-differently"
    assert "Lena Vogt" in price.note and "Oberwald Transport Office" in price.note


def test_different_values_from_independent_articles_conflict(run_story: Callable[..., list[ClaimGroup]]) -> None:
    groups = run_story({"a": ORIGINAL, "c": INDEPENDENT_OTHER}, {})
    price = next(g for g in groups if g.type == "number" and sorted(_articles_of(g)) == ["a", "c"])
    assert price.status == "conflicting"
    assert "15%" in price.note and "25%" in price.note


def test_figures_of_different_things_are_not_matched(run_story: Callable[..., list[ClaimGroup]]) -> None:
    quake_a = "The quake struck at a depth of 35 kilometres on Sunday, the seismology institute said."
    quake_b = "The quake was felt 60 kilometres from the epicentre on Sunday, residents said."
    groups = run_story({"a": quake_a, "b": quake_b}, {})
    assert not _flagged(groups)
    assert all(len(set(_articles_of(g))) == 1 for g in groups if g.type == "number")
