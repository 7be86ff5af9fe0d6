"""Database engines for SQLite (WAL, the embedded default) and PostgreSQL.

SQLite runs in WAL mode, so the API reads while the indexer writes. The indexer's engine
(``writer=True``) starts every transaction with ``BEGIN IMMEDIATE``: it takes the write
lock up front instead of failing half-way when a reader holds a snapshot. ``synchronous``
is ``NORMAL``: a committed batch survives any crash of the process (the crash tests kill
it with SIGKILL); only a power loss can drop the last batches, which the indexer then
simply fetches again.

Example:
    >>> database_url("postgres://postgres@127.0.0.1/bazaar")
    'postgresql+psycopg://postgres@127.0.0.1/bazaar'
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry

from indexer.errors import IndexerError

SQLITE_BUSY_TIMEOUT_MS = 30_000


def database_url(url: str) -> str:
    """``url`` with the psycopg 3 driver named for PostgreSQL URLs.

    Raises:
        IndexerError: The URL is neither SQLite nor PostgreSQL.
    """
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith(("postgresql+psycopg://", "sqlite:")):
        return url
    raise IndexerError(
        f"unsupported database URL {url!r}: use sqlite:///path.db or postgresql://user@host/db"
    )


def make_engine(url: str, *, writer: bool = False, echo: bool = False) -> Engine:
    """An engine for ``url`` set up for the indexer (``writer``) or for readers.

    Raises:
        IndexerError: The URL is not SQLite or PostgreSQL.
    """
    full = database_url(url)
    if make_url(full).get_backend_name() != "sqlite":
        return create_engine(full, echo=echo, pool_pre_ping=True)
    engine = create_engine(full, echo=echo, connect_args={"check_same_thread": False})
    _sqlite_setup(engine, writer=writer)
    return engine


def _sqlite_setup(engine: Engine, *, writer: bool) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")
