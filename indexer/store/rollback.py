"""Undo every derived row above a fork point, in the caller's transaction.

* Mutable rows get back the image the undo log recorded before the first block above the
  fork touched them (no image: the row did not exist, so it is deleted).
* Append-only tables lose their rows above the fork (they all carry ``block_number``).
* Feed items above the fork are marked removed with a fresh ``seq`` (see
  :mod:`indexer.store.feed`).
* Block hashes and cursors above the fork are dropped and rewound.

Example:
    >>> with engine.begin() as connection:  # doctest: +SKIP
    ...     rollback_to(connection, fork=120, append_only=[RawEvent, Deal])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, select, update
from sqlmodel import SQLModel

from indexer.models.core import BlockHash, ContractCursor, IndexerStatus, UndoEntry
from indexer.store.feed import remove_above
from indexer.store.tables import table_of


@dataclass(frozen=True)
class RollbackResult:
    """What a rollback undid."""

    fork: int
    restored_rows: int
    deleted_rows: int
    removed_feed_items: int


def rollback_to(
    connection: Connection, fork: int, append_only: Sequence[type[SQLModel]]
) -> RollbackResult:
    """Return the database to its state right after block ``fork``.

    Args:
        connection: A connection inside the rollback's transaction.
        fork: The last block both chains share.
        append_only: Tables whose rows are deleted above the fork (by ``block_number``).
    """
    restored = _restore_images(connection, fork)
    deleted = 0
    for model in append_only:
        table = table_of(model)
        deleted += connection.execute(delete(table).where(table.c.block_number > fork)).rowcount
    status = table_of(IndexerStatus)
    last_seq = connection.execute(select(status.c.feed_seq).where(status.c.id == 1)).scalar()
    removed, last_seq = remove_above(connection, fork, int(last_seq or 0))
    connection.execute(update(status).where(status.c.id == 1).values(feed_seq=last_seq))
    hashes = table_of(BlockHash)
    connection.execute(delete(hashes).where(hashes.c.number > fork))
    cursors = table_of(ContractCursor)
    connection.execute(
        update(cursors).where(cursors.c.indexed_block > fork).values(indexed_block=fork)
    )
    return RollbackResult(fork, restored, deleted, removed)


def _restore_images(connection: Connection, fork: int) -> int:
    undo = table_of(UndoEntry)
    entries = connection.execute(
        select(undo.c.table_name, undo.c.row_key, undo.c.image)
        .where(undo.c.block_number > fork)
        .order_by(undo.c.block_number, undo.c.id)
    )
    oldest: dict[tuple[str, tuple[Any, ...]], dict[str, Any] | None] = {}
    for table_name, row_key, image in entries:
        oldest.setdefault((table_name, tuple(row_key)), image)
    for (table_name, key), image in oldest.items():
        table = SQLModel.metadata.tables[table_name]
        key_columns = list(table.primary_key.columns)
        condition = and_(*(column == value for column, value in zip(key_columns, key, strict=True)))
        connection.execute(delete(table).where(condition))
        if image is not None:
            connection.execute(insert(table).values(image))
    connection.execute(delete(undo).where(undo.c.block_number > fork))
    return len(oldest)
