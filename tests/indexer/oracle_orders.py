"""Ground truth for orders, their history, deals and order feed items (see oracle.py).

Each order is derived from the complete list of its own events: the creating event gives
its terms, the last status-changing event its status, and so on.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from oracle import Ev

Row = dict[str, Any]
ZERO = "0x0000000000000000000000000000000000000000"
OFFER_BIT = 1 << 255
CREATING = ("Purchased", "OrderPlaced", "OfferAccepted")
STEPS = (
    "OrderShipped",
    "OrderCompleted",
    "OrderCancelled",
    "OrderRefunded",
    "DisputeOpened",
    "DisputeResolved",
)
FEED_KIND = {
    "Purchased": "purchased",
    "OrderPlaced": "order_placed",
    "OfferAccepted": "offer_accepted",
    "OrderShipped": "order_shipped",
    "OrderCompleted": "order_completed",
    "OrderCancelled": "order_cancelled",
    "OrderRefunded": "order_refunded",
    "DisputeOpened": "dispute_opened",
    "DisputeResolved": "dispute_resolved",
}


def _terms(first: Ev, listings: dict[int, Row]) -> Row:
    a = first.a
    if first.e.event == "OfferAccepted":
        offer = a["offer"]
        escrow = offer["escrow"]
        return {
            "kind": "offer",
            "listing_id": offer["listingId"] or None,
            "escrow": escrow,
            "seller": a["seller"],
            "buyer": a["buyer"],
            "token": offer["token"],
            "amount": offer["amount"],
            "quantity": offer["quantity"],
            "fee_bps": a["feeBps"],
            "handling_time": offer["handlingTime"] if escrow else 0,
            "auto_release_window": offer["autoReleaseWindow"] if escrow else 0,
        }
    listing = listings[a["listingId"]]
    escrow = first.e.event == "OrderPlaced"
    return {
        "kind": "escrow" if escrow else "purchase",
        "listing_id": a["listingId"],
        "escrow": escrow,
        "seller": listing["seller"],
        "buyer": a["buyer"],
        "token": listing["token"],
        "amount": a["amount"],
        "quantity": a["quantity"],
        "fee_bps": listing["fee_bps"],
        "handling_time": listing["handling_time"] if escrow else 0,
        "auto_release_window": listing["auto_release_window"] if escrow else 0,
    }


def _order(mine: list[Ev], listings: dict[int, Row]) -> Row:
    first, by = mine[0], defaultdict(list)
    for ev in mine[1:]:
        by[ev.e.event].append(ev)
    order: Row = {"order_id": first.a["orderId"], **_terms(first, listings)}
    immediate = not order["escrow"]
    fee = order["amount"] * order["fee_bps"] // 10_000
    order.update(
        status="completed" if immediate else "paid",
        refunded=0,
        paid_at=first.ts,
        seller_amount=order["amount"] - fee if immediate else None,
        fee=fee if immediate else None,
        buyer_amount=None,
        buyer_bps=None,
        by_timeout=None,
        shipping_ref=first.a["shippingRef"],
        tracking_hash=None,
        dispute_reason=None,
        disputed_by=None,
        closed_by=None,
        shipped_at=None,
        disputed_at=None,
        closed_at=first.ts if immediate else None,
        created_block=first.e.block_number,
        created_tx=first.e.tx_hash,
        updated_block=mine[-1].e.block_number,
    )
    status_of = {
        "OrderShipped": "shipped",
        "DisputeOpened": "disputed",
        "OrderCompleted": "completed",
        "OrderCancelled": "refunded",
        "DisputeResolved": "resolved",
    }
    for ev in mine[1:]:
        if ev.e.event in status_of:
            order["status"] = status_of[ev.e.event]
        if ev.e.event == "OrderRefunded" and ev.a["full"]:
            order["status"] = "refunded"
    for ev in by["OrderShipped"]:
        order.update(shipped_at=ev.ts, tracking_hash=ev.a["trackingHash"])
    for ev in by["DisputeOpened"]:
        order.update(disputed_at=ev.ts, disputed_by=ev.a["by"], dispute_reason=ev.a["reasonHash"])
    refunds = by["OrderRefunded"]
    order["refunded"] = (refunds[-1].a["totalRefunded"] if refunds else 0) + sum(
        ev.a["refund"] for ev in by["OrderCancelled"]
    )
    for ev in by["OrderCancelled"]:
        order.update(closed_by=ev.a["by"], closed_at=ev.ts)
    for ev in refunds:
        if ev.a["full"]:
            order.update(closed_by=order["seller"], closed_at=ev.ts)
    for ev in by["OrderCompleted"] + by["DisputeResolved"]:
        order.update(seller_amount=ev.a["sellerAmount"], fee=ev.a["fee"], closed_at=ev.ts)
        if ev.e.event == "OrderCompleted":
            order["closed_by"] = ev.a["by"]
        else:
            order.update(
                buyer_amount=ev.a["buyerAmount"],
                buyer_bps=ev.a["buyerBps"],
                by_timeout=ev.a["byTimeout"],
            )
    return order


def _step(
    ev: Ev, order: Row, status: str, arbiter: str | None
) -> tuple[str | None, int | None, str]:
    """(actor, amount, status after) of one order event."""
    a, name = ev.a, ev.e.event
    if name in CREATING:
        amount = a["offer"]["amount"] if name == "OfferAccepted" else a["amount"]
        return a["buyer"], amount, status
    if name == "OrderShipped":
        return order["seller"], None, "shipped"
    if name == "OrderCompleted":
        return a["by"], a["sellerAmount"], "completed"
    if name == "OrderCancelled":
        return a["by"], a["refund"], "refunded"
    if name == "OrderRefunded":
        return order["seller"], a["amount"], "refunded" if a["full"] else status
    if name == "DisputeOpened":
        return a["by"], None, "disputed"
    actor = ZERO if a["byTimeout"] else (arbiter or ZERO)
    return actor, a["buyerAmount"], "resolved"


def _feed_amount(ev: Ev) -> int | None:
    a = ev.a
    return {
        "Purchased": lambda: a["amount"],
        "OrderPlaced": lambda: a["amount"],
        "OfferAccepted": lambda: a["offer"]["amount"],
        "OrderShipped": lambda: None,
        "OrderCompleted": lambda: a["sellerAmount"] + a["fee"],
        "OrderCancelled": lambda: a["refund"],
        "OrderRefunded": lambda: a["amount"],
        "DisputeOpened": lambda: None,
        "DisputeResolved": lambda: a["buyerAmount"],
    }[ev.e.event]()


def expected_orders(
    events: list[Ev], listings: dict[int, Row]
) -> tuple[list[Row], list[Row], list[Row], list[Row]]:
    """Orders, order history, deals and order feed items; also fills listings' proceeds."""
    grouped: dict[int, list[Ev]] = defaultdict(list)
    for ev in events:
        if ev.e.event in CREATING + STEPS:
            grouped[ev.a["orderId"]].append(ev)
    orders = {order_id: _order(mine, listings) for order_id, mine in grouped.items()}
    history, deals, feed = [], [], []
    status: dict[int, str] = {}
    arbiter: str | None = None
    for ev in events:
        if ev.e.event == "ArbiterUpdated":
            arbiter = ev.a["arbiter"]
        if ev.e.event in ("Purchased", "ProceedsSettled") or ev.e.event in (
            "OrderCompleted",
            "DisputeResolved",
        ):
            _proceeds(ev, listings)
        if ev.e.event not in CREATING + STEPS:
            continue
        order = orders[ev.a["orderId"]]
        if ev.e.event in CREATING:
            status[order["order_id"]] = "paid" if order["escrow"] else "completed"
        actor, amount, after = _step(ev, order, status[order["order_id"]], arbiter)
        status[order["order_id"]] = after
        history.append(
            {
                "order_id": order["order_id"],
                "event": ev.e.event,
                "status": after,
                "actor": actor,
                "amount": amount,
                "timestamp": ev.ts,
                **ev.pos(),
            }
        )
        deal = _deal(ev, order)
        if deal is not None:
            deals.append(deal)
        creating = ev.e.event in CREATING
        feed.append(
            {
                "kind": FEED_KIND[ev.e.event],
                "actor": actor,
                "subject_type": "order",
                "subject_id": str(order["order_id"]),
                "seller": order["seller"],
                "buyer": order["buyer"],
                "token": order["token"],
                "amount": _feed_amount(ev),
                "quantity": order["quantity"] if creating else None,
                "block_hash": ev.e.block_hash,
                "timestamp": ev.ts,
                **ev.pos(),
            }
        )
    return list(orders.values()), history, deals, feed


def _deal(ev: Ev, order: Row) -> Row | None:
    name, a = ev.e.event, ev.a
    if name in CREATING and not order["escrow"]:
        value = order["amount"]
        fee = value * order["fee_bps"] // 10_000
    elif name in ("OrderCompleted", "DisputeResolved"):
        value, fee = a["sellerAmount"] + a["fee"], a["fee"]
    else:
        return None
    if value == 0:
        return None
    return {
        "contract": "Marketplace",
        "deal_id": order["order_id"],
        "kind": "purchase",
        "buyer": order["buyer"],
        "seller": order["seller"],
        "token": order["token"],
        "value": value,
        "fee": fee,
        "timestamp": ev.ts,
        **ev.pos(),
    }


def _proceeds(ev: Ev, listings: dict[int, Row]) -> None:
    """A listing's unsettled gross, as ``_creditSeller`` and ``_settle`` move it."""
    a = ev.a
    if ev.e.event == "Purchased":
        listings[a["listingId"]]["unsettled"] += a["amount"]
        return
    if ev.e.event == "ProceedsSettled":
        listings[a["listingId"]]["unsettled"] = 0
        return
    gross = a["sellerAmount"] + a["fee"]
    if a["orderId"] & OFFER_BIT or gross == 0:
        return  # offer orders pay the seller directly; nothing to credit
    listing = listings[a["orderId"] >> 32]
    listing["unsettled"] += gross
    listing["updated_block"] = max(listing["updated_block"], ev.e.block_number)
    if listing["updated_block"] == ev.e.block_number:
        listing["updated_at"] = ev.ts
