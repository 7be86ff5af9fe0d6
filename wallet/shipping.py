"""Shipping details encrypted to the seller's published X25519 key (envelope format v1).

Only the seller's private key opens an envelope; the chain sees only its keccak256, the
``shippingRef`` passed to ``buy``. Every step has a WebCrypto equivalent, so the browser
checkout can produce the same envelopes::

    ephemeral = X25519 key pair, fresh per envelope
    shared    = X25519(ephemeral.private, recipient_public)
    key       = HKDF-SHA256(ikm=shared, salt=ephemeral.public || recipient_public,
                            info="bazaar-shipping-v1", length=32)
    nonce     = 12 random bytes
    sealed    = AES-256-GCM(key).encrypt(nonce, plaintext, no associated data)
    envelope  = 0x01 || ephemeral.public (32) || nonce (12) || sealed (ciphertext + 16-byte tag)
    shippingRef = keccak256(envelope)

Example:
    >>> from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    >>> seller = X25519PrivateKey.generate()
    >>> envelope = encrypt_for(public_key_bytes(seller), b"1 Main St")
    >>> envelope[0], len(envelope), decrypt_with(seller, envelope)
    (1, 70, b'1 Main St')
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from eth_utils.crypto import keccak

from wallet.errors import (
    DecryptionFailedError,
    EncryptionKeyNotPublishedError,
    InvalidEncryptionKeyError,
)

VERSION = 0x01
HKDF_INFO = b"bazaar-shipping-v1"
KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16
HEADER_SIZE = 1 + KEY_SIZE + NONCE_SIZE
MAX_PLAINTEXT = 16_384


def public_key_bytes(private_key: X25519PrivateKey) -> bytes:
    """The raw 32-byte public key of ``private_key`` (what is published as bytes32)."""
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def recipient_key(key: bytes | str) -> bytes:
    """A recipient public key from 32 raw bytes or 0x-hex (a ``bytes32`` read from chain).

    Raises:
        EncryptionKeyNotPublishedError: The key is all zeros (``encryptionKeyOf`` of a seller who
            never published one).
        InvalidEncryptionKeyError: Not 32 bytes.
    """
    try:
        raw = bytes.fromhex(key.removeprefix("0x")) if isinstance(key, str) else bytes(key)
    except ValueError as exc:
        raise InvalidEncryptionKeyError("an encryption key is 32 bytes of 0x-hex") from exc
    if len(raw) != KEY_SIZE:
        raise InvalidEncryptionKeyError(f"an X25519 public key is 32 bytes, got {len(raw)}")
    if raw == bytes(KEY_SIZE):
        raise EncryptionKeyNotPublishedError(
            "the seller has not published an encryption key; ask them to run "
            "publishEncryptionKey before you send shipping details"
        )
    return raw


def _derive_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral_public + recipient_public,
        info=HKDF_INFO,
    )
    return hkdf.derive(shared)


def unsafe_encrypt_with_fixed_randomness(
    recipient_public: bytes | str, plaintext: bytes, ephemeral: X25519PrivateKey, nonce: bytes
) -> bytes:
    """:func:`encrypt_for` with caller-chosen ephemeral key and nonce, for test vectors only.

    Reusing an ephemeral key or nonce for two messages breaks confidentiality: never call
    this outside tests.
    """
    recipient = recipient_key(recipient_public)
    if len(nonce) != NONCE_SIZE:
        raise ValueError(f"the nonce is {NONCE_SIZE} bytes")
    if len(plaintext) > MAX_PLAINTEXT:
        raise ValueError(f"plaintext is limited to {MAX_PLAINTEXT} bytes")
    ephemeral_public = public_key_bytes(ephemeral)
    try:
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    except ValueError as exc:  # a low-order point yields an all-zero secret
        raise InvalidEncryptionKeyError(
            "the seller's published key is not a usable X25519 key; ask them to publish a new one"
        ) from exc
    key = _derive_key(shared, ephemeral_public, recipient)
    sealed = AESGCM(key).encrypt(nonce, plaintext, None)
    return bytes([VERSION]) + ephemeral_public + nonce + sealed


def encrypt_for(recipient_public: bytes | str, plaintext: bytes) -> bytes:
    """Encrypt ``plaintext`` to ``recipient_public``; returns the v1 envelope.

    Raises:
        EncryptionKeyNotPublishedError: The key is zero.
        InvalidEncryptionKeyError: The key is malformed or a low-order point.
        ValueError: ``plaintext`` is larger than 16 KiB.
    """
    return unsafe_encrypt_with_fixed_randomness(
        recipient_public, plaintext, X25519PrivateKey.generate(), os.urandom(NONCE_SIZE)
    )


def decrypt_with(private_key: X25519PrivateKey, envelope: bytes) -> bytes:
    """Open a v1 envelope with the recipient's private key.

    Raises:
        DecryptionFailedError: Unknown version, truncated, modified in any byte, or encrypted to
            another key.
    """
    if len(envelope) < HEADER_SIZE + TAG_SIZE:
        raise DecryptionFailedError(
            f"envelope is {len(envelope)} bytes, shorter than the {HEADER_SIZE + TAG_SIZE}-byte "
            "minimum; it was truncated"
        )
    if envelope[0] != VERSION:
        raise DecryptionFailedError(
            f"unsupported envelope version {envelope[0]:#04x}; this wallet reads version 0x01"
        )
    ephemeral_public = envelope[1 : 1 + KEY_SIZE]
    nonce = envelope[1 + KEY_SIZE : HEADER_SIZE]
    try:
        shared = private_key.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        key = _derive_key(shared, ephemeral_public, public_key_bytes(private_key))
        return AESGCM(key).decrypt(nonce, envelope[HEADER_SIZE:], None)
    except (InvalidTag, ValueError) as exc:
        raise DecryptionFailedError(
            "cannot decrypt these shipping details: they were modified, or encrypted to "
            "another key (check that you use the key you published)"
        ) from exc


def shipping_ref(envelope: bytes) -> str:
    """keccak256 of the envelope, 0x-hex: the ``shippingRef`` committed on chain."""
    return "0x" + keccak(envelope).hex()
