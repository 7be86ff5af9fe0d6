"""The storefront (``web/``, built to ``web/dist``) served by the API process at ``/``.

The app and the API share one origin, so the browser fetches nothing from anywhere else.
``install`` adds:

- ``/assets/*``: the hashed bundles Vite writes;
- for any other ``GET`` that no route took (the 404 handler): a file at the top of
  ``dist``, else the app shell (``index.html``), so client routes such as ``/listings/3``
  load the app (SPA fallback). Paths under ``/v1/`` and the API's own pages (``/docs``,
  ``/openapi.json``, ...) are never shadowed: an unknown one still answers the API's JSON
  404, and a wrong method still 405.

The shell carries what the app needs to know about this deployment (chain id, the
addresses of the contracts the indexer follows) as JSON in
``<script id="bazaar-config" type="application/json">``, and, for a listing, a profile or a
feed item page, its ``<title>`` and OpenGraph/Twitter meta rendered here so shared links
preview without JavaScript. Everything interpolated is HTML-escaped (and ``<`` escaped
inside the JSON).

Example:
    >>> escape_json({"a": "</script>"})
    '{"a": "\\\\u003c/script>"}'
"""

from __future__ import annotations

import html
import inspect
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eth_utils.address import to_checksum_address
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import select
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.core.config import TokenLabel
from api.crud import feed as feed_crud
from api.crud import listings as listing_crud
from api.crud import profiles as profile_crud
from api.crud.checkout import CURSORS
from api.errors import ResourceNotFoundError
from core.constants import ZERO_ADDRESS

DEFAULT_DIST = Path(__file__).resolve().parent.parent / "web" / "dist"
# Prefixes that belong to the API: the fallback never answers them with the app.
API_PATHS = ("v1", "docs", "redoc", "openapi.json", "health", "metrics", "assets")
LISTING_PATH = re.compile(r"^listings/([1-9][0-9]{0,17})/?$")
PROFILE_PATH = re.compile(r"^profiles/(0x[0-9a-fA-F]{40})/?$")
FEED_ITEM_PATH = re.compile(r"^feed/([1-9][0-9]{0,17})/?$")
# The feed item's kind as words (web/src/features/feed/kinds.ts says the same in the app).
VERBS = {
    "listing_created": "listed",
    "listing_updated": "updated the listing",
    "listing_closed": "closed the listing",
    "listing_paused": "paused the listing",
    "listing_resumed": "resumed the listing",
    "purchased": "bought",
    "order_placed": "ordered",
    "offer_accepted": "accepted an offer",
    "order_shipped": "shipped",
    "order_completed": "completed the order of",
    "order_cancelled": "cancelled the order of",
    "order_refunded": "refunded",
    "dispute_opened": "opened a dispute about",
    "dispute_resolved": "had a dispute resolved about",
    "reviewed": "reviewed",
    "review_responded": "answered a review of",
    "promoted": "promoted",
}
OFFER_ORDER_BIT = 1 << 255
ETH = ZERO_ADDRESS
DESCRIPTION_LIMIT = 200


def escape_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<`` written as ``\\u003c``."""
    return json.dumps(data, sort_keys=True).replace("<", "\\u003c")


def _ether(wei: int) -> str:
    whole, fraction = divmod(wei, 10**18)
    digits = f"{fraction:018d}".rstrip("0")[:6]
    return f"{whole}.{digits}" if digits else str(whole)


def _short(address: str) -> str:
    return f"{address[:6]}…{address[-4:]}"


def listing_meta(session: Session, listing_id: int, base_url: str) -> dict[str, str] | None:
    """Title and preview fields of a listing page, or ``None`` if there is no such listing."""
    try:
        listing = listing_crud.detail(session, listing_id)
    except ResourceNotFoundError:
        return None
    document = listing.metadata_document
    title = document.title if document else f"Listing #{listing_id}"
    if listing.token == ETH:
        price = f"{_ether(int(listing.price))} ETH"
    else:
        price = f"{listing.price} base units of token {_short(listing.token)}"
    description = document.description if document else ""
    if len(description) > DESCRIPTION_LIMIT:
        description = description[: DESCRIPTION_LIMIT - 1].rstrip() + "…"
    summary = f"{price} · sold by {_short(listing.seller)}"
    meta = {
        "title": f"{title} — {price} — Bazaar",
        "og:title": title,
        "og:description": f"{summary}. {description}".strip(),
        "og:type": "product",
        "og:url": f"{base_url}listings/{listing_id}",
        "og:site_name": "Bazaar",
        "product:price": price,
        "product:seller": listing.seller,
        "twitter:card": "summary",
        "twitter:title": title,
        "twitter:description": f"{summary}. {description}".strip(),
    }
    images = list(document.images) if document and document.images else []
    if images:
        meta["og:image"] = str(images[0])
        meta["twitter:image"] = str(images[0])
        meta["twitter:card"] = "summary_large_image"
    return meta


def profile_meta(
    session: Session, address: str, units: dict[str, int], base_url: str
) -> dict[str, str] | None:
    """Title and preview fields of a profile page (what the API shows anyone), or ``None``."""
    address = to_checksum_address(address.lower())
    try:
        view = profile_crud.profile_view(session, address, units)
    except ResourceNotFoundError:
        return None
    name = view.profile.display_name if view.profile and view.profile.display_name else None
    title = name or _short(address)
    parts = []
    if view.seller is not None:
        parts.append(
            f"Seller on Bazaar: {view.seller.deals} completed deals, "
            f"reputation {round(view.seller.score * 100)}/100."
        )
    if view.profile and view.profile.bio:
        parts.append(view.profile.bio[:DESCRIPTION_LIMIT])
    description = " ".join(parts) or "On Bazaar."
    meta = {
        "title": f"{title} — Bazaar",
        "og:title": title,
        "og:description": description,
        "og:type": "profile",
        "og:url": f"{base_url}profiles/{address}",
        "og:site_name": "Bazaar",
        "twitter:card": "summary",
        "twitter:title": title,
        "twitter:description": description,
    }
    avatar = view.profile.avatar_url if view.profile else None
    if avatar and avatar.startswith("https://"):
        meta["og:image"] = avatar
        meta["twitter:image"] = avatar
    return meta


def _listing_of(subject_type: str, subject_id: str) -> int | None:
    """The Marketplace listing a feed item is about (an order id is listing << 32 | n)."""
    if subject_type == "listing":
        return int(subject_id)
    if subject_type == "order" and not int(subject_id) & OFFER_ORDER_BIT:
        return int(subject_id) >> 32
    return None


def feed_item_meta(session: Session, item_id: int, base_url: str) -> dict[str, str] | None:
    """Title and preview fields of a feed item's page, or ``None`` if there is no such item."""
    try:
        item = feed_crud.item(session, item_id)
    except ResourceNotFoundError:
        return None
    listing_id = _listing_of(item.subject_type, item.subject_id)
    listing = listing_meta(session, listing_id, base_url) if listing_id is not None else None
    subject = (
        listing["og:title"]
        if listing
        else f"{item.subject_type.replace('_', ' ')} {item.subject_id}"
    )
    verb = VERBS.get(item.kind, item.kind.replace("_", " "))
    title = f"{_short(item.actor)} {verb} {subject}"
    description = f"On Bazaar, block {item.block_number}."
    if listing:
        seller = _short(listing["product:seller"])
        description = f"{listing['product:price']} · sold by {seller}. {description}"
    meta = {
        "title": f"{title} — Bazaar",
        "og:title": title,
        "og:description": description,
        "og:type": "article",
        "og:url": f"{base_url}feed/{item_id}",
        "og:site_name": "Bazaar",
        "twitter:card": "summary",
        "twitter:title": title,
        "twitter:description": description,
    }
    if listing and "og:image" in listing:
        meta["og:image"] = meta["twitter:image"] = listing["og:image"]
        meta["twitter:card"] = "summary_large_image"
    return meta


def render_meta(meta: dict[str, str]) -> str:
    """``<title>`` and ``<meta>`` tags, every value escaped."""
    tags = [f"<title>{html.escape(meta['title'])}</title>"]
    for key, value in meta.items():
        if key == "title":
            continue
        attribute = "name" if key.startswith("twitter:") else "property"
        tags.append(f'<meta {attribute}="{html.escape(key)}" content="{html.escape(value)}" />')
    return "\n    ".join(tags)


def app_config(
    session: Session, chain_id: int, tokens: Mapping[str, TokenLabel] | None = None
) -> dict[str, Any]:
    """What the app needs about this deployment: chain id, followed contract addresses, and
    the symbol and decimals of the payment tokens the operator labelled (``token_labels``)."""
    rows = session.execute(select(CURSORS.c.name, CURSORS.c.address)).all()
    return {
        "chainId": chain_id,
        "contracts": {str(name): str(address) for name, address in rows},
        "tokens": {address: label.model_dump() for address, label in (tokens or {}).items()},
    }


class Storefront:
    """The built app: its shell, read once, and how to render it for one request."""

    def __init__(self, dist: Path) -> None:
        self.dist = dist.resolve()
        self._shell = ("", -1)

    @property
    def shell(self) -> str:
        """``index.html``, read again when a rebuild replaced it (new bundle names)."""
        index = self.dist / "index.html"
        mtime = index.stat().st_mtime_ns
        if mtime != self._shell[1]:
            self._shell = (index.read_text(encoding="utf-8"), mtime)
        return self._shell[0]

    def render(self, request: Request, path: str) -> str:
        settings = request.app.state.settings
        with Session(request.app.state.database.reader) as session:
            config = app_config(session, settings.chain_id, settings.token_labels)
            meta = None
            listing, profile = LISTING_PATH.match(path), PROFILE_PATH.match(path)
            feed_item = FEED_ITEM_PATH.match(path)
            if feed_item:
                meta = feed_item_meta(session, int(feed_item.group(1)), str(request.base_url))
            elif listing:
                meta = listing_meta(session, int(listing.group(1)), str(request.base_url))
            elif profile:
                units = settings.reputation_units
                meta = profile_meta(session, profile.group(1), units, str(request.base_url))
        page = self.shell.replace(
            "<!--bazaar-config-->",
            f'<script id="bazaar-config" type="application/json">{escape_json(config)}</script>',
        )
        if meta is not None:
            page = re.sub(r"<title>.*?</title>", "", page, count=1, flags=re.S)
            page = page.replace("<!--bazaar-meta-->", render_meta(meta))
        return page

    def file(self, path: str) -> Path | None:
        """A file at the top of ``dist`` (``favicon.svg``...), never outside it."""
        candidate = (self.dist / path).resolve()
        if candidate.parent == self.dist and candidate.is_file() and candidate.name != "index.html":
            return candidate
        return None


def install(app: FastAPI, dist: Path | None = None) -> None:
    """Serve the storefront from ``dist`` (default ``web/dist``) where no API route answers.

    The fallback is the 404 handler rather than a catch-all route, so every API answer stays
    as it was: an unknown ``/v1`` path is still 404 and a wrong method on a route still 405.
    Without a built app, ``/`` says how to build it instead of failing obscurely.
    """
    dist = dist or DEFAULT_DIST
    storefront = Storefront(dist) if (dist / "index.html").is_file() else None
    if storefront is not None and (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")
    api_errors = app.exception_handlers[StarletteHTTPException]

    async def storefront_or_404(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        path = request.url.path.lstrip("/")
        if (
            exc.status_code != 404
            or request.method not in ("GET", "HEAD")
            or path.split("/", 1)[0] in API_PATHS
        ):
            answer = api_errors(request, exc)
            return await answer if inspect.isawaitable(answer) else answer
        if storefront is None:
            return PlainTextResponse(
                f"The storefront is not built ({dist / 'index.html'} is missing): "
                "run `make build`.",
                status_code=503,
            )
        found = storefront.file(path) if path else None
        if found is not None:
            return FileResponse(found)
        # The shell reads the database (config, listing meta): in a worker thread.
        body = await run_in_threadpool(storefront.render, request, path)
        return HTMLResponse(body, headers={"Cache-Control": "no-cache"})

    app.add_exception_handler(StarletteHTTPException, storefront_or_404)
