"""The indexer's loop: backfill from the deploy blocks, then follow the head.

Each :meth:`Indexer.step` reads the head, checks the stored tip against it (reorg?), picks
the next range for the contracts that are furthest behind, fetches it and applies it as
one batch. Final ranges (at least ``finality_depth`` below the head) are fetched as wide as
the provider allows and need no headers; unfinalized ranges are fetched with the header of
every block, linked by parent hash to the stored window, and checked against the logs'
block hashes.

Example:
    >>> indexer = build_indexer(IndexerSettings())  # doctest: +SKIP
    >>> indexer.run(follow=True, stop=threading.Event())  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import Engine

from indexer.batch import Applier, Batch, apply_batch
from indexer.config import IndexerSettings
from indexer.errors import ChainMismatchError, ChainMovedError, IndexerError
from indexer.fetch import LogFetcher
from indexer.logs import emit
from indexer.progress import Reporter
from indexer.projections import PROJECTIONS, append_only_tables
from indexer.reorg import find_fork, tip_changed
from indexer.rpc.blocks import Header, RawLog, get_headers, latest_header
from indexer.rpc.client import RpcClient
from indexer.store.rollback import rollback_to
from indexer.store.state import (
    Status,
    ensure_cursors,
    load_cursors,
    load_window,
    read_status,
    write_status,
)


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
    fetcher: LogFetcher
    settings: IndexerSettings
    reporter: Reporter

    def prepare(self) -> None:
        """Check the database belongs to this chain and add cursors for new contracts.

        Raises:
            ChainMismatchError: The database holds another chain or deployment.
        """
        chain_id = self.applier.chain_id
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
            self.reporter.close()

    def step(self) -> Outcome:
        """Do the next unit of work: a reorg repair, a batch, or nothing (caught up)."""
        head = latest_header(self.rpc)
        with self.engine.connect() as connection:
            window = load_window(connection)
            cursors = load_cursors(connection)
        if tip_changed(window, head):
            return self._repair(head, window)
        lowest = min(cursor.indexed_block for cursor in cursors)
        if lowest >= head.number:
            self._idle(lowest, head)
            return Outcome.IDLE
        group = tuple(c.address for c in cursors if c.indexed_block == lowest)
        upper = min([c.indexed_block for c in cursors if c.indexed_block > lowest] + [head.number])
        finalized = head.number - self.settings.finality_depth
        start = lowest + 1
        if start <= finalized:
            batch = self._final_batch(group, start, min(upper, finalized), head)
        else:
            end = min(upper, start + self.settings.header_batch - 1)
            fetched = self._recent_batch(group, start, end, head, window)
            if fetched is None:
                return self._repair(head, window)
            batch = fetched
        result = apply_batch(self.engine, batch, self.applier)
        self.reporter.batch(result, final=batch.final)
        return Outcome.PROGRESSED

    def _final_batch(self, group: tuple[str, ...], start: int, end: int, head: Header) -> Batch:
        last, logs = self.fetcher.fetch(group, start, end)
        missing = sorted(
            {int(log["blockNumber"], 16) for log in logs if "blockTimestamp" not in log}
        )
        headers = get_headers(self.rpc, missing, self.settings.header_batch) if missing else []
        return Batch(
            addresses=group,
            start=start,
            end=last,
            logs=logs,
            headers=[],
            final=True,
            head=head.number,
            timestamps={h.number: h.timestamp for h in headers},
        )

    def _recent_batch(
        self,
        group: tuple[str, ...],
        start: int,
        end: int,
        head: Header,
        window: dict[int, Header],
    ) -> Batch | None:
        """The batch for unfinalized blocks, or ``None`` when they do not extend the window."""
        first = start if (start - 1) in window or start == 0 else start - 1
        headers = {
            h.number: h
            for h in get_headers(self.rpc, range(first, end + 1), self.settings.header_batch)
        }
        stored_parent = window.get(start - 1)
        if stored_parent is not None and headers[start].parent_hash != stored_parent.hash:
            return None  # the new blocks do not build on the indexed tip: reorg
        fetched_parent = headers.get(start - 1)
        if fetched_parent is not None and headers[start].parent_hash != fetched_parent.hash:
            raise ChainMovedError(f"block {start} does not link to block {start - 1}")
        for number in range(start, end + 1):
            stored = window.get(number)
            if stored is not None and stored.hash != headers[number].hash:
                return None
            if number > start and headers[number].parent_hash != headers[number - 1].hash:
                raise ChainMovedError(f"block {number} does not link to block {number - 1}")
        last, logs = self.fetcher.fetch(group, start, end)
        _check_log_hashes(logs, headers)
        return Batch(
            addresses=group,
            start=start,
            end=last,
            logs=logs,
            headers=[headers[n] for n in range(first, last + 1)],
            final=False,
            head=head.number,
            timestamps={n: h.timestamp for n, h in headers.items()},
        )

    def _repair(self, head: Header, window: dict[int, Header]) -> Outcome:
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


def _check_log_hashes(logs: list[RawLog], headers: dict[int, Header]) -> None:
    for log in logs:
        number = int(log["blockNumber"], 16)
        header = headers.get(number)
        if header is None or str(log["blockHash"]).lower() != header.hash:
            raise ChainMovedError(f"the logs of block {number} come from another fork")
