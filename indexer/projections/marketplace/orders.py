"""Escrowed orders and signed offers: ``OrderPlaced``, ``OfferAccepted`` and every later step.

Orders follow ``OrderStatus`` (contracts/types/Order.sol): paid → shipped → completed, or
refunded (full refund, cancellation) or resolved (dispute). Every step is appended to
``order_events``. Completions feed the seller's proceeds exactly as ``_creditSeller`` does:
listing orders into the listing's ``unsettled``, offer orders straight to the seller.
"""

from __future__ import annotations

from typing import Any

from chain.deal_kinds import DealKind
from core.constants import ZERO_ADDRESS
from indexer.models.core import FeedKind
from indexer.models.marketplace import Listing, MarketplaceSettings, Offer, OfferNonce, Order
from indexer.projections.base import EventContext
from indexer.projections.marketplace.common import fee_of, history, touch
from indexer.projections.reputation import count, record_deal, record_refund
from indexer.store.tables import Row

HALF_BPS = 5_000


def _order(context: EventContext, fields: dict[str, Any]) -> None:
    """Create an order row with the bookkeeping columns filled in."""
    context.rows.create(
        Order,
        {
            **fields,
            "refunded": 0,
            "paid_at": context.timestamp,
            "created_block": context.block,
            "created_tx": context.event.tx_hash,
            "updated_block": context.block,
        },
    )


def _feed(
    context: EventContext, order: Row, kind: FeedKind, actor: str, amount: int | None
) -> None:
    context.feed.add(
        context.event,
        context.timestamp,
        kind=kind,
        actor=actor,
        subject_type="order",
        subject_id=order["order_id"],
        seller=order["seller"],
        buyer=order["buyer"],
        token=order["token"],
        amount=amount,
    )


def on_order_placed(context: EventContext) -> None:
    """An escrowed purchase from a listing: the listing's fixed terms become the order's."""
    args = context.args
    listing = context.rows.require(Listing, args["listingId"])
    listing["stock"] -= args["quantity"]
    listing["order_count"] += 1
    touch(context, listing)
    _order(
        context,
        {
            "order_id": args["orderId"],
            "kind": "escrow",
            "listing_id": args["listingId"],
            "escrow": True,
            "seller": listing["seller"],
            "buyer": args["buyer"],
            "token": listing["token"],
            "amount": args["amount"],
            "quantity": args["quantity"],
            "fee_bps": listing["fee_bps"],
            "handling_time": listing["handling_time"],
            "auto_release_window": listing["auto_release_window"],
            "status": "paid",
            "shipping_ref": args["shippingRef"],
        },
    )
    history(context, args["orderId"], "paid", args["buyer"], args["amount"])
    count(context, listing["seller"], "orders")
    context.feed.add(
        context.event,
        context.timestamp,
        kind=FeedKind.ORDER_PLACED,
        actor=args["buyer"],
        subject_type="order",
        subject_id=args["orderId"],
        seller=listing["seller"],
        buyer=args["buyer"],
        token=listing["token"],
        amount=args["amount"],
        quantity=args["quantity"],
    )


def on_offer_accepted(context: EventContext) -> None:
    """A signed offer paid: escrowed like an order, or completed at once like a purchase."""
    args = context.args
    offer: dict[str, Any] = args["offer"]
    order_id, seller, buyer = args["orderId"], args["seller"], args["buyer"]
    escrow, amount, fee_bps = offer["escrow"], offer["amount"], args["feeBps"]
    listing_id = offer["listingId"] or None
    if listing_id is not None:
        listing = context.rows.require(Listing, listing_id)
        listing["stock"] -= offer["quantity"]
        touch(context, listing)
    context.rows.append(
        Offer,
        {
            "order_id": order_id,
            "seller": seller,
            "buyer": buyer,
            "offered_to": offer["buyer"],
            "listing_id": listing_id,
            "token": offer["token"],
            "amount": amount,
            "quantity": offer["quantity"],
            "escrow": escrow,
            "handling_time": offer["handlingTime"],
            "auto_release_window": offer["autoReleaseWindow"],
            "expiry": offer["expiry"],
            "nonce": offer["nonce"],
            "metadata_hash": offer["metadataHash"],
            "fee_bps": fee_bps,
            "timestamp": context.timestamp,
            **context.position(),
        },
    )
    context.rows.append(
        OfferNonce,
        {
            "seller": seller,
            "nonce": offer["nonce"],
            "state": "accepted",
            "order_id": order_id,
            **context.position(),
        },
    )
    status = "paid" if escrow else "completed"
    fee = fee_of(amount, fee_bps)
    fields: dict[str, Any] = {
        "order_id": order_id,
        "kind": "offer",
        "listing_id": listing_id,
        "escrow": escrow,
        "seller": seller,
        "buyer": buyer,
        "token": offer["token"],
        "amount": amount,
        "quantity": offer["quantity"],
        "fee_bps": fee_bps,
        "handling_time": offer["handlingTime"] if escrow else 0,
        "auto_release_window": offer["autoReleaseWindow"] if escrow else 0,
        "status": status,
        "shipping_ref": args["shippingRef"],
    }
    if not escrow:
        fields.update(seller_amount=amount - fee, fee=fee, closed_at=context.timestamp)
    _order(context, fields)
    history(context, order_id, status, buyer, amount)
    count(context, seller, "orders")
    if not escrow:
        record_deal(
            context,
            kind=DealKind.PURCHASE,
            deal_id=order_id,
            buyer=buyer,
            seller=seller,
            token=offer["token"],
            value=amount,
            fee=fee,
        )
    context.feed.add(
        context.event,
        context.timestamp,
        kind=FeedKind.OFFER_ACCEPTED,
        actor=buyer,
        subject_type="order",
        subject_id=order_id,
        seller=seller,
        buyer=buyer,
        token=offer["token"],
        amount=amount,
        quantity=offer["quantity"],
    )


def on_order_shipped(context: EventContext) -> None:
    """The seller shipped."""
    order = context.rows.require(Order, context.args["orderId"])
    order.update(status="shipped", shipped_at=context.timestamp)
    order["tracking_hash"] = context.args["trackingHash"]
    touch(context, order, at=False)
    history(context, order["order_id"], "shipped", order["seller"])
    _feed(context, order, FeedKind.ORDER_SHIPPED, order["seller"], None)


def _credit_seller(context: EventContext, order: Row, seller_amount: int, fee: int) -> None:
    """What ``_creditSeller`` does with the seller's gross share: proceeds and a deal."""
    gross = seller_amount + fee
    order.update(seller_amount=seller_amount, fee=fee, closed_at=context.timestamp)
    if gross == 0:
        return  # the contract records no deal when the seller gets nothing
    if order["kind"] == "escrow":
        listing = context.rows.require(Listing, order["listing_id"])
        listing["unsettled"] += gross
        touch(context, listing)
    record_deal(
        context,
        kind=DealKind.PURCHASE,
        deal_id=order["order_id"],
        buyer=order["buyer"],
        seller=order["seller"],
        token=order["token"],
        value=gross,
        fee=fee,
    )


def on_order_completed(context: EventContext) -> None:
    """Delivery confirmed or auto-released: the seller is paid."""
    args = context.args
    order = context.rows.require(Order, args["orderId"])
    order.update(status="completed", closed_by=args["by"])
    touch(context, order, at=False)
    _credit_seller(context, order, args["sellerAmount"], args["fee"])
    history(context, order["order_id"], "completed", args["by"], args["sellerAmount"])
    _feed(context, order, FeedKind.ORDER_COMPLETED, args["by"], args["sellerAmount"] + args["fee"])


def on_order_cancelled(context: EventContext) -> None:
    """Never shipped: cancelled and refunded in full."""
    args = context.args
    order = context.rows.require(Order, args["orderId"])
    order.update(status="refunded", closed_by=args["by"], closed_at=context.timestamp)
    order["refunded"] += args["refund"]
    touch(context, order, at=False)
    count(context, order["seller"], "cancellations")
    record_refund(context, order["seller"], order["token"], args["refund"])
    history(context, order["order_id"], "refunded", args["by"], args["refund"])
    _feed(context, order, FeedKind.ORDER_CANCELLED, args["by"], args["refund"])


def on_order_refunded(context: EventContext) -> None:
    """The seller refunded part or all of the order."""
    args = context.args
    order = context.rows.require(Order, args["orderId"])
    order["refunded"] = args["totalRefunded"]
    if args["full"]:
        order.update(status="refunded", closed_by=order["seller"], closed_at=context.timestamp)
    touch(context, order, at=False)
    count(context, order["seller"], "refunds")
    record_refund(context, order["seller"], order["token"], args["amount"])
    history(context, order["order_id"], order["status"], order["seller"], args["amount"])
    _feed(context, order, FeedKind.ORDER_REFUNDED, order["seller"], args["amount"])


def on_dispute_opened(context: EventContext) -> None:
    """The buyer or the seller opened a dispute."""
    args = context.args
    order = context.rows.require(Order, args["orderId"])
    order.update(
        status="disputed",
        disputed_at=context.timestamp,
        disputed_by=args["by"],
        dispute_reason=args["reasonHash"],
    )
    touch(context, order, at=False)
    count(context, order["seller"], "disputes")
    history(context, order["order_id"], "disputed", args["by"])
    _feed(context, order, FeedKind.DISPUTE_OPENED, args["by"], None)


def on_dispute_resolved(context: EventContext) -> None:
    """The arbiter ruled (or the timeout fallback applied): the rest is split."""
    args = context.args
    order = context.rows.require(Order, args["orderId"])
    order.update(
        status="resolved",
        buyer_bps=args["buyerBps"],
        buyer_amount=args["buyerAmount"],
        by_timeout=args["byTimeout"],
    )
    touch(context, order, at=False)
    _credit_seller(context, order, args["sellerAmount"], args["fee"])
    seller = order["seller"]
    if args["byTimeout"]:
        count(context, seller, "disputes_expired")
        actor = ZERO_ADDRESS
    else:
        if args["buyerBps"] > HALF_BPS:
            count(context, seller, "disputes_lost")
        elif args["buyerBps"] < HALF_BPS:
            count(context, seller, "disputes_won")
        settings = context.rows.find(MarketplaceSettings, context.event.address)
        actor = settings["arbiter"] if settings and settings["arbiter"] else ZERO_ADDRESS
    history(context, order["order_id"], "resolved", actor, args["buyerAmount"])
    _feed(context, order, FeedKind.DISPUTE_RESOLVED, actor, args["buyerAmount"])
