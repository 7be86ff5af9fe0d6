"""Tables for review credits (ReviewCredits, the Marketplace's credit checkout) and vouchers.

* ``credit_balances`` (mutable): running totals per credits contract and holder: balance,
  minted (review rewards), received and spent at checkout, burned (promotions).
* ``credit_transfers`` (append-only): every ``Transfer`` of a credits contract, with its kind
  (``mint``, ``spend``, ``burn``).
* ``credit_spends`` (append-only): ``CreditsSpent`` at Marketplace checkout, by order.
* ``promotions`` (append-only) and ``listing_promotions`` (mutable totals per market listing).
* ``vouchers`` (mutable, one per voucher digest) and ``voucher_redemptions`` (append-only).

A credits contract is named by its address (``credits``); ``credit_tokens`` (see
indexer/models/reviews.py) maps it to the payment token it is denominated in.
"""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel

from indexer.models.types import ADDRESS_LENGTH, HASH_LENGTH, Amount, Uint256


class CreditBalanceBase(SQLModel):
    """A holder's credits in one credits contract: ``balance = minted + received - spent -
    burned``."""

    balance: Amount = Field(default=0, sa_type=Uint256)
    minted: Amount = Field(default=0, sa_type=Uint256)
    received: Amount = Field(default=0, sa_type=Uint256)
    spent: Amount = Field(default=0, sa_type=Uint256)
    burned: Amount = Field(default=0, sa_type=Uint256)
    updated_block: int = Field(sa_type=BigInteger)


class CreditBalance(CreditBalanceBase, table=True):
    """``credit_balances``: one row per (credits contract, holder)."""

    __tablename__ = "credit_balances"

    credits: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    holder: str = Field(primary_key=True, max_length=ADDRESS_LENGTH, index=True)


class CreditBalancePublic(CreditBalanceBase):
    """A credit balance as the API returns it."""

    credits: str
    holder: str


class CreditTransferBase(SQLModel):
    """A move of credits: ``mint`` (from the zero address), ``burn`` (to it) or ``spend``."""

    credits: str = Field(max_length=ADDRESS_LENGTH)
    kind: str = Field(max_length=8)
    sender: str = Field(max_length=ADDRESS_LENGTH, index=True)
    recipient: str = Field(max_length=ADDRESS_LENGTH, index=True)
    amount: Amount = Field(sa_type=Uint256)
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class CreditTransfer(CreditTransferBase, table=True):
    """``credit_transfers``: append-only, keyed by the log's position."""

    __tablename__ = "credit_transfers"

    block_number: int = Field(primary_key=True, sa_type=BigInteger)
    log_index: int = Field(primary_key=True)


class CreditTransferPublic(CreditTransferBase):
    """A credit move as the API returns it."""

    block_number: int
    log_index: int


class CreditSpendBase(SQLModel):
    """Credits a buyer paid at checkout (``CreditsSpent``): the order's discount in credits."""

    order_id: Amount = Field(sa_type=Uint256, index=True)
    buyer: str = Field(max_length=ADDRESS_LENGTH)
    seller: str = Field(max_length=ADDRESS_LENGTH, index=True)
    credits: str = Field(max_length=ADDRESS_LENGTH)
    amount: Amount = Field(sa_type=Uint256)
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class CreditSpend(CreditSpendBase, table=True):
    """``credit_spends``: append-only, keyed by the log's position."""

    __tablename__ = "credit_spends"

    block_number: int = Field(primary_key=True, sa_type=BigInteger)
    log_index: int = Field(primary_key=True)


class CreditSpendPublic(CreditSpendBase):
    """A credit checkout as the API returns it."""

    block_number: int
    log_index: int


class PromotionBase(SQLModel):
    """Credits a seller burned to promote one of its listings (``ListingPromoted``)."""

    credits: str = Field(max_length=ADDRESS_LENGTH)
    market: str = Field(max_length=ADDRESS_LENGTH)
    listing_id: int = Field(sa_type=BigInteger, index=True)
    seller: str = Field(max_length=ADDRESS_LENGTH, index=True)
    amount: Amount = Field(sa_type=Uint256)
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class Promotion(PromotionBase, table=True):
    """``promotions``: append-only, keyed by the log's position."""

    __tablename__ = "promotions"

    block_number: int = Field(primary_key=True, sa_type=BigInteger)
    log_index: int = Field(primary_key=True)


class PromotionPublic(PromotionBase):
    """A promotion as the API returns it."""

    block_number: int
    log_index: int


class ListingPromotionBase(SQLModel):
    """What a listing's promotions add up to (the feed ranks by ``burned``)."""

    seller: str = Field(max_length=ADDRESS_LENGTH, index=True)
    burned: Amount = Field(default=0, sa_type=Uint256)
    promotions: int = Field(default=0, sa_type=BigInteger)
    last_promoted_at: int = Field(sa_type=BigInteger)
    updated_block: int = Field(sa_type=BigInteger)


class ListingPromotion(ListingPromotionBase, table=True):
    """``listing_promotions``: one row per (market, listing id) ever promoted."""

    __tablename__ = "listing_promotions"

    market: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    listing_id: int = Field(
        primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False}
    )


class ListingPromotionPublic(ListingPromotionBase):
    """A listing's promotion totals as the API returns them."""

    market: str
    listing_id: int


class VoucherBase(SQLModel):
    """A seller's voucher as far as the chain shows it: redemptions, discounts, cancellation.

    The voucher's terms are signed off chain and never published; only its digest is."""

    seller: str = Field(max_length=ADDRESS_LENGTH, index=True)
    redemptions: int = Field(default=0, sa_type=BigInteger)
    discount_total: Amount = Field(default=0, sa_type=Uint256)
    cancelled: bool = False
    cancelled_at: int | None = Field(default=None, sa_type=BigInteger)
    first_redeemed_at: int | None = Field(default=None, sa_type=BigInteger)
    last_redeemed_at: int | None = Field(default=None, sa_type=BigInteger)
    updated_block: int = Field(sa_type=BigInteger)


class Voucher(VoucherBase, table=True):
    """``vouchers``: one row per voucher digest seen redeemed or cancelled."""

    __tablename__ = "vouchers"

    voucher_hash: str = Field(primary_key=True, max_length=HASH_LENGTH)


class VoucherPublic(VoucherBase):
    """A voucher as the API returns it."""

    voucher_hash: str


class VoucherRedemptionBase(SQLModel):
    """One redemption: the Marketplace order it discounted and by how much."""

    voucher_hash: str = Field(max_length=HASH_LENGTH, index=True)
    seller: str = Field(max_length=ADDRESS_LENGTH, index=True)
    buyer: str = Field(max_length=ADDRESS_LENGTH)
    order_id: Amount = Field(sa_type=Uint256, index=True)
    discount: Amount = Field(sa_type=Uint256)
    redemptions: int = Field(sa_type=BigInteger)
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class VoucherRedemption(VoucherRedemptionBase, table=True):
    """``voucher_redemptions``: append-only, keyed by the log's position."""

    __tablename__ = "voucher_redemptions"

    block_number: int = Field(primary_key=True, sa_type=BigInteger)
    log_index: int = Field(primary_key=True)


class VoucherRedemptionPublic(VoucherRedemptionBase):
    """A voucher redemption as the API returns it."""

    block_number: int
    log_index: int
