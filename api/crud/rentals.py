"""Rentals (RentalEscrow) and rental listings, newest first.

Rentals are keyed by a uint256 id and listed by ``"<created block>.<id>"`` cursors, like
orders (api/crud/pages.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from api.crud.pages import deal_page, listing_detail, listing_page
from api.errors import ResourceNotFoundError
from api.models.rentals import (
    RentalDetailPublic,
    RentalListingDetailPublic,
    RentalListingsPublic,
    RentalsPublic,
)
from indexer.models import (
    Rental,
    RentalEvent,
    RentalEventPublic,
    RentalListing,
    RentalListingPublic,
    RentalPublic,
)
from indexer.store.tables import table_of

RENTALS = table_of(Rental)
RENTAL_EVENTS = table_of(RentalEvent)
RENTAL_LISTINGS = table_of(RentalListing)


def rentals(
    session: Session, *, filters: dict[str, Any], before: str | None, limit: int
) -> RentalsPublic:
    """Rentals matching ``filters`` (column → value), newest first."""
    rows, cursor = deal_page(session, RENTALS, "rental_id", filters, before, limit)
    data = [RentalPublic(**row._mapping) for row in rows]
    return RentalsPublic(data=data, count=len(data), next_cursor=cursor)


def rental(session: Session, rental_id: int) -> RentalDetailPublic:
    """Rental ``rental_id`` with its status history.

    Raises:
        ResourceNotFoundError: No such rental (yet).
    """
    connection = session.connection()
    row = connection.execute(select(RENTALS).where(RENTALS.c.rental_id == rental_id)).first()
    if row is None:
        raise ResourceNotFoundError(f"no rental {rental_id} (yet: the indexer may be behind)")
    history = connection.execute(
        select(RENTAL_EVENTS)
        .where(RENTAL_EVENTS.c.rental_id == rental_id)
        .order_by(RENTAL_EVENTS.c.block_number, RENTAL_EVENTS.c.log_index)
    ).all()
    return RentalDetailPublic(
        **row._mapping, history=[RentalEventPublic(**event._mapping) for event in history]
    )


def rental_listings(
    session: Session, *, filters: dict[str, Any], before: int | None, limit: int
) -> RentalListingsPublic:
    """Rental listings matching ``filters``, newest first."""
    rows, after = listing_page(session, RENTAL_LISTINGS, filters, before, limit)
    data = [RentalListingPublic(**row._mapping) for row in rows]
    return RentalListingsPublic(data=data, count=len(data), next_before=after)


def rental_listing(session: Session, listing_id: int) -> RentalListingDetailPublic:
    """Rental listing ``listing_id`` with its metadata document.

    Raises:
        ResourceNotFoundError: No such rental listing (yet).
    """
    fields = listing_detail(session, RENTAL_LISTINGS, listing_id, "rental listing")
    return RentalListingDetailPublic(**fields)
