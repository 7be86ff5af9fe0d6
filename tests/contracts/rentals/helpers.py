"""Plain helpers for the RentalEscrow tests: the Terms and Rental models, the money rules
re-stated in Python (an independent model the contract is checked against), and exact event
assertions.

The contract stores only ``keccak256(abi.encode(rental))`` per listing, so the tests keep
each rental as a :class:`Rental` value, rebuild it from events like the indexer does, and
advance it with the same transitions as the contract.
"""

from __future__ import annotations

import dataclasses
from enum import IntEnum
from typing import Any

from eth_abi import encode
from eth_account import Account
from eth_utils import keccak, to_checksum_address

from core.constants import ZERO_ADDRESS

ZERO32 = b"\x00" * 32
HOUR = 3600
DAY = 24 * HOUR
BPS = 10_000
MAX_LATE_PERIOD = 30 * DAY
CLAIM_RESPONSE_WINDOW = 3 * DAY

TERMS_ABI = "(address,uint96,uint96,uint96,uint16,uint16,uint32,uint32,uint32)"
RENTAL_ABI = (
    "(uint256,address,address,address,uint256,uint256,uint256,uint16,uint16,uint16,uint32,"
    "uint32,uint32,uint40,uint40,uint40,uint16,uint256,uint256,uint40,uint40,uint8)"
)

PERMIT_TYPES = {
    "Permit": [
        {"name": "owner", "type": "address"},
        {"name": "spender", "type": "address"},
        {"name": "value", "type": "uint256"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}


class RentalStatus(IntEnum):
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


class ListingStatus(IntEnum):
    NONE = 0
    ACTIVE = 1
    PAUSED = 2
    CLOSED = 3


class DealKind(IntEnum):
    PURCHASE = 0
    RENTAL = 1
    INSTALLMENT = 2


class Fact(IntEnum):
    DISPUTE_LOST = 0
    DEFAULT = 1


def addr(account: Any) -> str:
    """The checksummed address of an ape account, contract or plain address."""
    return to_checksum_address(getattr(account, "address", account))


def b32(text: str | int) -> bytes:
    """A recognisable bytes32: an int left-padded, or the keccak of a string."""
    if isinstance(text, int):
        return text.to_bytes(32, "big")
    return keccak(text=text)


def fee_of(amount: int, fee_bps: int) -> int:
    """The platform fee the contract takes from ``amount``, rounded down."""
    return amount * fee_bps // BPS


def rental_id(listing_id: int, sequence: int) -> int:
    return (listing_id << 32) | sequence


@dataclasses.dataclass(frozen=True)
class Terms:
    """The RentalTerms struct, field for field, in declaration order."""

    token: str = ZERO_ADDRESS
    daily_rate: int = 10**15
    deposit: int = 10**16
    late_fee_per_day: int = 2 * 10**15
    min_days: int = 2
    max_days: int = 30
    grace_period: int = 6 * HOUR
    handover_window: int = 2 * DAY
    inspection_window: int = 3 * DAY

    def as_tuple(self) -> tuple[Any, ...]:
        return dataclasses.astuple(self)

    def replace(self, **changes: Any) -> Terms:
        return dataclasses.replace(self, **changes)

    def cost(self, days: int) -> int:
        """Rent plus deposit for a booking of ``days`` days."""
        return self.daily_rate * days + self.deposit

    def hash(self) -> bytes:
        """The terms commitment a booking passes: keccak256(abi.encode(terms)), computed here
        independently of the contract's hashTerms/termsHashOf."""
        return keccak(encode([TERMS_ABI], [self.as_tuple()]))


def terms_of(listing: Any) -> Terms:
    """The Terms a renter reads from ``getListing``, to commit to when booking."""
    return Terms(
        token=to_checksum_address(listing.token),
        daily_rate=listing.dailyRate,
        deposit=listing.deposit,
        late_fee_per_day=listing.lateFeePerDay,
        min_days=listing.minDays,
        max_days=listing.maxDays,
        grace_period=listing.gracePeriod,
        handover_window=listing.handoverWindow,
        inspection_window=listing.inspectionWindow,
    )


# ------------------------------------------------------------------ the money rules


def end_of(started_at: int, days: int) -> int:
    return started_at + days * DAY


def lender_days(started_at: int, days: int, min_days: int, at: int) -> int:
    """Every started day is paid, at least the minimum; unused whole days are refunded."""
    end = end_of(started_at, days)
    if at >= end:
        return days
    used = days - (end - at) // DAY
    return max(used, min_days)


def late_fee(end: int, grace: int, per_day: int, deposit: int, at: int) -> int:
    """Per started day past the end, nothing within the grace period, capped at the deposit."""
    if at <= end or at < end + grace:
        return 0
    late_days = -(-(at - end) // DAY)
    return min(late_days * per_day, deposit)


def rent_split(rate: int, fee_bps: int, from_days: int, to_days: int) -> tuple[int, int]:
    """(lender net, fee) for the rent of days ``from_days``..``to_days``."""
    gross = (to_days - from_days) * rate
    fee = fee_of(to_days * rate, fee_bps) - fee_of(from_days * rate, fee_bps)
    return gross - fee, fee


@dataclasses.dataclass(frozen=True)
class Rental:
    """The Rental struct, field for field, in declaration order."""

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

    @property
    def listing_id(self) -> int:
        return self.id >> 32

    @property
    def rent(self) -> int:
        return self.daily_rate * self.rental_days

    @property
    def end(self) -> int:
        return end_of(self.started_at, self.rental_days)

    def as_tuple(self) -> tuple[Any, ...]:
        values = list(dataclasses.astuple(self))
        values[-1] = int(values[-1])
        return tuple(values)

    def hash(self) -> bytes:
        """keccak256(abi.encode(rental)), computed off chain."""
        return keccak(encode([RENTAL_ABI], [self.as_tuple()]))

    def replace(self, **changes: Any) -> Rental:
        return dataclasses.replace(self, **changes)

    def held(self) -> int:
        """What the escrow still holds for this rental (the solvency invariant's terms)."""
        if self.status == RentalStatus.BOOKED:
            return self.rent + self.deposit
        if self.status == RentalStatus.ACTIVE:
            return (self.rental_days - self.paid_days) * self.daily_rate + self.deposit
        if self.status == RentalStatus.RETURNED:
            return self.deposit - self.late_fee
        if self.status in (RentalStatus.CLAIMED, RentalStatus.DISPUTED):
            return self.claim
        return 0

    def deadline(self, dispute_timeout: int) -> int:
        """From when anyone may move the rental on (the contract's deadlineOf)."""
        if self.status == RentalStatus.BOOKED:
            return self.booked_at + self.handover_window
        if self.status == RentalStatus.ACTIVE:
            return self.end + self.grace_period + MAX_LATE_PERIOD
        if self.status == RentalStatus.RETURNED:
            return self.returned_at + self.inspection_window
        if self.status == RentalStatus.CLAIMED:
            return self.claimed_at + CLAIM_RESPONSE_WINDOW
        if self.status == RentalStatus.DISPUTED:
            return self.disputed_at + dispute_timeout
        return 0

    # ---------------------------------------------------------- transitions, as the contract

    def started(self, at: int) -> Rental:
        return self.replace(status=RentalStatus.ACTIVE, started_at=at, paid_days=self.min_days)

    def returned(self, at: int) -> Rental:
        return self.replace(
            status=RentalStatus.RETURNED,
            returned_at=at,
            paid_days=lender_days(self.started_at, self.rental_days, self.min_days, at),
            late_fee=late_fee(self.end, self.grace_period, self.late_fee_per_day, self.deposit, at),
        )

    def claimed(self, claim: int, at: int) -> Rental:
        return self.replace(status=RentalStatus.CLAIMED, claim=claim, claimed_at=at)

    def disputed(self, at: int) -> Rental:
        return self.replace(status=RentalStatus.DISPUTED, disputed_at=at)


def rental_from_booking(escrow: Any, receipt: Any) -> Rental:
    """Rebuild a booked rental the way the indexer does: from ``RentalBooked``, the
    listing's terms and the block timestamp."""
    (ev,) = escrow.RentalBooked.from_receipt(receipt)
    listing = escrow.getListing(ev.listingId)
    return Rental(
        id=ev.rentalId,
        lender=addr(listing.lender),
        renter=addr(ev.renter),
        token=addr(listing.token),
        daily_rate=listing.dailyRate,
        deposit=listing.deposit,
        late_fee_per_day=listing.lateFeePerDay,
        fee_bps=listing.feeBps,
        rental_days=ev.rentalDays,
        min_days=listing.minDays,
        grace_period=listing.gracePeriod,
        handover_window=listing.handoverWindow,
        inspection_window=listing.inspectionWindow,
        booked_at=receipt.timestamp,
    )


def sign_permit(
    private_key: str,
    token: Any,
    owner: Any,
    spender: Any,
    value: int,
    deadline: int,
    chain_id: int,
) -> tuple[int, bytes, bytes]:
    """Sign an EIP-2612 permit for an OpenZeppelin ERC20Permit token. Returns (v, r, s)."""
    signed = Account.sign_typed_data(
        private_key,
        domain_data={
            "name": token.name(),
            "version": "1",
            "chainId": chain_id,
            "verifyingContract": addr(token),
        },
        message_types=PERMIT_TYPES,
        message_data={
            "owner": addr(owner),
            "spender": addr(spender),
            "value": value,
            "nonce": token.nonces(owner),
            "deadline": deadline,
        },
    )
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")


# ------------------------------------------------------------------ events


def _normalise(value: Any) -> Any:
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return to_checksum_address(value)
    if hasattr(value, "address") and not isinstance(value, str | int | bytes):
        return addr(value)
    if isinstance(value, IntEnum):
        return int(value)
    if isinstance(value, Terms):
        return value.as_tuple()
    if isinstance(value, list | tuple):
        return tuple(_normalise(v) for v in value)
    if hasattr(value, "items"):
        return tuple(_normalise(v) for v in dict(value.items()).values())
    return value


def event_args(log: Any) -> dict[str, Any]:
    """A decoded log's arguments, addresses checksummed, structs as plain tuples."""
    return {k: _normalise(v) for k, v in log.event_arguments.items()}


def assert_event(event_type: Any, receipt: Any, **expected: Any) -> None:
    """Assert ``receipt`` emitted exactly one ``event_type`` log whose arguments are exactly
    ``expected`` (every field must be given, so no field goes unchecked)."""
    logs = event_type.from_receipt(receipt)
    assert len(logs) == 1, f"expected one {event_type.name}, got {len(logs)}"
    want = {k: _normalise(v) for k, v in expected.items()}
    assert event_args(logs[0]) == want


def assert_no_event(event_type: Any, receipt: Any) -> None:
    assert event_type.from_receipt(receipt) == []
