"""Seller reputation, with the published formula and every input it reads; seller vouchers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.crud import reputation, vouchers
from api.deps import SessionDep, SettingsDep
from api.models.common import Address, Hash32
from api.models.credits import SellerVouchersPublic
from api.models.market import ReputationPublic
from api.routes.responses import errors

router = APIRouter(prefix="/sellers", tags=["reputation"])


@router.get("/{address}/reputation", responses=errors(404))
def seller_reputation(
    address: Address, session: SessionDep, settings: SettingsDep
) -> ReputationPublic:
    """The seller's score in (0, 1), the formula (docs/api.md) and its inputs."""
    return reputation.reputation(session, address, settings.reputation_units)


@router.get("/{address}/vouchers", tags=["credits"])
def seller_vouchers(
    address: Address,
    session: SessionDep,
    settings: SettingsDep,
    cancelled: Annotated[
        bool | None, Query(description="true: only cancelled vouchers; false: only live ones.")
    ] = None,
    after: Annotated[
        Hash32 | None, Query(description="Continue after this voucher digest (next_cursor).")
    ] = None,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> SellerVouchersPublic:
    """The seller's vouchers the chain saw redeemed or cancelled, with redemption counts and
    the discounts they gave."""
    return vouchers.seller_vouchers(
        session,
        address,
        cancelled=cancelled,
        after=after,
        limit=min(limit or settings.feed_page_size, settings.max_page_size),
    )
