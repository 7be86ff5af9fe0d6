"""Alembic owns the API's tables: ``bazaar api --migrate`` and the start-up schema check.

The API's migrations (api/migrations) keep their version in ``api_alembic_version``, apart
from the indexer's ``indexer_alembic_version``: the two histories share one database but
never touch each other's tables, so either side can ship a migration without the other.
The plumbing is shared with the indexer's history: :mod:`core.migrations`.

Example:
    >>> upgrade("sqlite:///bazaar.db")  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy import Engine

from api.core.db import Database
from api.errors import ServiceUnavailableError
from core.migrations import MigrationHistory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "api_alembic_version"


def _writer(url: str) -> Engine:
    """The API's writing engine for ``url`` (the reading one is never connected here)."""
    return Database.connect(url).writer


HISTORY = MigrationHistory(MIGRATIONS_DIR, VERSION_TABLE, _writer)


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config for the API's migrations, targeting ``url`` if given."""
    return HISTORY.config(url)


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the API's tables in the database at ``url`` up to ``revision``."""
    HISTORY.upgrade(url, revision)


def downgrade(url: str, revision: str = "base") -> None:
    """Migrate the API's tables down to ``revision`` (``base``: drop them all)."""
    HISTORY.downgrade(url, revision)


def head_revision() -> str | None:
    """The newest migration's revision id."""
    return HISTORY.head_revision


def current_revision(engine: Engine) -> str | None:
    """The revision the API's tables are at (``None``: never migrated)."""
    return HISTORY.current_revision(engine)


def ensure_schema(engine: Engine) -> None:
    """Check that the API's tables are at the newest migration.

    Raises:
        ServiceUnavailableError: They are not; the message says how to migrate.
    """
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise ServiceUnavailableError(
            f"the API's tables are at migration {current or 'nothing'}, this API needs "
            f"{head}; run `bazaar api --migrate --db URL` once"
        )
