"""Database engines and sessions for the API.

The API reads the indexer's tables and writes its own (sessions, social data, documents).
On SQLite it reuses the indexer's engine set-up (:func:`indexer.db.make_engine`): WAL, reads
in plain ``BEGIN`` beside the indexer, writes in ``BEGIN IMMEDIATE`` so they wait for the
lock up front instead of failing half-way. On PostgreSQL one pool serves reads and writes,
sized for the request thread pool and without a ping per checkout (a connection the server
dropped fails one request with 503 and is replaced). PostgreSQL readers run in autocommit:
under READ COMMITTED every statement takes its own snapshot anyway, so a read-only
transaction adds nothing but a ``BEGIN`` and a ``ROLLBACK`` round trip per request, which
on the benchmark cost more time than the query itself.

Example:
    >>> Database.connect("sqlite:///:memory:").dialect
    'sqlite'
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from indexer.db import database_url, make_engine

POOL_SIZE = 20
POOL_RECYCLE_SECONDS = 1800


@dataclass(frozen=True)
class Database:
    """The API's engines: ``reader`` for GET requests, ``writer`` for writes.

    Attributes:
        reader: Engine for read-only requests.
        writer: Engine for requests that write (transactions; the reader autocommits).
    """

    reader: Engine
    writer: Engine

    @classmethod
    def connect(cls, url: str, *, pool_size: int = POOL_SIZE) -> Database:
        """Engines for ``url`` (nothing is connected until the first query).

        Raises:
            IndexerError: The URL is neither SQLite nor PostgreSQL.
        """
        full = database_url(url)
        if make_url(full).get_backend_name() == "sqlite":
            return cls(make_engine(full), make_engine(full, writer=True))
        pool = {
            "pool_size": pool_size,
            "max_overflow": pool_size,
            "pool_recycle": POOL_RECYCLE_SECONDS,
        }
        reader = create_engine(
            full, isolation_level="AUTOCOMMIT", pool_reset_on_return=None, **pool
        )
        return cls(reader, create_engine(full, **pool))

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.reader.dialect.name

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.reader.dispose()
        if self.writer is not self.reader:
            self.writer.dispose()
