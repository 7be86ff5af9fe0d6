"""The indexer's own state: contract cursors, the unfinalized window, the status row.

All writes here run in the caller's transaction, next to the batch they describe, so the
cursor can never claim more (or less) than the rows that are committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, insert, select, update

from indexer.errors import ChainMismatchError, ConcurrentIndexerError
from indexer.models.core import BlockHash, ContractCursor, IndexerStatus, UndoEntry
from indexer.rpc.blocks import Header
from indexer.store.tables import table_of


@dataclass(frozen=True)
class Cursor:
    """How far one contract is indexed."""

    address: str
    name: str
    deploy_block: int
    indexed_block: int


@dataclass(frozen=True)
class Status:
    """The status row (see :class:`~indexer.models.core.IndexerStatus`)."""

    chain_id: int
    indexed_block: int
    head_block: int
    finalized_block: int
    mode: str
    feed_seq: int


def load_cursors(connection: Connection) -> list[Cursor]:
    """Every contract cursor, by address."""
    table = table_of(ContractCursor)
    rows = connection.execute(select(table).order_by(table.c.address)).mappings()
    return [Cursor(**row) for row in rows]


def ensure_cursors(connection: Connection, contracts: Sequence[tuple[str, str, int]]) -> None:
    """Add a cursor (at ``deploy_block - 1``) for every new ``(name, address, deploy_block)``.

    Raises:
        ChainMismatchError: The database indexed another address under the same name.
    """
    existing = {cursor.name: cursor for cursor in load_cursors(connection)}
    table = table_of(ContractCursor)
    for name, address, deploy_block in contracts:
        known = existing.get(name)
        if known is not None and known.address != address:
            raise ChainMismatchError(
                f"this database indexed {name} at {known.address}, the deployment has it at "
                f"{address}; index a new deployment into a new database"
            )
        if known is None:
            connection.execute(
                insert(table).values(
                    address=address,
                    name=name,
                    deploy_block=deploy_block,
                    indexed_block=deploy_block - 1,
                )
            )


def advance_cursors(
    connection: Connection, addresses: Sequence[str], expected: int, indexed: int
) -> None:
    """Move the cursors of ``addresses`` from ``expected`` to ``indexed``.

    Raises:
        ConcurrentIndexerError: A cursor was not at ``expected`` (another indexer runs).
    """
    table = table_of(ContractCursor)
    moved = connection.execute(
        update(table)
        .where(table.c.address.in_(list(addresses)), table.c.indexed_block == expected)
        .values(indexed_block=indexed)
    ).rowcount
    if moved != len(addresses):
        raise ConcurrentIndexerError(
            f"the cursor of {', '.join(addresses)} is no longer at block {expected}; "
            "is another indexer writing to this database? Run one indexer per database"
        )


def load_window(connection: Connection) -> dict[int, Header]:
    """The stored headers of the unfinalized window, by block number."""
    table = table_of(BlockHash)
    rows = connection.execute(select(table)).mappings()
    return {
        row["number"]: Header(row["number"], row["hash"], row["parent_hash"], row["timestamp"])
        for row in rows
    }


def save_headers(connection: Connection, headers: Sequence[Header]) -> None:
    """Store the headers of newly indexed unfinalized blocks (replacing same numbers)."""
    if not headers:
        return
    table = table_of(BlockHash)
    numbers = [header.number for header in headers]
    connection.execute(delete(table).where(table.c.number.in_(numbers)))
    connection.execute(
        insert(table),
        [
            {
                "number": h.number,
                "hash": h.hash,
                "parent_hash": h.parent_hash,
                "timestamp": h.timestamp,
            }
            for h in headers
        ],
    )


def prune_window(connection: Connection, finalized: int) -> None:
    """Forget undo images of final blocks and headers below the last final block."""
    undo = table_of(UndoEntry)
    connection.execute(delete(undo).where(undo.c.block_number <= finalized))
    hashes = table_of(BlockHash)
    connection.execute(delete(hashes).where(hashes.c.number < finalized))


def read_status(connection: Connection) -> Status | None:
    """The status row, if the indexer ever ran on this database."""
    table = table_of(IndexerStatus)
    row = connection.execute(select(table).where(table.c.id == 1)).mappings().first()
    if row is None:
        return None
    return Status(
        chain_id=row["chain_id"],
        indexed_block=row["indexed_block"],
        head_block=row["head_block"],
        finalized_block=row["finalized_block"],
        mode=row["mode"],
        feed_seq=row["feed_seq"],
    )


def write_status(connection: Connection, status: Status) -> None:
    """Insert or update the status row."""
    table = table_of(IndexerStatus)
    values = {
        "chain_id": status.chain_id,
        "indexed_block": status.indexed_block,
        "head_block": status.head_block,
        "finalized_block": status.finalized_block,
        "lag": max(0, status.head_block - status.indexed_block),
        "mode": status.mode,
        "feed_seq": status.feed_seq,
        "updated_at": datetime.now(UTC),
    }
    if connection.execute(update(table).where(table.c.id == 1).values(values)).rowcount == 0:
        connection.execute(insert(table).values(id=1, **values))
