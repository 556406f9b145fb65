"""Synthetic news corpora built from real sentences, with known duplicates.

Decides how benchmark corpora are made: base articles are runs of real
sentences (ECB+, FNC-1 and PolNeAR texts from ../shared/data, shuffled with
a fixed seed); a share of them get derived copies of known kinds (exact,
light word edits, trimmed, extended) and hard negatives that reuse only a
few sentences. The truth is the set of (base, copy) groups.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from evals.common import corpus

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def real_sentences(limit: int = 200_000) -> list[str]:
    """Sentences of 40-400 characters from the shared corpora."""
    texts: list[str] = []
    for line in corpus("stories", "ecbplus", "docs.jsonl").read_text().splitlines():
        texts.append(json.loads(line)["text"])
    for line in corpus("stance", "fnc1", "bodies.jsonl").read_text().splitlines():
        record = json.loads(line)
        texts.append(str(record.get("articleBody") or record.get("body") or ""))
    for path in sorted(Path(corpus("attribution", "polnear", "train")).glob("text/*.txt")):
        texts.append(path.read_text(errors="replace"))
    sentences = [s.strip() for text in texts for s in _SENTENCE.split(text.replace("\n", " "))]
    unique = sorted({s for s in sentences if 40 <= len(s) <= 400})
    random.Random(7).shuffle(unique)
    return unique[:limit]


@dataclass
class SyntheticCorpus:
    texts: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    groups: list[list[int]] = field(default_factory=list)  # truth: base index first, then its copies


def build(n_docs: int, seed: int = 1, copy_rate: float = 0.2, negative_rate: float = 0.05) -> SyntheticCorpus:
    """``n_docs`` articles; about ``copy_rate`` of them are copies, ``negative_rate`` partial reusers."""
    rng = random.Random(seed)
    sentences = real_sentences()
    out = SyntheticCorpus()
    bases: list[list[str]] = []
    base_groups: list[list[int]] = []
    while len(out.texts) < n_docs:
        roll = rng.random()
        if bases and roll < copy_rate:
            base_index = rng.randrange(len(bases))
            kind = rng.choice(["exact", "edited", "trimmed", "extended"])
            text = _derive(bases[base_index], kind, sentences, rng)
            base_groups[base_index].append(len(out.texts))
            out.texts.append(text)
            out.kinds.append(kind)
        elif bases and roll < copy_rate + negative_rate:
            base = bases[rng.randrange(len(bases))]
            reused = rng.sample(base, k=min(2, len(base)))
            fresh = [rng.choice(sentences) for _ in range(rng.randint(10, 18))]
            out.texts.append(" ".join(reused + fresh))
            out.kinds.append("partial-negative")
        else:
            body = [rng.choice(sentences) for _ in range(rng.randint(8, 20))]
            bases.append(body)
            base_groups.append([len(out.texts)])
            out.groups.append(base_groups[-1])
            out.texts.append(" ".join(body))
            out.kinds.append("base")
    out.groups = [g for g in out.groups if len(g) > 1]
    return out


def _derive(base: list[str], kind: str, sentences: list[str], rng: random.Random) -> str:
    if kind == "exact":
        return " ".join(base)
    if kind == "trimmed":
        keep = max(2, int(len(base) * rng.uniform(0.5, 0.8)))
        return " ".join(base[:keep])
    if kind == "extended":
        extra = [rng.choice(sentences) for _ in range(max(1, int(len(base) * rng.uniform(0.1, 0.4))))]
        return " ".join(base + extra)
    words = " ".join(base).split()
    for _ in range(int(len(words) * rng.uniform(0.03, 0.12))):
        words[rng.randrange(len(words))] = rng.choice(["said", "reported", "officials", "the", "new", "local"])
    return " ".join(words)


def truth_pairs(synthetic: SyntheticCorpus) -> set[tuple[int, int]]:
    """All same-group pairs (i < j)."""
    return {(min(a, b), max(a, b)) for g in synthetic.groups for k, a in enumerate(g) for b in g[k + 1 :]}
