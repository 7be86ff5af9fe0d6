"""What the store needs to know about a table: columns, key, defaults, statements.

The hot path writes with SQLAlchemy Core on plain dict rows: building one SQLModel table
instance costs ~35 µs, more than the whole budget of an event at 5,000 events/s. The
SQLModel classes stay the single definition of every table (and of the API's models).

Example:
    >>> from indexer.models import Listing
    >>> table_info(Listing).key_columns
    ('listing_id',)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import Delete, Insert, Select, Table, Update, and_, bindparam, delete, select
from sqlalchemy import insert as sa_insert
from sqlalchemy import update as sa_update
from sqlmodel import SQLModel

Row = dict[str, Any]
Key = tuple[Any, ...]


def table_of(model: type[SQLModel]) -> Table:
    """The SQLAlchemy table of a SQLModel table class.

    Raises:
        TypeError: ``model`` is not a ``table=True`` model.
    """
    table = getattr(model, "__table__", None)
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a SQLModel table (table=True)")
    return table


@dataclass(frozen=True, eq=False)
class TableInfo:
    """Columns, primary key, insert defaults and prepared statements of one table.

    Compared and hashed by identity: :func:`table_info` makes one per table."""

    table: Table
    columns: frozenset[str]
    key_columns: tuple[str, ...]
    defaults: dict[str, Any]
    generated: frozenset[str]

    @property
    def name(self) -> str:
        """The table's name."""
        return self.table.name

    def key_of(self, row: Row) -> Key:
        """The primary-key tuple of ``row``."""
        return tuple(row[name] for name in self.key_columns)

    def complete(self, row: Row) -> Row:
        """``row`` with every insertable column, defaults filled in.

        Raises:
            KeyError: ``row`` names a column the table does not have.
        """
        unknown = row.keys() - self.columns
        if unknown:
            raise KeyError(f"{self.name} has no column(s) {sorted(unknown)}")
        return {**self.defaults, **row}

    def key_clause(self) -> Any:
        """``pk1 = :k_pk1 AND ...`` for executemany by key."""
        return and_(*(self.table.c[name] == bindparam(f"k_{name}") for name in self.key_columns))

    def select_by_key(self) -> Select[Any]:
        """``SELECT * WHERE key = :k_...``."""
        return select(self.table).where(self.key_clause())

    def insert(self) -> Insert:
        """A plain insert (executemany with completed rows)."""
        return sa_insert(self.table)

    def update_by_key(self) -> Update:
        """``UPDATE ... SET every non-key column WHERE key`` with ``v_``-prefixed values."""
        values: dict[str, Any] = {
            name: bindparam(f"v_{name}")
            for name in sorted(self.columns - set(self.key_columns) - self.generated)
        }
        return sa_update(self.table).where(self.key_clause()).values(values)

    def update_params(self, row: Row) -> Row:
        """Bind parameters of :meth:`update_by_key` for ``row``."""
        params = {f"k_{name}": row[name] for name in self.key_columns}
        for name in self.columns - set(self.key_columns) - self.generated:
            params[f"v_{name}"] = row.get(name, self.defaults.get(name))
        return params

    def delete_by_key(self) -> Delete:
        """``DELETE WHERE key = :k_...``."""
        return delete(self.table).where(self.key_clause())


@cache
def table_info(model: type[SQLModel]) -> TableInfo:
    """The (cached) :class:`TableInfo` of a SQLModel table class."""
    table = table_of(model)
    generated = _surrogate_key(model, table)
    defaults: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name in table.c and name not in generated and field.default is not PydanticUndefined:
            defaults[name] = field.default
    return TableInfo(
        table=table,
        columns=frozenset(column.name for column in table.columns) - generated,
        key_columns=tuple(column.name for column in table.primary_key.columns),
        defaults=defaults,
        generated=generated,
    )


def _surrogate_key(model: type[SQLModel], table: Table) -> frozenset[str]:
    """The database-generated key column (``id`` defaulting to ``None``), if any."""
    keys = list(table.primary_key.columns)
    if len(keys) != 1 or keys[0].autoincrement is False:
        return frozenset()
    field = model.model_fields.get(keys[0].name)
    return frozenset({keys[0].name}) if field is not None and field.default is None else frozenset()
