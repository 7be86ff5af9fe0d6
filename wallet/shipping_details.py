"""Structured shipping details, padded and sealed for the seller (see :mod:`wallet.shipping`).

The plaintext inside an envelope is UTF-8 JSON with sorted keys and a ``"v": 1`` field,
padded with trailing spaces to a multiple of 256 bytes so the envelope's length does not
reveal how long the address is. JSON parsers (Python's and the browser's) ignore the
trailing spaces, so the padding needs no extra format.

Example:
    >>> from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    >>> from wallet.shipping import public_key_bytes
    >>> seller = X25519PrivateKey.generate()
    >>> details = ShippingDetails(name="Ada", street="1 Main St", city="Paris", country="FR")
    >>> sealed = seal_shipping_details(details, public_key_bytes(seller))
    >>> len(sealed.envelope), open_shipping_details(seller, sealed.envelope) == details
    (317, True)
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from wallet.errors import InvalidShippingDetailsError
from wallet.shipping import decrypt_with, encrypt_for, recipient_key, shipping_ref

FORMAT_VERSION = 1
PAD_TO = 256
MAX_FIELD = 256
MAX_NOTES = 1024
REQUIRED = ("name", "street", "city", "country")


@dataclass(frozen=True)
class ShippingDetails:
    """Where and to whom a seller ships. Empty optional fields are left out of the JSON.

    Raises:
        InvalidShippingDetailsError: A required field is empty, a field is too long, or a field
            contains control characters.
    """

    name: str
    street: str
    city: str
    country: str
    postal_code: str = ""
    region: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, str):
                raise InvalidShippingDetailsError(f"{field.name} must be text, got {value!r}")
            limit = MAX_NOTES if field.name == "notes" else MAX_FIELD
            if len(value) > limit:
                raise InvalidShippingDetailsError(f"{field.name} is longer than {limit} characters")
            allowed_newline = field.name in ("street", "notes")
            if any(ord(c) < 32 and not (allowed_newline and c == "\n") for c in value):
                raise InvalidShippingDetailsError(f"{field.name} contains control characters")
        missing = [name for name in REQUIRED if not getattr(self, name).strip()]
        if missing:
            raise InvalidShippingDetailsError(f"shipping details need {', '.join(missing)}")

    def to_bytes(self) -> bytes:
        """Canonical JSON (sorted keys, ``"v": 1``), space-padded to a multiple of 256 bytes."""
        data = {key: value for key, value in asdict(self).items() if value}
        text = json.dumps({"v": FORMAT_VERSION, **data}, sort_keys=True, ensure_ascii=False)
        raw = text.encode("utf-8")
        return raw + b" " * (-len(raw) % PAD_TO)

    @classmethod
    def from_bytes(cls, raw: bytes) -> ShippingDetails:
        """Parse :meth:`to_bytes` output (padding ignored).

        Raises:
            InvalidShippingDetailsError: Not version-1 shipping JSON, or an unknown field.
        """
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise InvalidShippingDetailsError("decrypted shipping details are not JSON") from exc
        if not isinstance(data, dict) or data.pop("v", None) != FORMAT_VERSION:
            raise InvalidShippingDetailsError(
                f"shipping details are not format version {FORMAT_VERSION}; update the wallet"
            )
        known = {field.name for field in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidShippingDetailsError(f"unknown shipping fields: {', '.join(unknown)}")
        try:
            return cls(**data)
        except TypeError as exc:
            raise InvalidShippingDetailsError(f"shipping details are incomplete: {exc}") from exc


@dataclass(frozen=True)
class SealedShipping:
    """An envelope for the seller and the ``shippingRef`` to pass to ``buy``."""

    envelope: bytes
    shipping_ref: str


def seal_shipping_details(details: ShippingDetails, seller_key: bytes | str) -> SealedShipping:
    """Encrypt ``details`` to the seller's published key (32 bytes or 0x-hex bytes32)."""
    envelope = encrypt_for(seller_key, details.to_bytes())
    return SealedShipping(envelope, shipping_ref(envelope))


def open_shipping_details(private_key: X25519PrivateKey, envelope: bytes) -> ShippingDetails:
    """Decrypt and parse an envelope made by :func:`seal_shipping_details`.

    Raises:
        DecryptionFailedError: The envelope was modified or is for another key.
        InvalidShippingDetailsError: It decrypted, but not to shipping details.
    """
    return ShippingDetails.from_bytes(decrypt_with(private_key, envelope))


class EncryptionKeySource(Protocol):
    """Anything that reads published keys.

    Such as :class:`chain.marketplace.client.MarketplaceClient`.
    """

    def encryption_key_of(self, seller: str) -> str:
        """The key ``seller`` published, as 0x-hex bytes32 (zero if none)."""
        ...


def published_key(marketplace: EncryptionKeySource, seller: str) -> bytes:
    """The seller's published X25519 key, read from the Marketplace.

    Raises:
        EncryptionKeyNotPublishedError: The seller never published a key.
    """
    return recipient_key(marketplace.encryption_key_of(seller))
