"""Sealed shipping envelopes: check one against the deal that commits it, store it, hand it out.

The rules, in the order they are checked:

- upload: the envelope is a v1 envelope no larger than 16,445 bytes (400, 413), the deal
  exists (404), it committed shipping details (409), and ``keccak256(envelope)`` is the
  deal's ``shippingRef`` (409 ``ShippingRefMismatch``). Storing the same bytes again
  changes nothing; different bytes cannot hash to the same ref.
- download: signed in (401), the deal exists (404) and the caller is its seller (403), it
  committed shipping details (409) and the envelope was uploaded (404).

Envelopes are keyed by their hash, not by deal: anyone who can show a deal's seller the
envelope must hold its exact bytes, and the API stores nothing it could read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from eth_utils.crypto import keccak
from sqlalchemy import Table, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from api.errors import (
    InvalidRequestError,
    PayloadTooLargeError,
    PermissionDeniedError,
    ResourceConflictError,
    ResourceNotFoundError,
    ShippingRefMismatchError,
)
from api.models.shipping import (
    MAX_ENVELOPE,
    MIN_ENVELOPE,
    ShippingEnvelope,
    ShippingEnvelopePublic,
)
from indexer.models import Order, Plan
from indexer.store.tables import table_of
from wallet.shipping import VERSION

# The deals that carry a shipping commitment, by what their id names (DealKind.subject).
ShippingDeal = Literal["order", "plan"]
ZERO_REF = "0x" + "00" * 32
_TABLES: dict[ShippingDeal, tuple[Table, str]] = {
    "order": (table_of(Order), "order_id"),
    "plan": (table_of(Plan), "plan_id"),
}


@dataclass(frozen=True)
class Commitment:
    """What a deal committed on chain: its seller and the envelope's hash."""

    kind: ShippingDeal
    deal_id: int
    seller: str
    shipping_ref: str

    @property
    def name(self) -> str:
        """``order 42`` or ``plan 7``, for messages."""
        return f"{self.kind} {self.deal_id}"


def commitment(session: Session, kind: ShippingDeal, deal_id: int) -> Commitment:
    """The seller and ``shippingRef`` of order or plan ``deal_id``.

    Raises:
        ResourceNotFoundError: No such deal (yet: the indexer may be behind).
    """
    table, key = _TABLES[kind]
    row = session.execute(
        select(table.c.seller, table.c.shipping_ref).where(table.c[key] == deal_id)
    ).first()
    if row is None:
        raise ResourceNotFoundError(
            f"no {kind} {deal_id} (yet: the indexer may be behind; retry in a few seconds)"
        )
    return Commitment(kind, deal_id, str(row.seller), str(row.shipping_ref).lower())


def _require_shipping(deal: Commitment) -> None:
    if deal.shipping_ref == ZERO_REF:
        raise ResourceConflictError(
            f"{deal.name} was bought without shipping details (its shippingRef is zero)"
        )


def parse_envelope(text: str) -> bytes:
    """The bytes of a 0x-hex v1 envelope.

    Raises:
        PayloadTooLargeError: Longer than :data:`MAX_ENVELOPE` bytes.
        InvalidRequestError: Not hex, shorter than a v1 envelope, or another version.
    """
    try:
        raw = bytes.fromhex(text.removeprefix("0x"))
    except ValueError as exc:
        raise InvalidRequestError("the envelope must be 0x-hex bytes") from exc
    if len(raw) > MAX_ENVELOPE:
        raise PayloadTooLargeError(
            f"the envelope is {len(raw)} bytes; a shipping envelope is at most {MAX_ENVELOPE} "
            "bytes (16 KiB of sealed details): shorten the details"
        )
    if len(raw) < MIN_ENVELOPE:
        raise InvalidRequestError(
            f"the envelope is {len(raw)} bytes, shorter than the {MIN_ENVELOPE}-byte minimum "
            "of a v1 envelope; it was truncated"
        )
    if raw[0] != VERSION:
        raise InvalidRequestError(
            f"the envelope starts with {raw[0]:#04x}, not 0x01: not a version-1 envelope"
        )
    return raw


def store(
    session: Session, deal: Commitment, envelope: bytes, now: int
) -> tuple[ShippingEnvelopePublic, bool]:
    """Store ``envelope`` for ``deal``'s seller.

    Returns:
        The stored envelope and whether it is new (storing it again changes nothing).

    Raises:
        ResourceConflictError: The deal committed no shipping details.
        ShippingRefMismatchError: ``keccak256(envelope)`` is not the deal's ``shippingRef``.
    """
    _require_shipping(deal)
    ref = "0x" + keccak(envelope).hex()
    if ref != deal.shipping_ref:
        raise ShippingRefMismatchError(
            f"keccak256 of this envelope is {ref}, but {deal.name} committed "
            f"{deal.shipping_ref}: upload the exact envelope sealed at checkout"
        )
    existing = session.get(ShippingEnvelope, ref)
    if existing is not None:
        return public(existing), False
    row = ShippingEnvelope(shipping_ref=ref, envelope=envelope, size=len(envelope), created_at=now)
    session.add(row)
    try:
        session.commit()
    except IntegrityError:  # stored by a concurrent request in the meantime
        session.rollback()
        stored = session.get(ShippingEnvelope, ref)
        assert stored is not None
        return public(stored), False
    return public(row), True


def load_for_seller(session: Session, deal: Commitment, me: str) -> ShippingEnvelopePublic:
    """The envelope ``deal`` committed, for its seller ``me``.

    Raises:
        PermissionDeniedError: ``me`` is not the deal's seller.
        ResourceConflictError: The deal committed no shipping details.
        ResourceNotFoundError: The buyer has not uploaded the envelope.
    """
    if me != deal.seller:
        raise PermissionDeniedError(
            f"only {deal.name}'s seller {deal.seller} can read its shipping envelope; "
            f"you are signed in as {me}"
        )
    _require_shipping(deal)
    row = session.get(ShippingEnvelope, deal.shipping_ref)
    if row is None:
        raise ResourceNotFoundError(
            f"the buyer has not uploaded the shipping envelope of {deal.name} "
            f"(shippingRef {deal.shipping_ref}) yet; ask them to send it"
        )
    return public(row)


def public(row: ShippingEnvelope) -> ShippingEnvelopePublic:
    """``row`` as the API returns it (the envelope as 0x-hex)."""
    return ShippingEnvelopePublic(
        shipping_ref=row.shipping_ref,
        envelope="0x" + bytes(row.envelope).hex(),
        size=row.size,
        created_at=row.created_at,
    )
