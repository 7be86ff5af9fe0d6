"""``/v1/stream``: the feed live, as server-sent events, resumable with ``Last-Event-ID``.

Every event's ``id`` is the item's ``seq``, which the indexer increases with every change.
``event: update`` carries a new (or revived) item, ``event: delete`` an item a reorg removed
(the same item with ``removed: true``). A client that reconnects with ``Last-Event-ID``
(browsers' ``EventSource`` do it by themselves) receives every change after that id, so no
insertion or deletion is missed. Without it the stream starts with what happens next.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any, TypeVar

import anyio
from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from sqlalchemy import Row
from sqlmodel import Session

from api.core.config import ApiSettings
from api.core.db import Database
from api.core.metrics import STREAMS
from api.crud import feed
from api.deps import DatabaseDep, SettingsDep
from api.errors import InvalidRequestError
from api.models.common import Address
from api.routes.feed import Kinds, feed_filter
from api.routes.responses import errors

router = APIRouter(tags=["feed"])

BATCH = 200
RETRY_MS = 3000
Result = TypeVar("Result")


def _resume_point(header: str | None, query: int | None) -> int | None:
    if header is None:
        return query
    if not header.isdigit() or len(header) > 18:
        raise InvalidRequestError(
            f"Last-Event-ID {header[:40]!r} is not an event id of this stream"
        )
    return int(header)


def sse(event: str, event_id: int, data: str) -> str:
    """One server-sent event (``data`` must be a single line, as JSON is)."""
    return f"id: {event_id}\nevent: {event}\ndata: {data}\n\n"


def _changes(session: Session, items: feed.FeedFilter, after_seq: int) -> list[Row[Any]]:
    return feed.changes(session, items, after_seq=after_seq, limit=BATCH)


async def _read(database: Database, query: Callable[..., Result], *args: Any) -> Result:
    """``query(session, *args)`` in a worker thread, so the event loop never blocks."""

    def run() -> Result:
        with Session(database.reader) as session:
            return query(session, *args)

    return await anyio.to_thread.run_sync(run)


async def _events(
    database: Database, settings: ApiSettings, items: feed.FeedFilter, last: int
) -> AsyncIterator[str]:
    STREAMS.inc()
    try:
        yield f"retry: {RETRY_MS}\n\n"
        silent = 0.0
        while True:
            rows = await _read(database, _changes, items, last)
            for row in rows:
                entry = feed.entry(row)
                yield sse(
                    "delete" if entry.removed else "update", entry.seq, entry.model_dump_json()
                )
                last = entry.seq
            if len(rows) == BATCH:
                continue
            if rows:
                silent = 0.0
            elif silent >= settings.stream_heartbeat:
                yield ": keep-alive\n\n"
                silent = 0.0
            await anyio.sleep(settings.stream_poll_interval)
            silent += settings.stream_poll_interval
    finally:
        STREAMS.dec()


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "update/delete events"},
        **errors(400),
    },
)
async def stream(
    database: DatabaseDep,
    settings: SettingsDep,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    since: Annotated[
        int | None, Query(ge=0, le=2**63 - 1, description="Resume after this id.")
    ] = None,
    kind: Kinds = None,
    seller: Annotated[Address | None, Query()] = None,
    token: Annotated[Address | None, Query()] = None,
) -> StreamingResponse:
    """Feed changes as they happen (``update``, ``delete``), resumable by event id."""
    resume = _resume_point(last_event_id, since)
    items = feed_filter(kind, seller, token)
    # Fixed before the headers go out: a client that got them misses nothing after.
    start = resume if resume is not None else await _read(database, feed.last_seq)
    return StreamingResponse(
        _events(database, settings, items, start),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
