"""wallet/ against the vectors the storefront's tests check too (tests/vectors/web-wallet-v1.json):
the browser seals the same envelope bytes and derives the same shipping key as this package.
web/src/lib/envelope.test.ts checks the JavaScript side and has Python open what it seals.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from chain.anvil import dev_account
from wallet.derived_keys import (
    derive_shipping_key,
    private_key_from_signature,
    public_key_bytes,
    shipping_key_typed_data,
)
from wallet.errors import DecryptionFailedError
from wallet.shipping import shipping_ref, unsafe_encrypt_with_fixed_randomness
from wallet.shipping_details import ShippingDetails, open_shipping_details

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "vectors" / "web-wallet-v1.json").read_text(encoding="utf-8")
)
ENVELOPE = VECTORS["envelope_v1"]
KEY = VECTORS["shipping_key"]


def test_the_vector_envelope_is_what_wallet_seals_with_that_randomness() -> None:
    details = ShippingDetails(**ENVELOPE["details"])
    assert details.to_bytes().hex() == ENVELOPE["plaintext"]
    envelope = unsafe_encrypt_with_fixed_randomness(
        bytes.fromhex(ENVELOPE["recipient_public"]),
        details.to_bytes(),
        X25519PrivateKey.from_private_bytes(bytes.fromhex(ENVELOPE["ephemeral_private"])),
        bytes.fromhex(ENVELOPE["nonce"]),
    )
    assert envelope.hex() == ENVELOPE["envelope"]
    assert shipping_ref(envelope) == ENVELOPE["shipping_ref"]


def test_wallet_opens_the_vector_envelope() -> None:
    recipient = X25519PrivateKey.from_private_bytes(bytes.fromhex(ENVELOPE["recipient_private"]))
    opened = open_shipping_details(recipient, bytes.fromhex(ENVELOPE["envelope"]))
    assert opened == ShippingDetails(**ENVELOPE["details"])
    tampered = bytearray.fromhex(ENVELOPE["envelope"])
    tampered[-1] ^= 1
    with pytest.raises(DecryptionFailedError):
        open_shipping_details(recipient, bytes(tampered))


def test_the_shipping_key_is_the_one_the_browser_derives_from_the_same_account() -> None:
    account = dev_account(1)
    assert account.address == KEY["account"]
    assert shipping_key_typed_data(account.address) == KEY["typed_data"]
    signed = account.sign_typed_data(full_message=shipping_key_typed_data(account.address))
    assert bytes(signed.signature).hex() == KEY["signature"]
    assert public_key_bytes(derive_shipping_key(account)).hex() == KEY["public"]


def test_a_zero_one_v_gives_the_same_key_as_27_28() -> None:
    signature = bytearray.fromhex(KEY["signature"])
    signature[64] -= 27
    key = private_key_from_signature(KEY["account"], bytes(signature))
    assert public_key_bytes(key).hex() == KEY["public"]
    with pytest.raises(ValueError, match="65 bytes"):
        private_key_from_signature(KEY["account"], bytes(64))
