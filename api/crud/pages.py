"""Pages of the indexer's rentals, plans and their listings: what the two routers share.

Deals are listed newest first by ``"<created block>.<id>"`` cursors (like orders, keyed by a
uint256 id), listings newest first by listing id; a listing's detail carries its metadata
document when the API stores it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Table, literal, select, tuple_
from sqlmodel import Session

from api.crud.orders import order_cursor
from api.errors import ResourceNotFoundError
from api.models.documents import Document, ListingMetadata
from indexer.store.tables import table_of

DOCUMENTS = table_of(Document)


def deal_page(
    session: Session,
    table: Table,
    key: str,
    filters: dict[str, Any],
    before: str | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """Rows of ``table`` matching ``filters``, newest first by (created block, ``key``)."""
    conditions: list[ColumnElement[bool]] = [
        table.c[name] == value for name, value in filters.items() if value is not None
    ]
    if before is not None:
        block, last_id = order_cursor(before)
        # Typed literals: on SQLite a uint256 binds as its zero-padded text.
        after = tuple_(literal(block, BigInteger()), literal(last_id, table.c[key].type))
        conditions.append(tuple_(table.c.created_block, table.c[key]) < after)
    rows = (
        session.connection()
        .execute(
            select(table)
            .where(*conditions)
            .order_by(table.c.created_block.desc(), table.c[key].desc())
            .limit(limit + 1)
        )
        .all()
    )
    last = rows[limit - 1] if len(rows) > limit else None
    return list(rows[:limit]), (f"{last.created_block}.{last._mapping[key]}" if last else None)


def listing_page(
    session: Session, table: Table, filters: dict[str, Any], before: int | None, limit: int
) -> tuple[list[Any], int | None]:
    """Rows of a listing ``table`` matching ``filters``, newest first by listing id."""
    conditions: list[ColumnElement[bool]] = [
        table.c[name] == value for name, value in filters.items() if value is not None
    ]
    if before is not None:
        conditions.append(table.c.listing_id < before)
    rows = (
        session.connection()
        .execute(
            select(table).where(*conditions).order_by(table.c.listing_id.desc()).limit(limit + 1)
        )
        .all()
    )
    more = len(rows) > limit
    return list(rows[:limit]), (rows[limit - 1].listing_id if more else None)


def listing_detail(session: Session, table: Table, listing_id: int, what: str) -> dict[str, Any]:
    """The columns of listing ``listing_id`` of ``table`` and its ``metadata_document``.

    Raises:
        ResourceNotFoundError: No such listing (yet); ``what`` names it in the message.
    """
    row = (
        session.connection()
        .execute(
            select(table, DOCUMENTS.c.body)
            .select_from(
                table.outerjoin(
                    DOCUMENTS,
                    (DOCUMENTS.c.hash == table.c.metadata_hash) & (DOCUMENTS.c.kind == "listing"),
                )
            )
            .where(table.c.listing_id == listing_id)
        )
        .first()
    )
    if row is None:
        raise ResourceNotFoundError(f"no {what} {listing_id} (yet: the indexer may be behind)")
    fields = dict(row._mapping)
    body = fields.pop("body")
    fields["metadata_document"] = (
        ListingMetadata.model_validate_json(body) if body is not None else None
    )
    return fields
