"""Alembic owns the schema: ``bazaar db upgrade`` and the indexer's schema check.

The migrations live in ``indexer/migrations``; their version is kept in the table
``indexer_alembic_version`` so that other parts (the API's own tables) can keep their own
Alembic history in the same database.

Example:
    >>> upgrade("sqlite:///bazaar.db")  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from indexer.db import make_engine
from indexer.errors import SchemaOutdatedError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "indexer_alembic_version"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config for the indexer's migrations, targeting ``url`` if given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` to ``revision`` (default: the newest)."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def head_revision() -> str | None:
    """The newest migration's revision id."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None``: never migrated)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        return context.get_current_revision()


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
