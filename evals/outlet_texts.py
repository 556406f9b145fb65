"""The real texts the outlet world is made of: ECB+ events, MEANTIME translations, MSRP paraphrase stories.

Decides which documents become a story's wire text, its independent
reports, its translations and its rewording (see evals/outlet_world.py for
what the outlets do with them). Independent reports share under
``INDEPENDENT_OVERLAP`` of their word 5-grams with the wire text and with
each other; a rewording is built from MSRP paraphrases that share under
``PARAPHRASE_OVERLAP`` of their word 3-grams with the original sentence.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections import defaultdict
from typing import Any

from evals.common import corpus

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
INDEPENDENT_OVERLAP = 0.05
PARAPHRASE_OVERLAP = 0.3
MSRP_SENTENCES = 9
# (wire text, title, independent reports, translations by language as (title, text), rewording)
StoryTexts = tuple[str, str, list[str], dict[str, tuple[str, str]], str]


def world_stories(ecb: int, meantime: int, msrp: int, rng: random.Random) -> list[StoryTexts]:
    """(wire text, title, independent reports, translations, paraphrase) per story: ECB+, MEANTIME, MSRP."""
    return _ecb_stories(ecb) + _meantime_stories(meantime) + _msrp_stories(msrp, rng)


def _msrp_stories(count: int, rng: random.Random) -> list[StoryTexts]:
    """Stories whose wire text is MSRP first sentences and whose rewording is their paraphrases.

    MSRP paraphrase pairs are real rewordings of news sentences by other
    outlets. Only pairs that share under ``PARAPHRASE_OVERLAP`` of the
    paraphrase's word 3-grams are used, so a rewording is not a light edit.
    """
    if not count:
        return []
    path = corpus("similarity", "msrp", "msr_paraphrase_train.txt")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    pairs = [
        (row[3], row[4])
        for row in rows[1:]
        if row[0] == "1" and len(row[4].split()) >= 12 and _overlap(row[4], _grams(row[3], 3), 3) < PARAPHRASE_OVERLAP
    ]
    rng.shuffle(pairs)
    stories: list[StoryTexts] = []
    for n in range(count):
        chosen = pairs[n * MSRP_SENTENCES : (n + 1) * MSRP_SENTENCES]
        original = "\n\n".join(" ".join(a for a, _ in chosen[i : i + 3]) for i in range(0, len(chosen), 3))
        reworded = "\n\n".join(" ".join(b for _, b in chosen[i : i + 3]) for i in range(0, len(chosen), 3))
        stories.append((original, chosen[0][0][:90], [], {}, reworded))
    return stories


def _ecb_stories(count: int) -> list[StoryTexts]:
    docs = [json.loads(line) for line in corpus("stories", "ecbplus", "docs.jsonl").read_text().splitlines()]
    by_topic: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for doc in docs:
        by_topic[doc["topic"]][doc["subtopic"]].append(doc)
    stories: list[StoryTexts] = []
    for topic in sorted(by_topic):
        # One event per topic: ECB+ pairs two similar events in a topic, and
        # grouping them apart is the stories eval's job, not this one's.
        subtopic = max(sorted(by_topic[topic]), key=lambda s: len(by_topic[topic][s]))
        members = sorted(by_topic[topic][subtopic], key=lambda d: d["doc_id"])
        sized = [d for d in members if 1200 <= len(d["text"]) <= 4000]
        if not sized:
            continue
        wire = min(sized, key=lambda d: abs(len(d["text"]) - 2500))
        others = [_paragraphs(d["text"]) for d in _independent_reports(wire, members)]
        if len(others) >= 2:
            stories.append((_paragraphs(wire["text"]), wire["title_or_first_sentence"], others[:3], {}, ""))
        if len(stories) == count:
            break
    return stories


def _independent_reports(wire: dict[str, Any], members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Members of ``wire``'s event sharing under ``INDEPENDENT_OVERLAP`` of their 5-grams with it and each other.

    Independence is checked between the reports too: each goes to a
    different outlet as its own reporting, and two ECB+ documents can be
    one syndicated story (a pair sharing three quarters of their words came
    out as a copy of each other).
    """
    chosen: list[dict[str, Any]] = []
    for doc in members:
        if doc is wire or not 600 <= len(doc["text"]) <= 4000:
            continue
        if all(_independent(doc["text"], other["text"]) for other in [wire, *chosen]):
            chosen.append(doc)
    return chosen


def _independent(a: str, b: str) -> bool:
    return max(_overlap(a, _grams(b)), _overlap(b, _grams(a))) < INDEPENDENT_OVERLAP


def _meantime_stories(count: int) -> list[StoryTexts]:
    docs = [json.loads(line) for line in corpus("translations", "meantime", "docs.jsonl").read_text().splitlines()]
    by_doc: dict[str, dict[str, str]] = defaultdict(dict)
    for doc in docs:
        by_doc[doc["doc_id"]][doc["lang"]] = doc["text_tokenized"]
    stories: list[StoryTexts] = []
    for doc_id in sorted(by_doc)[:count]:
        versions = {lang: _meantime_text(text) for lang, text in by_doc[doc_id].items()}
        title, body = versions.pop("en")
        stories.append((body, title, [], versions, ""))
    return stories


def _meantime_text(tokenized: str) -> tuple[str, str]:
    lines = [_detokenize(line) for line in tokenized.splitlines() if line.strip()]
    title, sentences = lines[0], lines[2:]
    return title, "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def _detokenize(line: str) -> str:
    line = re.sub(r" ([,.;:!?%)])", r"\1", line)
    line = re.sub(r"([($]) ", r"\1", line)
    return re.sub(r" ('s|n't|'re|'ve|'ll|'d)\b", r"\1", line).strip()


def _paragraphs(text: str) -> str:
    sentences = SENTENCE.split(text.strip())
    return "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def _grams(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _overlap(text: str, grams: set[tuple[str, ...]], n: int = 5) -> float:
    own = _grams(text, n)
    return len(own & grams) / len(own) if own else 1.0
