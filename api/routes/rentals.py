"""Rentals (RentalEscrow) and installment plans (InstallmentPlans), as indexed from the chain."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from api.crud import rentals
from api.crud.orders import MAX_UINT256, ORDER_CURSOR
from api.deps import SessionDep, SettingsDep
from api.models.common import MAX_DB_INT, Address
from api.models.rentals import PlanDetailPublic, PlansPublic, RentalDetailPublic, RentalsPublic
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
