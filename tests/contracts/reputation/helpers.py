"""Plain helpers for the Reputation, ReviewCredits, voucher and credits-checkout tests: the
Deal and Review models, off-chain hashing, and exact event assertions.

Reputation stores only ``keccak256(abi.encode(deal))`` per deal, so tests keep each deal as
a :class:`Deal` value, update it the way the events say, and pass it back on every call.
"""

from __future__ import annotations

import dataclasses
from enum import IntEnum
from typing import Any

from eth_abi import encode
from eth_utils import keccak, to_checksum_address

from core.constants import ZERO_ADDRESS

# `maxPrice` of a purchase that accepts whatever the listing costs, for tests that are not
# about the buyer's price ceiling (clients pass the price they showed).
ANY_PRICE = 2**256 - 1
ZERO32 = b"\x00" * 32
HOUR = 3600
DAY = 24 * HOUR
BPS = 10_000

EDIT_WINDOW = 7 * DAY
CREDIT_SHARE_BPS = 2_500

DEAL_ABI = "(address,uint256,uint8,address,address,address,uint256,uint256,uint40,uint40,uint8)"

# DealFlags (contracts/types/Deal.sol): one nibble per side, buyer low.
EDITED, ANSWERED, REPORTED = 0x01, 0x02, 0x04


def flag(buyer_side: bool, what: int) -> int:
    return what if buyer_side else what << 4


class DealKind(IntEnum):
    PURCHASE = 0
    RENTAL = 1
    INSTALLMENT = 2


class Fact(IntEnum):
    DISPUTE_LOST = 0
    DEFAULT = 1


class ReportReason(IntEnum):
    NOT_DELIVERED = 0
    NOT_AS_DESCRIBED = 1
    COUNTERFEIT = 2
    IMPERSONATION = 3
    FALSE_DISPUTE = 4
    ABUSE = 5
    OTHER = 6


def b32(text: str | int) -> bytes:
    """A recognisable bytes32: an int left-padded, or the keccak of a string."""
    if isinstance(text, int):
        return text.to_bytes(32, "big")
    return keccak(text=text)


def addr(account: Any) -> str:
    """The checksummed address of an ape account, contract or plain address."""
    return to_checksum_address(getattr(account, "address", account))


def credits_for(fee: int) -> int:
    """Reputation.creditsFor: the credits one review of a deal that paid `fee` earns."""
    return fee * CREDIT_SHARE_BPS // BPS


@dataclasses.dataclass(frozen=True)
class Review:
    """The Review struct, field for field."""

    rating: int = 5
    quality: int = 4
    as_described: int = 5
    delivery: int = 3
    communication: int = 0
    text_hash: bytes = b32("great seller")

    def as_tuple(self) -> tuple[Any, ...]:
        return dataclasses.astuple(self)


@dataclasses.dataclass(frozen=True)
class Deal:
    """The Deal struct, field for field, in declaration order."""

    source: str
    id: int
    kind: DealKind
    buyer: str
    seller: str
    token: str
    value: int
    fee: int
    buyer_reviewed_at: int = 0
    seller_reviewed_at: int = 0
    flags: int = 0

    def as_tuple(self) -> tuple[Any, ...]:
        values = list(dataclasses.astuple(self))
        values[2] = int(values[2])
        return tuple(values)

    def hash(self) -> bytes:
        """keccak256(abi.encode(deal)), computed off chain."""
        return keccak(encode([DEAL_ABI], [self.as_tuple()]))

    def replace(self, **changes: Any) -> Deal:
        return dataclasses.replace(self, **changes)

    def reviewed(self, by_buyer: bool, timestamp: int) -> Deal:
        key = "buyer_reviewed_at" if by_buyer else "seller_reviewed_at"
        return self.replace(**{key: timestamp})

    def flagged(self, buyer_side: bool, what: int) -> Deal:
        return self.replace(flags=self.flags | flag(buyer_side, what))


def _normalise(value: Any) -> Any:
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return to_checksum_address(value)
    if hasattr(value, "address") and not isinstance(value, str | int | bytes):
        return addr(value)
    if isinstance(value, IntEnum):
        return int(value)
    if isinstance(value, Review):
        return value.as_tuple()
    if isinstance(value, dict):
        return tuple(_normalise(v) for v in value.values())
    if isinstance(value, list | tuple):
        return tuple(_normalise(v) for v in value)
    if hasattr(value, "items") and callable(value.items):  # ape struct
        return tuple(_normalise(v) for _, v in value.items())
    return value


def event_args(log: Any) -> dict[str, Any]:
    """A decoded log's arguments, with addresses checksummed, structs as tuples."""
    return {k: _normalise(v) for k, v in log.event_arguments.items()}


def assert_event(event_type: Any, receipt: Any, **expected: Any) -> None:
    """Assert `receipt` emitted exactly one `event_type` log whose arguments are exactly
    `expected` (every field must be given, so no field goes unchecked)."""
    logs = event_type.from_receipt(receipt)
    assert len(logs) == 1, f"expected one {event_type.name}, got {len(logs)}"
    want = {k: _normalise(v) for k, v in expected.items()}
    assert event_args(logs[0]) == want


def assert_no_event(event_type: Any, receipt: Any) -> None:
    assert event_type.from_receipt(receipt) == []


def deals_from_receipt(reputation: Any, receipt: Any) -> list[Deal]:
    """The deals a transaction recorded, rebuilt from `DealRecorded` like the indexer does."""
    return [
        Deal(
            source=addr(ev.source),
            id=ev.dealId,
            kind=DealKind(ev.kind),
            buyer=addr(ev.buyer),
            seller=addr(ev.seller),
            token=addr(ev.token),
            value=ev.value,
            fee=ev.fee,
        )
        for ev in reputation.DealRecorded.from_receipt(receipt)
    ]


VOUCHER_TYPES = {
    "Voucher": [
        {"name": "seller", "type": "address"},
        {"name": "buyer", "type": "address"},
        {"name": "listingId", "type": "uint256"},
        {"name": "token", "type": "address"},
        {"name": "percent", "type": "bool"},
        {"name": "discount", "type": "uint256"},
        {"name": "minSpend", "type": "uint256"},
        {"name": "expiry", "type": "uint40"},
        {"name": "maxRedemptions", "type": "uint32"},
        {"name": "nonce", "type": "uint256"},
    ]
}


@dataclasses.dataclass(frozen=True)
class Voucher:
    """The Voucher struct, field for field, in declaration order."""

    seller: str
    buyer: str = ZERO_ADDRESS
    listing_id: int = 0
    token: str = ZERO_ADDRESS
    percent: bool = False
    discount: int = 0
    min_spend: int = 0
    expiry: int = 2**40 - 1
    max_redemptions: int = 1
    nonce: int = 0

    def as_tuple(self) -> tuple[Any, ...]:
        return dataclasses.astuple(self)

    def replace(self, **changes: Any) -> Voucher:
        return dataclasses.replace(self, **changes)

    def message(self) -> dict[str, Any]:
        names = [f["name"] for f in VOUCHER_TYPES["Voucher"]]
        return dict(zip(names, self.as_tuple(), strict=True))


def sign_voucher(
    private_key: str, voucher: Voucher, chain_id: int, book: Any
) -> tuple[bytes, bytes]:
    """Sign `voucher` with EIP-712 for the VoucherBook `book`. Returns (signature, digest)."""
    from eth_account import Account

    signed = Account.sign_typed_data(
        private_key,
        domain_data={
            "name": "Bazaar Vouchers",
            "version": "1",
            "chainId": chain_id,
            "verifyingContract": addr(book),
        },
        message_types=VOUCHER_TYPES,
        message_data=voucher.message(),
    )
    return bytes(signed.signature), bytes(signed.message_hash)
