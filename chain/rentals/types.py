"""Typed Python twins of the RentalEscrow's structs and enums (contracts/types/Rental.sol).

They convert to and from ABI tuples by field name through :class:`~chain.types.Struct`, so a
reordered Solidity struct needs no change here and a renamed field fails loudly.

Example:
    >>> terms = RentalTerms(daily_rate=10**15, deposit=10**16, min_days=2)
    >>> terms.cost(3)
    13000000000000000
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from eth_abi.abi import encode as abi_encode
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

from chain.types import ListingStatus, Struct
from core.constants import ZERO_ADDRESS

DAY = 24 * 60 * 60
MAX_LATE_PERIOD = 30 * DAY
CLAIM_RESPONSE_WINDOW = 3 * DAY
# RentalTerms in Solidity field order (contracts/types/Rental.sol), for RentalTerms.commitment.
_TERMS_ABI_TYPES = (
    "address",
    "uint96",
    "uint96",
    "uint96",
    "uint16",
    "uint16",
    "uint32",
    "uint32",
    "uint32",
)


class RentalStatus(IntEnum):
    """Lifecycle of a rental (``RentalStatus`` in contracts/types/Rental.sol)."""

    NONE = 0
    BOOKED = 1
    ACTIVE = 2
    RETURNED = 3
    CLAIMED = 4
    DISPUTED = 5
    CANCELLED = 6
    COMPLETED = 7
    RESOLVED = 8
    LOST = 9

    @property
    def is_open(self) -> bool:
        """Whether the rental still holds money (its hash is committed on chain)."""
        return RentalStatus.BOOKED <= self <= RentalStatus.DISPUTED


@dataclass(frozen=True)
class RentalTerms(Struct):
    """What a lender offers on a listing (``RentalTerms``); amounts in the token's units.

    ``token`` is the zero address for ETH. Windows and the grace period are in seconds.
    """

    daily_rate: int
    deposit: int = 0
    late_fee_per_day: int = 0
    min_days: int = 1
    max_days: int = 30
    grace_period: int = 0
    handover_window: int = DAY
    inspection_window: int = 3 * DAY
    token: str = ZERO_ADDRESS

    def cost(self, rental_days: int) -> int:
        """Rent plus deposit for a booking of ``rental_days`` days."""
        return self.daily_rate * rental_days + self.deposit

    def commitment(self) -> str:
        """``keccak256(abi.encode(terms))``: the ``termsHash`` a booking of these terms sends.

        Needs no ABI or RPC, so the API can publish it beside the terms it serves. The field
        order is the Solidity struct's (token first); tests/chain checks it against the
        contract's ``hashTerms``.
        """
        encoded = abi_encode(
            _TERMS_ABI_TYPES,
            [
                to_checksum_address(self.token),
                self.daily_rate,
                self.deposit,
                self.late_fee_per_day,
                self.min_days,
                self.max_days,
                self.grace_period,
                self.handover_window,
                self.inspection_window,
            ],
        )
        return "0x" + keccak(encoded).hex()


@dataclass(frozen=True)
class RentalListing(Struct):
    """A listing as returned by ``getListing`` (``IRentalEscrow.ListingView``)."""

    lender: str
    token: str
    daily_rate: int
    deposit: int
    late_fee_per_day: int
    min_days: int
    max_days: int
    grace_period: int
    handover_window: int
    inspection_window: int
    fee_bps: int
    rental_count: int
    status: ListingStatus
    rented: bool

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", ListingStatus(self.status))

    @property
    def terms(self) -> RentalTerms:
        """The listing's current terms."""
        return RentalTerms(
            daily_rate=self.daily_rate,
            deposit=self.deposit,
            late_fee_per_day=self.late_fee_per_day,
            min_days=self.min_days,
            max_days=self.max_days,
            grace_period=self.grace_period,
            handover_window=self.handover_window,
            inspection_window=self.inspection_window,
            token=self.token,
        )


@dataclass(frozen=True)
class Rental(Struct):
    """A rental (``Rental`` in contracts/types/Rental.sol); only its hash is on chain.

    Rebuild it with :func:`chain.rentals.rebuild.rental_from_chain` and pass it back to every
    rental call.
    """

    id: int
    lender: str
    renter: str
    token: str
    daily_rate: int
    deposit: int
    late_fee_per_day: int
    fee_bps: int
    rental_days: int
    min_days: int
    grace_period: int
    handover_window: int
    inspection_window: int
    booked_at: int
    started_at: int = 0
    returned_at: int = 0
    paid_days: int = 0
    late_fee: int = 0
    claim: int = 0
    claimed_at: int = 0
    disputed_at: int = 0
    status: RentalStatus = RentalStatus.BOOKED

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", RentalStatus(self.status))

    @property
    def listing_id(self) -> int:
        """The listing the rental belongs to (its id's high bits)."""
        return self.id >> 32

    @property
    def rent(self) -> int:
        """Rent for the days booked."""
        return self.daily_rate * self.rental_days

    @property
    def ends_at(self) -> int:
        """When the rental ends (zero before handover)."""
        return self.started_at + self.rental_days * DAY if self.started_at else 0

    def evolve(self, **changes: Any) -> Rental:
        """A copy with ``changes`` applied."""
        return replace(self, **changes)


@dataclass(frozen=True)
class ReturnPreview:
    """What a return at a given time settles (``previewReturn``)."""

    paid_days: int
    refund: int
    late_fee: int
