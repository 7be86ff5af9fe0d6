"""Alembic environment of the indexer's migrations.

The target database comes from, in order: the connection or URL handed over by
:mod:`indexer.migrate`, ``sqlalchemy.url`` in an ini file, ``$BAZAAR_DB_URL``, the default
``sqlite:///bazaar.db``. Only the indexer's own tables are compared and migrated.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

import indexer.models
from indexer.config import IndexerSettings
from indexer.db import database_url, make_engine
from indexer.migrate import VERSION_TABLE

config = context.config
target_metadata = SQLModel.metadata
INDEXER_TABLES = frozenset(indexer.models.TABLE_NAMES)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Compare only the indexer's tables (and what belongs to them)."""
    if type_ == "table":
        return name in INDEXER_TABLES
    table = getattr(obj, "table", None)
    return table is None or table.name in INDEXER_TABLES


def render_item(type_: str, obj: Any, _context: Any) -> str | Literal[False]:
    """Write SQLModel's own column types as the plain SQLAlchemy types they store as."""
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})"
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        include_object=include_object,
        render_item=render_item,
        render_as_batch=True,
        compare_type=True,
        **kwargs,
    )


def _url() -> str:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    return database_url(str(url) if url else IndexerSettings().db_url)


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """Emit the SQL instead of running it (``alembic upgrade --sql``)."""
    _configure(url=_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the handed-over connection or a new one."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.begin() as new_connection:
            _run(new_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
