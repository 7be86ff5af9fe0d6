"""Installment plans and plan listings (InstallmentPlans), as indexed from the chain."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.crud import plans
from api.deps import SessionDep, SettingsDep
from api.models.common import Address
from api.models.plans import (
    PlanDetailPublic,
    PlanListingDetailPublic,
    PlanListingsPublic,
    PlansPublic,
)
from api.routes.params import (
    Before,
    Cursor,
    Limit,
    ListingId,
    ListingPath,
    ListingStatus,
    Uint256Id,
    page_size,
)
from api.routes.responses import errors

router = APIRouter(tags=["installment plans"])

PlanStatus = Literal[
    "active", "completed", "defaulted", "cancelled_by_seller", "cancelled_by_buyer"
]


@router.get("/plans", responses=errors(400))
def list_plans(
    session: SessionDep,
    settings: SettingsDep,
    seller: Annotated[Address | None, Query()] = None,
    buyer: Annotated[Address | None, Query()] = None,
    listing_id: ListingId = None,
    status: PlanStatus | None = None,
    before: Cursor = None,
    limit: Limit = None,
) -> PlansPublic:
    """Installment plans, newest first, by seller, buyer, plan listing and status."""
    filters = {"seller": seller, "buyer": buyer, "listing_id": listing_id, "status": status}
    return plans.plans(session, filters=filters, before=before, limit=page_size(limit, settings))


@router.get("/plans/{plan_id}", responses=errors(404))
def get_plan(plan_id: Uint256Id, session: SessionDep) -> PlanDetailPublic:
    """One plan: terms, its schedule of installments, the payments and its history."""
    return plans.plan(session, plan_id)


@router.get("/plan-listings")
def list_plan_listings(
    session: SessionDep,
    settings: SettingsDep,
    seller: Annotated[Address | None, Query()] = None,
    status: ListingStatus | None = None,
    before: Before = None,
    limit: Limit = None,
) -> PlanListingsPublic:
    """Things sold in installments, newest first, by seller and status."""
    return plans.plan_listings(
        session,
        filters={"seller": seller, "status": status},
        before=before,
        limit=page_size(limit, settings),
    )


@router.get("/plan-listings/{listing_id}", responses=errors(404))
def get_plan_listing(listing_id: ListingPath, session: SessionDep) -> PlanListingDetailPublic:
    """One plan listing: its EMI terms, stock, status and metadata document."""
    return plans.plan_listing(session, listing_id)
