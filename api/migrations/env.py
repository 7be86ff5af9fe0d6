"""Alembic environment of the API's own tables (profiles, follows, documents, ...).

The target database comes from the connection or URL handed over by :mod:`api.migrate`,
else ``sqlalchemy.url`` in an ini file, else ``$BAZAAR_DB_URL``. Only the tables named in
:data:`api.models.TABLE_NAMES` (and what belongs to them) are compared and migrated.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import api.models
from api.core.config import ApiSettings
from api.core.db import Database
from api.migrate import VERSION_TABLE
from indexer.db import database_url

config = context.config
API_TABLES = frozenset(api.models.TABLE_NAMES)
# Dialect-specific search structures written by hand in 0001 (not in the models).
HAND_WRITTEN = frozenset({"ix_documents_search"})


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Compare only the API's tables (and what belongs to them)."""
    if name in HAND_WRITTEN:
        return False
    if type_ == "table":
        return name in API_TABLES
    table = getattr(obj, "table", None)
    return table is None or table.name in API_TABLES


def render_item(type_: str, obj: Any, _context: Any) -> str | Literal[False]:
    """Write SQLModel's AutoString as the plain String it stores as."""
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})"
    return False


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=SQLModel.metadata,
        version_table=VERSION_TABLE,
        include_object=include_object,
        render_item=render_item,
        render_as_batch=True,
        compare_type=True,
        **kwargs,
    )


def _url() -> str:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    return database_url(str(url) if url else ApiSettings().db_url)


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
    database = Database.connect(_url())
    try:
        with database.writer.begin() as new_connection:
            _run(new_connection)
    finally:
        database.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
