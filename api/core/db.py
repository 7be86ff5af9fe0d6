"""Database engines and sessions for the API.

The API reads the indexer's tables and writes its own (sessions, social data, documents).
On PostgreSQL one pooled engine serves both. On SQLite, where one writer at a time holds the
lock, reads use plain ``BEGIN`` (WAL lets them run beside the indexer) while writes use
``BEGIN IMMEDIATE``: they wait for the lock up front (``busy_timeout``) instead of failing
half-way when another process wrote first.

Example:
    >>> database_url("postgres://postgres@127.0.0.1/bazaar")
    'postgresql+psycopg://postgres@127.0.0.1/bazaar'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

from api.errors import ServiceUnavailable

SQLITE_BUSY_TIMEOUT_MS = 30_000


def database_url(url: str) -> str:
    """``url`` with the psycopg 3 driver named for PostgreSQL URLs.

    Raises:
        ServiceUnavailable: The URL is neither SQLite nor PostgreSQL.
    """
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith(("postgresql+psycopg://", "sqlite:")):
        return url
    raise ServiceUnavailable(
        f"unsupported database URL {url!r}: use sqlite:///path.db or postgresql://user@host/db"
    )


def _sqlite_engine(url: str, *, writer: bool) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None  # BEGIN is issued below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

    return engine


@dataclass(frozen=True)
class Database:
    """The API's engines: ``reader`` for GET requests, ``writer`` for writes.

    Attributes:
        reader: Engine for read-only requests.
        writer: Engine for requests that write (the same engine on PostgreSQL).
    """

    reader: Engine
    writer: Engine

    @classmethod
    def connect(cls, url: str, *, pool_size: int = 10) -> Database:
        """Engines for ``url`` (nothing is connected until the first query).

        Raises:
            ServiceUnavailable: The URL is neither SQLite nor PostgreSQL.
        """
        full = database_url(url)
        if make_url(full).get_backend_name() == "sqlite":
            return cls(_sqlite_engine(full, writer=False), _sqlite_engine(full, writer=True))
        engine = create_engine(
            full, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size
        )
        return cls(engine, engine)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.reader.dialect.name

    def read_session(self) -> Iterator[Session]:
        """A session for one read-only request."""
        with Session(self.reader) as session:
            yield session

    def write_session(self) -> Iterator[Session]:
        """A session for one writing request; the route commits what it wants kept."""
        with Session(self.writer, expire_on_commit=False) as session:
            yield session

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.reader.dispose()
        if self.writer is not self.reader:
            self.writer.dispose()
