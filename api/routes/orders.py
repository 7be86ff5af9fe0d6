"""Orders and completed deals, as the indexer projects them from the chain."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from api.core.cursors import CURSOR_PATTERN, Position
from api.crud import orders
from api.deps import SessionDep, SettingsDep
from api.models.common import MAX_DB_INT, Address, DealKindLabel
from api.models.market import DealsPublic, OrderDetailPublic, OrdersPublic
from api.routes.responses import errors

router = APIRouter(tags=["orders"])

OrderStatus = Literal["paid", "shipped", "completed", "refunded", "disputed", "resolved"]


def _size(limit: int | None, settings: SettingsDep) -> int:
    return min(limit or settings.feed_page_size, settings.max_page_size)


@router.get("/orders", responses=errors(400))
def list_orders(
    session: SessionDep,
    settings: SettingsDep,
    seller: Annotated[Address | None, Query()] = None,
    buyer: Annotated[Address | None, Query()] = None,
    listing_id: Annotated[int | None, Query(ge=1, le=MAX_DB_INT)] = None,
    status: OrderStatus | None = None,
    before: Annotated[str | None, Query(pattern=orders.ORDER_CURSOR)] = None,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> OrdersPublic:
    """Orders, newest first, by seller, buyer, listing and status."""
    filters = {"seller": seller, "buyer": buyer, "listing_id": listing_id, "status": status}
    return orders.orders(session, filters=filters, before=before, limit=_size(limit, settings))


@router.get("/orders/{order_id}", responses=errors(404))
def get_order(
    order_id: Annotated[int, Path(ge=0, le=orders.MAX_UINT256)], session: SessionDep
) -> OrderDetailPublic:
    """One order: its terms, status, amounts, history and the offer it came from."""
    return orders.order(session, order_id)


@router.get("/deals")
def list_deals(
    session: SessionDep,
    settings: SettingsDep,
    seller: Annotated[Address | None, Query()] = None,
    buyer: Annotated[Address | None, Query()] = None,
    kind: Annotated[DealKindLabel | None, Query(description="Only deals of this kind.")] = None,
    before: Annotated[str | None, Query(pattern=CURSOR_PATTERN)] = None,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> DealsPublic:
    """Completed deals (what reputation counts), newest first."""
    return orders.deals(
        session,
        filters={"seller": seller, "buyer": buyer, "kind": kind.label if kind else None},
        before=Position.parse(before) if before is not None else None,
        limit=_size(limit, settings),
    )
