"""A synthetic world of outlets built from real articles, with known ground truth.

Decides how the outlet eval's world is made. Real texts: ECB+ documents
(one event per story; the wire's report and other outlets' independent
reports on the same event) and MEANTIME Wikinews articles (an English
original and its Spanish, Italian and Dutch translations, which are real
translations). Fictional outlets act on them by code, each with a fixed
habit:

* wires publish the original (own reporting);
* locals publish an independent real report of the same event (own
  reporting), or reprint the wire with a credit line;
* reprinters copy the wire (sometimes trimmed), or reuse part of it inside
  an independent report; most add a credit line;
* a rewriter publishes a reworded version and credits it, keeping every
  attribution;
* translators publish a MEANTIME translation of the wire, credited;
* farms publish the reworded version (or copy the wire where there is
  none), drop attribution clauses ("..., police said.", "According to X,
  ..."), and never credit.

Every article's role, source outlet, credit line, delay and attribution
clauses removed are recorded as it is made, so the truth never comes from
newsfuse. Rewording needs real paraphrases (a word-substitution spinner
leaves most five-word runs intact, so it is a light edit, a copy): a third
family of stories is made of MSRP sentence pairs, whose wire text is the
first sentences and whose reworded version is their human paraphrases.
MSRP has one paraphrase per sentence, so outlets that reword the same story
publish the same words: the first to publish them rewrote the wire, and each
later article in the very same words is recorded as a copy of that first
one (its text can have come from nowhere else). For the same reason a farm
rewords a story the rewriter reworded by stripping the rewriter's article.
Independent reports are chosen to share under 5% of their word 5-grams
with the wire text and with each other, so an "own reporting" label is not
a hidden copy (evals/outlet_texts.py reads and picks the texts).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from evals.outlet_texts import SENTENCE, StoryTexts, world_stories

_SPEAKER = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,4}"
_PRONOUN = r"(?:he|she|they|officials|police|authorities|witnesses|the company|the ministry|a spokesman|a spokeswoman)"
_VERB = r"(?:said|says|added|told reporters|told [A-Z]\w+|stated|explained|announced)"
# Attribution clauses a farm removes, in the order tried (our own patterns).
_STRIP = (
    (re.compile(rf",?\s+(?:{_SPEAKER}|{_PRONOUN}) {_VERB}(?: on \w+)?([.!?][\"”]?)$"), r"\1"),
    (re.compile(rf",?\s+{_VERB} (?:{_SPEAKER}|{_PRONOUN})(?:, [^,.]{{1,60}})?([.!?][\"”]?)$"), r"\1"),
    (re.compile(r",?\s+according to [^,.]{1,70}([.!?])$"), r"\1"),
    (re.compile(r"^According to [^,]{1,70}, "), ""),
    (re.compile(rf"^(?:{_SPEAKER}|{_PRONOUN}) {_VERB} (?:on \w+ )?(?:that )?"), ""),
)


@dataclass(frozen=True)
class Habit:
    """What an outlet does: its role mixture, whether it credits, strips attributions, and its delay in hours."""

    kind: str  # wire | local | reprinter | rewriter | translator | farm
    roles: tuple[tuple[str, float], ...]
    credit: float
    strip: bool
    delay: tuple[float, float]
    publishes: float = 0.85
    hosts: tuple[str, ...] = ()


OUTLETS: dict[str, Habit] = {
    "Northwire Agency": Habit("wire", (("origin", 1.0),), 0.0, False, (0, 0), 1.0, ("northwire.test",)),
    "Capital Press Service": Habit("wire", (("origin", 1.0),), 0.0, False, (0, 0), 1.0, ("capitalpress.test",)),
    "Harbour Daily": Habit("local", (("origin", 1.0),), 1.0, False, (2, 20), 0.7, ("harbourdaily.test",)),
    "Valley Courier": Habit(
        "local", (("origin", 0.6), ("copy", 0.4)), 1.0, False, (3, 30), 0.8, ("valleycourier.test",)
    ),
    "Evening Ledger": Habit(
        "reprinter", (("copy", 0.7), ("partial", 0.3)), 1.0, False, (1, 8), 0.9, ("eveningledger.test",)
    ),
    "Metro Digest": Habit("reprinter", (("copy", 1.0),), 0.5, False, (2, 12), 0.85, ("metrodigest.test",)),
    "Plainspoken Post": Habit("rewriter", (("rewrite", 1.0),), 1.0, False, (4, 24), 0.8, ("plainspoken.test",)),
    "Diario Lingua": Habit("translator", (("translation", 1.0),), 1.0, False, (6, 30), 1.0, ("diariolingua.test",)),
    "Notizie Ponte": Habit("translator", (("translation", 1.0),), 1.0, False, (6, 30), 1.0, ("notizieponte.test",)),
    "Nieuws Brug": Habit("translator", (("translation", 1.0),), 1.0, False, (6, 30), 1.0, ("nieuwsbrug.test",)),
    "DailyBuzz Hub": Habit("farm", (("rewrite", 1.0),), 0.0, True, (0.5, 3), 0.9, ("dailybuzz.test", "buzzhub.test")),
    "NewsFlash Now": Habit("farm", (("rewrite", 0.7), ("copy", 0.3)), 0.0, True, (0.5, 4), 0.9, ("newsflashnow.test",)),
    "TopStory Feed": Habit("farm", (("rewrite", 0.8), ("copy", 0.2)), 0.0, True, (1, 6), 0.85, ("topstoryfeed.test",)),
}
WIRES = ("Northwire Agency", "Capital Press Service")
TRANSLATORS = {"es": "Diario Lingua", "it": "Notizie Ponte", "nl": "Nieuws Brug"}
CREDIT_FORMS = ("Source: {name}", "Originally published by {name}.")


@dataclass
class Truth:
    """What each outlet really did, counted as the world was made."""

    roles: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    credited: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    stripped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    delays: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    sources: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))

    def share(self, outlet: str, role: str) -> float:
        total = sum(self.roles[outlet].values())
        return self.roles[outlet].get(role, 0) / total if total else 0.0

    def credit_share(self, outlet: str) -> float | None:
        marks = self.credited[outlet]
        return sum(marks) / len(marks) if marks else None


@dataclass(frozen=True)
class Made:
    """One article an outlet made of a story, before its truth is recorded."""

    outlet: str
    role: str
    body: str  # the text without its credit line
    text: str
    title: str
    delay: float
    credited: bool
    stripped: int
    host: str
    source: str | None = None  # whom it took the text from, when not the wire


@dataclass
class World:
    records: list[dict[str, Any]]
    truth: Truth
    farms: set[str]


def build_world(ecb_stories: int, meantime_stories: int, msrp_stories: int, seed: int = 19) -> World:
    """A world of ECB+ events, translated Wikinews articles and MSRP paraphrase stories, ``*_stories`` of each."""
    rng = random.Random(seed)
    truth = Truth()
    records: list[dict[str, Any]] = []
    start = datetime(2024, 3, 1, 6, 0)
    for n, (wire_text, title, others, translations, paraphrase) in enumerate(
        world_stories(ecb_stories, meantime_stories, msrp_stories, rng)
    ):
        wire = WIRES[n % len(WIRES)]
        moment = start + timedelta(days=n)
        story = f"w{n:03d}"
        records.append(_record(story, wire, title, wire_text, moment, truth, "origin", None, False, 0))
        independent = list(others)
        made_here: list[Made] = []
        for outlet, habit in OUTLETS.items():
            if habit.kind == "wire" or rng.random() > habit.publishes:
                continue
            delay = rng.uniform(*habit.delay)
            made = _derive(habit, outlet, (wire_text, title, independent, translations, paraphrase), rng)
            if made is None:
                continue
            role, body, headline, stripped = made
            credited = role != "origin" and rng.random() < habit.credit
            text = body + "\n\n" + rng.choice(CREDIT_FORMS).format(name=wire) if credited else body
            made_here.append(
                Made(outlet, role, body, text, headline, delay, credited, stripped, rng.choice(habit.hosts))
            )
        made_here = _launder_rewordings(made_here)
        for item in made_here:
            role, source = item.role, item.source or (wire if item.role != "origin" else None)
            earlier = _same_words_earlier(item, made_here)
            if earlier is not None:
                role, source = "copy", earlier
            when = moment + timedelta(hours=item.delay)
            record = _record(
                story, item.outlet, item.title, item.text, when, truth, role, source, item.credited, item.stripped
            )
            record["url"] = f"https://{item.host}/{story}"
            records.append(record)
            if role != "origin":
                truth.delays[item.outlet].append(item.delay)
    return World(records, truth, {o for o, h in OUTLETS.items() if h.kind == "farm"})


def _launder_rewordings(made: list[Made]) -> list[Made]:
    """The story's articles, farms' rewordings made from the rewriter's text where the rewriter reworded it.

    MSRP has one paraphrase per sentence, so a farm's rewording and the
    rewriter's are the same words, the farm's without the attribution
    clauses. Published in either order, the texts cannot tell whether the
    farm stripped the rewriter's text or the rewriter added the credits to
    the farm's, so the world makes only the order that has a true answer,
    the one farms follow: the farm takes the rewriter's article once it is
    out (its delay counts from then), strips it, and its truth is a copy of
    the rewriter.
    """
    rewriter = next((m for m in made if OUTLETS[m.outlet].kind == "rewriter" and m.role == "rewrite"), None)
    if rewriter is None:
        return made
    return [
        replace(m, role="copy", delay=rewriter.delay + m.delay, source=rewriter.outlet)
        if OUTLETS[m.outlet].kind == "farm" and m.role == "rewrite"
        else m
        for m in made
    ]


def _same_words_earlier(item: Made, made: list[Made]) -> str | None:
    """The outlet that put out a rewording in the very same words before ``item`` did, if any.

    MSRP has one paraphrase per sentence, so farms that reword one story
    publish the same words (each strips attributions the same way): the later
    one's article is a copy of the earlier one's, whatever its habit meant to
    do. A rewording that keeps attributions an earlier one stripped is not.
    """
    if item.role != "rewrite":
        return None
    earlier = [
        (m.delay, m.outlet) for m in made if m.role == "rewrite" and m.body == item.body and m.delay < item.delay
    ]
    return min(earlier)[1] if earlier else None


def _derive(habit: Habit, outlet: str, story: StoryTexts, rng: random.Random) -> tuple[str, str, str, int] | None:
    """(role, text, title, attribution clauses removed) of what ``outlet`` publishes, or None."""
    text, title, independent, translations, paraphrase = story
    if habit.kind == "translator":
        language = next(lang for lang, name in TRANSLATORS.items() if name == outlet)
        if language not in translations:
            return None
        headline, body = translations[language]
        return "translation", body, headline, 0
    role = _pick(habit.roles, rng)
    if role == "origin":
        return ("origin", independent.pop(), _own_title(title), 0) if independent else None
    if role == "partial" and independent:
        own = independent.pop()
        return "partial", text.split("\n\n")[0] + "\n\n" + own, _own_title(title), 0
    if role == "rewrite" and not paraphrase:
        # No rewording without real paraphrases: a farm copies instead, a rewriter skips the story.
        if habit.kind != "farm":
            return None
        role = "copy"
    body = paraphrase if role == "rewrite" else _trim(text, rng) if habit.kind == "reprinter" else text
    headline = body.split(". ")[0][:90] if role == "rewrite" else title
    stripped = 0
    if habit.strip:
        body, stripped = strip_attributions(body)
    return ("copy" if role == "partial" else role), body, headline, stripped


def _own_title(title: str) -> str:
    return "Report: " + " ".join(title.split()[:8])


def _pick(roles: tuple[tuple[str, float], ...], rng: random.Random) -> str:
    draw, total = rng.random(), 0.0
    for role, weight in roles:
        total += weight
        if draw <= total:
            return role
    return roles[-1][0]


def _trim(text: str, rng: random.Random) -> str:
    paragraphs = text.split("\n\n")
    keep = max(2, len(paragraphs) - rng.randint(0, 1))
    return "\n\n".join(paragraphs[:keep])


def strip_attributions(text: str) -> tuple[str, int]:
    """The text with attribution clauses removed from its sentences, and how many were removed."""
    removed = 0
    paragraphs = []
    for paragraph in text.split("\n\n"):
        sentences = []
        for sentence in SENTENCE.split(paragraph):
            kept = sentence
            for pattern, replacement in _STRIP:
                changed = pattern.sub(replacement, sentence, count=1)
                if changed != sentence and len(changed.split()) >= 4:
                    kept = changed[0].upper() + changed[1:]
                    removed += 1
                    break
            sentences.append(kept)
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs), removed


def _record(
    story: str,
    outlet: str,
    title: str,
    text: str,
    moment: datetime,
    truth: Truth,
    role: str,
    source: str | None,
    credited: bool,
    stripped: int,
) -> dict[str, Any]:
    truth.roles[outlet][role] += 1
    if role != "origin":
        truth.credited[outlet].append(credited)
        truth.sources[outlet][source or ""] += 1
    truth.stripped[outlet] += stripped
    slug = re.sub(r"\W+", "-", outlet.lower()).strip("-")
    return {
        "id": f"{story}-{slug}",
        "title": title,
        "text": text,
        "outlet": outlet,
        "published_at": moment.isoformat(timespec="minutes"),
    }
