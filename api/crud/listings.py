"""Listing reads: one listing with metadata and counts, lists by seller/status/token, search.

Each read is one SQL statement: the listing rows, their metadata document (joined by
``metadata_hash``) and the like and comment counts as scalar subqueries. They are Core
statements, run on the session's connection (no ORM execution layer).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Row, and_, false, func, literal, select
from sqlmodel import Session

from api.crud.search import matches
from api.errors import ResourceNotFoundError
from api.models.documents import Document, ListingMetadata
from api.models.listings import (
    ListingDetailPublic,
    ListingsPublic,
    ListingSummaryPublic,
    SearchResultsPublic,
)
from api.models.social import Comment, Like
from indexer.models import (
    ContractCursor,
    CreditToken,
    Listing,
    ListingPromotion,
    ListingPromotionPublic,
    VoucherRedemption,
)
from indexer.models.types import Uint256
from indexer.store.tables import table_of

LISTINGS = table_of(Listing)
DOCUMENTS = table_of(Document)
LIKES = table_of(Like)
COMMENTS = table_of(Comment)
CREDIT_TOKENS = table_of(CreditToken)
PROMOTIONS = table_of(ListingPromotion)
REDEMPTIONS = table_of(VoucherRedemption)
CURSORS = table_of(ContractCursor)
WITH_METADATA = LISTINGS.outerjoin(
    DOCUMENTS, (DOCUMENTS.c.hash == LISTINGS.c.metadata_hash) & (DOCUMENTS.c.kind == "listing")
)
ORDER_ID_BITS = 32  # a Marketplace order id is listingId << 32 | sequence
PROMOTION_FIELDS = ("seller", "burned", "promotions", "last_promoted_at", "updated_block")


def _likes() -> Any:
    return (
        select(func.count())
        .where(LIKES.c.listing_id == LISTINGS.c.listing_id)
        .scalar_subquery()
        .label("likes")
    )


def _comments() -> Any:
    return (
        select(func.count())
        .where(
            COMMENTS.c.listing_id == LISTINGS.c.listing_id,
            COMMENTS.c.hidden.is_(false()),
            COMMENTS.c.kind != "answer",
        )
        .scalar_subquery()
        .label("comments")
    )


def _credits() -> Any:
    """The credits contract of the listing's token, if the listing takes credits at all."""
    return (
        select(CREDIT_TOKENS.c.credits)
        .where(CREDIT_TOKENS.c.token == LISTINGS.c.token, LISTINGS.c.credit_cap_bps > 0)
        .scalar_subquery()
        .label("accepted_credits")
    )


def _redemptions(listing_id: int) -> Any:
    """Voucher redemptions on the listing's orders (ids ``listingId << 32 | n``)."""
    first = literal(listing_id << ORDER_ID_BITS, Uint256())
    last = literal(((listing_id + 1) << ORDER_ID_BITS) - 1, Uint256())
    return (
        select(func.count())
        .where(REDEMPTIONS.c.order_id.between(first, last))
        .scalar_subquery()
        .label("voucher_redemptions")
    )


def _promoted() -> Any:
    """Promotion totals of the listing on the Marketplace the indexer follows."""
    marketplace = select(CURSORS.c.address).where(CURSORS.c.name == "Marketplace").scalar_subquery()
    return PROMOTIONS.c.market == marketplace


def detail(session: Session, listing_id: int) -> ListingDetailPublic:
    """Listing ``listing_id`` with its metadata, likes, comments, credits, vouchers, promotion.

    Raises:
        ResourceNotFoundError: No such listing (yet: the indexer may be behind).
    """
    promoted = [PROMOTIONS.c[name].label(f"promotion_{name}") for name in PROMOTION_FIELDS]
    row = (
        session.connection()
        .execute(
            select(
                LISTINGS,
                DOCUMENTS.c.body,
                _likes(),
                _comments(),
                _credits(),
                _redemptions(listing_id),
                PROMOTIONS.c.market.label("promotion_market"),
                *promoted,
            )
            .select_from(
                WITH_METADATA.outerjoin(
                    PROMOTIONS,
                    and_(PROMOTIONS.c.listing_id == LISTINGS.c.listing_id, _promoted()),
                )
            )
            .where(LISTINGS.c.listing_id == listing_id)
        )
        .first()
    )
    if row is None:
        raise ResourceNotFoundError(f"no listing {listing_id} (yet: the indexer may be behind)")
    fields = dict(row._mapping)
    body = fields.pop("body")
    promotion = {name: fields.pop(f"promotion_{name}") for name in (*PROMOTION_FIELDS, "market")}
    metadata = ListingMetadata.model_validate_json(body) if body is not None else None
    return ListingDetailPublic(
        **fields,
        metadata_document=metadata,
        promotion=(
            ListingPromotionPublic(**promotion, listing_id=listing_id)
            if promotion["market"] is not None
            else None
        ),
    )


def seller_of(session: Session, listing_id: int) -> str:
    """The seller of listing ``listing_id``.

    Raises:
        ResourceNotFoundError: No such listing.
    """
    seller = (
        session.connection()
        .execute(select(LISTINGS.c.seller).where(LISTINGS.c.listing_id == listing_id))
        .scalar()
    )
    if seller is None:
        raise ResourceNotFoundError(f"no listing {listing_id} (yet: the indexer may be behind)")
    return str(seller)


def _summary(row: Row[Any]) -> ListingSummaryPublic:
    fields = dict(row._mapping)
    fields.pop("rank", None)
    return ListingSummaryPublic(**fields)


def _filters(seller: str | None, status: str | None, token: str | None) -> list[Any]:
    found: list[ColumnElement[bool]] = []
    if seller is not None:
        found.append(LISTINGS.c.seller == seller)
    if status is not None:
        found.append(LISTINGS.c.status == status)
    if token is not None:
        found.append(LISTINGS.c.token == token)
    return found


def listings(
    session: Session,
    *,
    seller: str | None,
    status: str | None,
    token: str | None,
    before: int | None,
    limit: int,
) -> ListingsPublic:
    """Listings newest first (by id), ``before`` an id when given."""
    conditions = _filters(seller, status, token)
    if before is not None:
        conditions.append(LISTINGS.c.listing_id < before)
    rows = (
        session.connection()
        .execute(
            select(LISTINGS, DOCUMENTS.c.title)
            .select_from(WITH_METADATA)
            .where(*conditions)
            .order_by(LISTINGS.c.listing_id.desc())
            .limit(limit + 1)
        )
        .all()
    )
    data = [_summary(row) for row in rows[:limit]]
    more = len(rows) > limit
    return ListingsPublic(
        data=data, count=len(data), next_before=data[-1].listing_id if more else None
    )


def search(
    session: Session, query: str, *, status: str | None, limit: int, offset: int
) -> SearchResultsPublic:
    """Listings whose metadata matches ``query``, best first."""
    found = matches(session.get_bind().dialect.name, query).subquery("found")
    rows = (
        session.connection()
        .execute(
            select(LISTINGS, DOCUMENTS.c.title, found.c.rank)
            .select_from(WITH_METADATA.join(found, found.c.hash == LISTINGS.c.metadata_hash))
            .where(*_filters(None, status, None))
            .order_by(found.c.rank, LISTINGS.c.listing_id.desc())
            .offset(offset)
            .limit(limit + 1)
        )
        .all()
    )
    data = [_summary(row) for row in rows[:limit]]
    more = len(rows) > limit
    return SearchResultsPublic(
        data=data, count=len(data), next_offset=offset + limit if more else None
    )
