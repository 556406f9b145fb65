"""Outlet identity: which names, hosts and credits are one outlet.

Decides the outlet an article, or a credit, belongs to. Identity is built
from tokens: a name ("name:dawn news", compared case- and punctuation-free)
and a registrable domain ("host:dawn.com", from the article's URL with the
public suffix list that ships inside the ``tld`` package). Tokens are joined
into one outlet when evidence ties them:

* one article states the outlet name and has a URL on the host;
* the wire agency list gives them as one agency (names, aliases, hosts);
* the user's outlet table gives them as one outlet (its ``aliases``).

Nothing is merged on a guess: "independent.co.uk" and "independent.ie" stay
two outlets unless an article or a table ties them. The outlet's name is the
table's name, else the agency's canonical name, else the spelling articles
use most, else the host. An article with neither name nor URL is an outlet
of its own, named "outlet not given (INPUT)", so it is never pooled with
other unknown sources.

>>> directory = Directory.build([("Dawn", "https://www.dawn.com/news/1"), ("dawn", None)])
>>> directory.resolve("DAWN", None).name, directory.resolve(None, "http://dawn.com/x").key
('Dawn', 'dawn')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from tld import get_fld

from newsfuse.clean.outlets import NOT_GIVEN, url_host
from newsfuse.outlets.agencies import AGENCIES, AgencyList, normal
from newsfuse.outlets.profiles import OutletProfile

OutletKind = Literal["wire", "outlet", "unnamed"]


def host_of(url: str | None) -> str | None:
    """The registrable domain of a URL or bare host ("news.bbc.co.uk" -> "bbc.co.uk"), or None."""
    host = url_host(url)
    if host is None:
        return None
    found = get_fld(host, fix_protocol=True, fail_silently=True)
    return str(found) if found else host.removeprefix("www.")


@dataclass(frozen=True)
class Outlet:
    """One outlet as newsfuse knows it."""

    key: str
    name: str
    kind: OutletKind
    hosts: tuple[str, ...] = ()
    spellings: tuple[str, ...] = ()
    profile: OutletProfile | None = None


def unnamed_outlet(input_label: str) -> Outlet:
    """The outlet of an article that states none: its own, named after its input."""
    return Outlet(f"unnamed:{input_label}", f"{NOT_GIVEN} ({input_label})", "unnamed")


@dataclass
class _Union:
    parent: dict[str, str] = field(default_factory=dict)

    def find(self, token: str) -> str:
        self.parent.setdefault(token, token)
        while self.parent[token] != token:
            self.parent[token] = self.parent[self.parent[token]]
            token = self.parent[token]
        return token

    def join(self, tokens: Sequence[str]) -> None:
        for other in tokens[1:]:
            a, b = self.find(tokens[0]), self.find(other)
            if a != b:
                self.parent[max(a, b)] = min(a, b)


class Directory:
    """Every outlet seen (names and hosts of articles and credits), with aliases merged."""

    def __init__(self, union: _Union, outlets: dict[str, Outlet], by_root: dict[str, str]) -> None:
        self._union = union
        self._outlets = outlets
        self._by_root = by_root

    @classmethod
    def build(
        cls,
        sightings: Iterable[tuple[str | None, str | None]],
        profiles: Sequence[OutletProfile] = (),
        agencies: AgencyList = AGENCIES,
    ) -> Directory:
        """The directory of ``sightings`` (stated name, URL or host), joined by the agency list and ``profiles``."""
        union = _Union()
        spellings: Counter[tuple[str, str]] = Counter()
        for name, url in sightings:
            tokens = _tokens(name, url)
            if tokens:
                union.join(tokens)
            if name and name.strip():
                spellings[(_name_token(name), name.strip())] += 1
        canonical: dict[str, tuple[str, OutletKind, OutletProfile | None]] = {}
        for agency in agencies.agencies.values():
            tokens = [_name_token(s) for s in (agency.name, *agency.aliases)] + [f"host:{h}" for h in agency.hosts]
            union.join(tokens)
            canonical[tokens[0]] = (agency.name, "wire", None)
        for profile in profiles:
            tokens = [_name_token(profile.name)] + [_token_of_alias(a) for a in profile.aliases]
            union.join(tokens)
            canonical[tokens[0]] = (profile.name, canonical.get(tokens[0], ("", "outlet", None))[1], profile)
        return cls(union, *_outlets(union, spellings, canonical))

    def resolve(self, name: str | None, url: str | None, input_label: str = "") -> Outlet:
        """The outlet of a stated name and URL (an unnamed outlet of its own when both are missing)."""
        tokens = _tokens(name, url)
        if not tokens:
            return unnamed_outlet(input_label or "unknown input")
        root = self._union.find(tokens[0])
        key = self._by_root.get(root)
        if key is None:  # never seen when the directory was built: an outlet of its own
            return _plain_outlet(tokens, name)
        return self._outlets[key]

    def credited(self, source: str) -> Outlet:
        """The outlet a credit names (an agency, or any outlet named in an origin credit)."""
        agency = AGENCIES.canonical(source)
        return self.resolve(agency or source, None)

    def get(self, key: str) -> Outlet | None:
        return self._outlets.get(key)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._outlets.values())


def _name_token(name: str) -> str:
    return "name:" + normal(name).removeprefix("the ")


def _token_of_alias(alias: str) -> str:
    """An alias from a table: a host when it looks like one ("bbc.co.uk"), else a name."""
    host = host_of(alias) if "." in alias and " " not in alias.strip() else None
    return f"host:{host}" if host else _name_token(alias)


def _tokens(name: str | None, url: str | None) -> list[str]:
    tokens = []
    if name and normal(name):
        tokens.append(_name_token(name))
    host = host_of(url)
    if host:
        tokens.append(f"host:{host}")
    return tokens


def _plain_outlet(tokens: list[str], name: str | None) -> Outlet:
    key = tokens[0].split(":", 1)[1]
    hosts = tuple(t[5:] for t in tokens if t.startswith("host:"))
    kind: OutletKind = "wire" if AGENCIES.canonical(name) else "outlet"
    return Outlet(key, (name or "").strip() or hosts[0], kind, hosts, ((name or "").strip(),) if name else ())


def _outlets(
    union: _Union,
    spellings: Counter[tuple[str, str]],
    canonical: dict[str, tuple[str, OutletKind, OutletProfile | None]],
) -> tuple[dict[str, Outlet], dict[str, str]]:
    """One outlet per group of tokens that articles, credits or tables mention."""
    groups: dict[str, list[str]] = {}
    for token in list(union.parent):
        groups.setdefault(union.find(token), []).append(token)
    outlets: dict[str, Outlet] = {}
    by_root: dict[str, str] = {}
    for root, tokens in groups.items():
        hosts = tuple(sorted(t[5:] for t in tokens if t.startswith("host:")))
        seen = Counter({text: n for (token, text), n in spellings.items() if token in tokens})
        named = [canonical[t] for t in sorted(tokens) if t in canonical]
        profile = next((p for _, _, p in named if p is not None), None)
        kind: OutletKind = "wire" if any(k == "wire" for _, k, _ in named) else "outlet"
        if profile is not None:
            name = profile.name
        elif named:
            name = next(n for n, k, _ in named if k == "wire") if kind == "wire" else named[0][0]
        elif seen:
            name = min(seen, key=lambda text: (-seen[text], text))
        else:
            name = hosts[0] if hosts else root.split(":", 1)[1]
        key = normal(name) or root.split(":", 1)[1]
        if key in outlets:  # two groups that print alike stay two outlets
            key = f"{key} ({root.split(':', 1)[1]})"
        outlets[key] = Outlet(key, name, kind, hosts, tuple(sorted(seen)), profile)
        by_root[root] = key
    return outlets, by_root
