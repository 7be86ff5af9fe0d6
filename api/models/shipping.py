"""Sealed shipping envelopes, stored for the seller under the ``shippingRef`` a deal commits.

A buyer seals shipping details to the seller's published X25519 key (:mod:`wallet.shipping`)
and commits ``keccak256(envelope)`` on chain as the order's or plan's ``shippingRef``. The
API keeps the envelope itself so the seller can fetch it: stored once per hash, accepted
only when it hashes to a deal's ``shippingRef``, handed only to that deal's seller. The API
cannot read it; nothing links it to the uploader.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints
from sqlalchemy import BigInteger, LargeBinary
from sqlmodel import Field, SQLModel

from api.models.common import HASH_LENGTH
from wallet.shipping import HEADER_SIZE, MAX_PLAINTEXT, TAG_SIZE

MAX_ENVELOPE = HEADER_SIZE + MAX_PLAINTEXT + TAG_SIZE
"""The largest v1 envelope: 45 header bytes, 16 KiB of details, the 16-byte tag (16,445)."""
MIN_ENVELOPE = HEADER_SIZE + TAG_SIZE
"""The smallest v1 envelope (no plaintext at all): 61 bytes."""


class ShippingEnvelope(SQLModel, table=True):
    """``shipping_envelopes``: an envelope under its keccak256 (the ``shippingRef``)."""

    __tablename__ = "shipping_envelopes"

    shipping_ref: str = Field(primary_key=True, max_length=HASH_LENGTH)
    envelope: bytes = Field(sa_type=LargeBinary)
    size: int
    created_at: int = Field(sa_type=BigInteger)


class ShippingEnvelopeCreate(SQLModel):
    """An envelope to store for the seller.

    Attributes:
        envelope: The v1 envelope as 0x-hex (what ``bazaar buyer buy --envelope-out``
            writes); at most 16,445 bytes (larger: 413).
    """

    envelope: Annotated[str, StringConstraints(pattern=r"^0x([0-9a-fA-F]{2})*$")] = Field(
        description="The sealed v1 envelope, 0x-hex; keccak256 of its bytes is the shippingRef."
    )


class ShippingEnvelopePublic(SQLModel):
    """A stored envelope.

    Attributes:
        shipping_ref: keccak256 of the envelope, the deal's ``shippingRef``.
        envelope: The envelope, 0x-hex, byte for byte as uploaded.
        size: Its length in bytes.
        created_at: Unix time it was first stored.
    """

    shipping_ref: str
    envelope: str
    size: int
    created_at: int
