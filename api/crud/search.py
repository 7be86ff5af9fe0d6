"""Full-text search over listing metadata: FTS5 on SQLite, tsvector on PostgreSQL.

Both sides see the same query: the words of the user's text, all required (AND), matched
with English stemming (FTS5's porter tokenizer, PostgreSQL's ``english`` configuration).
Operators in the user's text are never interpreted, so any input is a valid query.

Example:
    >>> words('Pixel 9 "obsidian" OR -case')
    ['Pixel', '9', 'obsidian', 'OR', 'case']
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal_column, select, text
from sqlalchemy.sql.elements import TextClause

from api.errors import InvalidRequestError
from api.models.documents import Document
from indexer.store.tables import table_of

DOCUMENTS = table_of(Document)
MAX_WORDS = 16
_WORD = re.compile(r"\w+")


def words(query: str) -> list[str]:
    """The searchable words of ``query``.

    Raises:
        InvalidRequestError: No word, or more than :data:`MAX_WORDS`.
    """
    found = _WORD.findall(query)
    if not found:
        raise InvalidRequestError("search for at least one word")
    if len(found) > MAX_WORDS:
        raise InvalidRequestError(f"search for at most {MAX_WORDS} words")
    return found


def matches(dialect: str, query: str) -> Select[Any]:
    """``SELECT hash, rank`` of the listing documents matching ``query`` (smaller rank:
    better match)."""
    terms = words(query)
    if dialect == "sqlite":
        phrase = " ".join(f'"{term}"' for term in terms)  # \w+ words hold no quote
        fts: TextClause = text("documents_fts MATCH :phrase").bindparams(phrase=phrase)
        columns: tuple[ColumnElement[Any], ...] = (
            literal_column("documents_fts.hash").label("hash"),
            literal_column("bm25(documents_fts)").label("rank"),
        )
        return select(*columns).select_from(text("documents_fts")).where(fts)
    vector = func.to_tsvector("english", func.coalesce(DOCUMENTS.c.search_text, ""))
    tsquery = func.plainto_tsquery("english", " ".join(terms))
    rank: ColumnElement[Any] = -func.ts_rank(vector, tsquery)
    return select(DOCUMENTS.c.hash.label("hash"), rank.label("rank")).where(
        DOCUMENTS.c.kind == "listing", vector.op("@@")(tsquery)
    )
