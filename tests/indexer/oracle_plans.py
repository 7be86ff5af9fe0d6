"""Ground truth for plan listings, plans, installments, history, deals and feed (oracle.py).

A plan is folded from the complete list of its own events; ``paid_count`` is recomputed from
the schedule at each payment the way ``Schedule.paidCount`` defines it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from oracle_parts import Contribution

if TYPE_CHECKING:
    from oracle import Ev

Row = dict[str, Any]
ZERO_HASH = "0x" + "00" * 32
MODE = {0: "pay_later", 1: "layaway"}
PLAN_EVENTS = (
    "PlanStarted",
    "InstallmentPaid",
    "LateFeeCharged",
    "CollectionFailed",
    "PlanPaidOff",
    "PlanCompleted",
    "PlanDefaulted",
    "PlanCancelled",
)


def _terms(t: Row) -> Row:
    return {
        "token": t["token"],
        "price": t["price"],
        "down_payment_bps": t["downPaymentBps"],
        "installment_count": t["installments"],
        "interval": t["interval"],
        "financing_fee_bps": t["financingFeeBps"],
        "grace_period": t["gracePeriod"],
        "late_fee_bps": t["lateFeeBps"],
        "forfeit_bps": t["forfeitBps"],
        "mode": MODE[t["mode"]],
    }


def _covered(installment: int, count: int, last: int, paid: int) -> int:
    total = installment * (count - 1) + last
    if paid >= total:
        return count
    return min(paid // installment, count - 1)


def _plan(mine: list[Ev]) -> tuple[Row, list[Row], list[Row], list[Row]]:
    start = mine[0]
    a = start.a
    terms = _terms(a["terms"])
    n = terms["installment_count"]
    row: Row = {
        "plan_id": a["planId"],
        "listing_id": a["listingId"] or None,
        "offer_hash": None if a["offerHash"] == ZERO_HASH else a["offerHash"],
        "seller": a["seller"],
        "buyer": a["buyer"],
        **terms,
        "fee_bps": a["feeBps"],
        "down_payment": a["downPayment"],
        "financing_fee": a["financingFee"],
        "installment": a["installment"],
        "last_installment": a["lastInstallment"],
        "total": a["installment"] * (n - 1) + a["lastInstallment"],
        "metadata_hash": a["metadataHash"],
        "shipping_ref": a["shippingRef"],
        "started_at": start.ts,
        "created_block": start.e.block_number,
        "created_tx": start.e.tx_hash,
        "updated_block": mine[-1].e.block_number,
        "status": "active",
        "late_mask": 0,
        "collection_failures": 0,
    }
    for column in ("rebate", "received", "platform_fee", "outstanding", "seller_amount"):
        row[column] = None
    row.update(refund=None, repaid=None, closed_by=None, closed_at=None)
    paid = sum(ev.a["amount"] for ev in mine if ev.e.event in ("InstallmentPaid", "PlanPaidOff"))
    row["paid"] = paid
    row["late_fees"] = sum(ev.a["fee"] for ev in mine if ev.e.event == "LateFeeCharged")
    history, payments, feed = [], [], []
    running, count, settled_all = 0, 0, False
    for ev in mine:
        a, name = ev.a, ev.e.event
        actor: str | None
        amount: int | None
        kind: str | None = None
        payment: Row | None = None
        if name == "PlanStarted":
            actor, amount, kind = row["buyer"], a["downPayment"], "plan_started"
        elif name == "InstallmentPaid":
            running += a["amount"]
            count = _covered(row["installment"], n, row["last_installment"], running)
            actor, amount, kind = a["by"], a["amount"], "installment_paid"
            payment = {"kind": "paid" if a["by"] == row["buyer"] else "collected", "by": a["by"]}
        elif name == "LateFeeCharged":
            actor, amount = None, a["fee"]
            row["late_mask"] = a["lateMask"]
            payment = {"kind": "late_fee", "by": None}
        elif name == "CollectionFailed":
            actor, amount = a["keeper"], a["amount"]
            row["collection_failures"] += 1
            payment = {"kind": "collection_failed", "by": a["keeper"], "reason": a["reason"]}
        elif name == "PlanPaidOff":
            running += a["amount"]
            count, settled_all = n, True
            actor, amount, kind = row["buyer"], a["amount"], "plan_paid_off"
            row["rebate"] = a["rebate"]
            payment = {"kind": "payoff", "by": row["buyer"], "rebate": a["rebate"]}
        elif name == "PlanCompleted":
            count, settled_all = n, True
            actor, amount, kind = None, a["received"], "plan_completed"
            row.update(
                status="completed",
                received=a["received"],
                platform_fee=a["platformFee"],
                closed_at=ev.ts,
            )
        elif name == "PlanDefaulted":
            actor, amount, kind = a["by"], a["outstanding"], "plan_defaulted"
            row.update(
                status="defaulted",
                outstanding=a["outstanding"],
                seller_amount=a["sellerAmount"],
                refund=a["refund"],
                closed_by=a["by"],
                closed_at=ev.ts,
            )
        else:  # PlanCancelled
            actor, amount, kind = a["by"], a["refund"], "plan_cancelled"
            by_seller = a["by"] == row["seller"]
            row.update(
                status="cancelled_by_seller" if by_seller else "cancelled_by_buyer",
                refund=a["refund"],
                seller_amount=a["sellerAmount"],
                repaid=a["repaid"],
                closed_by=a["by"],
                closed_at=ev.ts,
            )
        history.append(
            {
                "plan_id": row["plan_id"],
                "event": name,
                "status": row["status"],
                "actor": actor,
                "amount": amount,
                "timestamp": ev.ts,
                **ev.pos(),
            }
        )
        if payment is not None:
            payments.append(
                {
                    "plan_id": row["plan_id"],
                    "amount": amount,
                    "rebate": None,
                    "reason": None,
                    **payment,
                    "paid_count": count,
                    "timestamp": ev.ts,
                    **ev.pos(),
                }
            )
        if kind is not None:
            feed.append(
                {
                    "kind": kind,
                    "actor": actor or row["buyer"],
                    "subject_type": "plan",
                    "subject_id": str(row["plan_id"]),
                    "seller": row["seller"],
                    "buyer": row["buyer"],
                    "token": row["token"],
                    "amount": amount,
                    "quantity": None,
                    "block_hash": ev.e.block_hash,
                    "timestamp": ev.ts,
                    **ev.pos(),
                }
            )
    row["paid_count"] = n if settled_all else count
    active = row["status"] == "active" and row["paid_count"] < n
    row["next_due_at"] = start.ts + (row["paid_count"] + 1) * row["interval"] if active else None
    return row, history, payments, feed


def _listings(events: list[Ev]) -> tuple[list[Row], list[Row]]:
    """Plan listings and their feed items, by replaying each listing's own events."""
    rows: dict[int, Row] = {}
    feed = []
    for ev in events:
        a, name = ev.a, ev.e.event
        if name == "PlanListingCreated":
            rows[a["listingId"]] = {
                "listing_id": a["listingId"],
                "seller": a["seller"],
                **_terms(a["terms"]),
                "stock": a["stock"],
                "fee_bps": a["feeBps"],
                "metadata_hash": a["metadataHash"],
                "status": "active",
                "plan_count": 0,
                "created_block": ev.e.block_number,
                "created_tx": ev.e.tx_hash,
                "created_at": ev.ts,
            }
            kind = "plan_listing_created"
        elif name == "PlanListingUpdated":
            rows[a["listingId"]].update(stock=a["stock"], metadata_hash=a["metadataHash"])
            kind = "plan_listing_updated"
        elif name == "PlanListingClosed":
            rows[a["listingId"]]["status"] = "closed"
            kind = "plan_listing_closed"
        elif name == "PlanStarted" and a["listingId"]:
            rows[a["listingId"]]["stock"] -= 1
            rows[a["listingId"]]["plan_count"] += 1
            kind = ""
        else:
            continue
        listing = rows[a["listingId"]]
        listing.update(updated_block=ev.e.block_number, updated_at=ev.ts)
        if kind:
            feed.append(
                {
                    "kind": kind,
                    "actor": listing["seller"],
                    "subject_type": "plan_listing",
                    "subject_id": str(a["listingId"]),
                    "seller": listing["seller"],
                    "buyer": None,
                    "token": listing["token"],
                    "amount": listing["price"],
                    "quantity": listing["stock"],
                    "block_hash": ev.e.block_hash,
                    "timestamp": ev.ts,
                    **ev.pos(),
                }
            )
    return list(rows.values()), feed


def expected_plans(events: list[Ev]) -> tuple[dict[str, list[Row]], list[Row], list[Contribution]]:
    """(tables, feed items, seller contributions) of InstallmentPlans' events."""
    grouped: dict[int, list[Ev]] = defaultdict(list)
    for ev in events:
        if ev.e.event in PLAN_EVENTS:
            grouped[ev.a["planId"]].append(ev)
    plans, history, payments, deals = [], [], [], []
    listings, feed = _listings(events)
    contributions: list[Contribution] = []
    by_id: dict[int, Row] = {}
    for mine in grouped.values():
        row, steps, paid, items = _plan(mine)
        by_id[row["plan_id"]] = row
        plans.append(row)
        history += steps
        payments += paid
        feed += items
        seller, token = row["seller"], row["token"]
        for ev in mine:
            block, a = ev.e.block_number, ev.a
            if ev.e.event == "PlanStarted":
                contributions.append(Contribution(block, seller, {"plans": 1}))
            elif ev.e.event == "PlanDefaulted":
                contributions.append(Contribution(block, seller, {"plan_defaults": 1}))
            elif ev.e.event == "PlanCancelled":
                by_seller = a["by"] == seller
                refund = {"refunded": a["refund"]} if a["refund"] else None
                contributions.append(
                    Contribution(
                        block,
                        seller if by_seller else None,
                        {"cancellations": 1} if by_seller else {},
                        token,
                        refund,
                        seller,
                    )
                )
            elif ev.e.event == "PlanCompleted":
                deals.append(
                    {
                        "contract": "InstallmentPlans",
                        "deal_id": row["plan_id"],
                        "kind": "installment",
                        "buyer": row["buyer"],
                        "seller": seller,
                        "token": token,
                        "value": a["received"],
                        "fee": a["platformFee"],
                        "timestamp": ev.ts,
                        **ev.pos(),
                    }
                )
    for ev in events:
        if ev.e.event == "PlanListingCreated":
            contributions.append(Contribution(ev.e.block_number, ev.a["seller"], {"listings": 1}))
    nonces = [
        {"seller": ev.a["seller"], "nonce": ev.a["nonce"], **ev.pos()}
        for ev in events
        if ev.e.event == "NonceCancelled"
    ]
    payouts = [
        {
            "contract": "InstallmentPlans",
            "kind": "proceeds_settled",
            "account": ev.a["seller"],
            "token": by_id[ev.a["planId"]]["token"],
            "amount": ev.a["sellerAmount"],
            "fee": ev.a["fee"],
            "listing_id": None,
            "plan_id": ev.a["planId"],
            "timestamp": ev.ts,
            **ev.pos(),
        }
        for ev in events
        if ev.e.event == "PlanProceedsSettled"
    ]
    tables = {
        "plan_listings": listings,
        "plans": plans,
        "plan_events": history,
        "installments": payments,
        "plan_offer_nonces": nonces,
        "deals": deals,
        "payouts": payouts,
    }
    return tables, feed, contributions
