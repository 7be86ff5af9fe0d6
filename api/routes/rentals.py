"""Rentals and rental listings (RentalEscrow), as indexed from the chain."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.crud import rentals
from api.deps import SessionDep, SettingsDep
from api.models.common import Address
from api.models.rentals import (
    RentalDetailPublic,
    RentalListingDetailPublic,
    RentalListingsPublic,
    RentalsPublic,
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

router = APIRouter(tags=["rentals"])

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
    return rentals.rentals(
        session, filters=filters, before=before, limit=page_size(limit, settings)
    )


@router.get("/rentals/{rental_id}", responses=errors(404))
def get_rental(rental_id: Uint256Id, session: SessionDep) -> RentalDetailPublic:
    """One rental: terms copied at booking, status, what was paid out, and its history."""
    return rentals.rental(session, rental_id)


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
        limit=page_size(limit, settings),
    )


@router.get("/rental-listings/{listing_id}", responses=errors(404))
def get_rental_listing(listing_id: ListingPath, session: SessionDep) -> RentalListingDetailPublic:
    """One rental listing: daily rate, deposit, late fee, windows, metadata document."""
    return rentals.rental_listing(session, listing_id)
