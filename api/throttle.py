"""Throttling of failed bearer tokens, per client address, in memory.

After ``max_failures`` wrong tokens from one address within ``window`` seconds,
every token check from that address is refused with 429 and ``Retry-After``
until the window that began with the first failure is over; the correct token
too, or guessing would simply go on. A correct token otherwise costs one
dictionary look-up and clears the address's count. At most ``max_clients``
addresses are remembered (the least recently failing are forgotten first), so
a flood of addresses cannot grow the table without bound.

The address is the TCP peer (``request.client.host``): behind a reverse proxy
every client shares the proxy's address, so throttle there instead.
"""
from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class AuthThrottle:
    def __init__(self, max_failures: int = 10, window: float = 60.0, max_clients: int = 10_000,
                 clock: Callable[[], float] = time.monotonic):
        if max_failures < 1 or window <= 0 or max_clients < 1:
            raise ValueError("max_failures, window and max_clients must be positive")
        self.max_failures = max_failures
        self.window = window
        self.max_clients = max_clients
        self._clock = clock
        self._lock = threading.Lock()
        # address -> [failures, start of the window]
        self._failures: OrderedDict[str, list[float]] = OrderedDict()

    def retry_after(self, client: str) -> int | None:
        """Seconds until `client` may try again, or None when it may try now."""
        if not self._failures:            # the common case: nobody failed lately
            return None
        with self._lock:
            entry = self._failures.get(client)
            if entry is None:
                return None
            left = entry[1] + self.window - self._clock()
            if left <= 0:
                del self._failures[client]
                return None
            if entry[0] >= self.max_failures:
                return max(1, math.ceil(left))
            return None

    def failed(self, client: str) -> None:
        now = self._clock()
        with self._lock:
            entry = self._failures.get(client)
            if entry is None or now - entry[1] >= self.window:
                entry = [0, now]
            entry[0] += 1
            self._failures[client] = entry
            self._failures.move_to_end(client)
            while len(self._failures) > self.max_clients:
                self._failures.popitem(last=False)

    def succeeded(self, client: str) -> None:
        if self._failures:
            with self._lock:
                self._failures.pop(client, None)

    def __len__(self) -> int:
        return len(self._failures)
