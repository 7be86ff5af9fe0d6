"""Rentals (RentalEscrow) and installment plans (InstallmentPlans), as indexed from the chain."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from api.crud import rentals
from api.crud.orders import MAX_UINT256, ORDER_CURSOR
from api.deps import SessionDep, SettingsDep
from api.models.common import MAX_DB_INT, Address
from api.models.rentals import (
    PlanDetailPublic,
    PlanListingDetailPublic,
    PlanListingsPublic,
    PlansPublic,
    RentalDetailPublic,
    RentalListingDetailPublic,
    RentalListingsPublic,
    RentalsPublic,
)
from api.routes.responses import errors

router = APIRouter(tags=["rentals and plans"])

RentalStatus = Literal[
    "booked",
    "active",
    "returned",
    "claimed",
    "disputed",
    "completed",
    "resolved",
    "cancelled",
    "lost",
]
PlanStatus = Literal[
    "active", "completed", "defaulted", "cancelled_by_seller", "cancelled_by_buyer"
]
Cursor = Annotated[
    str | None, Query(pattern=ORDER_CURSOR, description='"<created block>.<id>" of the last row.')
]
Limit = Annotated[int | None, Query(ge=1)]
ListingId = Annotated[int | None, Query(ge=1, le=MAX_DB_INT)]
Uint256Id = Annotated[int, Path(ge=0, le=MAX_UINT256)]
ListingPath = Annotated[int, Path(ge=1, le=MAX_DB_INT)]
Before = Annotated[int | None, Query(ge=1, le=MAX_DB_INT)]
ListingStatus = Literal["active", "paused", "closed"]


def _size(limit: int | None, settings: SettingsDep) -> int:
    return min(limit or settings.feed_page_size, settings.max_page_size)


@router.get("/rentals", responses=errors(400))
def list_rentals(
    session: SessionDep,
    settings: SettingsDep,
    lender: Annotated[Address | None, Query()] = None,
    renter: Annotated[Address | None, Query()] = None,
    listing_id: ListingId = None,
    status: RentalStatus | None = None,
    before: Cursor = None,
    limit: Limit = None,
) -> RentalsPublic:
    """Rentals, newest first, by lender, renter, rental listing and status."""
    filters = {"lender": lender, "renter": renter, "listing_id": listing_id, "status": status}
    return rentals.rentals(session, filters=filters, before=before, limit=_size(limit, settings))


@router.get("/rentals/{rental_id}", responses=errors(404))
def get_rental(rental_id: Uint256Id, session: SessionDep) -> RentalDetailPublic:
    """One rental: terms copied at booking, status, what was paid out, and its history."""
    return rentals.rental(session, rental_id)


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
    return rentals.plans(session, filters=filters, before=before, limit=_size(limit, settings))


@router.get("/plans/{plan_id}", responses=errors(404))
def get_plan(plan_id: Uint256Id, session: SessionDep) -> PlanDetailPublic:
    """One plan: terms, its schedule of installments, the payments and its history."""
    return rentals.plan(session, plan_id)


@router.get("/rental-listings")
def list_rental_listings(
    session: SessionDep,
    settings: SettingsDep,
    lender: Annotated[Address | None, Query()] = None,
    status: ListingStatus | None = None,
    before: Before = None,
    limit: Limit = None,
) -> RentalListingsPublic:
    """Things for rent, newest first, by lender and status (``before=<listing id>``)."""
    return rentals.rental_listings(
        session,
        filters={"lender": lender, "status": status},
        before=before,
        limit=_size(limit, settings),
    )


@router.get("/rental-listings/{listing_id}", responses=errors(404))
def get_rental_listing(listing_id: ListingPath, session: SessionDep) -> RentalListingDetailPublic:
    """One rental listing: daily rate, deposit, late fee, windows, metadata document."""
    return rentals.rental_listing(session, listing_id)


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
    return rentals.plan_listings(
        session,
        filters={"seller": seller, "status": status},
        before=before,
        limit=_size(limit, settings),
    )


@router.get("/plan-listings/{listing_id}", responses=errors(404))
def get_plan_listing(listing_id: ListingPath, session: SessionDep) -> PlanListingDetailPublic:
    """One plan listing: its EMI terms, stock, status and metadata document."""
    return rentals.plan_listing(session, listing_id)
