"""Review credits (balances and moves of any address) and listing promotions."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.core.cursors import CURSOR_PATTERN, Position
from api.crud import credits
from api.deps import SessionDep, SettingsDep
from api.models.common import MAX_DB_INT, Address
from api.models.credits import CreditsPublic, PromotionsPublic
from api.routes.responses import errors

router = APIRouter(tags=["credits"])

Before = Annotated[str | None, Query(pattern=CURSOR_PATTERN, description='"<block>.<log>"')]
Limit = Annotated[int | None, Query(ge=1)]


@router.get("/credits/{address}", responses=errors(400))
def get_credits(
    address: Address,
    session: SessionDep,
    settings: SettingsDep,
    kind: Annotated[
        Literal["mint", "spend", "burn"] | None,
        Query(description="Only mints (review rewards), spends (checkout) or burns (promotions)."),
    ] = None,
    contract: Annotated[Address | None, Query(description="Only this credits contract.")] = None,
    before: Before = None,
    limit: Limit = None,
) -> CreditsPublic:
    """The address's credit balances per payment token, and its credit moves newest first."""
    return credits.credits(
        session,
        address,
        kind=kind,
        contract=contract,
        before=Position.parse(before) if before is not None else None,
        limit=min(limit or settings.feed_page_size, settings.max_page_size),
    )


@router.get("/promotions", responses=errors(400))
def list_promotions(
    session: SessionDep,
    settings: SettingsDep,
    seller: Annotated[Address | None, Query(description="Promotions by this seller.")] = None,
    market: Annotated[Address | None, Query(description="The listing's market.")] = None,
    listing_id: Annotated[
        int | None, Query(ge=1, le=MAX_DB_INT, description="Promotions of this listing.")
    ] = None,
    active: Annotated[
        bool | None,
        Query(description="true: the promoted listing is active now; false: it is not."),
    ] = None,
    before: Before = None,
    limit: Limit = None,
) -> PromotionsPublic:
    """Credits sellers burned to promote listings, newest first."""
    where = credits.promotion_conditions(
        seller=seller, market=market, listing_id=listing_id, active=active
    )
    return credits.promotions(
        session,
        where=where,
        before=Position.parse(before) if before is not None else None,
        limit=min(limit or settings.feed_page_size, settings.max_page_size),
    )
