"""Alembic owns the schema: ``bazaar db upgrade`` and the indexer's schema check.

The migrations live in ``indexer/migrations``; their version is kept in the table
``indexer_alembic_version`` so that other parts (the API's own tables) can keep their own
Alembic history in the same database. The plumbing is shared with the API's history:
:mod:`core.migrations`.

Example:
    >>> upgrade("sqlite:///bazaar.db")  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from sqlalchemy import Engine

from core.migrations import MigrationHistory
from indexer.db import make_engine
from indexer.errors import SchemaOutdatedError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "indexer_alembic_version"
HISTORY = MigrationHistory(MIGRATIONS_DIR, VERSION_TABLE, make_engine)


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config for the indexer's migrations, targeting ``url`` if given."""
    return HISTORY.config(url)


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` to ``revision`` (default: the newest)."""
    HISTORY.upgrade(url, revision)


def head_revision() -> str | None:
    """The newest migration's revision id (the scripts do not change while running)."""
    return HISTORY.head_revision


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None``: never migrated)."""
    return HISTORY.current_revision(engine)


def ensure_schema(engine: Engine) -> None:
    """Check that the database is at the newest migration.

    Raises:
        SchemaOutdatedError: It is not; the message says how to migrate it.
    """
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise SchemaOutdatedError(
            f"the database schema is at {current or 'nothing'}, the indexer needs {head}; "
            "run `bazaar db upgrade --db URL` (or `bazaar index --migrate`)"
        )
