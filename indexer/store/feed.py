"""The feed's change sequence: every insert, removal or revival takes the next ``seq``.

API clients stream ``feed_items`` ordered by ``seq`` and remember the last one they saw. A
reorg does not delete feed items: it marks them ``removed`` and gives them a fresh ``seq``,
so a client that resumes from its last ``seq`` receives the removal (and the API sends a
``delete``). Only one indexer writes a database, inside the batch's transaction, so the
sequence grows strictly in commit order; its last value lives in ``indexer_status``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from chain.events import DecodedEvent
from indexer.errors import ProjectionError
from indexer.models.core import FeedItem, FeedKind
from indexer.store.bulk import insert_many
from indexer.store.tables import Row, table_info


@dataclass
class FeedWriter:
    """Collects the feed items of a batch and writes them with their ``seq``.

    Attributes:
        chain_id: Chain the events come from.
        last_seq: The last ``seq`` handed out, advanced by every :meth:`add`.
    """

    chain_id: int
    last_seq: int
    _rows: list[Row] = field(default_factory=list)

    def add(
        self,
        event: DecodedEvent,
        timestamp: int,
        *,
        kind: FeedKind,
        actor: str,
        subject_type: str,
        subject_id: int,
        seller: str | None = None,
        buyer: str | None = None,
        token: str | None = None,
        amount: int | None = None,
        quantity: int | None = None,
    ) -> None:
        """Add the feed item of ``event``.

        Raises:
            ProjectionError: ``kind`` is not a :class:`FeedKind` (a projection passed a
                free string, which the API could not filter on).
        """
        if not isinstance(kind, FeedKind):
            raise ProjectionError(
                f"feed item kind {kind!r} is not a FeedKind; add it to indexer/models/core.py"
            )
        self.last_seq += 1
        self._rows.append(
            {
                "seq": self.last_seq,
                "chain_id": self.chain_id,
                "contract": event.contract or event.address,
                "kind": kind.value,
                "actor": actor,
                "subject_type": subject_type,
                "subject_id": str(subject_id),
                "seller": seller,
                "buyer": buyer,
                "token": token,
                "amount": amount,
                "quantity": quantity,
                "block_number": event.block_number,
                "block_hash": event.block_hash,
                "log_index": event.log_index,
                "tx_hash": event.tx_hash,
                "timestamp": timestamp,
                "removed": False,
            }
        )

    def flush(self, connection: Connection) -> int:
        """Insert the collected items; an item a reorg removed earlier comes back to life.

        Returns:
            The number of items written.
        """
        if not self._rows:
            return 0
        info = table_info(FeedItem)
        table = info.table
        low = min(row["block_number"] for row in self._rows)
        high = max(row["block_number"] for row in self._rows)
        found = connection.execute(
            select(table.c.id, table.c.block_hash, table.c.log_index).where(
                table.c.block_number.between(low, high), table.c.removed.is_(True)
            )
        )
        tombstones = {(block_hash, log_index): item_id for item_id, block_hash, log_index in found}
        revived = [
            {**row, "item_id": tombstones[(row["block_hash"], row["log_index"])]}
            for row in self._rows
            if (row["block_hash"], row["log_index"]) in tombstones
        ]
        if revived:  # the same block came back after a reorg: its items live again
            values: dict[str, Any] = {n: bindparam(n) for n in ("seq", "removed", "kind", "actor")}
            connection.execute(
                update(table).where(table.c.id == bindparam("item_id")).values(values), revived
            )
        fresh = [
            row for row in self._rows if (row["block_hash"], row["log_index"]) not in tombstones
        ]
        insert_many(connection, info, fresh)
        written = len(self._rows)
        self._rows.clear()
        return written


def remove_above(connection: Connection, fork: int, last_seq: int) -> tuple[int, int]:
    """Mark every live feed item above block ``fork`` removed, each with a new ``seq``.

    Returns:
        The number of items removed and the new last ``seq``.
    """
    table = table_info(FeedItem).table
    ids = connection.execute(
        select(table.c.id)
        .where(table.c.block_number > fork, table.c.removed.is_(False))
        .order_by(table.c.block_number, table.c.log_index)
    ).scalars()
    params: list[dict[str, Any]] = []
    for item_id in ids:
        last_seq += 1
        params.append({"item_id": item_id, "new_seq": last_seq})
    if params:
        connection.execute(
            update(table)
            .where(table.c.id == bindparam("item_id"))
            .values(removed=True, seq=bindparam("new_seq")),
            params,
        )
    return len(params), last_seq
