"""Listings as the API returns them: the indexer's row with its metadata and social counts.

``metadata_document`` is the document the listing's ``metadataHash`` commits to, when someone stored
it with ``POST /v1/documents``; the key is the hash itself, so what is returned is exactly
what the chain committed.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from api.models.common import MAX_DB_INT
from api.models.documents import ListingMetadata
from indexer.models import ListingPublic


class ListingDetailPublic(ListingPublic):
    """One listing.

    Attributes:
        metadata_document: The metadata document, or ``null`` while nobody stored it.
        likes: How many signed-in users like it.
        comments: How many visible comments and questions it has.
    """

    metadata_document: ListingMetadata | None
    likes: int
    comments: int


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
