"""Tables projected from InstallmentPlans' events (interfaces/IInstallmentPlansEvents.sol).

``plan_listings`` and ``plans`` are mutable (rolled back through the undo log);
``plan_events`` (every status change), ``installments`` (every payment, collection, late
fee and failed collection) and ``plan_offer_nonces`` are append-only. A plan's terms come
from ``PlanStarted``, whether the plan came from a listing or a signed offer; its schedule
follows from them exactly as ``libraries/Schedule.sol`` computes it.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index
from sqlmodel import Field, SQLModel

from indexer.models.types import ADDRESS_LENGTH, HASH_LENGTH, Amount, Uint256

_NO_AUTOINCREMENT = {"autoincrement": False}


class PlanTermsBase(SQLModel):
    """EMI terms (``PlanTerms``): what a listing offers and what a plan runs on."""

    token: str = Field(max_length=ADDRESS_LENGTH)
    price: Amount = Field(sa_type=Uint256)
    down_payment_bps: int
    installment_count: int
    interval: int = Field(sa_type=BigInteger)
    financing_fee_bps: int
    grace_period: int = Field(sa_type=BigInteger)
    late_fee_bps: int
    forfeit_bps: int
    mode: str = Field(max_length=16)


class PlanListingBase(PlanTermsBase):
    """A plan listing: its terms, stock, status and how many plans it started."""

    seller: str = Field(max_length=ADDRESS_LENGTH, index=True)
    stock: int = Field(sa_type=BigInteger)
    fee_bps: int
    metadata_hash: str = Field(max_length=HASH_LENGTH)
    status: str = Field(max_length=16)
    plan_count: int = Field(default=0, sa_type=BigInteger)
    created_block: int = Field(sa_type=BigInteger)
    created_tx: str = Field(max_length=HASH_LENGTH)
    created_at: int = Field(sa_type=BigInteger)
    updated_block: int = Field(sa_type=BigInteger)
    updated_at: int = Field(sa_type=BigInteger)


class PlanListing(PlanListingBase, table=True):
    """``plan_listings``: one row per plan listing id."""

    __tablename__ = "plan_listings"

    listing_id: int = Field(
        primary_key=True, sa_type=BigInteger, sa_column_kwargs=_NO_AUTOINCREMENT
    )


class PlanListingPublic(PlanListingBase):
    """A plan listing as the API returns it."""

    listing_id: int


class PlanBase(PlanTermsBase):
    """An installment plan: terms, schedule, what was paid and how it ended.

    ``total`` is the financed total (installments plus the rounding dust of the last one);
    ``paid`` the installment payments applied to it (not the down payment, not late fees);
    ``paid_count`` the installments fully covered and ``next_due_at`` the due date of the
    next one (``None`` once the plan is no longer active). Statuses follow ``PlanStatus``:
    ``active``, ``completed``, ``defaulted``, ``cancelled_by_seller``, ``cancelled_by_buyer``.
    """

    listing_id: int | None = Field(default=None, sa_type=BigInteger, index=True)
    offer_hash: str | None = Field(default=None, max_length=HASH_LENGTH)
    seller: str = Field(max_length=ADDRESS_LENGTH, index=True)
    buyer: str = Field(max_length=ADDRESS_LENGTH, index=True)
    fee_bps: int
    down_payment: Amount = Field(sa_type=Uint256)
    financing_fee: Amount = Field(sa_type=Uint256)
    installment: Amount = Field(sa_type=Uint256)
    last_installment: Amount = Field(sa_type=Uint256)
    total: Amount = Field(sa_type=Uint256)
    paid: Amount = Field(default=0, sa_type=Uint256)
    paid_count: int = 0
    next_due_at: int | None = Field(default=None, sa_type=BigInteger)
    late_fees: Amount = Field(default=0, sa_type=Uint256)
    late_mask: int = Field(default=0, sa_type=BigInteger)
    collection_failures: int = 0
    rebate: Amount | None = Field(default=None, sa_type=Uint256)
    received: Amount | None = Field(default=None, sa_type=Uint256)
    platform_fee: Amount | None = Field(default=None, sa_type=Uint256)
    outstanding: Amount | None = Field(default=None, sa_type=Uint256)
    seller_amount: Amount | None = Field(default=None, sa_type=Uint256)
    refund: Amount | None = Field(default=None, sa_type=Uint256)
    repaid: Amount | None = Field(default=None, sa_type=Uint256)
    status: str = Field(max_length=24)
    metadata_hash: str = Field(max_length=HASH_LENGTH)
    shipping_ref: str = Field(max_length=HASH_LENGTH)
    closed_by: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    started_at: int = Field(sa_type=BigInteger)
    closed_at: int | None = Field(default=None, sa_type=BigInteger)
    created_block: int = Field(sa_type=BigInteger)
    created_tx: str = Field(max_length=HASH_LENGTH)
    updated_block: int = Field(sa_type=BigInteger)


class Plan(PlanBase, table=True):
    """``plans``: one row per plan id (the buyer in the top 160 bits)."""

    __tablename__ = "plans"

    plan_id: int = Field(primary_key=True, sa_type=Uint256)


class PlanPublic(PlanBase):
    """A plan as the API returns it."""

    plan_id: Amount


class PlanEventBase(SQLModel):
    """One step of a plan's history (start, payment, late fee, default, payoff, ...)."""

    plan_id: Amount = Field(sa_type=Uint256)
    event: str = Field(max_length=32)
    status: str = Field(max_length=24)
    actor: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    amount: Amount | None = Field(default=None, sa_type=Uint256)
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class PlanEvent(PlanEventBase, table=True):
    """``plan_events``: append-only, keyed by the log's position."""

    __tablename__ = "plan_events"
    __table_args__ = (Index("ix_plan_events_plan", "plan_id", "block_number", "log_index"),)

    block_number: int = Field(primary_key=True, sa_type=BigInteger)
    log_index: int = Field(primary_key=True)


class PlanEventPublic(PlanEventBase):
    """A plan's history step as the API returns it."""

    block_number: int
    log_index: int


class InstallmentBase(SQLModel):
    """A payment on a plan's schedule.

    ``kind``: ``paid`` (the buyer paid), ``collected`` (a keeper collected from the buyer's
    allowance), ``payoff`` (early payoff; ``rebate`` is the financing fee waived),
    ``late_fee`` (charged with the payment that follows it) or ``collection_failed`` (a
    keeper's attempt that moved nothing; ``reason`` is the token's error selector).
    ``paid_count`` is the plan's count of fully paid installments after this payment.
    """

    plan_id: Amount = Field(sa_type=Uint256)
    kind: str = Field(max_length=20)
    by: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    amount: Amount = Field(sa_type=Uint256)
    rebate: Amount | None = Field(default=None, sa_type=Uint256)
    reason: str | None = Field(default=None, max_length=10)
    paid_count: int
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class Installment(InstallmentBase, table=True):
    """``installments``: append-only, keyed by the log's position."""

    __tablename__ = "installments"
    __table_args__ = (Index("ix_installments_plan", "plan_id", "block_number", "log_index"),)

    block_number: int = Field(primary_key=True, sa_type=BigInteger)
    log_index: int = Field(primary_key=True)


class InstallmentPublic(InstallmentBase):
    """A plan payment as the API returns it."""

    block_number: int
    log_index: int


class PlanOfferNonce(SQLModel, table=True):
    """``plan_offer_nonces``: plan-offer nonces a seller cancelled (append-only)."""

    __tablename__ = "plan_offer_nonces"

    seller: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    nonce: int = Field(primary_key=True, sa_type=Uint256)
    block_number: int = Field(sa_type=BigInteger, index=True)
    log_index: int
    tx_hash: str = Field(max_length=HASH_LENGTH)
