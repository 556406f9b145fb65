"""Group claim mentions across a story's articles: the same quote, figure or event.

Decides which mentions state the same thing:

* quotes and attributions: their sentences are close in embedding space, or
  one's content words are mostly contained in the other's (a partial
  quote); sentences of other articles that state the same content without
  crediting anyone join the group as unattributed mentions;
* numbers: same kind of unit and the same thing measured (shared content
  words in what they attach to, and close sentences); their values may
  differ, which is what makes a group conflicting;
* events: the same verb with the same subject.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsfuse.claims.attribution import SPEECH_LEMMAS
from newsfuse.cluster.unionfind import UnionFind
from newsfuse.index.tokens import STOPWORDS, words
from newsfuse.records import Article, ClaimMention

# Sentences of two mentions this close (e5 cosine) state the same thing;
# the paraphrase threshold of provenance alignment (calibrated on MSRP).
SAME_STATEMENT_COSINE = 0.92
# Or this share of the shorter content's words appears in the longer one.
SAME_STATEMENT_CONTAINMENT = 0.6
SPEECH = frozenset({"quote", "attribution"})
# Two figures are about the same thing when their measures share a content
# word, or their sentences share this much of their content words; a
# differing value also needs sentences this close (e5 cosine).
SAME_CONTEXT_WORDS = 0.4
SAME_FIGURE_COSINE = 0.88
# An uncredited restatement keeps at least half of the content words of
# what was attributed (and is close in meaning): otherwise it is a different
# statement on the same topic.
RESTATEMENT_WORDS = 0.5
VERBATIM_WORDS = 0.8
SAME_CONTEXT_COSINE = 0.85


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
        return np.zeros(vectors.shape[1] if vectors.ndim == 2 else 384, dtype=np.float32)
    mean: np.ndarray = vectors[rows].mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def group_mentions(
    mentions: Sequence[ClaimMention], articles: dict[str, Article], vectors: dict[str, np.ndarray]
) -> list[list[ClaimMention]]:
    """Groups of mentions that state the same thing, each with unattributed restatements added."""
    vecs = np.array([mention_vector(m, articles[m.article_id], vectors[m.article_id]) for m in mentions])
    uf = UnionFind(len(mentions))
    for i in range(len(mentions)):
        for j in range(i + 1, len(mentions)):
            if _same(mentions[i], mentions[j], float(vecs[i] @ vecs[j])):
                uf.union(i, j)
    groups = [[mentions[i] for i in members] for members in uf.groups(min_size=1)]
    return [group + _unattributed(group, articles, vectors) if group[0].type in SPEECH else group for group in groups]


def _same(a: ClaimMention, b: ClaimMention, cosine: float) -> bool:
    if a.type in SPEECH and b.type in SPEECH:
        return cosine >= SAME_STATEMENT_COSINE or containment(a.content, b.content) >= SAME_STATEMENT_CONTAINMENT
    if a.type != b.type:
        return False
    if a.type == "number":
        return _same_figure(a, b, cosine)
    if a.type == "event":
        va, vb = a.value_dict(), b.value_dict()
        return (
            va.get("verb") == vb.get("verb") and str(va.get("subject")).casefold() == str(vb.get("subject")).casefold()
        )
    return False


def _same_figure(a: ClaimMention, b: ClaimMention, cosine: float) -> bool:
    """Same unit and thing measured; a different value must come with a very close sentence."""
    va, vb = a.value_dict(), b.value_dict()
    if va.get("unit") != vb.get("unit") or va.get("currency") != vb.get("currency"):
        return False
    if va.get("year") and vb.get("year") and va["year"] != vb["year"]:
        return False
    if va.get("year_ref") and vb.get("year_ref") and va["year_ref"] != vb["year_ref"]:
        return False
    same_thing = bool(content_words(a.measure or "") & content_words(b.measure or "")) or (
        containment(a.sentence, b.sentence) >= SAME_CONTEXT_WORDS
    )
    if not same_thing:
        return False
    if _amount(va) == _amount(vb):
        return True
    # A different value for the same thing: only when the sentences say the
    # same thing otherwise, or two different figures would be called a conflict.
    return cosine >= SAME_FIGURE_COSINE


def _amount(value: dict[str, object]) -> float:
    return round(float(value.get("amount", 0.0)), 6)  # type: ignore[arg-type]


def _restates(cosine: float, shared: float) -> bool:
    """Close in meaning and keeping half the words, or keeping nearly all the words.

    The attributed member's vector covers its whole sentence (quote plus
    "said X"), so a verbatim restatement without the speaker can sit a little
    below the paraphrase threshold; keeping 80% of the words makes up for it.
    """
    return (cosine >= SAME_STATEMENT_COSINE and shared >= RESTATEMENT_WORDS) or (
        cosine >= SAME_CONTEXT_COSINE and shared >= VERBATIM_WORDS
    )


_SPEECH_FORMS = frozenset(
    form
    for lemma in SPEECH_LEMMAS
    for form in (lemma, lemma + "s", lemma + "ed", lemma + "d", lemma + "ing", lemma[:-1] + "ied")
) | {"said", "told", "wrote", "thought", "knew", "found", "according"}


def _speech_cue(sentence: str) -> bool:
    return any(w in _SPEECH_FORMS for w in words(sentence))


def _unattributed(
    group: list[ClaimMention], articles: dict[str, Article], vectors: dict[str, np.ndarray]
) -> list[ClaimMention]:
    """Sentences of other articles restating a member's content (close in meaning and in words) uncredited."""
    present = {m.article_id for m in group}
    members = [(m, mention_vector(m, articles[m.article_id], vectors[m.article_id])) for m in group]
    extra = []
    for article_id, article in articles.items():
        if article_id in present:
            continue
        for k, (start, end) in enumerate(article.sentences):
            sentence = article.text[start:end]
            if _speech_cue(sentence) or k >= len(vectors[article_id]):
                continue  # credited to someone the parser did not link; not a dropped attribution
            vector = vectors[article_id][k]
            if any(_restates(float(vector @ v), containment(m.content, sentence)) for m, v in members):
                extra.append(ClaimMention(article_id, group[0].type, (start, end), sentence, sentence))
                break
    return extra
