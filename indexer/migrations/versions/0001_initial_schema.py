"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import indexer.models.types

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "block_hashes",
        sa.Column("number", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.String(length=66), nullable=False),
        sa.Column("parent_hash", sa.String(length=66), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )
    op.create_table(
        "contract_cursors",
        sa.Column("address", sa.String(length=42), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("deploy_block", sa.BigInteger(), nullable=False),
        sa.Column("indexed_block", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("address"),
    )
    op.create_table(
        "deals",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("buyer", sa.String(length=42), nullable=False),
        sa.Column("seller", sa.String(length=42), nullable=False),
        sa.Column("token", sa.String(length=42), nullable=False),
        sa.Column("value", indexer.models.types.Uint256(), nullable=False),
        sa.Column("fee", indexer.models.types.Uint256(), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.Column("contract", sa.String(length=64), nullable=False),
        sa.Column("deal_id", indexer.models.types.Uint256(), nullable=False),
        sa.PrimaryKeyConstraint("contract", "deal_id"),
    )
    with op.batch_alter_table("deals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deals_block_number"), ["block_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_deals_seller"), ["seller"], unique=False)

    op.create_table(
        "feed_items",
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("chain_id", sa.BigInteger(), nullable=False),
        sa.Column("contract", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=42), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.String(length=78), nullable=False),
        sa.Column("seller", sa.String(length=42), nullable=True),
        sa.Column("buyer", sa.String(length=42), nullable=True),
        sa.Column("token", sa.String(length=42), nullable=True),
        sa.Column("amount", indexer.models.types.Uint256(), nullable=True),
        sa.Column("quantity", sa.BigInteger(), nullable=True),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("block_hash", sa.String(length=66), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("block_hash", "log_index", name="uq_feed_items_block_log"),
    )
    with op.batch_alter_table("feed_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_items_buyer"), ["buyer"], unique=False)
        batch_op.create_index("ix_feed_items_position", ["block_number", "log_index"], unique=False)
        batch_op.create_index(batch_op.f("ix_feed_items_seller"), ["seller"], unique=False)
        batch_op.create_index("ix_feed_items_seq", ["seq"], unique=True)
        batch_op.create_index("ix_feed_items_subject", ["subject_type", "subject_id"], unique=False)

    op.create_table(
        "indexer_status",
        sa.Column("chain_id", sa.BigInteger(), nullable=False),
        sa.Column("indexed_block", sa.BigInteger(), nullable=False),
        sa.Column("head_block", sa.BigInteger(), nullable=False),
        sa.Column("finalized_block", sa.BigInteger(), nullable=False),
        sa.Column("lag", sa.BigInteger(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("feed_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "listings",
        sa.Column("seller", sa.String(length=42), nullable=False),
        sa.Column("token", sa.String(length=42), nullable=False),
        sa.Column("price", indexer.models.types.Uint256(), nullable=False),
        sa.Column("stock", sa.BigInteger(), nullable=False),
        sa.Column("order_count", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("escrow", sa.Boolean(), nullable=False),
        sa.Column("fee_bps", sa.Integer(), nullable=False),
        sa.Column("handling_time", sa.BigInteger(), nullable=False),
        sa.Column("auto_release_window", sa.BigInteger(), nullable=False),
        sa.Column("unsettled", indexer.models.types.Uint256(), nullable=False),
        sa.Column("metadata_hash", sa.String(length=66), nullable=False),
        sa.Column("created_block", sa.BigInteger(), nullable=False),
        sa.Column("created_tx", sa.String(length=66), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_block", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.Column("listing_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("listing_id"),
    )
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listings_seller"), ["seller"], unique=False)

    op.create_table(
        "marketplace_settings",
        sa.Column("address", sa.String(length=42), nullable=False),
        sa.Column("owner", sa.String(length=42), nullable=True),
        sa.Column("pending_owner", sa.String(length=42), nullable=True),
        sa.Column("fee_bps", sa.Integer(), nullable=True),
        sa.Column("fee_recipient", sa.String(length=42), nullable=True),
        sa.Column("arbiter", sa.String(length=42), nullable=True),
        sa.Column("dispute_timeout", sa.BigInteger(), nullable=True),
        sa.Column("deal_recorder", sa.String(length=42), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("updated_block", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("address"),
    )
    op.create_table(
        "offer_nonces",
        sa.Column("seller", sa.String(length=42), nullable=False),
        sa.Column("nonce", indexer.models.types.Uint256(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("order_id", indexer.models.types.Uint256(), nullable=True),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.PrimaryKeyConstraint("seller", "nonce"),
    )
    with op.batch_alter_table("offer_nonces", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offer_nonces_block_number"), ["block_number"], unique=False
        )

    op.create_table(
        "offers",
        sa.Column("seller", sa.String(length=42), nullable=False),
        sa.Column("buyer", sa.String(length=42), nullable=False),
        sa.Column("offered_to", sa.String(length=42), nullable=False),
        sa.Column("listing_id", sa.BigInteger(), nullable=True),
        sa.Column("token", sa.String(length=42), nullable=False),
        sa.Column("amount", indexer.models.types.Uint256(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("escrow", sa.Boolean(), nullable=False),
        sa.Column("handling_time", sa.BigInteger(), nullable=False),
        sa.Column("auto_release_window", sa.BigInteger(), nullable=False),
        sa.Column("expiry", sa.BigInteger(), nullable=False),
        sa.Column("nonce", indexer.models.types.Uint256(), nullable=False),
        sa.Column("metadata_hash", sa.String(length=66), nullable=False),
        sa.Column("fee_bps", sa.Integer(), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.Column("order_id", indexer.models.types.Uint256(), nullable=False),
        sa.PrimaryKeyConstraint("order_id"),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_block_number"), ["block_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_seller"), ["seller"], unique=False)

    op.create_table(
        "order_events",
        sa.Column("order_id", indexer.models.types.Uint256(), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=42), nullable=True),
        sa.Column("amount", indexer.models.types.Uint256(), nullable=True),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("block_number", "log_index"),
    )
    with op.batch_alter_table("order_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_order_events_order", ["order_id", "block_number", "log_index"], unique=False
        )

    op.create_table(
        "orders",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("listing_id", sa.BigInteger(), nullable=True),
        sa.Column("escrow", sa.Boolean(), nullable=False),
        sa.Column("seller", sa.String(length=42), nullable=False),
        sa.Column("buyer", sa.String(length=42), nullable=False),
        sa.Column("token", sa.String(length=42), nullable=False),
        sa.Column("amount", indexer.models.types.Uint256(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("fee_bps", sa.Integer(), nullable=False),
        sa.Column("handling_time", sa.BigInteger(), nullable=False),
        sa.Column("auto_release_window", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("refunded", indexer.models.types.Uint256(), nullable=False),
        sa.Column("seller_amount", indexer.models.types.Uint256(), nullable=True),
        sa.Column("fee", indexer.models.types.Uint256(), nullable=True),
        sa.Column("buyer_amount", indexer.models.types.Uint256(), nullable=True),
        sa.Column("buyer_bps", sa.Integer(), nullable=True),
        sa.Column("by_timeout", sa.Boolean(), nullable=True),
        sa.Column("shipping_ref", sa.String(length=66), nullable=False),
        sa.Column("tracking_hash", sa.String(length=66), nullable=True),
        sa.Column("dispute_reason", sa.String(length=66), nullable=True),
        sa.Column("disputed_by", sa.String(length=42), nullable=True),
        sa.Column("closed_by", sa.String(length=42), nullable=True),
        sa.Column("paid_at", sa.BigInteger(), nullable=False),
        sa.Column("shipped_at", sa.BigInteger(), nullable=True),
        sa.Column("disputed_at", sa.BigInteger(), nullable=True),
        sa.Column("closed_at", sa.BigInteger(), nullable=True),
        sa.Column("created_block", sa.BigInteger(), nullable=False),
        sa.Column("created_tx", sa.String(length=66), nullable=False),
        sa.Column("updated_block", sa.BigInteger(), nullable=False),
        sa.Column("order_id", indexer.models.types.Uint256(), nullable=False),
        sa.PrimaryKeyConstraint("order_id"),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_buyer"), ["buyer"], unique=False)
        batch_op.create_index(batch_op.f("ix_orders_listing_id"), ["listing_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_orders_seller"), ["seller"], unique=False)

    op.create_table(
        "payouts",
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("account", sa.String(length=42), nullable=False),
        sa.Column("token", sa.String(length=42), nullable=False),
        sa.Column("amount", indexer.models.types.Uint256(), nullable=False),
        sa.Column("fee", indexer.models.types.Uint256(), nullable=True),
        sa.Column("listing_id", sa.BigInteger(), nullable=True),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("block_number", "log_index"),
    )
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payouts_account"), ["account"], unique=False)

    op.create_table(
        "raw_events",
        sa.Column("chain_id", sa.BigInteger(), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=False),
        sa.Column("block_hash", sa.String(length=66), nullable=False),
        sa.Column("tx_hash", sa.String(length=66), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.Column("contract", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=42), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column(
            "args",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("chain_id", "block_number", "log_index"),
    )
    with op.batch_alter_table("raw_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_raw_events_tx_hash"), ["tx_hash"], unique=False)

    op.create_table(
        "seller_keys",
        sa.Column("seller", sa.String(length=42), nullable=False),
        sa.Column("key", sa.String(length=66), nullable=False),
        sa.Column("updated_block", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("seller"),
    )
    op.create_table(
        "seller_reputation",
        sa.Column("listings", sa.BigInteger(), nullable=False),
        sa.Column("orders", sa.BigInteger(), nullable=False),
        sa.Column("deals", sa.BigInteger(), nullable=False),
        sa.Column("disputes", sa.BigInteger(), nullable=False),
        sa.Column("disputes_lost", sa.BigInteger(), nullable=False),
        sa.Column("disputes_won", sa.BigInteger(), nullable=False),
        sa.Column("disputes_expired", sa.BigInteger(), nullable=False),
        sa.Column("refunds", sa.BigInteger(), nullable=False),
        sa.Column("cancellations", sa.BigInteger(), nullable=False),
        sa.Column("first_deal_at", sa.BigInteger(), nullable=True),
        sa.Column("last_deal_at", sa.BigInteger(), nullable=True),
        sa.Column("updated_block", sa.BigInteger(), nullable=False),
        sa.Column("seller", sa.String(length=42), nullable=False),
        sa.PrimaryKeyConstraint("seller"),
    )
    op.create_table(
        "seller_volumes",
        sa.Column("deals", sa.BigInteger(), nullable=False),
        sa.Column("value", indexer.models.types.Uint256(), nullable=False),
        sa.Column("fees", indexer.models.types.Uint256(), nullable=False),
        sa.Column("refunded", indexer.models.types.Uint256(), nullable=False),
        sa.Column("updated_block", sa.BigInteger(), nullable=False),
        sa.Column("seller", sa.String(length=42), nullable=False),
        sa.Column("token", sa.String(length=42), nullable=False),
        sa.PrimaryKeyConstraint("seller", "token"),
    )
    op.create_table(
        "undo_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("block_number", sa.BigInteger(), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column(
            "row_key",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "image",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("undo_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_undo_log_block_number"), ["block_number"], unique=False
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("undo_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_undo_log_block_number"))

    op.drop_table("undo_log")
    op.drop_table("seller_volumes")
    op.drop_table("seller_reputation")
    op.drop_table("seller_keys")
    with op.batch_alter_table("raw_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_raw_events_tx_hash"))

    op.drop_table("raw_events")
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payouts_account"))

    op.drop_table("payouts")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_seller"))
        batch_op.drop_index(batch_op.f("ix_orders_listing_id"))
        batch_op.drop_index(batch_op.f("ix_orders_buyer"))

    op.drop_table("orders")
    with op.batch_alter_table("order_events", schema=None) as batch_op:
        batch_op.drop_index("ix_order_events_order")

    op.drop_table("order_events")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_seller"))
        batch_op.drop_index(batch_op.f("ix_offers_block_number"))

    op.drop_table("offers")
    with op.batch_alter_table("offer_nonces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_nonces_block_number"))

    op.drop_table("offer_nonces")
    op.drop_table("marketplace_settings")
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listings_seller"))

    op.drop_table("listings")
    op.drop_table("indexer_status")
    with op.batch_alter_table("feed_items", schema=None) as batch_op:
        batch_op.drop_index("ix_feed_items_subject")
        batch_op.drop_index("ix_feed_items_seq")
        batch_op.drop_index(batch_op.f("ix_feed_items_seller"))
        batch_op.drop_index("ix_feed_items_position")
        batch_op.drop_index(batch_op.f("ix_feed_items_buyer"))

    op.drop_table("feed_items")
    with op.batch_alter_table("deals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deals_seller"))
        batch_op.drop_index(batch_op.f("ix_deals_block_number"))

    op.drop_table("deals")
    op.drop_table("contract_cursors")
    op.drop_table("block_hashes")
