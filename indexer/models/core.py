"""Tables every contract shares: raw events, the feed, and the indexer's own bookkeeping.

* ``raw_events``: every decoded log, exactly as the chain said it.
* ``feed_items``: the denormalized social feed. Rows are never deleted: a reorg marks them
  ``removed`` and gives them a new ``seq``, so API clients streaming by ``seq`` learn about
  deletions (docs/indexer.md, "Reorgs").
* ``indexer_status``: one row with the indexed block, the head and the lag (for the API).
* ``contract_cursors``: how far each contract has been indexed, from its deploy block.
* ``block_hashes``: hashes of the unfinalized blocks, to detect reorgs.
* ``undo_log``: prior images of rows changed in unfinalized blocks, to roll them back.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Column, Index
from sqlmodel import Field, SQLModel

from indexer.models.types import (
    ADDRESS_LENGTH,
    BIG_ID,
    HASH_LENGTH,
    Amount,
    Uint256,
    json_type,
)


class RawEvent(SQLModel, table=True):
    """One decoded log of an indexed contract."""

    __tablename__ = "raw_events"
    chain_id: int = Field(primary_key=True, sa_type=BigInteger)
    block_number: int = Field(primary_key=True, sa_type=BigInteger)
    log_index: int = Field(primary_key=True)
    block_hash: str = Field(max_length=HASH_LENGTH)
    tx_hash: str = Field(max_length=HASH_LENGTH, index=True)
    timestamp: int = Field(sa_type=BigInteger)
    contract: str = Field(max_length=64)
    address: str = Field(max_length=ADDRESS_LENGTH)
    event: str = Field(max_length=64)
    args: dict[str, Any] = Field(sa_column=Column(json_type(), nullable=False))


class FeedKind(StrEnum):
    """What a feed item says happened: the one list of feed kinds.

    The feed writer accepts only these (indexer/store/feed.py), the API validates its
    ``kind`` query against them and lists them in OpenAPI. Adding a kind means adding it
    here; the column stays a plain string, so no migration is needed.
    """

    # Marketplace listings and orders
    LISTING_CREATED = "listing_created"
    LISTING_UPDATED = "listing_updated"
    LISTING_PAUSED = "listing_paused"
    LISTING_RESUMED = "listing_resumed"
    LISTING_CLOSED = "listing_closed"
    PURCHASED = "purchased"
    ORDER_PLACED = "order_placed"
    OFFER_ACCEPTED = "offer_accepted"
    ORDER_SHIPPED = "order_shipped"
    ORDER_COMPLETED = "order_completed"
    ORDER_CANCELLED = "order_cancelled"
    ORDER_REFUNDED = "order_refunded"
    DISPUTE_OPENED = "dispute_opened"
    DISPUTE_RESOLVED = "dispute_resolved"
    # RentalEscrow
    RENTAL_LISTING_CREATED = "rental_listing_created"
    RENTAL_LISTING_UPDATED = "rental_listing_updated"
    RENTAL_LISTING_PAUSED = "rental_listing_paused"
    RENTAL_LISTING_RESUMED = "rental_listing_resumed"
    RENTAL_LISTING_CLOSED = "rental_listing_closed"
    RENTED = "rented"
    RENTAL_CANCELLED = "rental_cancelled"
    RENTAL_STARTED = "rental_started"
    RETURNED = "returned"
    RENTAL_LOST = "rental_lost"
    DAMAGE_CLAIMED = "damage_claimed"
    RENTAL_DISPUTED = "rental_disputed"
    RENTAL_DISPUTE_RESOLVED = "rental_dispute_resolved"
    RENTAL_COMPLETED = "rental_completed"
    # InstallmentPlans
    PLAN_LISTING_CREATED = "plan_listing_created"
    PLAN_LISTING_UPDATED = "plan_listing_updated"
    PLAN_LISTING_CLOSED = "plan_listing_closed"
    PLAN_STARTED = "plan_started"
    INSTALLMENT_PAID = "installment_paid"
    PLAN_PAID_OFF = "plan_paid_off"
    PLAN_COMPLETED = "plan_completed"
    PLAN_DEFAULTED = "plan_defaulted"
    PLAN_CANCELLED = "plan_cancelled"
    # Reputation and ReviewCredits
    REVIEWED = "reviewed"
    REVIEW_EDITED = "review_edited"
    REVIEW_RESPONDED = "review_responded"
    PROMOTED = "promoted"


class FeedItemBase(SQLModel):
    """What happened, to what, by whom, and where on chain."""

    seq: int = Field(sa_type=BigInteger)
    chain_id: int = Field(sa_type=BigInteger)
    contract: str = Field(max_length=64)
    kind: str = Field(max_length=32)
    actor: str = Field(max_length=ADDRESS_LENGTH)
    subject_type: str = Field(max_length=16)
    subject_id: str = Field(max_length=78)
    seller: str | None = Field(default=None, max_length=ADDRESS_LENGTH, index=True)
    buyer: str | None = Field(default=None, max_length=ADDRESS_LENGTH, index=True)
    token: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    amount: Amount | None = Field(default=None, sa_type=Uint256)
    quantity: int | None = Field(default=None, sa_type=BigInteger)
    block_number: int = Field(sa_type=BigInteger)
    block_hash: str = Field(max_length=HASH_LENGTH)
    log_index: int
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)
    removed: bool = False


class FeedItem(FeedItemBase, table=True):
    """A feed item; ``seq`` grows with every insert or change (removal by a reorg).

    At most one live item exists per (block hash, log index); a removed one is revived
    rather than duplicated if its block comes back (see indexer/store/feed.py)."""

    __tablename__ = "feed_items"
    __table_args__ = (
        Index("ix_feed_items_seq", "seq", unique=True),
        Index("ix_feed_items_position", "block_number", "log_index"),
        Index("ix_feed_items_subject", "subject_type", "subject_id"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG_ID)


class FeedItemPublic(FeedItemBase):
    """A feed item as the API returns it."""

    id: int


class IndexerStatusBase(SQLModel):
    """How far the indexer is behind the chain."""

    chain_id: int = Field(sa_type=BigInteger)
    indexed_block: int = Field(sa_type=BigInteger)
    head_block: int = Field(sa_type=BigInteger)
    finalized_block: int = Field(sa_type=BigInteger)
    lag: int = Field(sa_type=BigInteger)
    mode: str = Field(max_length=16)
    updated_at: datetime


class IndexerStatus(IndexerStatusBase, table=True):
    """The single status row (``id`` = 1); ``feed_seq`` is the last ``seq`` handed out."""

    __tablename__ = "indexer_status"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    feed_seq: int = Field(default=0, sa_type=BigInteger)


class IndexerStatusPublic(IndexerStatusBase):
    """The status as the API returns it."""


class ContractCursor(SQLModel, table=True):
    """The last block whose logs of one contract are in the database."""

    __tablename__ = "contract_cursors"

    address: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    name: str = Field(max_length=64)
    deploy_block: int = Field(sa_type=BigInteger)
    indexed_block: int = Field(sa_type=BigInteger)


class BlockHash(SQLModel, table=True):
    """A block of the unfinalized window, to compare with the node's chain."""

    __tablename__ = "block_hashes"

    number: int = Field(
        primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False}
    )
    hash: str = Field(max_length=HASH_LENGTH)
    parent_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class UndoEntry(SQLModel, table=True):
    """The image a row had before block ``block_number`` changed it (``None``: no row)."""

    __tablename__ = "undo_log"

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG_ID)
    block_number: int = Field(sa_type=BigInteger, index=True)
    table_name: str = Field(max_length=64)
    row_key: list[Any] = Field(sa_column=Column(json_type(), nullable=False))
    image: dict[str, Any] | None = Field(default=None, sa_column=Column(json_type()))
