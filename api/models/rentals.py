"""Rentals as the API returns them: the indexer's rows with their history."""

from __future__ import annotations

from sqlmodel import SQLModel

from api.models.documents import ListingMetadata
from indexer.models import RentalEventPublic, RentalListingPublic, RentalPublic


class RentalDetailPublic(RentalPublic):
    """A rental with its status history, oldest first."""

    history: list[RentalEventPublic]


class RentalsPublic(SQLModel):
    """Rentals, newest first; ``next_cursor`` continues (``null``: end)."""

    data: list[RentalPublic]
    count: int
    next_cursor: str | None


class RentalListingDetailPublic(RentalListingPublic):
    """A rental listing with its metadata document (``null`` while nobody stored it)."""

    metadata_document: ListingMetadata | None


class RentalListingsPublic(SQLModel):
    """Rental listings, newest first; pass ``next_before`` as ``before`` (``null``: end)."""

    data: list[RentalListingPublic]
    count: int
    next_before: int | None
