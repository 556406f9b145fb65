"""Wire agencies: the maintained list, and the agencies an article credits.

Decides which names are news agencies and which agencies an article credits.
The list is ``wire_agencies.toml`` (its header says where the names come
from); the agencies the cleaner already recognises in credit lines
(``clean/credits.py``) are always in it under the same canonical name, so
the two never disagree. An article credits an agency through a credit the
cleaner found (its ``source``), or through a dateline credit in its lead: a
parenthesised agency name near the start, "BEIJING (Reuters) -" or
"ڈھاکہ ۔ یکم دسمبر (اے پی پی)", in any script the list has aliases for.

>>> AGENCIES.canonical("the associated press")
'AP'
>>> AGENCIES.in_lead("Dhaka, 1 December (APP/Sports Desk) Bangladesh won again.")
['APP']
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newsfuse.clean.credits import AGENCIES as CLEANER_AGENCIES
from newsfuse.records import Article

# Dateline credits sit in the first line of the text: 300 characters cover
# "CITY, Month DD (Agency) -" with a long place name, and the lead of a
# COUNTER agency story (its credit is at most 60 characters in).
LEAD_CHARS = 300
_PARENTHESISED = re.compile(r"\(([^()\n]{1,60})\)")
_SEPARATORS = re.compile(r"\s*[/,;+&]\s*|\s+(?:and|with|و)\s+")


def normal(text: str) -> str:
    """A name compared across spellings: NFKC, case-folded, punctuation and underscores as single spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


@dataclass(frozen=True)
class Agency:
    """One news agency: its canonical name, other spellings, web hosts and home country."""

    name: str
    aliases: tuple[str, ...]
    hosts: tuple[str, ...]
    country: str


class AgencyList:
    """The agencies by every spelling of their names."""

    def __init__(self, agencies: list[Agency]) -> None:
        self.agencies = {a.name: a for a in agencies}
        self._by_spelling: dict[str, str] = {}
        for agency in agencies:
            for spelling in (agency.name, *agency.aliases):
                self._by_spelling[normal(spelling)] = agency.name
                # "The Associated Press" and "Associated Press" are one spelling.
                self._by_spelling.setdefault(normal(spelling).removeprefix("the "), agency.name)
        self._by_host = {host: agency.name for agency in agencies for host in agency.hosts}

    def canonical(self, text: str | None) -> str | None:
        """The agency's canonical name when ``text`` is (only) one of its spellings."""
        if not text:
            return None
        key = normal(text)
        return self._by_spelling.get(key) or self._by_spelling.get(key.removeprefix("the "))

    def by_host(self, host: str | None) -> str | None:
        return self._by_host.get(host or "")

    def in_lead(self, text: str) -> list[str]:
        """Agencies credited in parentheses in the first ``LEAD_CHARS`` characters, in order."""
        found: list[str] = []
        for match in _PARENTHESISED.finditer(text[:LEAD_CHARS]):
            for part in _SEPARATORS.split(match.group(1)):
                name = self.canonical(part)
                if name and name not in found:
                    found.append(name)
        return found

    def credited_by(self, article: Article) -> list[str]:
        """Agencies the article credits: in its credit lines, then in a dateline of its lead."""
        found: list[str] = []
        for credit in article.credits:
            name = self.canonical(credit.source)
            if name and name not in found:
                found.append(name)
        for name in self.in_lead(article.text):
            if name not in found:
                found.append(name)
        return found


@cache
def load_agencies() -> AgencyList:
    """The maintained list, with every agency the cleaner knows added under its canonical name."""
    data = tomllib.loads((resources.files("newsfuse.outlets") / "wire_agencies.toml").read_text(encoding="utf-8"))
    agencies = [
        Agency(row["name"], tuple(row.get("aliases", ())), tuple(row.get("hosts", ())), row.get("country", ""))
        for row in data["agency"]
    ]
    listed = {a.name for a in agencies}
    extra: dict[str, list[str]] = {}
    for spelling, name in CLEANER_AGENCIES.items():
        if name not in listed:
            extra.setdefault(name, []).append(spelling)
    agencies += [Agency(name, tuple(spellings), (), "") for name, spellings in extra.items()]
    return AgencyList(agencies)


AGENCIES = load_agencies()
