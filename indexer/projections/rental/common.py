"""Helpers shared by the rental handlers: history, feed items, the deal a rental makes."""

from __future__ import annotations

from chain.deal_kinds import DealKind
from indexer.models.core import FeedKind
from indexer.models.rental import Rental, RentalEvent
from indexer.projections.base import EventContext
from indexer.projections.marketplace.common import fee_of
from indexer.projections.reputation import record_deal
from indexer.store.tables import Row


def rental(context: EventContext) -> Row:
    """The rental the current event names, to change; stamped as updated."""
    row = context.rows.require(Rental, context.args["rentalId"])
    row["updated_block"] = context.block
    return row


def step(
    context: EventContext,
    row: Row,
    status: str,
    *,
    actor: str | None,
    amount: int | None,
    feed: FeedKind | None,
) -> None:
    """Set the rental's status, append the step to its history and (optionally) the feed."""
    row["status"] = status
    context.rows.append(
        RentalEvent,
        {
            "rental_id": row["rental_id"],
            "event": context.event.event,
            "status": status,
            "actor": actor,
            "amount": amount,
            "timestamp": context.timestamp,
            **context.position(),
        },
    )
    if feed is not None:
        context.feed.add(
            context.event,
            context.timestamp,
            kind=feed,
            actor=actor or row["renter"],
            subject_type="rental",
            subject_id=row["rental_id"],
            seller=row["lender"],
            buyer=row["renter"],
            token=row["token"],
            amount=amount,
        )


def close(context: EventContext, row: Row, by: str | None) -> None:
    """Stamp a rental as ended by ``by`` now."""
    row.update(closed_at=context.timestamp, closed_by=by)


def record_rental(context: EventContext, row: Row, damages: int) -> None:
    """The deal a finished rental makes (``_recordRental``): rent earned plus late fee plus
    what the lender kept of the deposit as damages; the fee on the rent alone."""
    rent = row["paid_days"] * row["daily_rate"]
    record_deal(
        context,
        kind=DealKind.RENTAL,
        deal_id=row["rental_id"],
        buyer=row["renter"],
        seller=row["lender"],
        token=row["token"],
        value=rent + row["late_fee"] + damages,
        fee=fee_of(rent, row["fee_bps"]),
    )
