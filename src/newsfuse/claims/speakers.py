"""Who a source mention refers to: the fullest name in the article, with the role.

Decides the speaker of a quote or attribution inside one article:
"Mishustin", "he" and "the Russian prime minister" all resolve to "Mikhail
Mishustin, Russian Prime Minister" when the article names him so. A name
goes to the longest person name that holds its words; a pronoun to the
person named most recently before it; a title ("the Chinese president",
"Russia's PM") to the person most recently named before it with that title
(and no other nationality); anything else (an agency, "sources") is kept as
written. Roles come from titles before a name ("Russian Prime Minister
Mikhail Mishustin"), from an apposition after it ("Steve Tsang, director of
...") or from the title the name is in apposition to ("The Russian Prime
Minister, Mikhail Mishustin").

Across articles, ``same_source`` decides whether two credits name the same
person or body: "Mikhail Mishustin, Russian Prime Minister" and
"Mishustin"; "Interfax news agency" and "Interfax".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsfuse.records import ClaimMention

# A role is a title or a description; longer appositions are clauses. 18
# tokens hold "director of the Institute for the School of Oriental and
# African Studies (SOAS) in London".
MAX_ROLE_WORDS = 18
# How far back (characters, about three sentences) a pronoun looks for the
# subject it refers to before falling back on the last speaker quoted.
PRONOUN_WINDOW = 400
PRONOUNS = frozenset({"he", "she", "him", "her", "they", "i", "we", "it"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i"})
_TITLE_DEPS = frozenset({"compound", "amod", "nmod"})
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their"})
_POSSESSIVE = re.compile(r"[’']s\b")
# Modal and auxiliary verbs, which a title never holds but a headline run into a name does.
_HEADLINE_VERB = re.compile(r"\b(?:Might|May|Will|Would|Could|Should|Can|Is|Are|Was|Were|Says|Said)\b")
_ABBREVIATIONS = {"pm": "prime minister", "fm": "foreign minister", "ceo": "chief executive", "gov.": "governor"}
# Generic words of organisation names: "Interfax news agency" and "Interfax" are one source.
_ORG_WORDS = frozenset(
    "news agency agencies the of ministry department office service press said reported newspaper daily".split()
)
_HONORIFICS = frozenset("mr mrs ms dr prof sir dame lord lady".split())
# Lower-case words a name may hold: "Ministry of Defence", "Ursula von der Leyen".
_NAME_PARTICLES = frozenset("of and for de la le da di du van von der den bin al el y".split())
# Capitalised words that open a sentence but name no one.
_NOT_NAMES = frozenset(
    """the a an this that these those who which whom whose what neither either both all some many most several
    other others another each every no none one it he she they we i you his her their its our""".split()
)
_NAMED_KINDS = frozenset({"PERSON", "ORG"})
# A name of more words is a description ('Harford County Sheriff's Office spokesman ...').
MAX_NAME_WORDS = 6


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None
    first_char: int

    @property
    def label(self) -> str:
        return f"{self.name}, {self.role}" if self.role else self.name


def clean_name(text: str) -> str:
    return " ".join(_POSSESSIVE.sub("", text).split())


class SpeakerIndex:
    """The people an article names, and where, for resolving source mentions."""

    def __init__(self, doc: Any) -> None:
        self.people: list[Person] = []
        people_ents = [e for e in doc.ents if e.label_ == "PERSON" and len(e.text) >= 3]
        for ent in sorted(people_ents, key=lambda e: -len(clean_name(e.text).split())):
            name = clean_name(ent.text)
            if not name or any(set(name.split()) <= set(p.name.split()) for p in self.people):
                continue
            self.people.append(Person(name, role_of(ent), ent.start_char))
        self.people = [self._with_role(p, people_ents) for p in self.people]
        self.mentions = sorted(
            (e.start_char, person) for e in people_ents if (person := self._person_for(e.text)) is not None
        )
        # Where each person is the subject of a clause: "he" most often refers
        # back to the last person who did something, not the last one named.
        self.subjects = sorted(
            (e.start_char, person)
            for e in people_ents
            if _is_subject(e) and (person := self._person_for(e.text)) is not None
        )

    def _with_role(self, person: Person, ents: list[Any]) -> Person:
        """A person's role from any of their mentions (the first naming may lack it); first position kept."""
        mine = [e for e in ents if self._words_in(clean_name(e.text), person)]
        first = min((e.start_char for e in mine), default=person.first_char)
        role = person.role or next((r for e in mine if (r := role_of(e))), None)
        return Person(person.name, role, first)

    @staticmethod
    def _words_in(text: str, person: Person) -> bool:
        words = text.split()
        return bool(words) and all(w in person.name.split() for w in words)

    def _person_for(self, text: str) -> Person | None:
        name = clean_name(text)
        candidates = [p for p in self.people if self._words_in(name, p)]
        return max(candidates, key=lambda p: len(p.name)) if candidates else None

    def resolve(self, mention: str, position: int, last_speaker: str | None = None) -> str:
        """The label for a source mention found at ``position`` in the text."""
        cleaned = " ".join(mention.split())
        lowered = cleaned.casefold()
        if lowered in PRONOUNS:
            person = self.last_person_before(position, last_speaker) if lowered in PERSON_PRONOUNS else None
            return person.label if person else cleaned
        person = self._person_for(cleaned) or self._person_inside(cleaned) or self._person_with_role(lowered, position)
        return person.label if person else strip_determiner(cleaned)

    def is_person(self, label: str | None) -> bool:
        return label is not None and any(p.label == label for p in self.people)

    def last_person_before(self, position: int, fallback: str | None = None) -> Person | None:
        """The person a pronoun at ``position`` refers to: the last subject named just before, else the last named."""
        subjects = [p for start, p in self.subjects if position - PRONOUN_WINDOW <= start < position]
        if subjects:
            return subjects[-1]
        if fallback is not None:
            return next((p for p in self.people if p.label == fallback), None)
        before = [p for start, p in self.mentions if start < position]
        return before[-1] if before else None

    def _person_inside(self, text: str) -> Person | None:
        """A source phrase holding a name: 'Russian Prime Minister Mikhail Mishustin', 'Mishustin's office' excluded."""
        words = clean_name(text).split()
        inside = [p for p in self.people if p.name in " ".join(words) or p.name.split()[-1] in words]
        inside = [p for p in inside if not _modifies(text, p.name.split()[-1])]
        return max(inside, key=lambda p: len(p.name)) if inside else None

    def _person_with_role(self, lowered: str, position: int) -> Person | None:
        """'the Russian prime minister', "Russia's PM": the person with that title named most recently before."""
        title = title_words(lowered)
        if not title:
            return None
        places = place_words(lowered)
        fitting = {
            p.name
            for p in self.people
            if p.role and title <= title_words(p.role.casefold()) and _places_agree(places, p.role.casefold())
        }
        before = [p for start, p in self.mentions if start < position and p.name in fitting]
        if before:
            return before[-1]
        only = [p for p in self.people if p.name in fitting]
        return only[0] if len(only) == 1 else None


def _modifies(phrase: str, surname: str) -> bool:
    """The name qualifies another noun of the phrase: "the Trump administration", "Cruz's mom", "Obama aides"."""
    return bool(re.search(rf"(?<!\w){re.escape(surname)}(?:[’']s\b|\s+[a-z])", phrase))


def _is_subject(ent: Any) -> bool:
    """The name is a clause's subject, or in apposition to one ('Ohio Gov. John Kasich, a contender, predicted')."""
    root = ent.root
    return root.dep_ in {"nsubj", "nsubjpass"} or (root.dep_ == "appos" and root.head.dep_ in {"nsubj", "nsubjpass"})


def _places_agree(places: frozenset[str], role: str) -> bool:
    """'the Chinese president' is not the Russian one: nationalities named on both sides must agree."""
    theirs = place_words(role)
    return not places or not theirs or bool(places & theirs)


def role_of(ent: Any) -> str | None:
    """Title words before the name, an apposition after it, or the title the name stands in apposition to."""
    role = _role_candidate(ent)
    return role if role and _looks_like_role(role) else None


def _role_candidate(ent: Any) -> str | None:
    head = ent.root
    titles = [t for t in head.children if t.dep_ in _TITLE_DEPS and t.i < ent.start]
    if titles:
        first = min(t.left_edge.i for t in titles)
        role = _as_written(list(ent.doc[first : ent.start]))
        if role:
            return role
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i:
            return _as_written(_without_clauses(child, set())[:MAX_ROLE_WORDS])
    title = head.head
    if head.dep_ == "appos" and title.i < ent.start and title.pos_ in {"NOUN", "PROPN"} and title.ent_type_ != "PERSON":
        kept = [t for t in _without_clauses(title, set(range(ent.start, ent.end))) if t.i < ent.start]
        return _as_written(kept[:MAX_ROLE_WORDS]) or None
    return None


def _looks_like_role(role: str) -> bool:
    """A title or a description: not a dateline ("LOS ANGELES -"), a figure ("11 and 8 percent") or a headline."""
    letters = [c for c in role if c.isalpha()]
    if not letters or (all(c.isupper() for c in letters) and len(letters) > 3):
        return False
    if any(c.isdigit() for c in role) or role.endswith(("-", "—", ":")):
        return False
    return not _HEADLINE_VERB.search(role)


def _without_clauses(token: Any, skip: set[int]) -> list[Any]:
    """The token's subtree without relative clauses and the tokens in ``skip``: the title, not what follows it."""
    for child in token.children:
        if child.dep_ in {"relcl", "acl"}:
            skip = skip | {t.i for t in child.subtree}
    kept: list[Any] = []
    for t in token.subtree:
        if t.i in skip:
            if kept:
                break
            continue
        kept.append(t)
    return kept


def _as_written(found: list[Any]) -> str:
    """Tokens joined with the spacing they had, without a leading determiner, commas or an unclosed parenthesis."""
    while found and found[0].lower_ in _DETERMINERS:
        found = found[1:]
    return _balanced(" ".join("".join(t.text_with_ws for t in found).split()))


def _balanced(text: str) -> str:
    """Cut an unclosed parenthesis off a role: 'director of SOAS (School' -> 'director of SOAS'."""
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")]
    return text.strip(" ,")


def title_words(text: str) -> frozenset[str]:
    """The words of a title without determiners and place words: "Russia's PM" -> {prime, minister}."""
    expanded = " ".join(_ABBREVIATIONS.get(w, w) for w in text.split())
    return frozenset(w for w in expanded.split() if w not in _DETERMINERS and not _looks_like_place(w))


def place_words(text: str) -> frozenset[str]:
    """Nationality and country words of a title, reduced to a common stem ('chinese', "china's" -> 'chin')."""
    return frozenset(_place_stem(w) for w in text.casefold().split() if _looks_like_place(w))


def _place_stem(word: str) -> str:
    word = _POSSESSIVE.sub("", word)
    for suffix in ("ian", "ese", "ish", "an", "a"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)][:4]
    return word[:4]


def _looks_like_place(word: str) -> bool:
    """Nationality adjectives and possessive countries: 'russian', 'chinese', "russia's"."""
    return word.endswith(("'s", "’s")) or (len(word) > 4 and word.endswith(("ian", "ese", "ish")))


def strip_determiner(text: str) -> str:
    words = text.split()
    if words and words[0].casefold() in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def name_of(label: str) -> str:
    """The name part of a speaker label: 'Mikhail Mishustin, Russian Prime Minister' -> 'Mikhail Mishustin'."""
    return label.split(",", maxsplit=1)[0].strip()


def _key_words(label: str) -> set[str]:
    words = {w.casefold().strip(".") for w in clean_name(name_of(label)).split()}
    return {w for w in words if w and w not in _ORG_WORDS and w not in _HONORIFICS}


def same_source(a: str, b: str) -> bool:
    """Two credits name one person or body: one's key words are all in the other's, one speaks for the
    other, the surnames agree, or one is the other's initials ('USGS', 'U.S. Geological Survey')."""
    left, right = _key_words(a), _key_words(b)
    if not left or not right:
        return False
    if left <= right or right <= left:
        return True
    if _speaks_for(a, b) or _speaks_for(b, a):
        return True
    if _abbreviates(a, b) or _abbreviates(b, a):
        return True
    last_a, last_b = name_of(a).split()[-1].casefold(), name_of(b).split()[-1].casefold()
    return last_a == last_b and len(last_a) > 2


def _speaks_for(body: str, person: str) -> bool:
    """The person's label names the body as theirs ('James Steele, chief of the Central Mat-Su Fire
    Department' speaks for 'Central Mat-Su Fire Department'): one source, not two."""
    words = [w.casefold().strip(".,") for w in clean_name(name_of(body)).split()]
    if len(words) < 2:
        return False
    whole = [w.casefold().strip(".,") for w in clean_name(person).split()]
    return any(whole[k : k + len(words)] == words for k in range(len(whole) - len(words) + 1))


def _abbreviates(short: str, long: str) -> bool:
    initials, written = _initials(long), _compact(short)
    return initials is not None and initials == written


def _initials(label: str) -> str | None:
    """'US Geological Survey' -> 'USGS' (an all-capital word counts whole); None for one word."""
    words = [w.replace(".", "") for w in clean_name(name_of(label)).split() if w[:1].isupper()]
    return "".join(w if w.isupper() else w[0] for w in words if w) if len(words) >= 2 else None


def _compact(label: str) -> str | None:
    """An acronym as written ('USGS', 'U.S.'), without dots; None for anything else."""
    words = clean_name(name_of(label)).split()
    word = words[0].replace(".", "") if len(words) == 1 else ""
    return word if len(word) >= 2 and word.isupper() else None


def named_credit(mention: ClaimMention) -> str | None:
    """The mention's credit when it names a specific person or body in the mention's own sentence.

    None for a description ('officials', 'a Bukit Sama village resident',
    'the agency', 'Several independent directors ...'), a pronoun or relative
    ('who', 'Neither'), a place, a dateline, or a credit carried over from
    another sentence: two such credits cannot show that two outlets name
    different sources.
    """
    credit, value = mention.attributed_to, mention.value_dict()
    if not credit or value.get("inferred"):
        return None
    if value.get("source_kind") is not None and value.get("source_kind") not in _NAMED_KINDS:
        return None
    words = clean_name(name_of(credit)).split()
    if not words or len(words) > MAX_NAME_WORDS or not all(_name_word(w) for w in words):
        return None
    if words[0].casefold() in _NOT_NAMES or not any(w[:1].isupper() for w in words):
        return None
    key = [w for w in words if w[:1].isupper()][-1]
    sentence = mention.sentence.replace(mention.content, " " * len(mention.content))
    # Named outside the statement, and not as an owner ("Comey's memos show ...").
    where = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(key)}(?![\w’'])", sentence)]
    # One capitalised word alone at the sentence's start may be any noun ('Officials'); inside it, a name.
    return credit if where and (len(words) >= 2 or key.isupper() or any(p > 0 for p in where)) else None


def _name_word(word: str) -> bool:
    if any(c.isdigit() or c in "()—–:@/\n" for c in word):
        return False
    return word[:1].isupper() or word.casefold() in _ORG_WORDS or word.casefold() in _NAME_PARTICLES
