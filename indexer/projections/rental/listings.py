"""Rental listings: ``RentalListingCreated``, ``RentalListingUpdated``, ``...StatusChanged``."""

from __future__ import annotations

from typing import Any

from indexer.models.core import FeedKind
from indexer.models.rental import RentalListing
from indexer.projections.base import EventContext
from indexer.projections.marketplace.common import touch
from indexer.projections.marketplace.listings import LISTING_STATUS
from indexer.projections.reputation import count

STATUS_FEED_KIND = {
    "active": FeedKind.RENTAL_LISTING_RESUMED,
    "paused": FeedKind.RENTAL_LISTING_PAUSED,
    "closed": FeedKind.RENTAL_LISTING_CLOSED,
}


def terms_columns(terms: dict[str, Any]) -> dict[str, Any]:
    """The listing columns a ``RentalTerms`` struct sets."""
    return {
        "token": terms["token"],
        "daily_rate": terms["dailyRate"],
        "deposit": terms["deposit"],
        "late_fee_per_day": terms["lateFeePerDay"],
        "min_days": terms["minDays"],
        "max_days": terms["maxDays"],
        "grace_period": terms["gracePeriod"],
        "handover_window": terms["handoverWindow"],
        "inspection_window": terms["inspectionWindow"],
    }


def _feed(context: EventContext, kind: FeedKind, listing: dict[str, Any]) -> None:
    context.feed.add(
        context.event,
        context.timestamp,
        kind=kind,
        actor=listing["lender"],
        subject_type="rental_listing",
        subject_id=listing["listing_id"],
        seller=listing["lender"],
        token=listing["token"],
        amount=listing["daily_rate"],
    )


def on_listing_created(context: EventContext) -> None:
    """A new rental listing, active."""
    args = context.args
    listing = context.rows.create(
        RentalListing,
        {
            "listing_id": args["listingId"],
            "lender": args["lender"],
            **terms_columns(args["terms"]),
            "fee_bps": args["feeBps"],
            "metadata_hash": args["metadataHash"],
            "status": "active",
            "rental_count": 0,
            "created_block": context.block,
            "created_tx": context.event.tx_hash,
            "created_at": context.timestamp,
            "updated_block": context.block,
            "updated_at": context.timestamp,
        },
    )
    count(context, args["lender"], "listings")
    _feed(context, FeedKind.RENTAL_LISTING_CREATED, listing)


def on_listing_updated(context: EventContext) -> None:
    """New terms and metadata, for bookings from now on."""
    args = context.args
    listing = context.rows.require(RentalListing, args["listingId"])
    listing.update(terms_columns(args["terms"]), metadata_hash=args["metadataHash"])
    touch(context, listing)
    _feed(context, FeedKind.RENTAL_LISTING_UPDATED, listing)


def on_listing_status_changed(context: EventContext) -> None:
    """Paused, resumed or closed."""
    listing = context.rows.require(RentalListing, context.args["listingId"])
    listing["status"] = LISTING_STATUS[context.args["status"]]
    touch(context, listing)
    _feed(context, STATUS_FEED_KIND[listing["status"]], listing)
