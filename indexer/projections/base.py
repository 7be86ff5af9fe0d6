"""What a projection is: per-contract event handlers and the tables they write.

A handler receives an :class:`EventContext` (the decoded event, its block timestamp, the
batch's :class:`~indexer.store.working_set.WorkingSet` and :class:`FeedWriter`) and
changes rows through them. It never commits, never reads the chain, and never writes
anything that does not follow from the events applied so far: that is what makes a
rebuild, a replay after a crash and a replay after a reorg produce the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import SQLModel

from chain.events import DecodedEvent
from indexer.errors import ProjectionError
from indexer.store.feed import FeedWriter
from indexer.store.working_set import WorkingSet


@dataclass(slots=True)
class EventContext:
    """One event being applied, and where its effects go."""

    event: DecodedEvent
    timestamp: int
    rows: WorkingSet
    feed: FeedWriter

    @property
    def args(self) -> dict[str, Any]:
        """The event's decoded arguments."""
        return self.event.args

    @property
    def block(self) -> int:
        """The event's block number."""
        return self.event.block_number

    def position(self) -> dict[str, Any]:
        """Where the event is on chain, for append-only rows."""
        return {
            "block_number": self.event.block_number,
            "log_index": self.event.log_index,
            "tx_hash": self.event.tx_hash,
        }


Handler = Callable[[EventContext], None]
Prefetch = Callable[[Sequence[DecodedEvent], WorkingSet], None]


@dataclass(frozen=True)
class Projection:
    """How one contract's events become rows.

    Attributes:
        contract: Name of the contract in the deployment manifest (and its artifact).
        handlers: Event name → handler.
        ignored: Events deliberately kept only in ``raw_events``.
        append_only: Tables this projection only inserts into; a rollback deletes their rows
            above the fork point by ``block_number``.
        mutable: Tables whose rows change in place; a rollback restores them from the undo
            log. Listed for documentation and for the schema tests.
        prefetch: Loads the rows a batch of this contract's events will touch, in bulk
            (an optimization: handlers load missing rows one by one anyway).
    """

    contract: str
    handlers: Mapping[str, Handler]
    ignored: frozenset[str]
    append_only: tuple[type[SQLModel], ...]
    mutable: tuple[type[SQLModel], ...]
    prefetch: Prefetch | None = None

    def apply(self, context: EventContext) -> None:
        """Run the handler of ``context.event``.

        Raises:
            ProjectionError: The contract emitted an event this projection does not know.
        """
        handler = self.handlers.get(context.event.event)
        if handler is not None:
            handler(context)
        elif context.event.event not in self.ignored:
            raise ProjectionError(
                f"{self.contract} emitted {context.event.event}, which no projection handles; "
                f"add a handler (or list it as ignored) in indexer/projections/"
            )
