"""Verified reviews: lists by seller, reviewer, subject or deal, and one review in full.

A review is identified by the chain position of its first posting (``"<block>.<log>"``),
which is unique and orders reviews newest first like the feed. Its text and the response
are the documents whose hashes the chain committed (``text_hash``, ``response_hash``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, select, tuple_
from sqlmodel import Session

from api.core.cursors import Position
from api.errors import ResourceNotFoundError
from api.models.documents import Document, ResponseText, ReviewText
from api.models.reviews import ReviewDetailPublic, ReviewEntryPublic, ReviewsPublic
from indexer.models import Review, ReviewRevision, ReviewRevisionPublic
from indexer.store.tables import table_of

REVIEWS = table_of(Review)
REVISIONS = table_of(ReviewRevision)
DOCUMENTS = table_of(Document)
POSITION = tuple_(REVIEWS.c.block_number, REVIEWS.c.log_index)


def entry(row: Any) -> ReviewEntryPublic:
    """A review row as it appears in lists."""
    fields = dict(row._mapping)
    return ReviewEntryPublic(
        **fields, id=str(Position(fields["block_number"], fields["log_index"]))
    )


def conditions(
    *,
    seller: str | None = None,
    reviewer: str | None = None,
    subject: str | None = None,
    source: str | None = None,
    deal_id: int | None = None,
) -> list[ColumnElement[bool]]:
    """WHERE clauses: ``seller`` means reviews *of* that address as seller or lender (written
    by its buyers); ``subject`` reviews of the address on either side."""
    found: list[ColumnElement[bool]] = []
    if seller is not None:
        found.append(and_(REVIEWS.c.subject == seller, REVIEWS.c.side == "buyer"))
    if reviewer is not None:
        found.append(REVIEWS.c.author == reviewer)
    if subject is not None:
        found.append(REVIEWS.c.subject == subject)
    if source is not None:
        found.append(REVIEWS.c.source == source)
    if deal_id is not None:
        found.append(REVIEWS.c.deal_id == deal_id)
    return found


def reviews(
    session: Session,
    *,
    where: list[ColumnElement[bool]],
    before: Position | None,
    limit: int,
) -> ReviewsPublic:
    """Reviews matching ``where``, newest first (by the position of their first posting)."""
    if before is not None:
        where = [*where, POSITION < tuple_(*before)]
    rows = (
        session.connection()
        .execute(
            select(REVIEWS)
            .where(*where)
            .order_by(REVIEWS.c.block_number.desc(), REVIEWS.c.log_index.desc())
            .limit(limit + 1)
        )
        .all()
    )
    data = [entry(row) for row in rows[:limit]]
    more = len(rows) > limit
    return ReviewsPublic(
        data=data, count=len(data), next_cursor=data[-1].id if more and data else None
    )


def _document(session: Session, key: str | None, kind: str) -> str | None:
    if key is None:
        return None
    body = (
        session.connection()
        .execute(select(DOCUMENTS.c.body).where(DOCUMENTS.c.hash == key, DOCUMENTS.c.kind == kind))
        .scalar()
    )
    return None if body is None else str(body)


def review(session: Session, position: Position) -> ReviewDetailPublic:
    """The review first posted at ``position``, with its text, response and revisions.

    Raises:
        ResourceNotFoundError: No review was posted there (or a reorg removed it).
    """
    connection = session.connection()
    row = connection.execute(
        select(REVIEWS).where(
            REVIEWS.c.block_number == position.block, REVIEWS.c.log_index == position.log_index
        )
    ).first()
    if row is None:
        raise ResourceNotFoundError(f"no review {position} (yet: the indexer may be behind)")
    found = entry(row)
    revisions = connection.execute(
        select(REVISIONS)
        .where(
            REVISIONS.c.source == found.source,
            REVISIONS.c.deal_id == found.deal_id,
            REVISIONS.c.author == found.author,
        )
        .order_by(REVISIONS.c.block_number, REVISIONS.c.log_index)
    ).all()
    text = _document(session, found.text_hash, "review")
    response = _document(session, found.response_hash, "response")
    return ReviewDetailPublic(
        **found.model_dump(),
        text=ReviewText.model_validate_json(text) if text is not None else None,
        response=ResponseText.model_validate_json(response) if response is not None else None,
        revisions=[ReviewRevisionPublic(**revision._mapping) for revision in revisions],
    )
