"""One request at a time per host, and a pause between them.

Decides when the next request to a host may start: never while another one
to the same host is in flight, and not before the previous one finished
plus the host's delay (the policy's, raised by robots.txt's Crawl-delay or
a server's Retry-After). Measuring from the end of the previous response
makes the gap a server sees at least the delay, however slow it answered.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class _Gate:
    delay: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    ready_at: float = 0.0


class HostGates:
    """Per-host locks and clocks."""

    def __init__(self, delay: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.default_delay = delay
        self.clock = clock
        self._gates: dict[str, _Gate] = {}

    def _gate(self, host: str) -> _Gate:
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = _Gate(self.default_delay)
        return gate

    def set_delay(self, host: str, delay: float) -> None:
        """The host's delay from now on (never below the default); a longer one also applies to the next request."""
        gate = self._gate(host)
        new = max(self.default_delay, delay)
        if gate.ready_at and new > gate.delay:
            gate.ready_at += new - gate.delay
        gate.delay = new

    def delay_of(self, host: str) -> float:
        return self._gate(host).delay

    def hold(self, host: str, seconds: float) -> None:
        """No request to ``host`` for ``seconds`` (a Retry-After or a backoff)."""
        gate = self._gate(host)
        gate.ready_at = max(gate.ready_at, self.clock() + seconds)

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold the host's one connection; waits for the delay since its last response."""
        gate = self._gate(host)
        async with gate.lock:
            wait = gate.ready_at - self.clock()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield
            finally:
                gate.ready_at = max(gate.ready_at, self.clock() + gate.delay)
