"""Prometheus metrics: requests by route template and status, latency, live streams.

Routes are labelled by their template (``/v1/listings/{listing_id}``), never by the raw path,
so label cardinality stays bounded. With several worker processes, set
``PROMETHEUS_MULTIPROC_DIR`` to an empty directory shared by them (prometheus-client's
multiprocess mode); ``/metrics`` then aggregates every worker. The variable is
prometheus-client's own, so it has no ``BAZAAR_`` prefix; this module reads it through
:class:`core.settings.BazaarSettings` like every other setting.
"""

from __future__ import annotations

import time
from functools import cache
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.settings import BazaarSettings

API_PREFIX = "/v1"

REQUESTS = Counter(
    "bazaar_api_requests_total", "HTTP requests answered.", ["method", "route", "status"]
)
LATENCY = Histogram(
    "bazaar_api_request_duration_seconds",
    "Time to answer an HTTP request (streams: until the headers are sent).",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
STREAMS = Gauge(
    "bazaar_api_streams_open",
    "Server-sent event streams currently open.",
    multiprocess_mode="livesum",
)
INDEXER_LAG = Gauge(
    "bazaar_api_indexer_lag_blocks",
    "Blocks the indexer trails the chain head, as last seen by this API.",
    multiprocess_mode="max",
)


_Series = tuple[Any, Any]
_SERIES: dict[tuple[str, str, int], _Series] = {}


def _series(method: str, route: str, status: int) -> _Series:
    """The (latency, count) children of one label set, looked up once and then kept:
    ``labels()`` validates and locks on every call, a dict lookup does not."""
    key = (method, route, status)
    found = _SERIES.get(key)
    if found is None:
        found = (LATENCY.labels(method, route), REQUESTS.labels(method, route, str(status)))
        _SERIES[key] = found
    return found


def _route(scope: Scope) -> str:
    # FastAPI keeps an included router's routes with their router-local path; every router
    # of this app is included either at the root or under /v1.
    path = getattr(scope.get("route"), "path", None)
    if path is None:
        return "unmatched"
    return f"{API_PREFIX}{path}" if scope["path"].startswith(API_PREFIX + "/") else str(path)


class MetricsMiddleware:
    """Pure ASGI middleware counting every HTTP response (cheaper than BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        started = False

        def record(status: int) -> None:
            latency, count = _series(scope["method"], _route(scope), status)
            latency.observe(time.perf_counter() - start)
            count.inc()

        async def send_and_measure(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                record(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_measure)
        except Exception:
            if not started:
                record(500)  # answered by Starlette's ServerErrorMiddleware, outside this one
            raise


@cache
def multiprocess_mode() -> bool:
    """Whether metrics are shared by worker processes (read once: prometheus-client, too,
    picks its storage when the process starts)."""
    return BazaarSettings().prometheus_multiproc_dir is not None


def render() -> tuple[bytes, str]:
    """The exposition text of every metric (all workers in multiprocess mode)."""
    if multiprocess_mode():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


def observe_lag(lag: Any) -> None:
    """Record the indexer lag read from the database."""
    INDEXER_LAG.set(float(lag))
