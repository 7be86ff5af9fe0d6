"""The API's own tables and its public models, one module per responsibility.

Importing this package registers the API's tables in ``SQLModel.metadata``; Alembic
(api/migrations) migrates only those named in :data:`TABLE_NAMES`. The chain-derived
tables belong to the indexer (indexer/models) and are only read here.
"""

from __future__ import annotations

from api.models.auth import AuthSession, RateLimitWindow, SiweNonce
from api.models.documents import Document
from api.models.purchases import PurchaseShare
from api.models.reports import Report
from api.models.shipping import ShippingEnvelope
from api.models.social import Comment, Follow, Like, Profile

TABLE_NAMES: tuple[str, ...] = (
    "auth_sessions",
    "comments",
    "documents",
    "follows",
    "likes",
    "profiles",
    "purchase_shares",
    "rate_limits",
    "reports",
    "shipping_envelopes",
    "siwe_nonces",
)

__all__ = [
    "TABLE_NAMES",
    "AuthSession",
    "Comment",
    "Document",
    "Follow",
    "Like",
    "Profile",
    "PurchaseShare",
    "RateLimitWindow",
    "Report",
    "ShippingEnvelope",
    "SiweNonce",
]
