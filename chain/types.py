"""Typed Python twins of the Marketplace's structs and enums (offers, orders, vouchers).

Structs convert to and from ABI tuples by field name, following the order of the
components in the contract's ABI, so a reordered Solidity struct needs no change here and
a renamed or added field fails loudly instead of silently shifting values.

Example:
    >>> snake("autoReleaseWindow")
    'auto_release_window'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from enum import IntEnum
from typing import Any, Self

from eth_utils.address import to_checksum_address

from chain.errors import ChainError
from core.constants import ZERO_ADDRESS

ZERO_HASH = "0x" + "00" * 32

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def snake(name: str) -> str:
    """``camelCase`` → ``snake_case``."""
    return _CAMEL.sub("_", name).lower()


class OrderStatus(IntEnum):
    """Lifecycle of an escrowed order (``OrderStatus`` in contracts/types/Order.sol)."""

    NONE = 0
    PAID = 1
    SHIPPED = 2
    DISPUTED = 3
    COMPLETED = 4
    REFUNDED = 5
    RESOLVED = 6


class ListingStatus(IntEnum):
    """Lifecycle of a listing (``ListingStatus`` in contracts/types/ListingState.sol)."""

    NONE = 0
    ACTIVE = 1
    PAUSED = 2
    CLOSED = 3


def _abi_value(kind: str, value: Any) -> Any:
    if kind.startswith("bytes") and isinstance(value, str):
        return bytes.fromhex(value.removeprefix("0x"))
    return int(value) if isinstance(value, IntEnum) else value


def _py_value(kind: str, value: Any) -> Any:
    if kind == "address":
        return to_checksum_address(value)
    if kind.startswith("bytes") and isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    return value


class Struct:
    """Mixin: conversion of a dataclass to and from an ABI tuple by component name."""

    def to_abi(self, components: Sequence[Mapping[str, Any]]) -> tuple[Any, ...]:
        """The struct as a tuple in ABI component order, ready for a contract call.

        Raises:
            ChainError: A component has no matching field (the struct changed).
        """
        values = []
        for component in components:
            name = snake(str(component["name"]))
            if not hasattr(self, name):
                raise ChainError(
                    f"{type(self).__name__} has no field {name!r} that the ABI expects; "
                    "update chain/types.py to match the contract"
                )
            values.append(_abi_value(str(component["type"]), getattr(self, name)))
        return tuple(values)

    @classmethod
    def from_abi(
        cls,
        components: Sequence[Mapping[str, Any]],
        values: Sequence[Any] | Mapping[str, Any],
    ) -> Self:
        """Build the struct from an ABI tuple (or a dict of camelCase names) and components."""
        if isinstance(values, Mapping):
            values = [values[str(c["name"])] for c in components]
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        kwargs = {
            snake(str(c["name"])): _py_value(str(c["type"]), v)
            for c, v in zip(components, values, strict=True)
            if snake(str(c["name"])) in known
        }
        return cls(**kwargs)


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
