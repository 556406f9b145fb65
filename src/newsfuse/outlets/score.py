"""The content-farm score: a weighted sum of four shares, shown feature by feature.

Decides how farm-like an outlet's output is, from 0 (all own reporting,
credited reuse that keeps attributions) to 1. A content farm, in the sense
of the seeds' bot rewrites, publishes other outlets' reporting as its own:
it reuses, disguises the reuse by rewording, gives no credit, and drops or
changes who said what. One feature for each of those, each a share in
[0, 1]:

* ``reuse``: articles derived from another article (or from a credited
  source absent from the corpus), as the provenance graph counts them: a
  partial reuse only when it is a substantial part of the article
  (``graph.SUBSTANTIAL_PARTIAL``), since a report that quotes a paragraph
  of the wire is still its own reporting (narrowed in session 7, when the
  world's honest local papers, own reports sharing a few phrases with the
  wire, scored like farms);
* ``uncredited rewording``: articles that are rewrites of another and carry
  no credit line (a translation is not counted: it changes the language,
  not the authorship; a credited rewrite discloses its source, so it
  disguises nothing);
* ``uncredited reuse``: those derived articles without any credit line;
* ``attribution damage``: of its reused claims, those it dropped the
  attribution of, credited to someone else, or altered (0 when it reused no
  claim, and its ``n`` says so).

Weights: equal, 0.25 each, fixed before any measurement (not fitted; the
synthetic-world eval in ``evals/outlets.py`` only measures them). The
rewording feature counted credited rewrites too until session 7, when the
world's honest rewriter (every article credited, attributions kept) scored
as high as a farm: the feature was narrowed to what the list above says a
farm does, not refitted. Each
feature's contribution is weight x value, and the score is their sum, so
the explanation adds up to the number shown.
"""

from __future__ import annotations

from dataclasses import dataclass

WEIGHTS: dict[str, float] = {
    "reuse": 0.25,
    "uncredited rewording": 0.25,
    "uncredited reuse": 0.25,
    "attribution damage": 0.25,
}
EXPLAIN: dict[str, str] = {
    "reuse": "share of its articles mostly derived from another outlet's article or a credited absent source",
    "uncredited rewording": "share of its articles that reword another article (rewrites) without a credit line",
    "uncredited reuse": "share of its articles mostly derived from another without any credit line",
    "attribution damage": "share of its reused claims whose attribution it dropped or changed, or that it altered",
}


@dataclass(frozen=True)
class Feature:
    """One term of the score: value (a share), its weight, contribution = weight x value, and its base count."""

    name: str
    value: float
    weight: float
    n: int
    explanation: str

    @property
    def contribution(self) -> float:
        return self.weight * self.value


@dataclass(frozen=True)
class FarmScore:
    """The score and the features it is the sum of."""

    features: tuple[Feature, ...]

    @property
    def value(self) -> float:
        return round(sum(f.contribution for f in self.features), 4)


def farm_score(
    articles: int, derived: int, uncredited_rewrites: int, uncredited: int, reused_claims: int, damaged: int
) -> FarmScore:
    """The score from an outlet's counts (all of its articles in the period)."""
    values = {
        "reuse": (_share(derived, articles), articles),
        "uncredited rewording": (_share(uncredited_rewrites, articles), articles),
        "uncredited reuse": (_share(uncredited, articles), articles),
        "attribution damage": (_share(damaged, reused_claims), reused_claims),
    }
    return FarmScore(
        tuple(Feature(name, round(value, 4), WEIGHTS[name], n, EXPLAIN[name]) for name, (value, n) in values.items())
    )


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
