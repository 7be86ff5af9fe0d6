"""Serve cached first feed pages before FastAPI routes the request.

The first page of ``GET /v1/feed`` is what nearly every visitor asks for, and each process
keeps it rendered (:class:`~api.core.cache.VersionedCache`, filled by the route). On a hit
the route itself has nothing left to do, yet routing, dependency resolution and query
validation would still cost several times more than sending the bytes. This middleware sits
inside the metrics and CORS middleware (so hits are counted under the route's template and
get the same CORS headers) and answers a hit directly.

Only URLs the route has rendered are in the cache, and the route renders only requests that
passed validation, so a hit answers exactly what the route would: the same body, ``Link``
and content headers. Anything else (a miss, an expired version check, another path or
method) goes on to FastAPI untouched.
"""

from __future__ import annotations

from starlette.datastructures import URL
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from api.core.cache import VersionedCache

FEED_PATH = "/v1/feed"
Page = tuple[bytes, dict[str, str]]


def page_response(body: bytes, headers: dict[str, str]) -> Response:
    """A rendered feed page as the HTTP response the feed route sends."""
    return Response(content=body, media_type="application/json", headers=headers)


class CachedFeedMiddleware:
    """Answer ``GET /v1/feed`` from the first-page cache when it holds the exact URL.

    Args:
        app: The rest of the application.
        cache: The cache the feed route fills.
        route: The feed route, recorded in the scope of a hit as the router would.
    """

    def __init__(self, app: ASGIApp, cache: VersionedCache[Page], route: BaseRoute) -> None:
        self.app = app
        self.cache = cache
        self.route = route

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == FEED_PATH:
            cached = self.cache.peek(str(URL(scope=scope)))
            if cached is not None:
                scope["route"] = self.route
                await page_response(*cached)(scope, receive, send)
                return
        await self.app(scope, receive, send)
