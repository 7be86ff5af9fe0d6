"""The FastAPI application factory.

``create_app()`` reads :class:`~api.core.config.ApiSettings` from the environment; tests and
the CLI pass their own. ``bazaar api`` has uvicorn import ``api.main:worker_app`` as a
factory in each worker process.

Example:
    >>> app = create_app(ApiSettings(db_url="sqlite:///:memory:"))
    >>> app.title, app.openapi_url
    ('Bazaar API', '/openapi.json')
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from api.core.cache import VersionedCache
from api.core.config import ApiSettings
from api.core.db import Database
from api.core.fastpath import CachedFeedMiddleware
from api.core.metrics import MetricsMiddleware
from api.errors import (
    AuthenticationRequiredError,
    HttpApiError,
    InvalidRequestError,
    ResourceNotFoundError,
)
from api.routes import docs, feed, health, v1
from api.web import install as install_storefront

DESCRIPTION = """\
The social shopping feed and marketplace reads of Bazaar, over the indexer's database.
Writes need Sign-In with Ethereum (EIP-4361): see the `auth` endpoints. Amounts are decimal
strings (uint256). docs/api.md explains cursors, the live stream and the reputation formula.
"""


HTTP_CODES = {
    400: InvalidRequestError.code,
    401: AuthenticationRequiredError.code,
    404: ResourceNotFoundError.code,
    405: "MethodNotAllowed",
}


def _error(exc: HttpApiError) -> JSONResponse:
    return JSONResponse(
        {"detail": str(exc), "code": exc.code}, status_code=exc.status_code, headers=exc.headers()
    )


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HttpApiError)
    return _error(exc)


# The methods a 405's ``Allow`` may list (OPTIONS is answered only to CORS preflights).
HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app serves at the request's path.

    Starlette's router answers 405 from the first route whose path matched, so ``Allow``
    would list that route's methods only (``OPTIONS /v1/follows/{a}`` said ``PUT`` though
    ``DELETE`` is served too). This asks every route, through included routers, for each
    method instead.
    """
    allowed: list[str] = []
    for method in HTTP_METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's own errors (404 route, 405, body parse) in the same shape as ours."""
    assert isinstance(exc, StarletteHTTPException)
    code = HTTP_CODES.get(exc.status_code, "HttpError")
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return JSONResponse(
        {"detail": str(exc.detail), "code": code},
        status_code=exc.status_code,
        headers=headers,
    )


async def _database_down(_request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(
        {"detail": "the database is unavailable; retry shortly", "code": "ServiceUnavailable"},
        status_code=503,
        headers={"Retry-After": "5"},
    )


def create_app(
    settings: ApiSettings | None = None,
    database: Database | None = None,
    *,
    freeze_gc: bool = False,
) -> FastAPI:
    """Build the API.

    Args:
        settings: Defaults to the environment (``BAZAAR_*``).
        database: Defaults to engines for ``settings.db_url`` (disposed on shutdown).
        freeze_gc: At startup, move every object alive into the garbage collector's
            permanent generation (for a serving process: see :func:`worker_app`).
    """
    settings = settings or ApiSettings()
    owned = database is None
    db = database or Database.connect(settings.db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if freeze_gc:
            # The ~190,000 objects of the imported libraries and the app would otherwise be
            # traversed by every full collection while requests wait (0.1-0.2 s on the
            # benchmark machine, about once per 3,000 feed pages); frozen, a collection
            # sees only what requests allocate.
            gc.collect()
            gc.freeze()
        yield
        if owned:
            db.dispose()

    app = FastAPI(
        title="Bazaar API",
        version="1.0.0",
        description=DESCRIPTION,
        docs_url=None,  # served offline by api.routes.docs instead of from a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = db
    app.state.feed_cache = VersionedCache[tuple[bytes, dict[str, str]]](settings.feed_cache_ttl)
    # Innermost of the middleware: cache hits are still counted (metrics) and get CORS headers.
    app.add_middleware(CachedFeedMiddleware, cache=app.state.feed_cache, route=feed.GLOBAL_FEED)
    app.add_exception_handler(HttpApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_down)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type", "Last-Event-ID"],
        expose_headers=["Link", "Retry-After", "ETag"],
        max_age=600,
    )
    app.add_middleware(MetricsMiddleware)
    app.include_router(health.router)
    app.include_router(v1)
    docs.install(app)
    # Last: the storefront's fallback answers only what no API route took.
    install_storefront(app, settings.web_dist)
    return app


def worker_app() -> FastAPI:
    """The app as a serving process runs it: settings from the environment, the startup
    objects frozen out of garbage collection. ``bazaar api`` serves this factory."""
    return create_app(freeze_gc=True)
