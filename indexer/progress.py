"""What the indexer tells its operator: a Rich progress bar while backfilling, structured
log lines while following the head.

The progress bar shows blocks done out of blocks to go, events per second and the ETA. It
is drawn only on a terminal; elsewhere (CI, a service manager) the backfill logs one
``backfill_progress`` line every few seconds instead.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from indexer.batch import BatchResult
from indexer.logs import emit
from indexer.store.rollback import RollbackResult

LOG_EVERY = 5.0


@dataclass
class Reporter:
    """Turns indexer milestones into a progress bar and log lines.

    Attributes:
        console: Where the bar goes; ``None`` or not a terminal: no bar.
        events: Events indexed since start.
    """

    console: Console | None = None
    events: int = 0
    _progress: Progress | None = field(default=None, init=False)
    _task: TaskID | None = field(default=None, init=False)
    _first: int | None = field(default=None, init=False)
    _started: float = field(default_factory=time.monotonic, init=False)
    _last_log: float = field(default=0.0, init=False)
    _following: bool = field(default=False, init=False)

    def batch(self, result: BatchResult, *, final: bool) -> None:
        """A batch was committed; ``final`` batches belong to the backfill."""
        self.events += result.events
        if final and not self._following:
            self._backfill(result)
            return
        self._end_backfill(result.indexed_block, result.head)
        emit(
            "block_indexed",
            start=result.start,
            end=result.end,
            events=result.events,
            rows=result.rows,
            head=result.head,
            lag=result.head - result.indexed_block,
            apply_ms=round(result.seconds * 1000, 1),
        )

    def caught_up(self, indexed: int, head: int) -> None:
        """The indexer reached the head."""
        self._end_backfill(indexed, head)

    def reorg(self, tip: int, result: RollbackResult) -> None:
        """A reorg was rolled back to ``result.fork``."""
        emit(
            "reorg",
            level=30,
            fork=result.fork,
            depth=tip - result.fork,
            restored_rows=result.restored_rows,
            deleted_rows=result.deleted_rows,
            removed_feed_items=result.removed_feed_items,
        )

    def close(self) -> None:
        """Stop drawing the bar."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def _backfill(self, result: BatchResult) -> None:
        if self._first is None:
            self._first = result.start
            emit("backfill_started", start=result.start, head=result.head)
        elapsed = max(time.monotonic() - self._started, 1e-9)
        rate = self.events / elapsed
        total = max(1, result.head - self._first + 1)
        done = result.end - self._first + 1
        if self.console is not None and self.console.is_terminal:
            if self._progress is None:
                self._progress = Progress(
                    TextColumn("[bold]backfill"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("blocks  {task.fields[rate]:>8.0f} events/s"),
                    TimeElapsedColumn(),
                    TextColumn("ETA"),
                    TimeRemainingColumn(),
                    console=self.console,
                    transient=False,
                )
                self._task = self._progress.add_task("backfill", total=total, rate=0.0)
                self._progress.start()
            if self._task is not None:
                self._progress.update(self._task, total=total, completed=done, rate=rate)
        now = time.monotonic()
        if now - self._last_log >= LOG_EVERY:
            self._last_log = now
            emit(
                "backfill_progress",
                block=result.end,
                head=result.head,
                events=self.events,
                events_per_s=round(rate, 1),
            )

    def _end_backfill(self, indexed: int, head: int) -> None:
        if self._following:
            return
        self._following = True
        self.close()
        elapsed = time.monotonic() - self._started
        emit(
            "following_head",
            indexed=indexed,
            head=head,
            events=self.events,
            seconds=round(elapsed, 3),
            events_per_s=round(self.events / max(elapsed, 1e-9), 1),
        )
