"""Helpers shared by the plan handlers: the schedule, history, installments, feed items."""

from __future__ import annotations

from indexer.models.core import FeedKind
from indexer.models.installments import Installment, Plan, PlanEvent
from indexer.projections.base import EventContext
from indexer.store.tables import Row


def plan(context: EventContext) -> Row:
    """The plan the current event names, to change; stamped as updated."""
    row = context.rows.require(Plan, context.args["planId"])
    row["updated_block"] = context.block
    return row


def paid_count(row: Row) -> int:
    """Installments fully covered by ``paid`` (``Schedule.paidCount``).

    Example:
        >>> paid_count({"installment": 10, "total": 31, "installment_count": 3, "paid": 25})
        2
    """
    count, paid = row["installment_count"], row["paid"]
    if paid >= row["total"]:
        return int(count)
    covered = paid // row["installment"]
    return int(covered if covered < count else count - 1)


def reschedule(row: Row) -> None:
    """Recompute ``paid_count`` and the next due date after a payment."""
    row["paid_count"] = paid_count(row)
    if row["status"] != "active" or row["paid_count"] >= row["installment_count"]:
        row["next_due_at"] = None
    else:
        row["next_due_at"] = row["started_at"] + (row["paid_count"] + 1) * row["interval"]


def history(context: EventContext, row: Row, *, actor: str | None, amount: int | None) -> None:
    """Append the current event to the plan's history, with its status after it."""
    context.rows.append(
        PlanEvent,
        {
            "plan_id": row["plan_id"],
            "event": context.event.event,
            "status": row["status"],
            "actor": actor,
            "amount": amount,
            "timestamp": context.timestamp,
            **context.position(),
        },
    )


def installment(
    context: EventContext,
    row: Row,
    kind: str,
    *,
    by: str | None,
    amount: int,
    rebate: int | None = None,
    reason: str | None = None,
) -> None:
    """Append a payment (or a late fee, or a failed collection) to ``installments``."""
    context.rows.append(
        Installment,
        {
            "plan_id": row["plan_id"],
            "kind": kind,
            "by": by,
            "amount": amount,
            "rebate": rebate,
            "reason": reason,
            "paid_count": row["paid_count"],
            "timestamp": context.timestamp,
            **context.position(),
        },
    )


def feed(context: EventContext, row: Row, kind: FeedKind, actor: str, amount: int | None) -> None:
    """A feed item about the plan."""
    context.feed.add(
        context.event,
        context.timestamp,
        kind=kind,
        actor=actor,
        subject_type="plan",
        subject_id=row["plan_id"],
        seller=row["seller"],
        buyer=row["buyer"],
        token=row["token"],
        amount=amount,
    )
