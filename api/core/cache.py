"""A per-process cache of rendered first feed pages, dropped whenever the feed changes.

The first page of the public feed is what nearly every visitor asks for and the same for all
of them. Each process keeps it rendered (body and headers) together with the feed's version,
``(feed seq, finalized block)`` from ``indexer_status``: any new, removed or newly final item
changes the version and empties the cache. The version is read at most once per ``ttl``
seconds per process, so a page is at most ``ttl`` seconds older than the database, plus the
time of one version query (the live stream, not the first page, is the low-latency channel).

One request at a time checks the version, without holding the lock: while it waits for the
database, the others are still answered from the entries that were current a moment ago
instead of queueing behind the check (under load, that queue was the slowest 1 % of
first-page requests).

Example:
    >>> cache = VersionedCache(ttl=60.0)
    >>> cache.get("page", lambda: (1, 0), lambda: b"rendered")
    b'rendered'
    >>> cache.get("page", lambda: (2, 0), lambda: b"never rendered: the version is fresh")
    b'rendered'
    >>> cache.peek("page"), cache.peek("other page")
    (b'rendered', None)
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class VersionedCache(Generic[Value]):
    """Values by key, all dropped when the version changes; at most ``max_entries`` kept."""

    def __init__(self, ttl: float, max_entries: int = 256) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, Value] = OrderedDict()
        self._version: Hashable | None = None
        self._checked_at = float("-inf")
        self._generation = 0  # bumped on every clear: a render from before may not be kept
        self._checking = False  # a version check is running (outside the lock)
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> Value | None:
        """The cached value of ``key`` if it needs no database at all: present, and the
        version checked less than ``ttl`` ago or being checked right now. Cheap enough for
        the event loop."""
        if self.ttl <= 0:
            return None
        with self._lock:
            due = time.monotonic() - self._checked_at >= self.ttl and not self._checking
            if due or key not in self._entries:
                return None
            self._entries.move_to_end(key)
            return self._entries[key]

    def get(
        self, key: Hashable, version: Callable[[], Hashable], render: Callable[[], Value]
    ) -> Value:
        """The cached value of ``key``, rendered anew when missing or out of date.

        Args:
            key: What identifies the value (e.g. the request URL).
            version: Reads the current version; called at most once per ``ttl``.
            render: Builds the value on a miss.
        """
        if self.ttl <= 0:
            return render()
        with self._lock:
            moment = time.monotonic()
            check = moment - self._checked_at >= self.ttl and not self._checking
            self._checking = self._checking or check
        if check:
            try:
                current = version()
            except BaseException:
                with self._lock:
                    self._checking = False
                raise
            with self._lock:
                self._checking = False
                self._checked_at = moment
                if current != self._version:
                    self._entries.clear()
                    self._version = current
                    self._generation += 1
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            generation = self._generation
        value = render()
        with self._lock:
            if generation != self._generation:
                return value  # rendered from data older than the current version
            self._entries[key] = value
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value
