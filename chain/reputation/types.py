"""Typed Python twins of the Reputation contract's structs and enums.

Like every twin (:class:`chain.types.Struct`), structs convert to and from ABI tuples by
component name, so the order of fields follows the contract's ABI (contracts/types/Deal.sol).

Example:
    >>> Review(rating=5, text_hash="0x" + "ab" * 32).rating
    5
    >>> flag(buyer_side=False, what=DealFlag.REPORTED)
    64
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum, IntFlag
from typing import Any

from chain.deal_kinds import DealKind
from chain.types import ZERO_HASH, Struct


class Fact(IntEnum):
    """Negative facts a deal source records about a party (``IDealRecorder.Fact``)."""

    DISPUTE_LOST = 0
    DEFAULT = 1


class ReportReason(IntEnum):
    """Why a party reports the other as fraudulent (``IReputation.ReportReason``)."""

    NOT_DELIVERED = 0
    NOT_AS_DESCRIBED = 1
    COUNTERFEIT = 2
    IMPERSONATION = 3
    FALSE_DISPUTE = 4
    ABUSE = 5
    OTHER = 6


class DealFlag(IntFlag):
    """One-shot actions of one side (``DealFlags`` in contracts/types/Deal.sol)."""

    EDITED = 0x01  # the side revised its review
    ANSWERED = 0x02  # the other side answered the side's review
    REPORTED = 0x04  # the side reported the other side


def flag(buyer_side: bool, what: DealFlag) -> int:
    """The bit of ``what`` for the buyer's side (low nibble) or the seller's (high nibble)."""
    return int(what) if buyer_side else int(what) << 4


@dataclass(frozen=True)
class Review(Struct):
    """A review (``Review`` in contracts/types/Deal.sol).

    ``rating`` is 1-5; sub-ratings are 1-5 or 0 when left out; ``text_hash`` is the 0x-hex
    bytes32 of the review text stored off chain.
    """

    rating: int
    quality: int = 0
    as_described: int = 0
    delivery: int = 0
    communication: int = 0
    text_hash: str = ZERO_HASH


@dataclass(frozen=True)
class Deal(Struct):
    """A recorded deal with its review state (``Deal``); only its hash is on chain."""

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

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DealKind(self.kind))

    def evolve(self, **changes: Any) -> Deal:
        """A copy with ``changes`` applied."""
        return replace(self, **changes)

    def with_flag(self, buyer_side: bool, what: DealFlag) -> Deal:
        """A copy with the side's flag ``what`` set."""
        return self.evolve(flags=self.flags | flag(buyer_side, what))

    def has_flag(self, buyer_side: bool, what: DealFlag) -> bool:
        """Whether the side's flag ``what`` is set."""
        return bool(self.flags & flag(buyer_side, what))

    def reviewed_at(self, buyer_side: bool) -> int:
        """When the side posted its review, 0 if it has not."""
        return self.buyer_reviewed_at if buyer_side else self.seller_reviewed_at
