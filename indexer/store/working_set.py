"""The rows one batch reads and writes, kept in memory and written in bulk at the end.

Projections never talk to the database directly. They ask the :class:`WorkingSet` for rows
by primary key (loaded once, then served from memory), change them in place, create rows
and append rows to append-only tables. :meth:`WorkingSet.flush` then writes everything with
one ``executemany`` per table and statement kind, inside the batch's transaction.

For blocks that are not final yet, the working set also journals the image every mutable
row had before the block first touched it (``undo_log``), so that
:func:`indexer.store.rollback.rollback_to` can restore the state of any block in the window.

Example:
    >>> rows = WorkingSet(connection, journal_from=None)  # doctest: +SKIP
    >>> rows.block = 12
    >>> listing = rows.edit(Listing, 7)  # doctest: +SKIP
    >>> listing["stock"] -= 1  # doctest: +SKIP
    >>> rows.flush()  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select, tuple_
from sqlmodel import SQLModel

from indexer.errors import ProjectionError
from indexer.models.core import UndoEntry
from indexer.store.bulk import insert_many
from indexer.store.tables import Key, Row, TableInfo, table_info

PRELOAD_CHUNK = 500


@dataclass
class _Cached:
    """A row as loaded (``None``: not in the database) and as it is now (``None``: absent)."""

    loaded: Row | None
    row: Row | None


@dataclass
class WorkingSet:
    """The mutable rows and appended rows of one batch.

    Attributes:
        connection: The batch's connection, inside its transaction.
        journal_from: First block number that needs undo images; ``None`` for a batch of
            final blocks only.
        block: The block of the event being applied; set by the caller before each event.
    """

    connection: Connection
    journal_from: int | None
    block: int = 0
    _cache: dict[tuple[TableInfo, Key], _Cached] = field(default_factory=dict)
    _appended: dict[TableInfo, list[Row]] = field(default_factory=dict)
    _journaled: set[tuple[str, Key, int]] = field(default_factory=set)
    _undo: list[Row] = field(default_factory=list)

    def find(self, model: type[SQLModel], *key: Any) -> Mapping[str, Any] | None:
        """The row of ``model`` with primary key ``key``, for reading only."""
        return self._lookup(table_info(model), key).row

    def edit(self, model: type[SQLModel], *key: Any) -> Row | None:
        """The row with primary key ``key``, to change in place; ``None`` if there is none."""
        info = table_info(model)
        cached = self._lookup(info, key)
        if cached.row is not None:
            self._journal(info, key, cached.row)
        return cached.row

    def require(self, model: type[SQLModel], *key: Any) -> Row:
        """Like :meth:`edit`, for rows that must exist.

        Raises:
            ProjectionError: There is no such row (the event contradicts the database).
        """
        row = self.edit(model, *key)
        if row is None:
            raise ProjectionError(
                f"block {self.block}: no {table_info(model).name} row {key!r}; was the database "
                "indexed from the contract's deploy block? Rebuild it into an empty database"
            )
        return row

    def create(self, model: type[SQLModel], row: Row) -> Row:
        """Add a new row and return it for further changes.

        The key is not looked up in the database (creating events name new ids); a row
        that exists already makes the batch's INSERT fail, which aborts the batch.

        Raises:
            ProjectionError: This batch already holds a row with that key.
        """
        info = table_info(model)
        full = info.complete(row)
        key = info.key_of(full)
        cached = self._cache.get((info, key))
        if cached is not None and cached.row is not None:
            raise ProjectionError(f"block {self.block}: {info.name} row {key!r} exists already")
        self._journal(info, key, None)
        if cached is None:
            self._cache[(info, key)] = _Cached(None, full)
        else:
            cached.row = full
        return full

    def edit_or_create(self, model: type[SQLModel], key: Key, new: Callable[[], Row]) -> Row:
        """The row with primary key ``key``, created from ``new()`` when absent."""
        row = self.edit(model, *key)
        return row if row is not None else self.create(model, new())

    def preload(self, model: type[SQLModel], keys: Iterable[Key]) -> None:
        """Load the rows with these primary keys in a few ``IN`` queries.

        Projections call this before a batch with the keys its events will touch, so that
        :meth:`edit` finds them in memory instead of querying one by one. Keys without a
        row are remembered as absent.
        """
        info = table_info(model)
        wanted = sorted({key for key in keys if (info, key) not in self._cache}, key=repr)
        columns = [info.table.c[name] for name in info.key_columns]
        for offset in range(0, len(wanted), PRELOAD_CHUNK):
            chunk = wanted[offset : offset + PRELOAD_CHUNK]
            if len(columns) == 1:
                condition = columns[0].in_([key[0] for key in chunk])
            else:
                condition = tuple_(*columns).in_(chunk)
            for found in self.connection.execute(select(info.table).where(condition)).mappings():
                row = dict(found)
                self._cache[(info, info.key_of(row))] = _Cached(row, dict(row))
        for key in wanted:
            self._cache.setdefault((info, key), _Cached(None, None))

    def append(self, model: type[SQLModel], row: Row) -> None:
        """Insert a row into an append-only table (rolled back by block number)."""
        info = table_info(model)
        self._appended.setdefault(info, []).append(info.complete(row))

    def flush(self) -> int:
        """Write every change; return the number of rows written."""
        written = 0
        inserts: dict[TableInfo, list[Row]] = {}
        updates: dict[TableInfo, list[Row]] = {}
        for (info, _key), cached in self._cache.items():
            if cached.row is None or cached.row == cached.loaded:
                continue
            if cached.loaded is None:
                inserts.setdefault(info, []).append(cached.row)
            else:
                updates.setdefault(info, []).append(info.update_params(cached.row))
        for info, rows in inserts.items():
            insert_many(self.connection, info, rows)
            written += len(rows)
        for info, params in updates.items():
            self.connection.execute(info.update_by_key(), params)
            written += len(params)
        for info, rows in self._appended.items():
            insert_many(self.connection, info, rows)
            written += len(rows)
        if self._undo:
            undo = table_info(UndoEntry)
            insert_many(self.connection, undo, [undo.complete(row) for row in self._undo])
            written += len(self._undo)
        return written

    def _lookup(self, info: TableInfo, key: Key) -> _Cached:
        cached = self._cache.get((info, key))
        if cached is None:
            params = {f"k_{name}": value for name, value in zip(info.key_columns, key, strict=True)}
            found = self.connection.execute(info.select_by_key(), params).mappings().first()
            loaded = dict(found) if found is not None else None
            cached = _Cached(loaded, dict(loaded) if loaded is not None else None)
            self._cache[(info, key)] = cached
        return cached

    def _journal(self, info: TableInfo, key: Key, image: Row | None) -> None:
        """Record ``image`` as the row's state before the current block, once per block."""
        if self.journal_from is None or self.block < self.journal_from:
            return
        marker = (info.name, key, self.block)
        if marker in self._journaled:
            return
        self._journaled.add(marker)
        self._undo.append(
            {
                "block_number": self.block,
                "table_name": info.name,
                "row_key": list(key),
                "image": dict(image) if image is not None else None,
            }
        )
