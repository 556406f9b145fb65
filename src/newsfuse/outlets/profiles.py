"""The user's outlet table: facts about outlets that the text cannot tell.

Decides how a table the user supplies (CSV with a header row, or JSON: a
list of objects, or an object of objects keyed by outlet name) becomes
outlet profiles. Every profile needs a name (column ``outlet`` or ``name``);
``aliases`` (other names and hosts, separated by ``;`` or ``|`` in CSV, a
list in JSON) tie it to the names and hosts articles use. Every other
column is kept as the user wrote it, in the user's column order
(ownership, country, language, rating, rating source, ...): newsfuse shows
these values and never fills in one that is missing.

>>> [p.fields for p in parse_profiles("outlet,country,rating\\nDawn,PK,\\n", "t.csv")]
[(('country', 'PK'),)]
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsfuse.errors import NewsfuseError

NAME_COLUMNS = ("outlet", "name")
# The columns the issue asks for, shown first when present; any others follow.
KNOWN_FIELDS = ("ownership", "country", "language", "rating", "rating_source")
_ALIAS_SEPARATORS = (";", "|")


@dataclass(frozen=True)
class OutletProfile:
    """One row of the user's outlet table."""

    name: str
    aliases: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()

    def field_dict(self) -> dict[str, str]:
        return dict(self.fields)


def load_profiles(path: Path) -> list[OutletProfile]:
    """Profiles from a CSV or JSON file; a clear error says what to fix."""
    if not path.exists():
        raise NewsfuseError(f"outlet table {path} does not exist")
    return parse_profiles(path.read_text(encoding="utf-8-sig"), path.name)


def parse_profiles(text: str, name: str) -> list[OutletProfile]:
    """Profiles from the text of a table called ``name`` (its suffix says CSV or JSON)."""
    if name.lower().endswith(".json"):
        rows = _json_rows(text, name)
    elif name.lower().endswith((".csv", ".tsv")):
        rows = list(
            csv.DictReader(io.StringIO(text), dialect="excel-tab" if name.lower().endswith(".tsv") else "excel")
        )
    else:
        raise NewsfuseError(f"outlet table {name}: use a .csv, .tsv or .json file")
    profiles = [_profile(row, name, number) for number, row in enumerate(rows, start=1)]
    seen: set[str] = set()
    for profile in profiles:
        if profile.name.casefold() in seen:
            raise NewsfuseError(f"outlet table {name}: {profile.name!r} is listed twice; merge the two rows")
        seen.add(profile.name.casefold())
    return profiles


def _json_rows(text: str, name: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise NewsfuseError(f"outlet table {name} is not valid JSON: {error}") from error
    if isinstance(data, dict):
        data = [{"outlet": key, **value} if isinstance(value, dict) else None for key, value in data.items()]
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise NewsfuseError(
            f"outlet table {name}: expected a list of objects, or an object of objects keyed by outlet name"
        )
    return data


def _profile(row: dict[str, Any], table: str, number: int) -> OutletProfile:
    clean = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    name = next((str(clean[c]).strip() for c in NAME_COLUMNS if clean.get(c) not in (None, "")), "")
    if not name:
        raise NewsfuseError(f"outlet table {table}, row {number}: no outlet name (add an 'outlet' column)")
    aliases = clean.get("aliases") or ()
    if isinstance(aliases, str):
        for separator in _ALIAS_SEPARATORS:
            aliases = aliases.replace(separator, "\n")
        aliases = aliases.split("\n")
    fields = [
        (key, _text(value))
        for key, value in clean.items()
        if key not in (*NAME_COLUMNS, "aliases") and _text(value) != ""
    ]
    fields.sort(key=lambda kv: KNOWN_FIELDS.index(kv[0]) if kv[0] in KNOWN_FIELDS else len(KNOWN_FIELDS))
    return OutletProfile(name, tuple(a.strip() for a in aliases if str(a).strip()), tuple(fields))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
