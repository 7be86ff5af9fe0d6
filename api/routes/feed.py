"""The social feed: ``/v1/feed`` (everything) and ``/v1/feed/following`` (whom you follow).

Pages are newest first. ``before=<cursor>`` continues with older items and ``after=<cursor>``
with newer ones; ``next_cursor``/``prev_cursor`` in the body and the ``Link`` header
(``rel="next"``, ``"prev"``, ``"first"``) carry them, and ``end: true`` marks the oldest page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.core.cache import VersionedCache
from api.core.cursors import CURSOR_PATTERN, Position, link_header
from api.core.fastpath import page_response
from api.crud import feed
from api.deps import DatabaseDep, SessionDep, SettingsDep, Viewer
from api.errors import InvalidRequestError
from api.models.common import Address
from api.models.feed import FeedEntryPublic, FeedPagePublic
from api.routes.responses import errors
from indexer.models import FeedKind

router = APIRouter(prefix="/feed", tags=["feed"])

Cursor = Annotated[str | None, Query(pattern=CURSOR_PATTERN, description="An item's cursor.")]
Kinds = Annotated[
    list[FeedKind] | None,
    Query(alias="kind", description="Only these kinds, e.g. kind=purchased&kind=order_placed."),
]
Limit = Annotated[int | None, Query(ge=1, description="Items per page (at most max_page_size).")]
Seller = Annotated[Address | None, Query(description="Only items about this seller.")]
Token = Annotated[Address | None, Query(description="Only this payment token (0x0…0: ETH).")]


MAX_KINDS = 16


def feed_filter(
    kinds: list[FeedKind] | None, seller: str | None, token: str | None
) -> feed.FeedFilter:
    """The filter of the query parameters (each kind was validated as a :class:`FeedKind`).

    Raises:
        InvalidRequestError: Too many kinds.
    """
    if len(kinds or ()) > MAX_KINDS:
        raise InvalidRequestError(f"ask for at most {MAX_KINDS} kinds at once")
    chosen = tuple(sorted({kind.value for kind in kinds or ()}))
    return feed.FeedFilter(kinds=chosen, seller=seller, token=token)


def _positions(before: str | None, after: str | None) -> tuple[Position | None, Position | None]:
    if before is not None and after is not None:
        raise InvalidRequestError("give before or after, not both")
    return (
        Position.parse(before) if before is not None else None,
        Position.parse(after) if after is not None else None,
    )


def render(request: Request, page: FeedPagePublic) -> tuple[bytes, dict[str, str]]:
    """The page's JSON and its ``Link`` header."""
    relations: dict[str, dict[str, str]] = {"first": {}}
    if page.next_cursor is not None:
        relations["next"] = {"before": page.next_cursor}
    if page.prev_cursor is not None:
        relations["prev"] = {"after": page.prev_cursor}
    return page.model_dump_json().encode(), {"Link": link_header(str(request.url), relations)}


@router.get("", response_model=FeedPagePublic, responses=errors(400))
async def global_feed(
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    before: Cursor = None,
    after: Cursor = None,
    limit: Limit = None,
    kind: Kinds = None,
    seller: Seller = None,
    token: Token = None,
) -> Response:
    """Everything that happens on the marketplace, newest first.

    The first page (no cursor) is served from a per-process cache while the feed is
    unchanged; a fresh hit is answered before routing (api/core/fastpath.py), and a hit
    whose version is due for a check needs one small query.
    """
    older, newer = _positions(before, after)
    size = min(limit or settings.feed_page_size, settings.max_page_size)
    items = feed_filter(kind, seller, token)
    cache: VersionedCache[tuple[bytes, dict[str, str]]] = request.app.state.feed_cache
    first_page = older is None and newer is None

    def build() -> tuple[bytes, dict[str, str]]:
        with Session(database.reader) as session:
            page = feed.page(session, items, limit=size, before=older, after=newer)
        return render(request, page)

    def version() -> tuple[int, int]:
        with Session(database.reader) as session:
            return feed.version(session)

    def serve() -> tuple[bytes, dict[str, str]]:
        return cache.get(str(request.url), version, build) if first_page else build()

    return page_response(*await run_in_threadpool(serve))


@router.get("/following", response_model=FeedPagePublic, responses=errors(400, 401))
def following_feed(
    request: Request,
    me: Viewer,
    session: SessionDep,
    settings: SettingsDep,
    before: Cursor = None,
    after: Cursor = None,
    limit: Limit = None,
    kind: Kinds = None,
) -> Response:
    """What the addresses the signed-in user follows did (as actor or as seller)."""
    older, newer = _positions(before, after)
    size = min(limit or settings.feed_page_size, settings.max_page_size)
    items = feed.FeedFilter(kinds=feed_filter(kind, None, None).kinds, follower=me)
    page = feed.page(session, items, limit=size, before=older, after=newer)
    return page_response(*render(request, page))


@router.get(
    "/items/{item_id}",
    response_model=FeedEntryPublic,
    responses=errors(404, e404="No such item, or a reorg removed it"),
)
def feed_item(
    item_id: Annotated[int, Path(ge=1, le=2**63 - 1)], session: SessionDep
) -> FeedEntryPublic:
    """One feed item: what a shared feed-item link (``/feed/{id}``) shows."""
    return feed.item(session, item_id)


GLOBAL_FEED = next(route for route in router.routes if getattr(route, "name", "") == "global_feed")
