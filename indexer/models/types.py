"""Column types shared by every indexer table.

EVM integers are up to 256 bits wide, which neither SQLite's INTEGER nor PostgreSQL's
BIGINT can hold. :class:`Uint256` stores them exactly: ``NUMERIC(78, 0)`` on PostgreSQL and
a zero-padded 78-digit string on SQLite, so that ``ORDER BY`` and range filters compare
numerically on both. Python code always sees ``int``.

Sums over these columns are not done in SQL (SQLite would add strings); the indexer keeps
running totals in its aggregate tables instead.

Example:
    >>> from sqlalchemy.dialects import sqlite
    >>> Uint256().process_bind_param(5, sqlite.dialect())[-3:]
    '005'
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import PlainSerializer
from sqlalchemy import JSON, BigInteger, Dialect, Integer, String
from sqlalchemy.dialects.postgresql import JSONB, NUMERIC
from sqlalchemy.types import TypeDecorator, TypeEngine

UINT256_DIGITS = 78  # len(str(2**256 - 1))
MAX_UINT256 = 2**256 - 1


class Uint256(TypeDecorator[int]):
    """An unsigned 256-bit integer, exact on SQLite and PostgreSQL."""

    impl = String(UINT256_DIGITS)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """``NUMERIC(78, 0)`` on PostgreSQL, ``VARCHAR(78)`` elsewhere."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(NUMERIC(UINT256_DIGITS, 0))
        return dialect.type_descriptor(String(UINT256_DIGITS))

    def process_bind_param(self, value: int | None, dialect: Dialect) -> Any:
        """Python int → the column's representation.

        Raises:
            ValueError: The value is negative or wider than 256 bits.
        """
        if value is None:
            return None
        number = int(value)
        if number < 0 or number > MAX_UINT256:
            raise ValueError(f"{number} does not fit in a uint256")
        if dialect.name == "postgresql":
            return Decimal(number)
        return f"{number:0{UINT256_DIGITS}d}"

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        """The column's representation → Python int."""
        return None if value is None else int(value)

    def __repr__(self) -> str:
        """``Uint256()``, as Alembic writes it into migrations."""
        return "Uint256()"


def json_type() -> TypeEngine[Any]:
    """JSON on SQLite, JSONB on PostgreSQL."""
    return JSON().with_variant(JSONB(), "postgresql")


# Amounts leave the API as decimal strings: JavaScript numbers lose precision past 2**53.
Amount = Annotated[int, PlainSerializer(str, return_type=str, when_used="json")]

# Surrogate keys: BIGINT, except on SQLite where only INTEGER PRIMARY KEY autoincrements.
BIG_ID = BigInteger().with_variant(Integer(), "sqlite")

ADDRESS_LENGTH = 42
HASH_LENGTH = 66
