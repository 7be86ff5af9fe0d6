"""Listings: list and search, one listing with metadata, likes, comments, checkout."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response, status

from api.crud import checkout, listings, social
from api.deps import SessionDep, SettingsDep, SignedInWriter, WriteSessionDep
from api.models.common import MAX_DB_INT, Address, Hash32, now
from api.models.listings import ListingDetailPublic, ListingsPublic, SearchResultsPublic
from api.models.market import CheckoutPublic
from api.models.social import CommentCreate, CommentPublic, CommentsPublic, LikePublic
from api.routes.responses import WRITE, errors

router = APIRouter(prefix="/listings", tags=["listings"])

ListingId = Annotated[int, Path(ge=1, le=MAX_DB_INT)]
Status = Literal["active", "paused", "closed"]
Limit = Annotated[int | None, Query(ge=1)]
ZERO_REF = "0x" + "00" * 32
MAX_SEARCH_OFFSET = 10_000


def _size(limit: int | None, settings: SettingsDep) -> int:
    return min(limit or settings.feed_page_size, settings.max_page_size)


@router.get("")
def list_listings(
    session: SessionDep,
    settings: SettingsDep,
    seller: Annotated[Address | None, Query()] = None,
    status: Status | None = None,
    token: Annotated[Address | None, Query()] = None,
    before: Annotated[int | None, Query(ge=1, le=MAX_DB_INT)] = None,
    limit: Limit = None,
) -> ListingsPublic:
    """Listings, newest first, by seller, status and payment token."""
    return listings.listings(
        session,
        seller=seller,
        status=status,
        token=token,
        before=before,
        limit=_size(limit, settings),
    )


@router.get("/search", responses=errors(400))
def search_listings(
    session: SessionDep,
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find.")],
    status: Status | None = "active",
    offset: Annotated[int, Query(ge=0, le=MAX_SEARCH_OFFSET)] = 0,
    limit: Limit = None,
) -> SearchResultsPublic:
    """Full-text search of listing metadata (title, brand, model, category, description)."""
    size = _size(limit, settings)
    return listings.search(session, q, status=status, limit=size, offset=offset)


@router.get("/{listing_id}", response_model=ListingDetailPublic, responses=errors(404))
def get_listing(listing_id: ListingId, session: SessionDep) -> Response:
    """One listing: terms, price, stock, status, metadata, likes and comment count."""
    body = listings.detail(session, listing_id).model_dump_json()
    return Response(content=body, media_type="application/json")


@router.get("/{listing_id}/checkout", responses=errors(404, 409, 503))
def get_checkout(
    listing_id: ListingId,
    session: SessionDep,
    settings: SettingsDep,
    quantity: Annotated[int, Query(ge=1, le=2**32 - 1)] = 1,
    shipping_ref: Annotated[
        Hash32, Query(description="bytes32 reference to encrypted shipping details.")
    ] = ZERO_REF,
) -> CheckoutPublic:
    """An EIP-681 payment link, its QR code (SVG) and the unsigned transaction(s)."""
    return checkout.checkout(
        session,
        chain_id=settings.chain_id,
        listing_id=listing_id,
        quantity=quantity,
        shipping_ref=shipping_ref,
    )


@router.put("/{listing_id}/like", responses=errors(401, 404, 429))
def like(listing_id: ListingId, me: SignedInWriter, session: WriteSessionDep) -> LikePublic:
    """Like the listing (idempotent)."""
    return social.set_like(session, me, listing_id, True, now())


@router.delete("/{listing_id}/like", responses=errors(401, 404, 429))
def unlike(listing_id: ListingId, me: SignedInWriter, session: WriteSessionDep) -> LikePublic:
    """Take the like back (idempotent)."""
    return social.set_like(session, me, listing_id, False, now())


@router.get("/{listing_id}/comments", responses=errors(404))
def list_comments(
    listing_id: ListingId,
    session: SessionDep,
    settings: SettingsDep,
    before: Annotated[int | None, Query(ge=1, le=MAX_DB_INT)] = None,
    limit: Limit = None,
) -> CommentsPublic:
    """Comments and questions, newest first, each question with the seller's answer."""
    return social.comments(session, listing_id, before=before, limit=_size(limit, settings))


@router.post(
    "/{listing_id}/comments",
    status_code=status.HTTP_201_CREATED,
    responses={**WRITE, **errors(400, 404)},
)
def post_comment(
    listing_id: ListingId, comment: CommentCreate, me: SignedInWriter, session: WriteSessionDep
) -> CommentPublic:
    """Comment on the listing, or ask its seller a question (``kind: question``)."""
    return social.add_comment(session, me, listing_id, comment, now())
