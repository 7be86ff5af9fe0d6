"""Tables projected from the Marketplace's events (contracts/interfaces/IMarketplace.sol).

Mutable rows (listings, orders, seller keys, settings) are rolled back through the undo
log; append-only rows (order history, accepted offers, used nonces, payouts) carry their
block number and are deleted above a fork point. Amounts are :class:`Uint256`.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index
from sqlmodel import Field, SQLModel

from indexer.models.types import ADDRESS_LENGTH, HASH_LENGTH, Amount, Uint256

_NO_AUTOINCREMENT = {"autoincrement": False}


class ListingBase(SQLModel):
    """A listing: its fixed terms (from ``ListingCreated``) and its current state."""

    seller: str = Field(max_length=ADDRESS_LENGTH, index=True)
    token: str = Field(max_length=ADDRESS_LENGTH)
    price: Amount = Field(sa_type=Uint256)
    stock: int = Field(sa_type=BigInteger)
    order_count: int = Field(sa_type=BigInteger)
    status: str = Field(max_length=16)
    escrow: bool
    fee_bps: int
    handling_time: int = Field(sa_type=BigInteger)
    auto_release_window: int = Field(sa_type=BigInteger)
    unsettled: Amount = Field(sa_type=Uint256)
    credit_cap_bps: int = 0
    metadata_hash: str = Field(max_length=HASH_LENGTH)
    created_block: int = Field(sa_type=BigInteger)
    created_tx: str = Field(max_length=HASH_LENGTH)
    created_at: int = Field(sa_type=BigInteger)
    updated_block: int = Field(sa_type=BigInteger)
    updated_at: int = Field(sa_type=BigInteger)


class Listing(ListingBase, table=True):
    """``listings``: one row per listing id."""

    __tablename__ = "listings"

    listing_id: int = Field(
        primary_key=True, sa_type=BigInteger, sa_column_kwargs=_NO_AUTOINCREMENT
    )


class ListingPublic(ListingBase):
    """A listing as the API returns it."""

    listing_id: int


class OrderBase(SQLModel):
    """A purchase: direct (``purchase``), escrowed from a listing (``escrow``) or from a
    signed offer (``offer``, escrowed or not). Statuses follow ``OrderStatus``; direct
    purchases are ``completed`` at once. ``refunded`` counts refunds and cancellations."""

    kind: str = Field(max_length=16)
    listing_id: int | None = Field(default=None, sa_type=BigInteger, index=True)
    escrow: bool
    seller: str = Field(max_length=ADDRESS_LENGTH, index=True)
    buyer: str = Field(max_length=ADDRESS_LENGTH, index=True)
    token: str = Field(max_length=ADDRESS_LENGTH)
    amount: Amount = Field(sa_type=Uint256)
    quantity: int = Field(sa_type=BigInteger)
    fee_bps: int
    handling_time: int = Field(sa_type=BigInteger)
    auto_release_window: int = Field(sa_type=BigInteger)
    status: str = Field(max_length=16)
    refunded: Amount = Field(sa_type=Uint256)
    seller_amount: Amount | None = Field(default=None, sa_type=Uint256)
    fee: Amount | None = Field(default=None, sa_type=Uint256)
    buyer_amount: Amount | None = Field(default=None, sa_type=Uint256)
    buyer_bps: int | None = None
    by_timeout: bool | None = None
    shipping_ref: str = Field(max_length=HASH_LENGTH)
    tracking_hash: str | None = Field(default=None, max_length=HASH_LENGTH)
    dispute_reason: str | None = Field(default=None, max_length=HASH_LENGTH)
    disputed_by: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    closed_by: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    paid_at: int = Field(sa_type=BigInteger)
    shipped_at: int | None = Field(default=None, sa_type=BigInteger)
    disputed_at: int | None = Field(default=None, sa_type=BigInteger)
    closed_at: int | None = Field(default=None, sa_type=BigInteger)
    created_block: int = Field(sa_type=BigInteger)
    created_tx: str = Field(max_length=HASH_LENGTH)
    updated_block: int = Field(sa_type=BigInteger)


class Order(OrderBase, table=True):
    """``orders``: one row per order id (``listingId << 32 | n`` or an offer digest)."""

    __tablename__ = "orders"

    order_id: int = Field(primary_key=True, sa_type=Uint256)


class OrderPublic(OrderBase):
    """An order as the API returns it."""

    order_id: Amount


class OrderEventBase(SQLModel):
    """One step of an order's status history."""

    order_id: Amount = Field(sa_type=Uint256)
    event: str = Field(max_length=32)
    status: str = Field(max_length=16)
    actor: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    amount: Amount | None = Field(default=None, sa_type=Uint256)
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class OrderEvent(OrderEventBase, table=True):
    """``order_events``: append-only, keyed by the log's position."""

    __tablename__ = "order_events"
    __table_args__ = (Index("ix_order_events_order", "order_id", "block_number", "log_index"),)

    block_number: int = Field(primary_key=True, sa_type=BigInteger)
    log_index: int = Field(primary_key=True)


class OrderEventPublic(OrderEventBase):
    """A status change as the API returns it."""

    block_number: int
    log_index: int


class OfferBase(SQLModel):
    """An accepted EIP-712 offer, every field as signed. ``offered_to`` is the buyer the
    seller reserved it for (the zero address: anyone); ``buyer`` is who accepted it."""

    seller: str = Field(max_length=ADDRESS_LENGTH, index=True)
    buyer: str = Field(max_length=ADDRESS_LENGTH)
    offered_to: str = Field(max_length=ADDRESS_LENGTH)
    listing_id: int | None = Field(default=None, sa_type=BigInteger)
    token: str = Field(max_length=ADDRESS_LENGTH)
    amount: Amount = Field(sa_type=Uint256)
    quantity: int = Field(sa_type=BigInteger)
    escrow: bool
    handling_time: int = Field(sa_type=BigInteger)
    auto_release_window: int = Field(sa_type=BigInteger)
    expiry: int = Field(sa_type=BigInteger)
    nonce: Amount = Field(sa_type=Uint256)
    metadata_hash: str = Field(max_length=HASH_LENGTH)
    fee_bps: int
    block_number: int = Field(sa_type=BigInteger, index=True)
    log_index: int
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class Offer(OfferBase, table=True):
    """``offers``: append-only, one row per accepted offer."""

    __tablename__ = "offers"

    order_id: int = Field(primary_key=True, sa_type=Uint256)


class OfferPublic(OfferBase):
    """An accepted offer as the API returns it."""

    order_id: Amount


class OfferNonce(SQLModel, table=True):
    """``offer_nonces``: a seller's nonce, used by an accepted offer or cancelled."""

    __tablename__ = "offer_nonces"

    seller: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    nonce: int = Field(primary_key=True, sa_type=Uint256)
    state: str = Field(max_length=16)
    order_id: int | None = Field(default=None, sa_type=Uint256)
    block_number: int = Field(sa_type=BigInteger, index=True)
    log_index: int
    tx_hash: str = Field(max_length=HASH_LENGTH)


class Payout(SQLModel, table=True):
    """``payouts``: proceeds settled, balances and fees withdrawn (append-only), by the
    Marketplace, the RentalEscrow and InstallmentPlans (``contract``). ``listing_id`` is the
    Marketplace listing settled, ``plan_id`` the plan whose proceeds were settled."""

    __tablename__ = "payouts"

    block_number: int = Field(primary_key=True, sa_type=BigInteger)
    log_index: int = Field(primary_key=True)
    contract: str = Field(default="Marketplace", max_length=64)
    plan_id: int | None = Field(default=None, sa_type=Uint256)
    kind: str = Field(max_length=24)
    account: str = Field(max_length=ADDRESS_LENGTH, index=True)
    token: str = Field(max_length=ADDRESS_LENGTH)
    amount: int = Field(sa_type=Uint256)
    fee: int | None = Field(default=None, sa_type=Uint256)
    listing_id: int | None = Field(default=None, sa_type=BigInteger)
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class SellerKey(SQLModel, table=True):
    """``seller_keys``: the X25519 key each seller published for shipping details."""

    __tablename__ = "seller_keys"

    seller: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    key: str = Field(max_length=HASH_LENGTH)
    updated_block: int = Field(sa_type=BigInteger)


class MarketplaceSettings(SQLModel, table=True):
    """``marketplace_settings``: the admin settings of a Marketplace deployment, and of the
    RentalEscrow and InstallmentPlans (same events; columns a contract lacks stay empty),
    keyed by contract address."""

    __tablename__ = "marketplace_settings"

    address: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    owner: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    pending_owner: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    fee_bps: int | None = None
    fee_recipient: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    arbiter: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    dispute_timeout: int | None = Field(default=None, sa_type=BigInteger)
    deal_recorder: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    paused: bool = False
    updated_block: int = Field(sa_type=BigInteger)
