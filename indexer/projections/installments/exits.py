"""How a plan ends early: default, cancellation; and its proceeds settled to the seller."""

from __future__ import annotations

from indexer.errors import ProjectionError
from indexer.models.core import FeedKind
from indexer.models.installments import Plan
from indexer.models.marketplace import Payout
from indexer.projections.base import EventContext
from indexer.projections.installments.common import feed, history, plan
from indexer.projections.reputation import count, record_refund


def on_plan_defaulted(context: EventContext) -> None:
    """An installment stayed unpaid past its grace period: the buyer defaulted."""
    args = context.args
    row = plan(context)
    row.update(
        status="defaulted",
        outstanding=args["outstanding"],
        seller_amount=args["sellerAmount"],
        refund=args["refund"],
        closed_by=args["by"],
        closed_at=context.timestamp,
        next_due_at=None,
    )
    count(context, row["seller"], "plan_defaults")
    history(context, row, actor=args["by"], amount=args["outstanding"])
    feed(context, row, FeedKind.PLAN_DEFAULTED, args["by"], args["outstanding"])


def on_plan_cancelled(context: EventContext) -> None:
    """Cancelled by the seller (a cancellation against it) or, layaway, by the buyer."""
    args = context.args
    row = plan(context)
    by_seller = args["by"] == row["seller"]
    row.update(
        status="cancelled_by_seller" if by_seller else "cancelled_by_buyer",
        refund=args["refund"],
        seller_amount=args["sellerAmount"],
        repaid=args["repaid"],
        closed_by=args["by"],
        closed_at=context.timestamp,
        next_due_at=None,
    )
    if by_seller:
        count(context, row["seller"], "cancellations")
    if args["refund"]:
        record_refund(context, row["seller"], row["token"], args["refund"])
    history(context, row, actor=args["by"], amount=args["refund"])
    feed(context, row, FeedKind.PLAN_CANCELLED, args["by"], args["refund"])


def on_plan_proceeds_settled(context: EventContext) -> None:
    """A plan's proceeds split into the seller's balance and the fee."""
    args = context.args
    row = context.rows.find(Plan, args["planId"])
    if row is None:
        raise ProjectionError(f"block {context.block}: proceeds settled for unknown plan")
    context.rows.append(
        Payout,
        {
            "contract": context.event.contract or context.event.address,
            "kind": "proceeds_settled",
            "account": args["seller"],
            "token": row["token"],
            "amount": args["sellerAmount"],
            "fee": args["fee"],
            "plan_id": row["plan_id"],
            "timestamp": context.timestamp,
            **context.position(),
        },
    )
