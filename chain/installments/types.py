"""Typed Python twins of InstallmentPlans' structs and enums (contracts/types/Plan.sol).

Like every twin (:class:`chain.types.Struct`), structs convert to and from ABI tuples by
component name, so the field order follows the contract's ABI. :class:`Plan` adds what the
contract leaves to the client: the schedule, what was received, the late fees paid, the next
due date, computed with :mod:`chain.installments.schedule` exactly as the contract computes
them.

Example:
    >>> terms = PlanTerms(price=1_000, installments=11)
    >>> terms.split().last_installment
    98
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any, Self

from eth_utils.address import to_checksum_address

from chain.installments import schedule as sched
from chain.types import ZERO_HASH, Struct, snake
from core.constants import ZERO_ADDRESS

DAY = 24 * 60 * 60


class DeliveryMode(IntEnum):
    """When the buyer gets the item (``DeliveryMode``)."""

    PAY_LATER = 0
    LAYAWAY = 1


class PlanStatus(IntEnum):
    """Lifecycle of a plan (``PlanStatus``); every status but ACTIVE is terminal."""

    NONE = 0
    ACTIVE = 1
    COMPLETED = 2
    DEFAULTED = 3
    CANCELLED_BY_SELLER = 4
    CANCELLED_BY_BUYER = 5


class PlanListingStatus(IntEnum):
    """Lifecycle of an EMI listing (``IInstallmentPlans.ListingStatus``)."""

    NONE = 0
    ACTIVE = 1
    CLOSED = 2


def _hex32(value: Any) -> str:
    """A bytes32 value as 0x-hex (decoded events already give hex strings)."""
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    return str(value)


def _values(
    components: Sequence[Mapping[str, Any]], values: Sequence[Any] | Mapping[str, Any]
) -> dict[str, Any]:
    """ABI values (a tuple or a camelCase dict) by snake_case field name."""
    if isinstance(values, Mapping):
        return {snake(str(c["name"])): values[str(c["name"])] for c in components}
    return {snake(str(c["name"])): v for c, v in zip(components, values, strict=True)}


@dataclass(frozen=True)
class PlanTerms(Struct):
    """EMI terms (``PlanTerms``). Defaults: ETH, 10 % down, 12 monthly installments,
    12 % financing fee, 5 days of grace, 2 % late fee, pay-later."""

    price: int
    token: str = ZERO_ADDRESS
    down_payment_bps: int = 1_000
    installments: int = 12
    interval: int = 30 * DAY
    financing_fee_bps: int = 1_200
    grace_period: int = 5 * DAY
    late_fee_bps: int = 200
    forfeit_bps: int = 0
    mode: DeliveryMode = DeliveryMode.PAY_LATER

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", DeliveryMode(self.mode))

    def split(self) -> sched.Split:
        """Down payment, financing fee and installments these terms produce."""
        return sched.split(
            price=self.price,
            down_payment_bps=self.down_payment_bps,
            financing_fee_bps=self.financing_fee_bps,
            installments=self.installments,
        )


@dataclass(frozen=True)
class PlanOffer(Struct):
    """A seller's signed plan offer (``PlanOffer``).

    ``buyer`` is the zero address when anyone may accept; ``listing_id`` 0 is a custom item.
    """

    seller: str
    terms: PlanTerms
    expiry: int
    nonce: int
    buyer: str = ZERO_ADDRESS
    listing_id: int = 0
    metadata_hash: str = ZERO_HASH

    def to_abi(self, components: Sequence[Mapping[str, Any]]) -> tuple[Any, ...]:
        """The offer as an ABI tuple, its terms nested."""
        flat = [c for c in components if c["name"] != "terms"]
        own = dict(zip((str(c["name"]) for c in flat), super().to_abi(flat), strict=True))
        values = []
        for component in components:
            if component["name"] == "terms":
                values.append(self.terms.to_abi(component["components"]))
            else:
                values.append(own[str(component["name"])])
        return tuple(values)

    @classmethod
    def from_abi(
        cls,
        components: Sequence[Mapping[str, Any]],
        values: Sequence[Any] | Mapping[str, Any],
    ) -> Self:
        """Build the offer from an ABI tuple or a decoded event dict (camelCase keys)."""
        by_name = _values(components, values)
        terms_abi = next(c for c in components if c["name"] == "terms")
        return cls(
            seller=to_checksum_address(by_name["seller"]),
            buyer=to_checksum_address(by_name["buyer"]),
            listing_id=int(by_name["listing_id"]),
            terms=PlanTerms.from_abi(terms_abi["components"], by_name["terms"]),
            expiry=int(by_name["expiry"]),
            nonce=int(by_name["nonce"]),
            metadata_hash=_hex32(by_name["metadata_hash"]),
        )

    def eip712_message(self, components: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """The offer as an EIP-712 message (camelCase keys, the terms as a nested dict)."""
        values = self.to_abi(components)
        message: dict[str, Any] = {}
        for component, value in zip(components, values, strict=True):
            if component["name"] == "terms":
                inner = component["components"]
                value = {str(c["name"]): v for c, v in zip(inner, value, strict=True)}
            message[str(component["name"])] = value
        return message


@dataclass(frozen=True)
class PlanListing(Struct):
    """An EMI listing as returned by ``getListing`` (``ListingView``)."""

    seller: str
    status: PlanListingStatus
    stock: int
    fee_bps: int
    terms: PlanTerms

    @classmethod
    def from_abi(
        cls,
        components: Sequence[Mapping[str, Any]],
        values: Sequence[Any] | Mapping[str, Any],
    ) -> Self:
        """Build the listing from the ABI tuple ``getListing`` returns."""
        by_name = _values(components, values)
        terms_abi = next(c for c in components if c["name"] == "terms")
        return cls(
            seller=to_checksum_address(by_name["seller"]),
            status=PlanListingStatus(by_name["status"]),
            stock=int(by_name["stock"]),
            fee_bps=int(by_name["fee_bps"]),
            terms=PlanTerms.from_abi(terms_abi["components"], by_name["terms"]),
        )


@dataclass(frozen=True)
class PlanQuote(Struct):
    """Where a plan stands at the latest block (``PlanQuote``, from the ``quote`` view)."""

    due: int
    late_fee: int
    payoff: int
    rebate: int
    defaultable_at: int
    balance: int


@dataclass(frozen=True)
class Limits(Struct):
    """The caps on terms and on the platform fee (``Limits``, from ``limits``)."""

    max_fee_bps: int
    max_down_payment_bps: int
    max_financing_fee_bps: int
    max_late_fee_bps: int
    max_forfeit_bps: int
    min_installments: int
    max_installments: int
    min_interval: int
    max_interval: int
    min_grace_period: int
    max_grace_period: int


@dataclass(frozen=True)
class PlanConfig(Struct):
    """The admin settings (``ConfigView``, from ``config``)."""

    fee_bps: int
    fee_recipient: str
    deal_recorder: str
    paused: bool
    plan_count: int


@dataclass(frozen=True)
class Plan(Struct):
    """A plan as returned by ``getPlan`` (``PlanView``), with the derived quantities."""

    buyer: str
    seller: str
    token: str
    status: PlanStatus
    mode: DeliveryMode
    down_payment: int
    financing_fee: int
    installment: int
    last_installment: int
    installments: int
    interval: int
    grace_period: int
    late_fee_bps: int
    forfeit_bps: int
    fee_bps: int
    started_at: int
    paid: int
    late_mask: int
    settled: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", PlanStatus(self.status))
        object.__setattr__(self, "mode", DeliveryMode(self.mode))

    @property
    def dust(self) -> int:
        """The rounding remainder carried by the last installment."""
        return self.last_installment - self.installment

    @property
    def total(self) -> int:
        """Sum of all installments (the down payment excluded)."""
        return sched.total(self.installment, self.installments, self.dust)

    @property
    def late_fees_paid(self) -> int:
        """Late fees charged so far."""
        return sched.late_fees_charged(
            self.installment, self.installments, self.dust, self.late_fee_bps, self.late_mask
        )

    @property
    def received(self) -> int:
        """Everything the buyer paid in: down payment, installments and late fees."""
        return self.down_payment + self.paid + self.late_fees_paid

    @property
    def installments_paid(self) -> int:
        """Installments paid in full (all of them once the plan is completed)."""
        if self.status == PlanStatus.COMPLETED:
            return self.installments
        return sched.paid_count(self.installment, self.installments, self.dust, self.paid)

    @property
    def next_due_at(self) -> int:
        """Due date of the first installment not paid in full; 0 unless active."""
        if self.status != PlanStatus.ACTIVE:
            return 0
        return sched.due_at(self.started_at, self.interval, self.installments_paid + 1)

    def schedule(self) -> list[sched.Installment]:
        """Every installment with its due date and amount."""
        return sched.schedule(
            started_at=self.started_at,
            interval=self.interval,
            installment=self.installment,
            installments=self.installments,
            dust=self.dust,
        )

    def quote_at(self, timestamp: int) -> sched.Quote:
        """What is due, the late fees and the payoff at ``timestamp``, computed locally."""
        return sched.quote(
            started_at=self.started_at,
            interval=self.interval,
            grace_period=self.grace_period,
            installment=self.installment,
            installments=self.installments,
            dust=self.dust,
            late_fee_bps=self.late_fee_bps,
            late_mask=self.late_mask,
            paid=self.paid,
            financing_fee=self.financing_fee,
            timestamp=timestamp,
        )

    def evolve(self, **changes: Any) -> Plan:
        """A copy with ``changes`` applied."""
        return replace(self, **changes)


def plan_id(buyer: str, sequence: int) -> int:
    """The id of plan number ``sequence``, started by ``buyer``: ``buyer << 96 | sequence``."""
    return int(buyer, 16) << 96 | sequence


def buyer_of(plan_id_: int) -> str:
    """The buyer a plan id belongs to (checksummed)."""
    return str(to_checksum_address((plan_id_ >> 96).to_bytes(20, "big")))
