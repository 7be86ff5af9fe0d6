"""Tables projected from the RentalEscrow's events (contracts/interfaces/IRentalEscrowEvents.sol).

``rental_listings`` and ``rentals`` are mutable (rolled back through the undo log);
``rental_events`` is the append-only status history of every rental. A rental's id is
``listingId << 32 | sequence``; its terms are copied from the listing at booking, as the
contract does. Amounts are :class:`Uint256`.
"""

from __future__ import annotations

from pydantic import computed_field
from sqlalchemy import BigInteger, Index
from sqlmodel import Field, SQLModel

from chain.rentals.types import RentalTerms
from indexer.models.types import ADDRESS_LENGTH, HASH_LENGTH, Amount, Uint256

_NO_AUTOINCREMENT = {"autoincrement": False}


class RentalListingBase(SQLModel):
    """A rental listing: its current terms (``RentalTerms``), status and booking count."""

    lender: str = Field(max_length=ADDRESS_LENGTH, index=True)
    token: str = Field(max_length=ADDRESS_LENGTH)
    daily_rate: Amount = Field(sa_type=Uint256)
    deposit: Amount = Field(sa_type=Uint256)
    late_fee_per_day: Amount = Field(sa_type=Uint256)
    min_days: int
    max_days: int
    grace_period: int = Field(sa_type=BigInteger)
    handover_window: int = Field(sa_type=BigInteger)
    inspection_window: int = Field(sa_type=BigInteger)
    fee_bps: int
    metadata_hash: str = Field(max_length=HASH_LENGTH)
    status: str = Field(max_length=16)
    rental_count: int = Field(sa_type=BigInteger)
    created_block: int = Field(sa_type=BigInteger)
    created_tx: str = Field(max_length=HASH_LENGTH)
    created_at: int = Field(sa_type=BigInteger)
    updated_block: int = Field(sa_type=BigInteger)
    updated_at: int = Field(sa_type=BigInteger)


class RentalListing(RentalListingBase, table=True):
    """``rental_listings``: one row per rental listing id."""

    __tablename__ = "rental_listings"

    listing_id: int = Field(
        primary_key=True, sa_type=BigInteger, sa_column_kwargs=_NO_AUTOINCREMENT
    )


class RentalListingPublic(RentalListingBase):
    """A rental listing as the API returns it.

    ``terms_hash`` is what a booking of the current terms must send as ``termsHash``
    (``RentalEscrow.rent``): if the lender changes the terms before the booking is mined, the
    booking reverts with ``RentalEscrowTermsChanged`` instead of paying for other terms.
    """

    listing_id: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def terms_hash(self) -> str:
        return RentalTerms(
            token=self.token,
            daily_rate=int(self.daily_rate),
            deposit=int(self.deposit),
            late_fee_per_day=int(self.late_fee_per_day),
            min_days=self.min_days,
            max_days=self.max_days,
            grace_period=self.grace_period,
            handover_window=self.handover_window,
            inspection_window=self.inspection_window,
        ).commitment()


class RentalBase(SQLModel):
    """A rental, as the contract's ``Rental`` struct plus what was paid out at each step.

    Statuses follow ``RentalStatus``: booked → active → returned → completed, or claimed →
    completed / disputed → resolved; cancelled before handover; lost when never returned.
    ``lender_amount`` and ``fee`` sum the rent credited to the lender (after the fee) and the
    platform fee; ``rent_refund`` is rent paid back for unused days (plus, for a cancelled
    booking, ``cancel_refund`` the rent and deposit returned); ``deposit_returned`` is the part
    of the deposit credited back to the renter, ``damages`` what the lender kept of it besides
    the late fee.
    """

    listing_id: int = Field(sa_type=BigInteger, index=True)
    lender: str = Field(max_length=ADDRESS_LENGTH, index=True)
    renter: str = Field(max_length=ADDRESS_LENGTH, index=True)
    token: str = Field(max_length=ADDRESS_LENGTH)
    daily_rate: Amount = Field(sa_type=Uint256)
    deposit: Amount = Field(sa_type=Uint256)
    late_fee_per_day: Amount = Field(sa_type=Uint256)
    fee_bps: int
    rental_days: int
    min_days: int
    grace_period: int = Field(sa_type=BigInteger)
    handover_window: int = Field(sa_type=BigInteger)
    inspection_window: int = Field(sa_type=BigInteger)
    rent: Amount = Field(sa_type=Uint256)
    status: str = Field(max_length=16)
    paid_days: int = 0
    late_fee: Amount = Field(default=0, sa_type=Uint256)
    claim: Amount = Field(default=0, sa_type=Uint256)
    lender_amount: Amount = Field(default=0, sa_type=Uint256)
    fee: Amount = Field(default=0, sa_type=Uint256)
    rent_refund: Amount = Field(default=0, sa_type=Uint256)
    cancel_refund: Amount = Field(default=0, sa_type=Uint256)
    deposit_returned: Amount = Field(default=0, sa_type=Uint256)
    damages: Amount = Field(default=0, sa_type=Uint256)
    renter_bps: int | None = None
    by_timeout: bool | None = None
    evidence_hash: str | None = Field(default=None, max_length=HASH_LENGTH)
    dispute_reason: str | None = Field(default=None, max_length=HASH_LENGTH)
    closed_by: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    booked_at: int = Field(sa_type=BigInteger)
    started_at: int | None = Field(default=None, sa_type=BigInteger)
    ends_at: int | None = Field(default=None, sa_type=BigInteger)
    returned_at: int | None = Field(default=None, sa_type=BigInteger)
    claimed_at: int | None = Field(default=None, sa_type=BigInteger)
    disputed_at: int | None = Field(default=None, sa_type=BigInteger)
    closed_at: int | None = Field(default=None, sa_type=BigInteger)
    created_block: int = Field(sa_type=BigInteger)
    created_tx: str = Field(max_length=HASH_LENGTH)
    updated_block: int = Field(sa_type=BigInteger)


class Rental(RentalBase, table=True):
    """``rentals``: one row per rental id."""

    __tablename__ = "rentals"

    rental_id: int = Field(primary_key=True, sa_type=Uint256)


class RentalPublic(RentalBase):
    """A rental as the API returns it."""

    rental_id: Amount


class RentalEventBase(SQLModel):
    """One step of a rental's status history."""

    rental_id: Amount = Field(sa_type=Uint256)
    event: str = Field(max_length=32)
    status: str = Field(max_length=16)
    actor: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    amount: Amount | None = Field(default=None, sa_type=Uint256)
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class RentalEvent(RentalEventBase, table=True):
    """``rental_events``: append-only, keyed by the log's position."""

    __tablename__ = "rental_events"
    __table_args__ = (Index("ix_rental_events_rental", "rental_id", "block_number", "log_index"),)

    block_number: int = Field(primary_key=True, sa_type=BigInteger)
    log_index: int = Field(primary_key=True)


class RentalEventPublic(RentalEventBase):
    """A rental's status change as the API returns it."""

    block_number: int
    log_index: int
