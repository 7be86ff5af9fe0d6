"""Alembic environment of the API's own tables (the shared body: :mod:`core.migrations`).

The target database comes from the connection or URL handed over by :mod:`api.migrate`,
else ``sqlalchemy.url`` in an ini file, else ``$BAZAAR_DB_URL``. Only the tables named in
:data:`api.models.TABLE_NAMES` (and what belongs to them) are compared and migrated.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import api.models
from api.core.config import ApiSettings
from api.migrate import HISTORY
from core.migrations import run_environment
from indexer.db import database_url

run_environment(
    context,
    metadata=SQLModel.metadata,
    version_table=HISTORY.version_table,
    tables=frozenset(api.models.TABLE_NAMES),
    url_for=lambda url: database_url(url or ApiSettings().db_url),
    connect=HISTORY.connect,
    type_renderings={AutoString: "sa.String(length={obj.length})"},
    # Dialect-specific search structures written by hand in 0001 (not in the models).
    skip=frozenset({"ix_documents_search"}),
)
