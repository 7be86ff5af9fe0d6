"""Typed Python twins of the Marketplace's structs and enums (listings, orders, offers, vouchers).

Like every twin they derive from :class:`~chain.types.Struct`: they convert to and from ABI
tuples by field name, so a reordered Solidity struct needs no change here and a renamed or
added field fails loudly.

Example:
    >>> OrderStatus(2).name
    'SHIPPED'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from chain.types import ZERO_HASH, ListingStatus, Struct
from core.constants import ZERO_ADDRESS


class OrderStatus(IntEnum):
    """Lifecycle of an escrowed order (``OrderStatus`` in contracts/types/Order.sol)."""

    NONE = 0
    PAID = 1
    SHIPPED = 2
    DISPUTED = 3
    COMPLETED = 4
    REFUNDED = 5
    RESOLVED = 6


@dataclass(frozen=True)
class Listing(Struct):
    """A listing as returned by ``getListing`` (``IMarketplace.ListingView``)."""

    seller: str
    token: str
    price: int
    stock: int
    order_count: int
    status: ListingStatus
    escrow: bool
    fee_bps: int
    handling_time: int
    auto_release_window: int
    unsettled: int
    credit_cap_bps: int = 0  # share of the price payable in review credits (direct listings)

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", ListingStatus(self.status))


@dataclass(frozen=True)
class Order(Struct):
    """An escrowed order (``Order`` in contracts/types/Order.sol); only its hash is on chain.

    ``refunded`` (partial refunds so far, from ``OrderRefunded``) is not part of the contract's
    struct: the contract counts it apart so a refund never changes what another party's
    pending call must pass, and only the commitment's low bit says it is non-zero.
    """

    id: int
    listing_id: int
    seller: str
    buyer: str
    token: str
    amount: int
    fee_bps: int
    quantity: int
    handling_time: int
    auto_release_window: int
    paid_at: int
    shipped_at: int
    disputed_at: int
    status: OrderStatus
    refunded: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", OrderStatus(self.status))

    def evolve(self, **changes: Any) -> Order:
        """A copy with ``changes`` applied."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Offer(Struct):
    """A seller's signed quote (``Offer`` in contracts/types/Order.sol).

    ``buyer`` is the zero address when anyone may accept; ``listing_id`` is 0 for a custom
    item; ``metadata_hash`` is a 0x-hex bytes32.
    """

    seller: str
    amount: int
    expiry: int
    nonce: int
    buyer: str = ZERO_ADDRESS
    listing_id: int = 0
    token: str = ZERO_ADDRESS
    quantity: int = 1
    escrow: bool = True
    handling_time: int = 3 * 24 * 60 * 60
    auto_release_window: int = 7 * 24 * 60 * 60
    metadata_hash: str = ZERO_HASH

    def eip712_message(self, components: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """The offer as an EIP-712 message (camelCase keys, ABI values)."""
        values = self.to_abi(components)
        return {str(c["name"]): v for c, v in zip(components, values, strict=True)}


@dataclass(frozen=True)
class Voucher(Struct):
    """A seller's signed discount voucher (``Voucher`` in contracts/types/Voucher.sol).

    ``discount`` is an amount of the listing's token, or basis points of the subtotal when
    ``percent``; ``listing_id`` 0 covers every listing of the seller paid in ``token``;
    ``buyer`` is the zero address when anyone may redeem it.
    """

    seller: str
    discount: int
    expiry: int
    nonce: int
    percent: bool = False
    buyer: str = ZERO_ADDRESS
    listing_id: int = 0
    token: str = ZERO_ADDRESS
    min_spend: int = 0
    max_redemptions: int = 1

    def discount_on(self, subtotal: int) -> int:
        """The discount on a purchase of ``subtotal``, as the VoucherBook computes it."""
        return subtotal * self.discount // 10_000 if self.percent else self.discount

    def eip712_message(self, components: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """The voucher as an EIP-712 message (camelCase keys, ABI values)."""
        values = self.to_abi(components)
        return {str(c["name"]): v for c, v in zip(components, values, strict=True)}
