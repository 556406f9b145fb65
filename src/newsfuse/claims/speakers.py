"""Who a source mention refers to: the fullest name in the article, with the role.

Decides the speaker of a quote or attribution: "Mishustin", "he" and "the
Russian prime minister" all resolve to "Mikhail Mishustin, Russian Prime
Minister" when the article names him so. Pronouns go to the most recent
person named before them; surnames to the longest person name that contains
them; role phrases to the person the article gives that role; anything else
(an agency, "sources") is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# A role is a short title or description; longer appositions are clauses.
MAX_ROLE_WORDS = 12
PRONOUNS = frozenset({"he", "she", "him", "her", "they", "i", "we"})
_TITLE_DEPS = frozenset({"compound", "amod", "nmod"})
_DETERMINERS = frozenset({"the", "a", "an"})


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None
    first_char: int

    @property
    def label(self) -> str:
        return f"{self.name}, {self.role}" if self.role else self.name


class SpeakerIndex:
    """The people an article names, for resolving source mentions."""

    def __init__(self, doc: Any) -> None:
        self.people: list[Person] = []
        seen: dict[str, int] = {}
        for ent in doc.ents:
            if ent.label_ != "PERSON" or len(ent.text) < 3:
                continue
            name = " ".join(ent.text.replace("’s", "").replace("'s", "").split())
            fuller = next((p for p in self.people if name in p.name.split() or name in p.name), None)
            if fuller is not None or name in seen:
                continue
            self.people.append(Person(name, _role_of(ent), ent.start_char))
            seen[name] = len(self.people) - 1
        self.mentions = sorted(
            (ent.start_char, self._person_for(ent.text)) for ent in doc.ents if ent.label_ == "PERSON"
        )

    def _person_for(self, text: str) -> Person | None:
        words = [w for w in text.replace("’s", "").replace("'s", "").split() if w]
        candidates = [p for p in self.people if words and all(w in p.name.split() for w in words)]
        return max(candidates, key=lambda p: len(p.name)) if candidates else None

    def resolve(self, mention: str, position: int) -> str:
        """The label for a source mention found at ``position`` in the text."""
        cleaned = " ".join(mention.split())
        lowered = cleaned.casefold()
        if lowered in PRONOUNS:
            before = [p for start, p in self.mentions if start < position and p is not None]
            return before[-1].label if before else cleaned
        person = self._person_for(cleaned) or self._person_inside(cleaned) or self._person_with_role(lowered)
        return person.label if person else _strip_determiner(cleaned)

    def _person_inside(self, text: str) -> Person | None:
        inside = [p for p in self.people if p.name in text or p.name.split()[-1] in text.split()]
        return max(inside, key=lambda p: len(p.name)) if inside else None

    def _person_with_role(self, lowered: str) -> Person | None:
        """'the Russian prime minister', "Russia's PM", 'the Chinese president': the one person with that title."""
        title = _title_words(lowered)
        if not title:
            return None
        matches = [p for p in self.people if p.role and title <= _title_words(p.role.casefold())]
        return matches[0] if len(matches) == 1 else None


def _role_of(ent: Any) -> str | None:
    """Title words before the name ('Russian Prime Minister X') or an apposition ('X, director of ...')."""
    head = ent.root
    titles = [t for t in head.children if t.dep_ in _TITLE_DEPS and t.i < ent.start]
    if titles:
        first = min(t.left_edge.i for t in titles)
        words = [t.text for t in ent.doc[first : ent.start] if t.text.casefold() not in _DETERMINERS]
        if words:
            return " ".join(words)
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i:
            words = ent.doc[child.left_edge.i : child.right_edge.i + 1].text.split()
            return _balanced(" ".join(words[:MAX_ROLE_WORDS]))
    return None


def _balanced(text: str) -> str:
    """Cut an unclosed parenthesis off a role: 'director of SOAS (School' -> 'director of SOAS'."""
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")]
    return text.strip(" ,")


_ABBREVIATIONS = {"pm": "prime minister", "fm": "foreign minister", "ceo": "chief executive", "gov.": "governor"}


def _title_words(text: str) -> frozenset[str]:
    """The words of a title without determiners and place words: "Russia's PM" -> {prime, minister}."""
    expanded = " ".join(_ABBREVIATIONS.get(w, w) for w in text.split())
    return frozenset(w for w in expanded.split() if w not in _DETERMINERS and not _looks_like_place(w))


def _looks_like_place(word: str) -> bool:
    """Nationality adjectives and possessive countries: 'russian', 'chinese', "russia's"."""
    return word.endswith(("'s", "’s")) or (len(word) > 4 and word.endswith(("ian", "ese", "ish")))


def _strip_determiner(text: str) -> str:
    words = text.split()
    if words and words[0].casefold() in _DETERMINERS:
        words = words[1:]
    return " ".join(words)
