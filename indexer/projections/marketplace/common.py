"""Helpers shared by the Marketplace handlers."""

from __future__ import annotations

from typing import Any

from indexer.models.marketplace import OrderEvent
from indexer.projections.base import EventContext
from indexer.store.tables import Row

BPS = 10_000


def fee_of(amount: int, fee_bps: int) -> int:
    """The platform fee in ``amount`` (``Payments.feeOf``: rounded down).

    Example:
        >>> fee_of(999, 100)
        9
    """
    return amount * fee_bps // BPS


def touch(context: EventContext, row: Row, *, at: bool = True) -> None:
    """Stamp ``row`` as changed by the current event."""
    row["updated_block"] = context.block
    if at:
        row["updated_at"] = context.timestamp


def history(
    context: EventContext,
    order_id: int,
    status: str,
    actor: str | None = None,
    amount: int | None = None,
) -> None:
    """Append the current event to the order's status history."""
    row: dict[str, Any] = {
        "order_id": order_id,
        "event": context.event.event,
        "status": status,
        "actor": actor,
        "amount": amount,
        "timestamp": context.timestamp,
    }
    context.rows.append(OrderEvent, {**row, **context.position()})
