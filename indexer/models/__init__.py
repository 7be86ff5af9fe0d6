"""The indexer's SQLModel tables, one module per responsibility.

Importing this package registers every table in ``SQLModel.metadata``, which Alembic
(indexer/migrations) compares against the migrations. The API reads these tables and
returns only the ``XPublic`` models.
"""

from __future__ import annotations

from indexer.models.core import (
    BlockHash,
    ContractCursor,
    FeedItem,
    FeedItemPublic,
    IndexerStatus,
    IndexerStatusPublic,
    RawEvent,
    UndoEntry,
)
from indexer.models.marketplace import (
    Listing,
    ListingPublic,
    MarketplaceSettings,
    Offer,
    OfferNonce,
    OfferPublic,
    Order,
    OrderEvent,
    OrderEventPublic,
    OrderPublic,
    Payout,
    SellerKey,
)
from indexer.models.reputation import (
    Deal,
    DealPublic,
    SellerReputation,
    SellerReputationPublic,
    SellerVolume,
    SellerVolumePublic,
)
from indexer.models.types import Uint256

TABLE_NAMES: tuple[str, ...] = (
    "block_hashes",
    "contract_cursors",
    "deals",
    "feed_items",
    "indexer_status",
    "listings",
    "marketplace_settings",
    "offer_nonces",
    "offers",
    "order_events",
    "orders",
    "payouts",
    "raw_events",
    "seller_keys",
    "seller_reputation",
    "seller_volumes",
    "undo_log",
)

__all__ = [
    "BlockHash",
    "ContractCursor",
    "Deal",
    "DealPublic",
    "FeedItem",
    "FeedItemPublic",
    "IndexerStatus",
    "IndexerStatusPublic",
    "Listing",
    "ListingPublic",
    "MarketplaceSettings",
    "Offer",
    "OfferNonce",
    "OfferPublic",
    "Order",
    "OrderEvent",
    "OrderEventPublic",
    "OrderPublic",
    "Payout",
    "RawEvent",
    "SellerKey",
    "SellerReputation",
    "SellerReputationPublic",
    "SellerVolume",
    "SellerVolumePublic",
    "TABLE_NAMES",
    "Uint256",
    "UndoEntry",
]
