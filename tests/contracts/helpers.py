"""Plain helpers for the Marketplace tests: the Order and Offer models, EIP-712 signing of
offers and EIP-2612 permits, and exact event assertions.

The Marketplace stores only ``keccak256(abi.encode(order))`` for an escrowed order, so the
tests keep each order as an :class:`Order` value, rebuild it from events like the indexer
does, and pass it back on every escrow call.
"""

from __future__ import annotations

import dataclasses
from enum import IntEnum
from typing import Any

from eth_abi import encode
from eth_account import Account
from eth_utils import keccak, to_checksum_address

# `maxPrice` of a purchase that accepts whatever the listing costs, for tests that are not
# about the buyer's price ceiling (clients pass the price they showed).
ANY_PRICE = 2**256 - 1
ZERO32 = b"\x00" * 32
HOUR = 3600
DAY = 24 * HOUR
BPS = 10_000
OFFER_ORDER_BIT = 1 << 255

# The deployment every test module starts from (see conftest.py).
FEE_BPS = 250
DISPUTE_TIMEOUT = 3 * DAY
HANDLING_TIME = 2 * DAY
AUTO_RELEASE = 3 * DAY
PRICE = 10**15  # default unit price of an ETH listing
TOKEN_PRICE = 25 * 10**18  # default unit price of a token listing
TOKEN_SUPPLY = 10**30  # minted to each buyer

# Contract constants (MarketplaceBase).
MAX_FEE_BPS = 500
MAX_WINDOW = 180 * DAY
MIN_AUTO_RELEASE = HOUR
MIN_DISPUTE_TIMEOUT = DAY
MAX_DISPUTE_TIMEOUT = 90 * DAY

ORDER_ABI = (
    "(uint256,uint256,address,address,address,uint256,uint16,uint32,uint32,uint32,"
    "uint40,uint40,uint40,uint8)"
)
REFUND_BIT = 1  # low bit of a stored order commitment: the order had a partial refund

OFFER_TYPES = {
    "Offer": [
        {"name": "seller", "type": "address"},
        {"name": "buyer", "type": "address"},
        {"name": "listingId", "type": "uint256"},
        {"name": "token", "type": "address"},
        {"name": "amount", "type": "uint256"},
        {"name": "quantity", "type": "uint32"},
        {"name": "escrow", "type": "bool"},
        {"name": "handlingTime", "type": "uint32"},
        {"name": "autoReleaseWindow", "type": "uint32"},
        {"name": "expiry", "type": "uint40"},
        {"name": "nonce", "type": "uint256"},
        {"name": "metadataHash", "type": "bytes32"},
    ]
}

PERMIT_TYPES = {
    "Permit": [
        {"name": "owner", "type": "address"},
        {"name": "spender", "type": "address"},
        {"name": "value", "type": "uint256"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}


class OrderStatus(IntEnum):
    NONE = 0
    PAID = 1
    SHIPPED = 2
    DISPUTED = 3
    COMPLETED = 4
    REFUNDED = 5
    RESOLVED = 6


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


def b32(text: str | int) -> bytes:
    """A recognisable bytes32: an int left-padded, or the keccak of a string."""
    if isinstance(text, int):
        return text.to_bytes(32, "big")
    return keccak(text=text)


def addr(account: Any) -> str:
    """The checksummed address of an ape account, contract or plain address."""
    return to_checksum_address(getattr(account, "address", account))


def fee_of(amount: int, fee_bps: int) -> int:
    """The platform fee the contract takes from `amount`, rounded down."""
    return amount * fee_bps // BPS


def gas_cost(receipt: Any) -> int:
    """ETH the sender paid for `receipt`'s gas, to compute exact balance changes."""
    return int(receipt.gas_used) * int(receipt.gas_price)


def selector(signature: str) -> bytes:
    """The 4-byte selector of an error or function signature, e.g. ``"Foo(uint256)"``."""
    return keccak(text=signature)[:4]


def listing_order_id(listing_id: int, sequence: int) -> int:
    return (listing_id << 32) | sequence


@dataclasses.dataclass(frozen=True)
class Order:
    """The Order struct, field for field, in declaration order, plus `refunded`: the partial
    refunds so far, which the contract keeps out of the struct (and so out of its hash)."""

    id: int
    listing_id: int
    seller: str
    buyer: str
    token: str
    amount: int
    refunded: int
    fee_bps: int
    quantity: int
    handling_time: int
    auto_release_window: int
    paid_at: int
    shipped_at: int = 0
    disputed_at: int = 0
    status: OrderStatus = OrderStatus.PAID

    def as_tuple(self) -> tuple[Any, ...]:
        """The struct the contract takes: every field but `refunded`."""
        values = dataclasses.astuple(self)
        return values[:6] + values[7:]

    def hash(self) -> bytes:
        """The commitment the contract stores: keccak256(abi.encode(order)) with the low bit
        set if and only if the order had a partial refund."""
        values = list(self.as_tuple())
        values[-1] = int(values[-1])
        digest = int.from_bytes(keccak(encode([ORDER_ABI], [tuple(values)])), "big")
        digest = (digest & ~REFUND_BIT) | (REFUND_BIT if self.refunded else 0)
        return digest.to_bytes(32, "big")

    def replace(self, **changes: Any) -> Order:
        return dataclasses.replace(self, **changes)

    def shipped(self, timestamp: int) -> Order:
        return self.replace(status=OrderStatus.SHIPPED, shipped_at=timestamp)

    def disputed(self, timestamp: int) -> Order:
        return self.replace(status=OrderStatus.DISPUTED, disputed_at=timestamp)

    def refunded_by(self, amount: int) -> Order:
        return self.replace(refunded=self.refunded + amount)

    @property
    def remaining(self) -> int:
        return self.amount - self.refunded

    def deadline(self, dispute_timeout: int) -> int:
        """When anyone may move the order on: cancel, release or the dispute fallback."""
        if self.status == OrderStatus.PAID:
            return self.paid_at + self.handling_time + self.auto_release_window
        if self.status == OrderStatus.SHIPPED:
            return self.shipped_at + self.auto_release_window
        if self.status == OrderStatus.DISPUTED:
            return self.disputed_at + dispute_timeout
        raise ValueError(f"order {self.id:#x} is not open ({self.status!r})")


def order_from_placed(marketplace: Any, receipt: Any) -> Order:
    """Rebuild an escrowed listing order the way the indexer does: from `OrderPlaced`, the
    listing's fixed terms and the block timestamp."""
    placed = marketplace.OrderPlaced.from_receipt(receipt)
    assert len(placed) == 1, placed
    ev = placed[0]
    listing = marketplace.getListing(ev.listingId)
    return Order(
        id=ev.orderId,
        listing_id=ev.listingId,
        seller=listing.seller,
        buyer=addr(ev.buyer),
        token=listing.token,
        amount=ev.amount,
        refunded=0,
        fee_bps=listing.feeBps,
        quantity=ev.quantity,
        handling_time=listing.handlingTime,
        auto_release_window=listing.autoReleaseWindow,
        paid_at=receipt.timestamp,
    )


@dataclasses.dataclass(frozen=True)
class Offer:
    """The Offer struct, field for field, in declaration order."""

    seller: str
    buyer: str
    listing_id: int
    token: str
    amount: int
    quantity: int
    escrow: bool
    handling_time: int
    auto_release_window: int
    expiry: int
    nonce: int
    metadata_hash: bytes = ZERO32

    def as_tuple(self) -> tuple[Any, ...]:
        return dataclasses.astuple(self)

    def replace(self, **changes: Any) -> Offer:
        return dataclasses.replace(self, **changes)

    def message(self) -> dict[str, Any]:
        return {
            "seller": self.seller,
            "buyer": self.buyer,
            "listingId": self.listing_id,
            "token": self.token,
            "amount": self.amount,
            "quantity": self.quantity,
            "escrow": self.escrow,
            "handlingTime": self.handling_time,
            "autoReleaseWindow": self.auto_release_window,
            "expiry": self.expiry,
            "nonce": self.nonce,
            "metadataHash": self.metadata_hash,
        }

    def order(self, *, order_id: int, buyer: str, fee_bps: int, paid_at: int) -> Order:
        """The escrowed Order that accepting this offer creates."""
        return Order(
            id=order_id,
            listing_id=self.listing_id,
            seller=self.seller,
            buyer=buyer,
            token=self.token,
            amount=self.amount,
            refunded=0,
            fee_bps=fee_bps,
            quantity=self.quantity,
            handling_time=self.handling_time,
            auto_release_window=self.auto_release_window,
            paid_at=paid_at,
        )


def marketplace_domain(chain_id: int, verifying_contract: Any) -> dict[str, Any]:
    return {
        "name": "Bazaar Marketplace",
        "version": "1",
        "chainId": chain_id,
        "verifyingContract": addr(verifying_contract),
    }


def sign_offer(
    private_key: str, offer: Offer, chain_id: int, verifying_contract: Any
) -> tuple[bytes, bytes]:
    """Sign `offer` with EIP-712 as eth-account does. Returns (signature, digest)."""
    signed = Account.sign_typed_data(
        private_key,
        domain_data=marketplace_domain(chain_id, verifying_contract),
        message_types=OFFER_TYPES,
        message_data=offer.message(),
    )
    return bytes(signed.signature), bytes(signed.message_hash)


def offer_order_id(digest: bytes) -> int:
    return int.from_bytes(digest, "big") | OFFER_ORDER_BIT


def sign_permit(
    private_key: str,
    token: Any,
    owner: Any,
    spender: Any,
    value: int,
    deadline: int,
    chain_id: int,
    nonce: int | None = None,
) -> tuple[int, bytes, bytes]:
    """Sign an EIP-2612 permit for `token` (an OpenZeppelin ERC20Permit). Returns (v, r, s)."""
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
            "nonce": token.nonces(owner) if nonce is None else nonce,
            "deadline": deadline,
        },
    )
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")


def _normalise(value: Any) -> Any:
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return to_checksum_address(value)
    if hasattr(value, "address") and not isinstance(value, str | int | bytes):
        return addr(value)
    if isinstance(value, OrderStatus | ListingStatus | DealKind | Fact):
        return int(value)
    return value


def struct_values(value: Any) -> tuple[Any, ...]:
    """A decoded struct (e.g. an event's `offer`) as a plain tuple, addresses checksummed."""
    return tuple(_normalise(v) for v in value)


def event_args(log: Any) -> dict[str, Any]:
    """A decoded log's arguments, with addresses checksummed and bytes as plain bytes."""
    return {k: _normalise(v) for k, v in log.event_arguments.items()}


def assert_event(event_type: Any, receipt: Any, **expected: Any) -> None:
    """Assert `receipt` emitted exactly one `event_type` log whose arguments are exactly
    `expected` (every field must be given, so no field goes unchecked)."""
    logs = event_type.from_receipt(receipt)
    assert len(logs) == 1, f"expected one {event_type.name}, got {len(logs)}"
    want = {k: _normalise(v) for k, v in expected.items()}
    assert event_args(logs[0]) == want


def assert_events(event_type: Any, receipt: Any, expected: list[dict[str, Any]]) -> None:
    """Assert `receipt` emitted exactly these `event_type` logs, in order."""
    logs = event_type.from_receipt(receipt)
    got = [event_args(log) for log in logs]
    want = [{k: _normalise(v) for k, v in e.items()} for e in expected]
    assert got == want


def assert_no_event(event_type: Any, receipt: Any) -> None:
    assert event_type.from_receipt(receipt) == []
