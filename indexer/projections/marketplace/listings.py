"""Listings and direct purchases (``ListingCreated`` ... ``Purchased``).

The listing row mirrors ``IMarketplace.getListing``: price, stock, order count, status and
the unsettled gross of completed sales, plus the fixed terms and metadata hash.
"""

from __future__ import annotations

from chain.deal_kinds import DealKind
from indexer.models.core import FeedKind
from indexer.models.marketplace import Listing, Order
from indexer.projections.base import EventContext
from indexer.projections.marketplace.common import fee_of, history, touch
from indexer.projections.reputation import count, record_deal

LISTING_STATUS = {1: "active", 2: "paused", 3: "closed"}
STATUS_FEED_KIND = {
    "active": FeedKind.LISTING_RESUMED,
    "paused": FeedKind.LISTING_PAUSED,
    "closed": FeedKind.LISTING_CLOSED,
}


def on_listing_created(context: EventContext) -> None:
    """A new listing, active."""
    args = context.args
    context.rows.create(
        Listing,
        {
            "listing_id": args["listingId"],
            "seller": args["seller"],
            "token": args["token"],
            "price": args["price"],
            "stock": args["stock"],
            "order_count": 0,
            "status": "active",
            "escrow": args["escrow"],
            "fee_bps": args["feeBps"],
            "handling_time": args["handlingTime"],
            "auto_release_window": args["autoReleaseWindow"],
            "unsettled": 0,
            "metadata_hash": args["metadataHash"],
            "created_block": context.block,
            "created_tx": context.event.tx_hash,
            "created_at": context.timestamp,
            "updated_block": context.block,
            "updated_at": context.timestamp,
        },
    )
    count(context, args["seller"], "listings")
    context.feed.add(
        context.event,
        context.timestamp,
        kind=FeedKind.LISTING_CREATED,
        actor=args["seller"],
        subject_type="listing",
        subject_id=args["listingId"],
        seller=args["seller"],
        token=args["token"],
        amount=args["price"],
        quantity=args["stock"],
    )


def on_listing_updated(context: EventContext) -> None:
    """New price, stock and metadata."""
    args = context.args
    listing = context.rows.require(Listing, args["listingId"])
    listing.update(price=args["price"], stock=args["stock"], metadata_hash=args["metadataHash"])
    touch(context, listing)
    context.feed.add(
        context.event,
        context.timestamp,
        kind=FeedKind.LISTING_UPDATED,
        actor=listing["seller"],
        subject_type="listing",
        subject_id=args["listingId"],
        seller=listing["seller"],
        token=listing["token"],
        amount=args["price"],
        quantity=args["stock"],
    )


def on_listing_status_changed(context: EventContext) -> None:
    """Paused, resumed or closed."""
    args = context.args
    listing = context.rows.require(Listing, args["listingId"])
    listing["status"] = LISTING_STATUS[args["status"]]
    touch(context, listing)
    context.feed.add(
        context.event,
        context.timestamp,
        kind=STATUS_FEED_KIND[listing["status"]],
        actor=listing["seller"],
        subject_type="listing",
        subject_id=args["listingId"],
        seller=listing["seller"],
    )


def on_purchased(context: EventContext) -> None:
    """A direct purchase: completed at once, a deal, proceeds unsettled on the listing."""
    args = context.args
    listing = context.rows.require(Listing, args["listingId"])
    amount, quantity = args["amount"], args["quantity"]
    seller, token = listing["seller"], listing["token"]
    listing["stock"] -= quantity
    listing["order_count"] += 1
    listing["unsettled"] += amount
    touch(context, listing)
    fee = fee_of(amount, listing["fee_bps"])
    context.rows.create(
        Order,
        {
            "order_id": args["orderId"],
            "kind": "purchase",
            "listing_id": args["listingId"],
            "escrow": False,
            "seller": seller,
            "buyer": args["buyer"],
            "token": token,
            "amount": amount,
            "quantity": quantity,
            "fee_bps": listing["fee_bps"],
            "handling_time": 0,
            "auto_release_window": 0,
            "status": "completed",
            "refunded": 0,
            "seller_amount": amount - fee,
            "fee": fee,
            "shipping_ref": args["shippingRef"],
            "paid_at": context.timestamp,
            "closed_at": context.timestamp,
            "created_block": context.block,
            "created_tx": context.event.tx_hash,
            "updated_block": context.block,
        },
    )
    history(context, args["orderId"], "completed", args["buyer"], amount)
    count(context, seller, "orders")
    record_deal(
        context,
        kind=DealKind.PURCHASE,
        deal_id=args["orderId"],
        buyer=args["buyer"],
        seller=seller,
        token=token,
        value=amount,
        fee=fee,
    )
    context.feed.add(
        context.event,
        context.timestamp,
        kind=FeedKind.PURCHASED,
        actor=args["buyer"],
        subject_type="order",
        subject_id=args["orderId"],
        seller=seller,
        buyer=args["buyer"],
        token=token,
        amount=amount,
        quantity=quantity,
    )
