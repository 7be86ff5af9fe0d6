"""Fetch and decode the next range while the current batch is being written.

During a backfill the indexer alternates between waiting for the node (``eth_getLogs``,
JSON parsing, decoding) and waiting for the database (inserts, commit). The
:class:`RangePipeline` overlaps the two: right after a final range is handed out, the next
one is fetched and decoded in a background thread. Only final ranges are fetched ahead
(their content cannot change); anything else is fetched on demand. One fetch at a time
ever uses the :class:`~indexer.fetch.LogFetcher`, so its adaptive state stays consistent.

Example:
    >>> pipeline = RangePipeline(fetch_range)  # doctest: +SKIP
    >>> fetched = pipeline.get(group, 1, 5_000)  # doctest: +SKIP
    >>> pipeline.ahead(group, fetched.last + 1, 5_000)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from chain.events import DecodedEvent
from indexer.rpc.blocks import RawLog

Group = tuple[str, ...]


@dataclass(frozen=True)
class FetchedRange:
    """Logs of ``group`` over blocks ``start..last``, decoded, with block timestamps."""

    group: Group
    start: int
    last: int
    logs: list[RawLog]
    events: list[DecodedEvent]
    timestamps: Mapping[int, int]


FetchRange = Callable[[Group, int, int], FetchedRange]


class RangePipeline:
    """At most one range fetched ahead, in one background thread."""

    def __init__(self, fetch: FetchRange) -> None:
        """Fetch ranges with ``fetch(group, start, end)`` (it picks how far to go)."""
        self._fetch = fetch
        self._executor: ThreadPoolExecutor | None = None
        self._ahead: tuple[Group, int, int, Future[FetchedRange]] | None = None

    def get(self, group: Group, start: int, end: int) -> FetchedRange:
        """The range of ``group`` from ``start`` to at most ``end``: the one fetched ahead
        if it matches, otherwise fetched now.

        Raises:
            The fetch's errors (RPC failures), whether it ran ahead or now.
        """
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            ahead_group, ahead_start, ahead_end, future = ahead
            if (ahead_group, ahead_start) == (group, start) and ahead_end <= end:
                return future.result()
            _settle(future)
        return self._fetch(group, start, end)

    def ahead(self, group: Group, start: int, end: int) -> None:
        """Start fetching ``group`` from ``start`` to at most ``end`` in the background."""
        self.discard()
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="bazaar-fetch")
        self._ahead = (group, start, end, self._executor.submit(self._fetch, group, start, end))

    def discard(self) -> None:
        """Drop the range fetched ahead (after waiting for its fetch to end)."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            _settle(ahead[3])

    def close(self) -> None:
        """Discard, and stop the background thread."""
        self.discard()
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None


def _settle(future: Future[FetchedRange]) -> None:
    """Wait for an unwanted fetch to finish; its result or error no longer matters."""
    if not future.cancel():
        future.exception()
