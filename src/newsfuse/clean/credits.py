"""Wire, syndication and byline credits.

Decides whether a line credits the text to someone else (a news agency, an
original publisher, a reporter or editor) and names that source. Credits are
kept as metadata because provenance treats them as evidence of who was first:
"Reuters with additional editing by ..." says the text is a Reuters copy.
"""

from __future__ import annotations

import re

from newsfuse.records import Credit

# News agencies by the names and abbreviations used in credit lines.
AGENCIES: dict[str, str] = {
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "bloomberg": "Bloomberg",
    "dpa": "dpa",
    "xinhua": "Xinhua",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo",
    "pti": "PTI",
    "press trust of india": "PTI",
    "ians": "IANS",
    "ani": "ANI",
    "upi": "UPI",
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "interfax": "Interfax",
    "europa press": "Europa Press",
    "anadolu": "Anadolu",
    "anadolu agency": "Anadolu",
    "yonhap": "Yonhap",
    "aap": "AAP",
    "bernama": "Bernama",
    "apa": "APA",
    "anp": "ANP",
    "pap": "PAP",
    "belga": "Belga",
    "lusa": "Lusa",
    "canadian press": "Canadian Press",
    "the canadian press": "Canadian Press",
    "cna": "CNA",
    "kna": "KNA",
    "epd": "epd",
}
_AGENCY_ALTERNATION = "|".join(sorted((re.escape(k) for k in AGENCIES), key=len, reverse=True))
_AGENCY_AT_START = re.compile(rf"^[\W_]*({_AGENCY_ALTERNATION})\b", re.I)
_AGENCY_ANYWHERE = re.compile(rf"\b({_AGENCY_ALTERNATION})\b", re.I)
# "BEIJING (Reuters) -", "WASHINGTON (AP) —", "Paris, May 24 (AFP) -"
_DATELINE = re.compile(
    rf"^[A-ZÀ-Ý][\w .,'’-]{{0,60}}\(\s*({_AGENCY_ALTERNATION})(?:\s*/\s*[\w ]+)?\s*\)\s*[-–—]",
    re.I,
)
_EDITING = re.compile(r"\b(additional )?(editing|reporting|writing|compiled|translated|written) by\b", re.I)
_ORIGIN = re.compile(
    r"\b(originally (published|appeared)|first (published|appeared)|republished|reprinted|"
    r"syndicated|source|via|courtesy of|with (inputs|input) from|erschienen (in|bei)|quelle)\b"
    r"\s*:?\s*(on|in|at|by|from)?\s*",
    re.I,
)
_COPYRIGHT_AGENCY = re.compile(rf"(©|\(c\)|copyright)\s*(\d{{4}})?\s*(the )?({_AGENCY_ALTERNATION})\b", re.I)
# Credit lines are short; a long sentence that mentions Reuters is reporting,
# not a credit. 30 words covers the longest credit trailers in the seeds and
# PolNeAR metadata ("Reporting by A and B in C; Additional reporting by D;
# Editing by E").
MAX_CREDIT_WORDS = 30


def agency_name(text: str) -> str | None:
    """The canonical agency name if ``text`` is (only) an agency name."""
    return AGENCIES.get(text.strip().casefold().rstrip("."))


def line_credit(line: str) -> Credit | None:
    """A credit if the whole line is a credit line, else None."""
    words = line.split()
    if not words or len(words) > MAX_CREDIT_WORDS:
        return None
    stripped = line.strip(" \t•·*-–—()[]")
    if agency_name(stripped):
        return Credit(line, agency_name(stripped), "wire")
    copyright_match = _COPYRIGHT_AGENCY.search(line)
    if copyright_match:
        return Credit(line, AGENCIES[copyright_match.group(4).casefold()], "wire")
    start = _AGENCY_AT_START.match(stripped)
    if start and (_EDITING.search(stripped) or len(words) <= 4):
        return Credit(line, AGENCIES[start.group(1).casefold()], "wire")
    if _EDITING.search(stripped) and stripped[:1] in "(" + stripped[:1].upper() and _looks_like_trailer(stripped):
        agency = _AGENCY_ANYWHERE.search(stripped)
        return Credit(line, AGENCIES[agency.group(1).casefold()] if agency else None, "byline")
    origin = _ORIGIN.search(stripped)
    if origin and origin.start() < 20 and len(words) <= 15:
        named = stripped[origin.end() :].strip(" .:")
        return Credit(line, agency_name(named) or named or None, "origin")
    return None


def _looks_like_trailer(text: str) -> bool:
    """'Reporting by X; Editing by Y' style: the credit verb comes first, names follow."""
    first = _EDITING.search(text)
    return first is not None and first.start() <= 25


def inline_credits(text: str) -> list[Credit]:
    """Credits inside the prose: a wire dateline opening a paragraph."""
    credits = []
    for paragraph in text.split("\n"):
        match = _DATELINE.match(paragraph)
        if match:
            credits.append(Credit(match.group(0).strip(), AGENCIES[match.group(1).casefold()], "wire"))
    return credits
