"""A rental up to its return: booking, cancellation, handover, return, loss.

The booking copies the listing's current terms into the rental, as the contract copies them
into the ``Rental`` struct; later steps follow the events' amounts.
"""

from __future__ import annotations

from indexer.models.core import FeedKind
from indexer.models.rental import Rental, RentalListing
from indexer.projections.base import EventContext
from indexer.projections.marketplace.common import touch
from indexer.projections.rental.common import close, record_rental, rental, step
from indexer.projections.reputation import count, record_refund

_COPIED_TERMS = (
    "lender",
    "token",
    "daily_rate",
    "deposit",
    "late_fee_per_day",
    "fee_bps",
    "min_days",
    "grace_period",
    "handover_window",
    "inspection_window",
)


def on_rental_booked(context: EventContext) -> None:
    """Rent and deposit paid; the lender has its handover window."""
    args = context.args
    listing = context.rows.require(RentalListing, args["listingId"])
    listing["rental_count"] += 1
    touch(context, listing)
    row = context.rows.create(
        Rental,
        {
            "rental_id": args["rentalId"],
            "listing_id": args["listingId"],
            "renter": args["renter"],
            **{name: listing[name] for name in _COPIED_TERMS},
            "rental_days": args["rentalDays"],
            "rent": args["rent"],
            "deposit": args["deposit"],
            "status": "booked",
            "booked_at": context.timestamp,
            "created_block": context.block,
            "created_tx": context.event.tx_hash,
            "updated_block": context.block,
        },
    )
    count(context, row["lender"], "rentals")
    step(context, row, "booked", actor=args["renter"], amount=args["rent"], feed=FeedKind.RENTED)


def on_booking_cancelled(context: EventContext) -> None:
    """Never handed over: the renter gets rent and deposit back; a cancellation for the lender."""
    args = context.args
    row = rental(context)
    row["cancel_refund"] = args["refund"]
    close(context, row, args["by"])
    count(context, row["lender"], "cancellations")
    record_refund(context, row["lender"], row["token"], row["rent"])
    step(
        context,
        row,
        "cancelled",
        actor=args["by"],
        amount=args["refund"],
        feed=FeedKind.RENTAL_CANCELLED,
    )


def on_handover_confirmed(context: EventContext) -> None:
    """Handed over: the clock runs, the minimum days' rent goes to the lender."""
    args = context.args
    row = rental(context)
    row.update(started_at=context.timestamp, ends_at=args["endsAt"], paid_days=row["min_days"])
    row["lender_amount"] += args["lenderAmount"]
    row["fee"] += args["fee"]
    step(
        context,
        row,
        "active",
        actor=row["lender"],
        amount=args["lenderAmount"] + args["fee"],
        feed=FeedKind.RENTAL_STARTED,
    )


def on_rental_returned(context: EventContext) -> None:
    """The renter returned the item: rent settled by the day, the late fee taken."""
    args = context.args
    row = rental(context)
    row.update(returned_at=context.timestamp, paid_days=args["paidDays"], late_fee=args["lateFee"])
    row["rent_refund"] += args["refund"]
    row["lender_amount"] += args["lenderAmount"]
    row["fee"] += args["fee"]
    if args["refund"]:
        record_refund(context, row["lender"], row["token"], args["refund"])
    step(
        context, row, "returned", actor=row["renter"], amount=args["refund"], feed=FeedKind.RETURNED
    )


def on_rental_lost(context: EventContext) -> None:
    """Never returned: all the rent and the whole deposit go to the lender."""
    args = context.args
    row = rental(context)
    row["paid_days"] = row["rental_days"]
    row["lender_amount"] += args["lenderAmount"]
    row["fee"] += args["fee"]
    row["damages"] = args["deposit"]
    close(context, row, args["by"])
    step(context, row, "lost", actor=args["by"], amount=args["deposit"], feed=FeedKind.RENTAL_LOST)
    record_rental(context, row, args["deposit"])
