"""Support for the fetch tests: a guard that keeps every connection on loopback, and small helpers.

The guard replaces name resolution and ``socket.connect`` for the duration
of a test: loopback addresses and names registered by the test (mapped to
loopback addresses) go through; names under ``.invalid`` fail the way a DNS
failure does (that is how the DNS case is tested without a resolver); any
other address or name is refused before a packet leaves and recorded, and
the test fails at teardown.
"""

from __future__ import annotations

import ipaddress
import itertools
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from newsfuse.config import Settings
from newsfuse.fetch.policy import FetchPolicy

LIGHT = Settings(embedder="none", ner="rules")
# The same, as command-line options.
LIGHT_ARGS = ["--delay", "0.05", "--embedder", "none", "--ner", "rules"]
# Short delays keep the suite fast; the tests measure against these values. The
# time limits stay generous: CI machines can be busy, and a test about
# something else must not fail on a slow answer (timeout tests set their own).
FAST = FetchPolicy(delay=0.05, timeout=15.0, connect_timeout=10.0, backoff=0.05, max_retry_after=2.0)


@dataclass
class LoopbackGuard:
    names: dict[str, str] = field(default_factory=lambda: {"localhost": "127.0.0.1"})
    violations: list[str] = field(default_factory=list)

    def resolve(self, host: str) -> str:
        if _is_loopback(host):
            return host
        if host in self.names:
            return self.names[host]
        if host.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        self.violations.append(f"resolve {host}")
        raise socket.gaierror(socket.EAI_NONAME, f"test guard: {host} is not a loopback name")


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackGuard]:
    """Every connection a test makes must stay on loopback (see the module docstring)."""
    guard = LoopbackGuard()
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        return real_getaddrinfo(guard.resolve(name) if name else name, port, *args, **kwargs)

    def checked(address: Any) -> None:
        if isinstance(address, tuple) and not _is_loopback(str(address[0])):
            guard.violations.append(f"connect {address}")
            raise ConnectionRefusedError(f"test guard: {address} is not loopback")

    def connect(self: socket.socket, address: Any) -> None:
        checked(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        checked(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield guard
    assert not guard.violations, f"a test tried to leave loopback: {guard.violations}"


def gaps(times: list[float]) -> list[float]:
    """Seconds between consecutive times."""
    return [b - a for a, b in itertools.pairwise(times)]
