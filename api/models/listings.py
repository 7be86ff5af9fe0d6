"""Listings as the API returns them: the indexer's row with its metadata and social counts.

``metadata_document`` is the document the listing's ``metadataHash`` commits to, when someone stored
it with ``POST /v1/documents``; the key is the hash itself, so what is returned is exactly
what the chain committed.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from api.models.common import MAX_DB_INT
from api.models.documents import ListingMetadata
from indexer.models import ListingPromotionPublic, ListingPublic


class ListingDetailPublic(ListingPublic):
    """One listing.

    Attributes:
        metadata_document: The metadata document, or ``null`` while nobody stored it.
        likes: How many signed-in users like it.
        comments: How many visible comments and questions it has.
        accepted_credits: The review-credits contract a buyer may pay up to
            ``credit_cap_bps`` of the price with (``null``: credits are not accepted).
        voucher_redemptions: How many of its orders redeemed one of the seller's vouchers
            (vouchers are signed off chain; the chain shows only their redemptions).
        promotion: The review credits its seller burned to promote it (``null``: never).
    """

    metadata_document: ListingMetadata | None
    likes: int
    comments: int
    accepted_credits: str | None
    voucher_redemptions: int
    promotion: ListingPromotionPublic | None


class ListingSummaryPublic(ListingPublic):
    """A listing in a list: the row and its title (``null`` without metadata)."""

    title: str | None


class ListingsPublic(SQLModel):
    """Listings, newest first; pass ``next_before`` as ``before`` for more (``null``: end)."""

    data: list[ListingSummaryPublic]
    count: int
    next_before: int | None = Field(default=None, ge=1, le=MAX_DB_INT)


class SearchResultsPublic(SQLModel):
    """Listings matching a search, best match first; ``next_offset`` continues (``null``: end)."""

    data: list[ListingSummaryPublic]
    count: int
    next_offset: int | None = None
