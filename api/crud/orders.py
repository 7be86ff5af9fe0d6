"""Orders (with their history and offer) and completed deals, newest first.

Order cursors are ``"<created block>.<order id>"``; deal cursors are positions
``"<block>.<log index>"`` like the feed's.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, literal, select, tuple_
from sqlmodel import Session

from api.core.cursors import Position
from api.errors import InvalidRequestError, ResourceNotFoundError
from api.models.market import DealsPublic, OrderDetailPublic, OrdersPublic
from indexer.models import (
    Deal,
    DealPublic,
    Offer,
    OfferPublic,
    Order,
    OrderEvent,
    OrderEventPublic,
    OrderPublic,
)
from indexer.store.tables import table_of

ORDERS = table_of(Order)
EVENTS = table_of(OrderEvent)
OFFERS = table_of(Offer)
DEALS = table_of(Deal)
ORDER_CURSOR = r"^[0-9]{1,18}\.[0-9]{1,78}$"
MAX_UINT256 = 2**256 - 1


def order_cursor(text: str) -> tuple[int, int]:
    """``"<block>.<order id>"`` as numbers.

    Raises:
        InvalidRequestError: Not an order cursor.
    """
    if not re.fullmatch(ORDER_CURSOR, text) or int(text.split(".")[1]) > MAX_UINT256:
        raise InvalidRequestError(f"{text[:90]!r} is not an order cursor")
    block, order_id = text.split(".")
    return int(block), int(order_id)


def order(session: Session, order_id: int) -> OrderDetailPublic:
    """Order ``order_id`` with its history (oldest first) and accepted offer.

    Raises:
        ResourceNotFoundError: No such order (yet).
    """
    row = session.execute(select(ORDERS).where(ORDERS.c.order_id == order_id)).first()
    if row is None:
        raise ResourceNotFoundError(f"no order {order_id} (yet: the indexer may be behind)")
    history = session.execute(
        select(EVENTS)
        .where(EVENTS.c.order_id == order_id)
        .order_by(EVENTS.c.block_number, EVENTS.c.log_index)
    ).all()
    offer = session.execute(select(OFFERS).where(OFFERS.c.order_id == order_id)).first()
    return OrderDetailPublic(
        **row._mapping,
        history=[OrderEventPublic(**event._mapping) for event in history],
        offer=OfferPublic(**offer._mapping) if offer is not None else None,
    )


def orders(
    session: Session,
    *,
    filters: dict[str, Any],
    before: str | None,
    limit: int,
) -> OrdersPublic:
    """Orders matching ``filters`` (column → value), newest first."""
    conditions: list[ColumnElement[bool]] = [
        ORDERS.c[name] == value for name, value in filters.items() if value is not None
    ]
    position = tuple_(ORDERS.c.created_block, ORDERS.c.order_id)
    if before is not None:
        block, order_id = order_cursor(before)
        # Typed literals: on SQLite a uint256 binds as its zero-padded text, not as an INTEGER.
        after = tuple_(literal(block, BigInteger()), literal(order_id, ORDERS.c.order_id.type))
        conditions.append(position < after)
    rows = session.execute(
        select(ORDERS)
        .where(*conditions)
        .order_by(ORDERS.c.created_block.desc(), ORDERS.c.order_id.desc())
        .limit(limit + 1)
    ).all()
    data = [OrderPublic(**row._mapping) for row in rows[:limit]]
    last = data[-1] if len(rows) > limit else None
    return OrdersPublic(
        data=data,
        count=len(data),
        next_cursor=f"{last.created_block}.{last.order_id}" if last else None,
    )


def deals(
    session: Session, *, filters: dict[str, Any], before: Position | None, limit: int
) -> DealsPublic:
    """Completed deals matching ``filters`` (column → value), newest first."""
    conditions: list[ColumnElement[bool]] = [
        DEALS.c[name] == value for name, value in filters.items() if value is not None
    ]
    position = tuple_(DEALS.c.block_number, DEALS.c.log_index)
    if before is not None:
        conditions.append(position < tuple_(*before))
    rows = session.execute(
        select(DEALS)
        .where(*conditions)
        .order_by(DEALS.c.block_number.desc(), DEALS.c.log_index.desc())
        .limit(limit + 1)
    ).all()
    data = [DealPublic(**row._mapping) for row in rows[:limit]]
    last = data[-1] if len(rows) > limit else None
    return DealsPublic(
        data=data,
        count=len(data),
        next_cursor=str(Position(last.block_number, last.log_index)) if last else None,
    )
