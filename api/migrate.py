"""Alembic owns the API's tables: ``bazaar api --migrate`` and the start-up schema check.

The API's migrations (api/migrations) keep their version in ``api_alembic_version``, apart
from the indexer's ``indexer_alembic_version``: the two histories share one database but
never touch each other's tables, so either side can ship a migration without the other.

Example:
    >>> upgrade("sqlite:///bazaar.db")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from api.core.db import Database
from api.errors import ServiceUnavailableError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "api_alembic_version"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config for the API's migrations, targeting ``url`` if given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.attributes["url"] = url
    return config


def _run(url: str, action: Callable[[Config], None]) -> None:
    database = Database.connect(url)
    try:
        with database.writer.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            action(config)
    finally:
        database.dispose()


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the API's tables in the database at ``url`` up to ``revision``."""
    _run(url, lambda config: command.upgrade(config, revision))


def downgrade(url: str, revision: str = "base") -> None:
    """Migrate the API's tables down to ``revision`` (``base``: drop them all)."""
    _run(url, lambda config: command.downgrade(config, revision))


def head_revision() -> str | None:
    """The newest migration's revision id."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the API's tables are at (``None``: never migrated)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        return context.get_current_revision()


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
