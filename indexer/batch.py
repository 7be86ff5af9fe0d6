"""Apply one batch of logs: decode, project, write, move the cursor, in ONE transaction.

Everything a batch changes (raw events, projected rows, undo images, feed items, block
hashes, cursors, the status row) commits together or not at all. A crash at any instant
leaves the database at the end of the last committed batch, and the next run starts right
after it: nothing is lost and nothing is applied twice.

Example:
    >>> result = apply_batch(engine, batch, applier)  # doctest: +SKIP
    >>> result.events, result.end
    (4980, 120_311)
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from chain.events import DecodedEvent, EventRegistry
from indexer.errors import IndexerError, ProjectionError
from indexer.models.core import ContractCursor, RawEvent
from indexer.projections.base import EventContext, Projection
from indexer.rpc.blocks import Header, RawLog
from indexer.store.feed import FeedWriter
from indexer.store.state import (
    Status,
    advance_cursors,
    prune_window,
    read_status,
    save_headers,
    write_status,
)
from indexer.store.tables import table_of
from indexer.store.working_set import WorkingSet


@dataclass(frozen=True)
class Batch:
    """Logs of some contracts over a block range, ready to apply.

    Attributes:
        addresses: The contracts whose cursors this batch moves from ``start - 1`` to ``end``.
        start: First block of the range.
        end: Last block of the range (inclusive).
        logs: The range's logs of those contracts, in chain order.
        headers: Headers to remember for reorg detection (unfinalized blocks), else empty.
        final: Whether every block of the range is final (no undo images needed).
        head: The chain head when the batch was fetched.
        timestamps: Block timestamps for logs that do not carry ``blockTimestamp``.
    """

    addresses: tuple[str, ...]
    start: int
    end: int
    logs: list[RawLog]
    headers: list[Header]
    final: bool
    head: int
    timestamps: Mapping[int, int]


@dataclass(frozen=True)
class BatchResult:
    """What applying a batch did."""

    start: int
    end: int
    events: int
    rows: int
    indexed_block: int
    head: int
    seconds: float


@dataclass(frozen=True)
class Applier:
    """What :func:`apply_batch` needs besides the batch."""

    chain_id: int
    registry: EventRegistry
    projections: Mapping[str, Projection]
    finality_depth: int


def apply_batch(engine: Engine, batch: Batch, applier: Applier) -> BatchResult:
    """Apply ``batch`` in one transaction and return what it did.

    Raises:
        UnknownEventError: A log does not match its contract's ABI (stale artifacts?).
        ProjectionError: An event contradicts the database (see its message).
        ConcurrentIndexerError: Another indexer moved the cursor meanwhile.
    """
    began = time.perf_counter()
    events = applier.registry.decode_logs(batch.logs)
    with engine.begin() as connection:
        status = read_status(connection)
        if status is None:
            raise IndexerError("the status row is missing; the indexer was not prepared")
        rows = WorkingSet(connection, journal_from=None if batch.final else batch.start)
        feed = FeedWriter(applier.chain_id, status.feed_seq)
        _prefetch(applier, events, rows)
        for log, event in zip(batch.logs, events, strict=True):
            projection = applier.projections.get(event.contract or "")
            if projection is None:
                raise ProjectionError(f"no projection for the contract at {event.address}")
            timestamp = _timestamp(log, batch)
            rows.block = event.block_number
            rows.append(
                RawEvent,
                {
                    "chain_id": applier.chain_id,
                    "block_number": event.block_number,
                    "log_index": event.log_index,
                    "block_hash": event.block_hash,
                    "tx_hash": event.tx_hash,
                    "timestamp": timestamp,
                    "contract": projection.contract,
                    "address": event.address,
                    "event": event.event,
                    "args": event.args,
                },
            )
            projection.apply(EventContext(event, timestamp, rows, feed))
        written = rows.flush() + feed.flush(connection)
        save_headers(connection, batch.headers)
        advance_cursors(connection, batch.addresses, batch.start - 1, batch.end)
        cursors = table_of(ContractCursor)
        indexed = int(connection.execute(select(func.min(cursors.c.indexed_block))).scalar_one())
        finalized = max(0, batch.head - applier.finality_depth)
        write_status(
            connection,
            Status(
                chain_id=applier.chain_id,
                indexed_block=indexed,
                head_block=batch.head,
                finalized_block=finalized,
                mode="backfill" if batch.final else "follow",
                feed_seq=feed.last_seq,
            ),
        )
        if not batch.final:
            prune_window(connection, finalized)
    return BatchResult(
        start=batch.start,
        end=batch.end,
        events=len(events),
        rows=written,
        indexed_block=indexed,
        head=batch.head,
        seconds=time.perf_counter() - began,
    )


def _prefetch(applier: Applier, events: Sequence[DecodedEvent], rows: WorkingSet) -> None:
    """Let each projection load the rows its events will touch, in bulk."""
    for projection in applier.projections.values():
        mine = [event for event in events if event.contract == projection.contract]
        if mine and projection.prefetch is not None:
            projection.prefetch(mine, rows)


def _timestamp(log: RawLog, batch: Batch) -> int:
    stamp = log.get("blockTimestamp")
    if stamp is not None:
        return int(stamp, 16) if isinstance(stamp, str) else int(stamp)
    number = int(log["blockNumber"], 16)
    try:
        return batch.timestamps[number]
    except KeyError:
        raise IndexerError(f"no timestamp for block {number}; the fetcher must supply it") from None
