"""Deals and the per-seller reputation aggregates every deal source feeds.

A *deal* is what a source contract reports to the deal recorder (``IDealRecorder``): a
completed purchase, a finished rental or a completed installment plan. The
indexer derives deals from the source's own events, so they exist even when no recorder is
configured. Aggregates are kept per seller, and per seller and token for amounts. Buyers
are anonymous addresses: no per-buyer aggregate is built.
"""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel

from indexer.models.types import ADDRESS_LENGTH, HASH_LENGTH, Amount, Uint256


class DealBase(SQLModel):
    """A completed deal: who, what it was worth to the seller (before the fee), the fee."""

    kind: str = Field(max_length=16)
    buyer: str = Field(max_length=ADDRESS_LENGTH)
    seller: str = Field(max_length=ADDRESS_LENGTH, index=True)
    token: str = Field(max_length=ADDRESS_LENGTH)
    value: Amount = Field(sa_type=Uint256)
    fee: Amount = Field(sa_type=Uint256)
    block_number: int = Field(sa_type=BigInteger, index=True)
    log_index: int
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class Deal(DealBase, table=True):
    """``deals``: append-only; ``deal_id`` is the source's id (an order id for purchases)."""

    __tablename__ = "deals"

    contract: str = Field(primary_key=True, max_length=64)
    deal_id: int = Field(primary_key=True, sa_type=Uint256)


class DealPublic(DealBase):
    """A deal as the API returns it."""

    contract: str
    deal_id: Amount


class SellerReputationBase(SQLModel):
    """Counters over a seller's history, across every deal source.

    ``disputes_lost`` and ``disputes_won`` count arbiter rulings (more, or less, than half
    to the buyer, as the contract reports them to the deal recorder); ``disputes_expired``
    counts disputes settled by the timeout fallback. Disputes, rulings and cancellations
    count over every source: Marketplace orders, rental damage claims (a ruling of more than
    half of the claim to the renter is lost by the lender), rental bookings the lender never
    handed over and plans the seller cancelled.

    ``rentals`` and ``plans`` count bookings and plans started with the seller;
    ``plan_defaults`` the seller's plans whose buyer defaulted (not held against the
    seller). ``reviews`` and ``rating_sum`` cover the reviews buyers wrote about the seller
    (as last revised), ``responses`` the seller's answers to them, ``reports_received`` the
    reports filed against the seller by its buyers. ``voucher_redemptions`` and
    ``vouchers_cancelled`` count the seller's vouchers, ``promotions`` its listing
    promotions.
    """

    listings: int = Field(default=0, sa_type=BigInteger)
    orders: int = Field(default=0, sa_type=BigInteger)
    deals: int = Field(default=0, sa_type=BigInteger)
    disputes: int = Field(default=0, sa_type=BigInteger)
    disputes_lost: int = Field(default=0, sa_type=BigInteger)
    disputes_won: int = Field(default=0, sa_type=BigInteger)
    disputes_expired: int = Field(default=0, sa_type=BigInteger)
    refunds: int = Field(default=0, sa_type=BigInteger)
    cancellations: int = Field(default=0, sa_type=BigInteger)
    first_deal_at: int | None = Field(default=None, sa_type=BigInteger)
    last_deal_at: int | None = Field(default=None, sa_type=BigInteger)
    rentals: int = Field(default=0, sa_type=BigInteger)
    plans: int = Field(default=0, sa_type=BigInteger)
    plan_defaults: int = Field(default=0, sa_type=BigInteger)
    reviews: int = Field(default=0, sa_type=BigInteger)
    rating_sum: int = Field(default=0, sa_type=BigInteger)
    responses: int = Field(default=0, sa_type=BigInteger)
    reports_received: int = Field(default=0, sa_type=BigInteger)
    voucher_redemptions: int = Field(default=0, sa_type=BigInteger)
    vouchers_cancelled: int = Field(default=0, sa_type=BigInteger)
    promotions: int = Field(default=0, sa_type=BigInteger)
    updated_block: int = Field(sa_type=BigInteger)


class SellerReputation(SellerReputationBase, table=True):
    """``seller_reputation``: one row per seller."""

    __tablename__ = "seller_reputation"

    seller: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)


class SellerReputationPublic(SellerReputationBase):
    """A seller's counters as the API returns them."""

    seller: str


class SellerVolumeBase(SQLModel):
    """A seller's completed deals in one token: count, value before fees, fees, refunds.

    Reviews of the seller's deals in this token: ``reviews``, ``rating_sum``, the fees those
    deals paid (``review_fees``) and the fee-weighted sum of ratings (``rating_fee_sum``,
    rating × fee), so that a score can weigh each review by the fee its deal paid
    (docs/reviews.md). ``voucher_discounts`` sums what the seller's vouchers took off.
    """

    deals: int = Field(default=0, sa_type=BigInteger)
    value: Amount = Field(default=0, sa_type=Uint256)
    fees: Amount = Field(default=0, sa_type=Uint256)
    refunded: Amount = Field(default=0, sa_type=Uint256)
    reviews: int = Field(default=0, sa_type=BigInteger)
    rating_sum: int = Field(default=0, sa_type=BigInteger)
    review_fees: Amount = Field(default=0, sa_type=Uint256)
    rating_fee_sum: Amount = Field(default=0, sa_type=Uint256)
    voucher_discounts: Amount = Field(default=0, sa_type=Uint256)
    updated_block: int = Field(sa_type=BigInteger)


class SellerVolume(SellerVolumeBase, table=True):
    """``seller_volumes``: one row per seller and payment token."""

    __tablename__ = "seller_volumes"

    seller: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    token: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)


class SellerVolumePublic(SellerVolumeBase):
    """A seller's volume in one token as the API returns it."""

    seller: str
    token: str
