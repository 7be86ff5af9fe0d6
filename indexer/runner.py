"""The indexer's loop: backfill from the deploy blocks, then follow the head.

Each :meth:`Indexer.step` reads the head, checks the stored tip against it (reorg?), picks
the next range for the contracts that are furthest behind (each contract is backfilled from
its own deploy block; contracts at the same block move together), has the
:class:`~indexer.source.BatchSource` fetch it and applies it as one batch. Final ranges
(at least ``finality_depth`` below the head) need no headers; unfinalized ones are checked
block by block against the stored window.

Example:
    >>> indexer = build_indexer(IndexerSettings())  # doctest: +SKIP
    >>> indexer.run(follow=True, stop=threading.Event())  # doctest: +SKIP
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from sqlalchemy import Engine

from indexer.batch import Applier, apply_batch
from indexer.config import IndexerSettings
from indexer.errors import ChainMismatchError, ChainMovedError, IndexerError
from indexer.logs import emit
from indexer.progress import Reporter
from indexer.projections import PROJECTIONS, append_only_tables
from indexer.reorg import find_fork, tip_changed
from indexer.rpc.blocks import Header, latest_header
from indexer.rpc.client import RpcClient
from indexer.source import BatchSource
from indexer.store.rollback import rollback_to
from indexer.store.state import (
    Status,
    ensure_cursors,
    load_cursors,
    load_window,
    read_status,
    write_status,
)

HEAD_REFRESH_S = 2.0
# Allocations between two young-generation collections (CPython's default is 700).
GC_YOUNG_THRESHOLD = 50_000


def tune_gc() -> None:
    """Make the cyclic garbage collector cheap for a long-running indexer process.

    A batch allocates hundreds of thousands of short-lived dicts and tuples. With CPython's
    defaults that triggers thousands of young collections and a full collection every few
    batches, each one walking every object of the imported libraries (SQLAlchemy, pydantic,
    web3): the profile of a 100,000-event backfill showed ~2.5 s of 17 s of CPU in the
    collector. Freezing what exists after start-up takes those objects out of every
    collection, and a higher young threshold makes collections rarer; the rows of a batch
    are freed by reference counting anyway. Call once per process, after start-up.
    """
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 20)


class Outcome(Enum):
    """What one step did."""

    PROGRESSED = "progressed"
    IDLE = "idle"
    REORG = "reorg"


@dataclass(frozen=True)
class Contract:
    """A contract to index."""

    name: str
    address: str
    deploy_block: int


@dataclass
class Indexer:
    """Indexes ``contracts`` from ``rpc`` into ``engine``'s database."""

    engine: Engine
    rpc: RpcClient
    applier: Applier
    contracts: Sequence[Contract]
    source: BatchSource
    settings: IndexerSettings
    reporter: Reporter
    _cached_head: Header | None = field(default=None, init=False)
    _head_read_at: float = field(default=0.0, init=False)
    _idle_head: Header | None = field(default=None, init=False)

    def prepare(self) -> None:
        """Check the database belongs to this chain and add cursors for new contracts.

        Raises:
            ChainMismatchError: The database holds another chain or deployment.
        """
        chain_id = self.applier.chain_id
        self._idle_head = None
        with self.engine.begin() as connection:
            status = read_status(connection)
            if status is not None and status.chain_id != chain_id:
                raise ChainMismatchError(
                    f"this database indexes chain {status.chain_id}, the RPC serves chain "
                    f"{chain_id}; use one database per chain"
                )
            ensure_cursors(
                connection, [(c.name, c.address, c.deploy_block) for c in self.contracts]
            )
            if status is None:
                start = min(c.deploy_block for c in self.contracts) - 1
                write_status(connection, Status(chain_id, start, 0, 0, "backfill", 0))

    def run(self, *, follow: bool, stop: threading.Event) -> None:
        """Index until caught up (``follow=False``) or until ``stop`` is set.

        Raises:
            IndexerError: Something the indexer cannot work around; the message says what.
        """
        self.prepare()
        moved = 0
        try:
            while not stop.is_set():
                try:
                    outcome = self.step()
                except ChainMovedError as exc:
                    moved += 1
                    if moved >= self.settings.rpc_attempts:
                        raise IndexerError(
                            f"the chain kept changing under the indexer: {exc}"
                        ) from exc
                    delay = self.rpc.policy.delay(moved - 1)
                    emit("chain_moved", level=logging.WARNING, reason=str(exc), delay_s=delay)
                    stop.wait(delay)
                    continue
                moved = 0
                if outcome is Outcome.IDLE:
                    if not follow:
                        return
                    stop.wait(self.settings.poll_interval)
        finally:
            self.source.close()
            self.reporter.close()

    def close(self) -> None:
        """Release the database engine, the RPC connections and the fetch thread."""
        self.source.close()
        self.source.fetcher.rpc.close()
        self.rpc.close()
        self.engine.dispose()

    def step(self) -> Outcome:
        """Do the next unit of work: a reorg repair, a batch, or nothing (caught up).

        Once caught up, a step reads the head and nothing else while it stays the header the
        last idle step saw (same number and hash: the same chain); the database, written
        only by this indexer, cannot have changed meanwhile. Following costs one
        ``eth_getBlockByNumber`` per poll, and a new block is started on at once.
        """
        polled = None
        if self._idle_head is not None:
            polled = latest_header(self.rpc)
            if polled == self._idle_head:
                return Outcome.IDLE
            self._cached_head, self._head_read_at = polled, time.monotonic()
            self._idle_head = None
        with self.engine.connect() as connection:
            window = load_window(connection)
            cursors = load_cursors(connection)
        lowest = min(cursor.indexed_block for cursor in cursors)
        head = polled if polled is not None else self._head(lowest, bool(window))
        if tip_changed(window, head):
            return self._repair(head, window)
        if lowest >= head.number:
            self._idle(lowest, head)
            self._idle_head = head
            return Outcome.IDLE
        group = tuple(c.address for c in cursors if c.indexed_block == lowest)
        upper = min([c.indexed_block for c in cursors if c.indexed_block > lowest] + [head.number])
        finalized = head.number - self.settings.finality_depth
        start = lowest + 1
        if start <= finalized:
            batch = self.source.final_batch(group, start, min(upper, finalized), head)
        else:
            end = min(upper, start + self.settings.header_batch - 1)
            recent = self.source.recent_batch(group, start, end, head, window)
            if recent is None:
                return self._repair(head, window)
            batch = recent
        result = apply_batch(self.engine, batch, self.applier)
        self.reporter.batch(result, final=batch.final)
        return Outcome.PROGRESSED

    def _head(self, lowest: int, following: bool) -> Header:
        """The chain head; while deep in a backfill, the one read less than
        ``HEAD_REFRESH_S`` ago (one request per batch saved, and the boundary of final
        blocks only gets more conservative)."""
        cached, now = self._cached_head, time.monotonic()
        if (
            cached is not None
            and not following
            and lowest + 1 <= cached.number - self.settings.finality_depth
            and now - self._head_read_at < HEAD_REFRESH_S
        ):
            return cached
        self._cached_head, self._head_read_at = latest_header(self.rpc), now
        return self._cached_head

    def _repair(self, head: Header, window: dict[int, Header]) -> Outcome:
        self.source.pipeline.discard()
        fork = find_fork(self.rpc, window, head.number)
        with self.engine.begin() as connection:
            result = rollback_to(connection, fork, append_only_tables(PROJECTIONS.values()))
            status = read_status(connection)  # rollback_to advanced its feed sequence
            if status is not None:
                finalized = max(0, head.number - self.settings.finality_depth)
                indexed = min(status.indexed_block, fork)
                write_status(
                    connection,
                    Status(
                        status.chain_id,
                        indexed,
                        head.number,
                        finalized,
                        status.mode,
                        status.feed_seq,
                    ),
                )
        self.reporter.reorg(max(window), result)
        return Outcome.REORG

    def _idle(self, indexed: int, head: Header) -> None:
        self.reporter.caught_up(indexed, head.number)
        with self.engine.begin() as connection:
            status = read_status(connection)
            if status is None or (status.head_block == head.number and status.mode == "follow"):
                return
            finalized = max(0, head.number - self.settings.finality_depth)
            write_status(
                connection,
                Status(status.chain_id, indexed, head.number, finalized, "follow", status.feed_seq),
            )
