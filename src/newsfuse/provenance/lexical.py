"""Lexical passage alignment: seed and extend, in the manner of PAN text alignment.

Decides which stretches of two texts share their wording. Seeds are word
pairs (2-grams) found in both texts; seeds that follow each other in both texts
(gaps of a few words allowed, for light edits) are chained into passages;
a chain of enough seeds is a passage, ``verbatim`` when the two stretches
are the same words, ``near`` otherwise. Spans are character offsets into
each text.

>>> a = "The council approved the new bridge on Monday after a long debate."
>>> b = "On Monday the council approved the new bridge after a long debate, officials said."
>>> [(p.kind, b[p.target_span[0]:p.target_span[1]]) for p in lexical_passages(a, b)]
[('near', 'the council approved the new bridge after a long debate')]
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from newsfuse.index.tokens import word_spans
from newsfuse.records import Passage

# Word pairs as seeds, two of them to a passage (so at least three shared
# words in sequence): on COUNTER dev (Urdu, whose spelling and word
# spacing vary between outlets) the share of the target covered this way
# separated wholly, partially and not derived pairs better than with 3-gram
# seeds and three of them (2-fold out-of-fold macro-F1 0.68 against 0.59
# with the same fitted kind thresholds); on the English seeds the kinds are
# unchanged.
SEED_WORDS = 2
# Largest step, in words, between consecutive seeds of one passage: a
# replaced or inserted phrase of up to 5 words keeps the passage whole
# (PAN 2013-2015 aligners used gaps of 4-10 words).
MAX_GAP = 6
MIN_SEEDS = 2
# Share of matching words above which a non-identical passage is "near"
# (light edits) rather than a loose chain of shared phrases.
MIN_NEAR_RATIO = 0.5


@dataclass
class _Chain:
    seeds: list[tuple[int, int]]  # (source word index, target word index)

    @property
    def last(self) -> tuple[int, int]:
        return self.seeds[-1]


def lexical_passages(source: str, target: str) -> list[Passage]:
    """Passages of shared wording, ordered by position in the target, not overlapping in the target."""
    source_words, target_words = word_spans(source), word_spans(target)
    seeds = _seeds([w[2] for w in source_words], [w[2] for w in target_words])
    chains = _chain(seeds)
    passages = []
    for chain in chains:
        if len(chain.seeds) < MIN_SEEDS:
            continue
        passage = _to_passage(chain, source, target, source_words, target_words)
        if passage is not None:
            passages.append(passage)
    return _without_overlaps(passages)


def _seeds(source: list[str], target: list[str]) -> list[tuple[int, int]]:
    index: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(source) - SEED_WORDS + 1):
        index.setdefault(tuple(source[i : i + SEED_WORDS]), []).append(i)
    seeds = []
    for j in range(len(target) - SEED_WORDS + 1):
        for i in index.get(tuple(target[j : j + SEED_WORDS]), ()):
            seeds.append((i, j))
    return seeds


def _chain(seeds: list[tuple[int, int]]) -> list[_Chain]:
    """Greedy chaining in target order: a seed extends the nearest open chain it follows in both texts."""
    chains: list[_Chain] = []
    open_chains: list[_Chain] = []
    for i, j in sorted(seeds, key=lambda s: (s[1], s[0])):
        best = None
        for chain in open_chains:
            last_i, last_j = chain.last
            if 0 < j - last_j <= MAX_GAP and 0 < i - last_i <= MAX_GAP and (best is None or last_j > best.last[1]):
                best = chain
        if best is None:
            best = _Chain([])
            chains.append(best)
        best.seeds.append((i, j))
        open_chains = [c for c in chains if j - c.last[1] <= MAX_GAP]
    return chains


def _to_passage(
    chain: _Chain,
    source: str,
    target: str,
    source_words: list[tuple[int, int, str]],
    target_words: list[tuple[int, int, str]],
) -> Passage | None:
    first_i, first_j = chain.seeds[0]
    last_i, last_j = chain.seeds[-1]
    s_start, s_end = source_words[first_i][0], source_words[last_i + SEED_WORDS - 1][1]
    t_start, t_end = target_words[first_j][0], target_words[last_j + SEED_WORDS - 1][1]
    s_tokens = [w[2] for w in source_words[first_i : last_i + SEED_WORDS]]
    t_tokens = [w[2] for w in target_words[first_j : last_j + SEED_WORDS]]
    if s_tokens == t_tokens:
        return Passage((s_start, s_end), (t_start, t_end), "verbatim", 1.0)
    ratio = difflib.SequenceMatcher(None, s_tokens, t_tokens, autojunk=False).ratio()
    if ratio < MIN_NEAR_RATIO:
        return None
    return Passage((s_start, s_end), (t_start, t_end), "near", round(ratio, 4))


def _without_overlaps(passages: list[Passage]) -> list[Passage]:
    """Longest passages win where two cover the same target text."""
    kept: list[Passage] = []
    for passage in sorted(passages, key=lambda p: -(p.target_span[1] - p.target_span[0])):
        start, end = passage.target_span
        if all(end <= k.target_span[0] or start >= k.target_span[1] for k in kept):
            kept.append(passage)
    return sorted(kept, key=lambda p: p.target_span)
