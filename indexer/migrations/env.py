"""Alembic environment of the indexer's migrations (the shared body: :mod:`core.migrations`).

The target database comes from, in order: the connection or URL handed over by
:mod:`indexer.migrate`, ``sqlalchemy.url`` in an ini file, ``$BAZAAR_DB_URL``, the default
``sqlite:///bazaar.db``. Only the indexer's own tables are compared and migrated.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

import indexer.models
from core.migrations import run_environment
from indexer.config import IndexerSettings
from indexer.db import database_url
from indexer.migrate import HISTORY

run_environment(
    context,
    metadata=SQLModel.metadata,
    version_table=HISTORY.version_table,
    tables=frozenset(indexer.models.TABLE_NAMES),
    url_for=lambda url: database_url(url or IndexerSettings().db_url),
    connect=HISTORY.connect,
    type_renderings={
        AutoString: "sa.String(length={obj.length})",
        UTCDateTime: "sa.DateTime(timezone=True)",
    },
)
