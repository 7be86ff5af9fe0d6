"""A plan from its start to its last payment: down payment, installments, late fees, payoff."""

from __future__ import annotations

from chain.deal_kinds import DealKind
from indexer.models.core import FeedKind
from indexer.models.installments import Plan, PlanListing
from indexer.projections.base import EventContext
from indexer.projections.installments.common import (
    feed,
    history,
    installment,
    plan,
    reschedule,
)
from indexer.projections.installments.listings import terms_columns
from indexer.projections.marketplace.common import touch
from indexer.projections.reputation import count, record_deal

ZERO_HASH = "0x" + "00" * 32


def on_plan_started(context: EventContext) -> None:
    """A buyer started a plan (from a listing or a signed offer) and paid the down payment."""
    args = context.args
    terms = terms_columns(args["terms"])
    listing_id = args["listingId"] or None
    if listing_id is not None:
        listing = context.rows.require(PlanListing, listing_id)
        listing["stock"] -= 1
        listing["plan_count"] += 1
        touch(context, listing)
    installments = terms["installment_count"]
    row = context.rows.create(
        Plan,
        {
            "plan_id": args["planId"],
            "listing_id": listing_id,
            "offer_hash": None if args["offerHash"] == ZERO_HASH else args["offerHash"],
            "seller": args["seller"],
            "buyer": args["buyer"],
            **terms,
            "fee_bps": args["feeBps"],
            "down_payment": args["downPayment"],
            "financing_fee": args["financingFee"],
            "installment": args["installment"],
            "last_installment": args["lastInstallment"],
            "total": args["installment"] * (installments - 1) + args["lastInstallment"],
            "status": "active",
            "metadata_hash": args["metadataHash"],
            "shipping_ref": args["shippingRef"],
            "started_at": context.timestamp,
            "created_block": context.block,
            "created_tx": context.event.tx_hash,
            "updated_block": context.block,
        },
    )
    reschedule(row)
    count(context, args["seller"], "plans")
    history(context, row, actor=args["buyer"], amount=args["downPayment"])
    feed(context, row, FeedKind.PLAN_STARTED, args["buyer"], args["downPayment"])


def on_installment_paid(context: EventContext) -> None:
    """A payment applied to the schedule, by the buyer or collected by a keeper."""
    args = context.args
    row = plan(context)
    row["paid"] += args["amount"]
    reschedule(row)
    kind = "paid" if args["by"] == row["buyer"] else "collected"
    installment(context, row, kind, by=args["by"], amount=args["amount"])
    history(context, row, actor=args["by"], amount=args["amount"])
    feed(context, row, FeedKind.INSTALLMENT_PAID, args["by"], args["amount"])


def on_late_fee_charged(context: EventContext) -> None:
    """Late fees charged with the payment that follows."""
    args = context.args
    row = plan(context)
    row["late_fees"] += args["fee"]
    row["late_mask"] = args["lateMask"]
    installment(context, row, "late_fee", by=None, amount=args["fee"])
    history(context, row, actor=None, amount=args["fee"])


def on_collection_failed(context: EventContext) -> None:
    """A keeper's collection moved nothing: a missed payment."""
    args = context.args
    row = plan(context)
    row["collection_failures"] += 1
    installment(
        context,
        row,
        "collection_failed",
        by=args["keeper"],
        amount=args["amount"],
        reason=args["reason"],
    )
    history(context, row, actor=args["keeper"], amount=args["amount"])


def on_plan_paid_off(context: EventContext) -> None:
    """The buyer paid off early; the unearned financing fee is waived (``PlanCompleted`` next)."""
    args = context.args
    row = plan(context)
    row["paid"] += args["amount"]
    row.update(rebate=args["rebate"], paid_count=row["installment_count"], next_due_at=None)
    installment(
        context, row, "payoff", by=row["buyer"], amount=args["amount"], rebate=args["rebate"]
    )
    history(context, row, actor=row["buyer"], amount=args["amount"])
    feed(context, row, FeedKind.PLAN_PAID_OFF, row["buyer"], args["amount"])


def on_plan_completed(context: EventContext) -> None:
    """Paid in full: a deal worth everything the buyer paid."""
    args = context.args
    row = plan(context)
    row.update(
        status="completed",
        received=args["received"],
        platform_fee=args["platformFee"],
        closed_at=context.timestamp,
        paid_count=row["installment_count"],
        next_due_at=None,
    )
    history(context, row, actor=None, amount=args["received"])
    record_deal(
        context,
        kind=DealKind.INSTALLMENT,
        deal_id=row["plan_id"],
        buyer=row["buyer"],
        seller=row["seller"],
        token=row["token"],
        value=args["received"],
        fee=args["platformFee"],
    )
    feed(context, row, FeedKind.PLAN_COMPLETED, row["buyer"], args["received"])
