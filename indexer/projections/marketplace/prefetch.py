"""Load what a batch of Marketplace events will touch, a few ``IN`` queries per table.

Without it, every first touch of a listing, order or seller in a batch is one query;
on PostgreSQL that round trip dominated the backfill profile. Orders are loaded first
(later steps of escrowed orders), then listings (named by events, or derived from order
ids: ``listingId << 32 | n``), then the sellers and tokens those rows name.
"""

from __future__ import annotations

from collections.abc import Sequence

from chain.events import DecodedEvent
from indexer.models.marketplace import Listing, MarketplaceSettings, Order
from indexer.models.reputation import SellerReputation, SellerVolume
from indexer.store.working_set import WorkingSet

OFFER_ORDER_BIT = 1 << 255
CREATES_ORDER = frozenset({"Purchased", "OrderPlaced", "OfferAccepted"})


def prefetch(events: Sequence[DecodedEvent], rows: WorkingSet) -> None:
    """Preload the orders, listings, sellers, volumes and settings ``events`` touch."""
    order_ids: set[int] = set()
    listing_ids: set[int] = set()
    sellers: set[str] = set()
    volumes: set[tuple[str, str]] = set()
    for event in events:
        args = event.args
        order_id = args.get("orderId")
        if order_id is not None:
            if event.event not in CREATES_ORDER:
                order_ids.add(order_id)
            if not order_id & OFFER_ORDER_BIT:
                listing_ids.add(order_id >> 32)
        if "listingId" in args:
            listing_ids.add(args["listingId"])
        if "seller" in args:
            sellers.add(args["seller"])
        if event.event == "OfferAccepted":
            offer = args["offer"]
            if offer["listingId"]:
                listing_ids.add(offer["listingId"])
            volumes.add((args["seller"], offer["token"]))
    rows.preload(Order, ((order_id,) for order_id in order_ids))
    rows.preload(Listing, ((listing_id,) for listing_id in listing_ids))
    for model, keys in ((Order, order_ids), (Listing, listing_ids)):
        for key in keys:
            row = rows.find(model, key)
            if row is not None:
                sellers.add(row["seller"])
                volumes.add((row["seller"], row["token"]))
    rows.preload(SellerReputation, ((seller,) for seller in sellers))
    rows.preload(SellerVolume, volumes)
    rows.preload(MarketplaceSettings, {(event.address,) for event in events})
