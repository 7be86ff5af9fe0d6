"""Projections by contract: how each contract's events become rows.

One module (or package) per contract, registered in :data:`PROJECTIONS` under the contract's
name in the deployment manifest (which lists the VoucherBook the Marketplace creates, too).
The indexer backfills each from its deploy block.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import SQLModel

from indexer.models.core import RawEvent
from indexer.projections import credits, installments, marketplace, rental, reviews, vouchers
from indexer.projections.base import EventContext, Handler, Projection

PROJECTIONS: dict[str, Projection] = {
    projection.contract: projection
    for projection in (
        marketplace.PROJECTION,
        rental.PROJECTION,
        installments.PROJECTION,
        reviews.PROJECTION,
        credits.PROJECTION,
        vouchers.PROJECTION,
    )
}


def append_only_tables(projections: Iterable[Projection]) -> list[type[SQLModel]]:
    """Every table a rollback clears above the fork point, raw events included."""
    tables: list[type[SQLModel]] = [RawEvent]
    for projection in projections:
        tables.extend(table for table in projection.append_only if table not in tables)
    return tables


__all__ = ["PROJECTIONS", "EventContext", "Handler", "Projection", "append_only_tables"]
