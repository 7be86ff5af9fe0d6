"""Turn block ranges into :class:`~indexer.batch.Batch` es ready to apply.

* Final ranges: logs fetched as wide as the provider allows (and the next range fetched
  ahead, :mod:`indexer.pipeline`), no headers needed.
* Unfinalized ranges: the header of every block too, linked by parent hash to each other
  and to the stored window, and every log's block hash checked against them. A break with
  the stored window means a reorg (``None``); a break inside the fetched data means the
  chain moved while fetching (:class:`ChainMovedError`, retried).

Oversized answers are cut at a block boundary near ``target_logs`` so that one database
transaction (and the memory it needs) stays bounded; the rest is fetched again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from chain.events import EventRegistry
from indexer.batch import Batch
from indexer.errors import ChainMovedError
from indexer.fetch import LogFetcher
from indexer.pipeline import FetchedRange, Group, RangePipeline
from indexer.rpc.blocks import Header, RawLog, get_headers
from indexer.rpc.client import RpcClient


@dataclass
class BatchSource:
    """Fetches batches from the node.

    Attributes:
        rpc: Client for heads and headers (the fetcher has its own, used by the pipeline).
        fetcher: Adaptive ``eth_getLogs`` ranges.
        registry: Decodes the logs (in the pipeline's thread for final ranges).
        header_batch: Headers per JSON-RPC batch, and widest unfinalized range.
    """

    rpc: RpcClient
    fetcher: LogFetcher
    registry: EventRegistry
    header_batch: int
    pipeline: RangePipeline = field(init=False)

    def __post_init__(self) -> None:
        self.pipeline = RangePipeline(self._fetch_range)

    def final_batch(self, group: Group, start: int, limit: int, head: Header) -> Batch:
        """The next batch of final blocks from ``start`` (at most up to ``limit``)."""
        fetched = self.pipeline.get(group, start, limit)
        if fetched.last < limit:
            self.pipeline.ahead(group, fetched.last + 1, limit)
        return Batch(
            addresses=group,
            start=start,
            end=fetched.last,
            logs=fetched.logs,
            headers=[],
            final=True,
            head=head.number,
            timestamps=fetched.timestamps,
            events=fetched.events,
        )

    def recent_batch(
        self, group: Group, start: int, end: int, head: Header, window: Mapping[int, Header]
    ) -> Batch | None:
        """The batch of unfinalized blocks ``start..end``, or ``None`` on a reorg."""
        first = start if (start - 1) in window or start == 0 else start - 1
        if first == start == end == head.number:
            headers = {start: head}  # following one block at a time: the head is all we need
        else:
            numbers = range(first, end + 1)
            headers = {h.number: h for h in get_headers(self.rpc, numbers, self.header_batch)}
        if not _extends(window, headers, first, start, end):
            return None
        fetched = self.pipeline.get(group, start, end)
        _check_log_hashes(fetched.logs, headers)
        return Batch(
            addresses=group,
            start=start,
            end=fetched.last,
            logs=fetched.logs,
            headers=[headers[n] for n in range(first, fetched.last + 1)],
            final=False,
            head=head.number,
            timestamps={n: h.timestamp for n, h in headers.items()},
            events=fetched.events,
        )

    def close(self) -> None:
        """Stop fetching ahead."""
        self.pipeline.close()

    def _fetch_range(self, group: Group, start: int, end: int) -> FetchedRange:
        last, logs = self.fetcher.fetch(group, start, end)
        last, logs = _cut(logs, start, last, self.fetcher.target_logs)
        missing = sorted(
            {int(log["blockNumber"], 16) for log in logs if "blockTimestamp" not in log}
        )
        headers = get_headers(self.fetcher.rpc, missing, self.header_batch) if missing else []
        return FetchedRange(
            group=group,
            start=start,
            last=last,
            logs=logs,
            events=self.registry.decode_logs(logs),
            timestamps={h.number: h.timestamp for h in headers},
        )


def _extends(
    window: Mapping[int, Header], headers: Mapping[int, Header], first: int, start: int, end: int
) -> bool:
    """Whether ``headers`` continue the stored window (``False``: reorg).

    Raises:
        ChainMovedError: The fetched headers do not link to each other.
    """
    stored_parent = window.get(start - 1)
    if stored_parent is not None and headers[start].parent_hash != stored_parent.hash:
        return False
    for number in range(max(first, start - 1) + 1, end + 1):
        stored = window.get(number)
        if stored is not None and stored.hash != headers[number].hash:
            return False
        previous = headers.get(number - 1)
        if previous is not None and headers[number].parent_hash != previous.hash:
            raise ChainMovedError(f"block {number} does not link to block {number - 1}")
    return True


def _cut(logs: list[RawLog], start: int, last: int, target: int) -> tuple[int, list[RawLog]]:
    """At most about ``target`` logs, cut at a block boundary (a whole first block at least)."""
    if len(logs) <= 2 * target:
        return last, logs
    boundary = int(logs[target]["blockNumber"], 16)
    if boundary <= start:
        boundary = start + 1
    kept = [log for log in logs if int(log["blockNumber"], 16) < boundary]
    return boundary - 1, kept


def _check_log_hashes(logs: list[RawLog], headers: Mapping[int, Header]) -> None:
    for log in logs:
        number = int(log["blockNumber"], 16)
        header = headers.get(number)
        if header is None or str(log["blockHash"]).lower() != header.hash:
            raise ChainMovedError(f"the logs of block {number} come from another fork")
