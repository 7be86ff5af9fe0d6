"""A returned rental's deposit: inspection, release, damage claim, dispute, ruling."""

from __future__ import annotations

from core.constants import ZERO_ADDRESS
from indexer.models.core import FeedKind
from indexer.models.marketplace import MarketplaceSettings
from indexer.projections.base import EventContext
from indexer.projections.marketplace.orders import HALF_BPS
from indexer.projections.rental.common import close, record_rental, rental, step
from indexer.projections.reputation import count


def on_return_confirmed(context: EventContext) -> None:
    """The lender inspected: no claim completes the rental, a claim waits for the renter."""
    args = context.args
    row = rental(context)
    row["deposit_returned"] += args["renterAmount"]
    row["evidence_hash"] = args["evidenceHash"]
    if args["claim"] == 0:
        close(context, row, row["lender"])
        step(
            context,
            row,
            "completed",
            actor=row["lender"],
            amount=args["renterAmount"],
            feed=FeedKind.RENTAL_COMPLETED,
        )
        record_rental(context, row, 0)
        return
    row.update(claim=args["claim"], claimed_at=context.timestamp)
    step(
        context,
        row,
        "claimed",
        actor=row["lender"],
        amount=args["claim"],
        feed=FeedKind.DAMAGE_CLAIMED,
    )


def on_deposit_released(context: EventContext) -> None:
    """The inspection window passed: the deposit (less the late fee) back to the renter."""
    args = context.args
    row = rental(context)
    row["deposit_returned"] += args["renterAmount"]
    close(context, row, args["by"])
    step(
        context,
        row,
        "completed",
        actor=args["by"],
        amount=args["renterAmount"],
        feed=FeedKind.RENTAL_COMPLETED,
    )
    record_rental(context, row, 0)


def on_claim_disputed(context: EventContext) -> None:
    """The renter disputed the damage claim; a dispute against the lender."""
    row = rental(context)
    row.update(disputed_at=context.timestamp, dispute_reason=context.args["reasonHash"])
    count(context, row["lender"], "disputes")
    step(context, row, "disputed", actor=row["renter"], amount=None, feed=FeedKind.RENTAL_DISPUTED)


def on_claim_settled(context: EventContext) -> None:
    """The claim went to the lender (accepted, or left unanswered)."""
    args = context.args
    row = rental(context)
    row["damages"] = args["lenderAmount"]
    close(context, row, args["by"])
    step(
        context,
        row,
        "completed",
        actor=args["by"],
        amount=args["lenderAmount"],
        feed=FeedKind.RENTAL_COMPLETED,
    )
    record_rental(context, row, args["lenderAmount"])


def on_dispute_resolved(context: EventContext) -> None:
    """The arbiter ruled on the claim (or the timeout split it in half)."""
    args = context.args
    row = rental(context)
    row.update(
        renter_bps=args["renterBps"], by_timeout=args["byTimeout"], damages=args["lenderAmount"]
    )
    row["deposit_returned"] += args["renterAmount"]
    close(context, row, None)
    lender, actor = row["lender"], ZERO_ADDRESS
    if args["byTimeout"]:
        count(context, lender, "disputes_expired")
    else:
        if args["renterBps"] > HALF_BPS:
            count(context, lender, "disputes_lost")
        elif args["renterBps"] < HALF_BPS:
            count(context, lender, "disputes_won")
        settings = context.rows.find(MarketplaceSettings, context.event.address)
        actor = settings["arbiter"] if settings and settings["arbiter"] else ZERO_ADDRESS
    step(
        context,
        row,
        "resolved",
        actor=actor,
        amount=args["renterAmount"],
        feed=FeedKind.RENTAL_DISPUTE_RESOLVED,
    )
    record_rental(context, row, args["lenderAmount"])
