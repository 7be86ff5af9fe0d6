"""Verified reviews from the Reputation contract, with their text and responses."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.core.cursors import CURSOR_PATTERN, Position
from api.crud import reviews
from api.crud.orders import MAX_UINT256
from api.deps import SessionDep, SettingsDep
from api.models.common import Address
from api.models.reviews import ReviewDetailPublic, ReviewsPublic
from api.routes.responses import errors

router = APIRouter(prefix="/reviews", tags=["reviews"])


@router.get("", responses=errors(400))
def list_reviews(
    session: SessionDep,
    settings: SettingsDep,
    seller: Annotated[
        Address | None, Query(description="Reviews of this seller or lender, by its buyers.")
    ] = None,
    reviewer: Annotated[Address | None, Query(description="Reviews this address wrote.")] = None,
    subject: Annotated[
        Address | None, Query(description="Reviews of this address, on either side.")
    ] = None,
    source: Annotated[
        Address | None, Query(description="The deal's contract (Marketplace, ...).")
    ] = None,
    deal_id: Annotated[int | None, Query(ge=0, le=MAX_UINT256, description="The deal.")] = None,
    before: Annotated[str | None, Query(pattern=CURSOR_PATTERN)] = None,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> ReviewsPublic:
    """Reviews, newest first, by seller, reviewer, reviewed party or deal."""
    where = reviews.conditions(
        seller=seller, reviewer=reviewer, subject=subject, source=source, deal_id=deal_id
    )
    return reviews.reviews(
        session,
        where=where,
        before=Position.parse(before) if before is not None else None,
        limit=min(limit or settings.feed_page_size, settings.max_page_size),
    )


@router.get("/{review_id}", responses=errors(404))
def get_review(
    review_id: Annotated[str, Path(pattern=CURSOR_PATTERN, description='"<block>.<log>"')],
    session: SessionDep,
) -> ReviewDetailPublic:
    """One review with its text, the response to it and every revision."""
    return reviews.review(session, Position.parse(review_id))
