"""The Marketplace projection: listings, orders, offers, deals, payouts, settings, feed.

Every event of the Marketplace ABI is either handled here or listed in ``ignored``; the
tests check that, so a new event cannot slip through unprojected.
"""

from __future__ import annotations

from indexer.models.credits import CreditSpend
from indexer.models.marketplace import (
    Listing,
    MarketplaceSettings,
    Offer,
    OfferNonce,
    Order,
    OrderEvent,
    Payout,
    SellerKey,
)
from indexer.models.reputation import Deal, SellerReputation, SellerVolume
from indexer.projections.base import Projection
from indexer.projections.marketplace import accounts, discounts, listings, orders
from indexer.projections.marketplace.prefetch import prefetch

PROJECTION = Projection(
    contract="Marketplace",
    handlers={
        "ListingCreated": listings.on_listing_created,
        "ListingUpdated": listings.on_listing_updated,
        "ListingStatusChanged": listings.on_listing_status_changed,
        "Purchased": listings.on_purchased,
        "OrderPlaced": orders.on_order_placed,
        "OfferAccepted": orders.on_offer_accepted,
        "OrderShipped": orders.on_order_shipped,
        "OrderCompleted": orders.on_order_completed,
        "OrderCancelled": orders.on_order_cancelled,
        "OrderRefunded": orders.on_order_refunded,
        "DisputeOpened": orders.on_dispute_opened,
        "DisputeResolved": orders.on_dispute_resolved,
        "ProceedsSettled": accounts.on_proceeds_settled,
        "Withdrawn": accounts.on_withdrawn,
        "FeesWithdrawn": accounts.on_fees_withdrawn,
        "EncryptionKeyPublished": accounts.on_encryption_key_published,
        "NonceCancelled": accounts.on_nonce_cancelled,
        "CreditCapUpdated": discounts.on_credit_cap_updated,
        "CreditsSpent": discounts.on_credits_spent,
        **accounts.SETTINGS_HANDLERS,
    },
    ignored=frozenset({"EIP712DomainChanged"}),
    append_only=(OrderEvent, Offer, OfferNonce, Payout, Deal, CreditSpend),
    mutable=(
        Listing,
        Order,
        SellerKey,
        MarketplaceSettings,
        SellerReputation,
        SellerVolume,
    ),
    prefetch=prefetch,
)
