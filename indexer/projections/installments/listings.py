"""Plan listings (``PlanListingCreated`` ... ``PlanListingClosed``) and cancelled offer nonces."""

from __future__ import annotations

from typing import Any

from indexer.models.core import FeedKind
from indexer.models.installments import PlanListing, PlanOfferNonce
from indexer.projections.base import EventContext
from indexer.projections.marketplace.common import touch
from indexer.projections.reputation import count

DELIVERY_MODE = {0: "pay_later", 1: "layaway"}


def terms_columns(terms: dict[str, Any]) -> dict[str, Any]:
    """The columns a ``PlanTerms`` struct sets."""
    return {
        "token": terms["token"],
        "price": terms["price"],
        "down_payment_bps": terms["downPaymentBps"],
        "installment_count": terms["installments"],
        "interval": terms["interval"],
        "financing_fee_bps": terms["financingFeeBps"],
        "grace_period": terms["gracePeriod"],
        "late_fee_bps": terms["lateFeeBps"],
        "forfeit_bps": terms["forfeitBps"],
        "mode": DELIVERY_MODE[terms["mode"]],
    }


def _feed(context: EventContext, kind: FeedKind, listing: dict[str, Any]) -> None:
    context.feed.add(
        context.event,
        context.timestamp,
        kind=kind,
        actor=listing["seller"],
        subject_type="plan_listing",
        subject_id=listing["listing_id"],
        seller=listing["seller"],
        token=listing["token"],
        amount=listing["price"],
        quantity=listing["stock"],
    )


def on_listing_created(context: EventContext) -> None:
    """A seller lists an item on EMI terms."""
    args = context.args
    listing = context.rows.create(
        PlanListing,
        {
            "listing_id": args["listingId"],
            "seller": args["seller"],
            **terms_columns(args["terms"]),
            "stock": args["stock"],
            "fee_bps": args["feeBps"],
            "metadata_hash": args["metadataHash"],
            "status": "active",
            "created_block": context.block,
            "created_tx": context.event.tx_hash,
            "created_at": context.timestamp,
            "updated_block": context.block,
            "updated_at": context.timestamp,
        },
    )
    count(context, args["seller"], "listings")
    _feed(context, FeedKind.PLAN_LISTING_CREATED, listing)


def on_listing_updated(context: EventContext) -> None:
    """New stock and metadata."""
    listing = context.rows.require(PlanListing, context.args["listingId"])
    listing.update(stock=context.args["stock"], metadata_hash=context.args["metadataHash"])
    touch(context, listing)
    _feed(context, FeedKind.PLAN_LISTING_UPDATED, listing)


def on_listing_closed(context: EventContext) -> None:
    """Closed for good."""
    listing = context.rows.require(PlanListing, context.args["listingId"])
    listing["status"] = "closed"
    touch(context, listing)
    _feed(context, FeedKind.PLAN_LISTING_CLOSED, listing)


def on_nonce_cancelled(context: EventContext) -> None:
    """A seller cancelled a plan-offer nonce."""
    context.rows.append(
        PlanOfferNonce,
        {"seller": context.args["seller"], "nonce": context.args["nonce"], **context.position()},
    )
