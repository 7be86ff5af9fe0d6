"""wallet/shipping.py and shipping_details.py: envelopes only the seller can open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from eth_utils.crypto import keccak
from hypothesis import given, settings
from hypothesis import strategies as st

from wallet.errors import (
    DecryptionFailedError,
    EncryptionKeyNotPublishedError,
    InvalidEncryptionKeyError,
    InvalidShippingDetailsError,
)
from wallet.shipping import (
    HEADER_SIZE,
    TAG_SIZE,
    decrypt_with,
    encrypt_for,
    public_key_bytes,
    recipient_key,
    shipping_ref,
    unsafe_encrypt_with_fixed_randomness,
)
from wallet.shipping_details import (
    ShippingDetails,
    open_shipping_details,
    published_key,
    seal_shipping_details,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "wallet.md"
SELLER = X25519PrivateKey.from_private_bytes(bytes(range(100, 132)))
SELLER_PUBLIC = public_key_bytes(SELLER)
DETAILS = ShippingDetails(
    name="Ada Lovelace",
    street="12 St James Square",
    city="London",
    country="GB",
    postal_code="SW1Y 4JH",
    phone="+44 20 0000 0000",
    notes="Leave with the porter.\nThanks!",
)


def _doc_vector() -> dict[str, str]:
    text = DOCS.read_text(encoding="utf-8")
    block = text.split("<!-- shipping-test-vector -->", 1)[1].split("```")[1]
    pairs = (line.split("=", 1) for line in block.strip().splitlines())
    return {key.strip(): value.strip() for key, value in pairs}


# ----------------------------------------------------------------------------- envelope


def test_round_trip() -> None:
    envelope = encrypt_for(SELLER_PUBLIC, b"1 Main St, Paris")

    assert decrypt_with(SELLER, envelope) == b"1 Main St, Paris"


def test_layout_is_version_ephemeral_nonce_ciphertext_tag() -> None:
    envelope = encrypt_for(SELLER_PUBLIC, b"x" * 10)

    assert envelope[0] == 0x01
    assert len(envelope) == 1 + 32 + 12 + 10 + 16 == HEADER_SIZE + 10 + TAG_SIZE


def test_each_envelope_uses_fresh_ephemeral_key_and_nonce() -> None:
    first, second = (encrypt_for(SELLER_PUBLIC, b"same") for _ in range(2))

    assert first[1:33] != second[1:33]
    assert first[33:45] != second[33:45]
    assert shipping_ref(first) != shipping_ref(second)


def test_recipient_key_accepts_hex_bytes32() -> None:
    envelope = encrypt_for("0x" + SELLER_PUBLIC.hex(), b"hex key")

    assert decrypt_with(SELLER, envelope) == b"hex key"


def test_every_flipped_byte_is_detected() -> None:
    envelope = encrypt_for(SELLER_PUBLIC, b"12 St James Square")

    for position in range(len(envelope)):
        tampered = bytearray(envelope)
        tampered[position] ^= 0x01
        with pytest.raises(DecryptionFailedError):
            decrypt_with(SELLER, bytes(tampered))


@settings(max_examples=50)
@given(st.data())
def test_any_modification_is_detected(data: st.DataObject) -> None:
    envelope = encrypt_for(SELLER_PUBLIC, b"payload")
    position = data.draw(st.integers(0, len(envelope) - 1))
    mask = data.draw(st.integers(1, 255))
    tampered = bytearray(envelope)
    tampered[position] ^= mask

    with pytest.raises(DecryptionFailedError):
        decrypt_with(SELLER, bytes(tampered))


def test_truncated_or_extended_envelopes_fail() -> None:
    envelope = encrypt_for(SELLER_PUBLIC, b"payload")

    with pytest.raises(DecryptionFailedError, match="truncated"):
        decrypt_with(SELLER, envelope[: HEADER_SIZE + TAG_SIZE - 1])
    with pytest.raises(DecryptionFailedError):
        decrypt_with(SELLER, envelope[:-1])
    with pytest.raises(DecryptionFailedError):
        decrypt_with(SELLER, envelope + b"\x00")


def test_unknown_version_is_named() -> None:
    envelope = bytearray(encrypt_for(SELLER_PUBLIC, b"payload"))
    envelope[0] = 0x02

    with pytest.raises(DecryptionFailedError, match="version 0x02"):
        decrypt_with(SELLER, bytes(envelope))


def test_another_key_cannot_decrypt() -> None:
    envelope = encrypt_for(SELLER_PUBLIC, b"payload")

    with pytest.raises(DecryptionFailedError, match="another key"):
        decrypt_with(X25519PrivateKey.generate(), envelope)


def test_unpublished_zero_key_is_typed() -> None:
    with pytest.raises(EncryptionKeyNotPublishedError, match="publishEncryptionKey"):
        encrypt_for("0x" + "00" * 32, b"payload")


@pytest.mark.parametrize("key", ["0x1234", "0x" + "zz" * 32, b"\x01" * 31])
def test_malformed_keys_are_typed(key: str | bytes) -> None:
    with pytest.raises(InvalidEncryptionKeyError):
        recipient_key(key)


def test_low_order_recipient_key_is_refused() -> None:
    low_order = bytes([1]) + bytes(31)  # u = 1 has order 4 on Curve25519: shared secret 0

    with pytest.raises(InvalidEncryptionKeyError, match="not a usable X25519 key"):
        encrypt_for(low_order, b"payload")


def test_shipping_ref_is_keccak_of_the_envelope() -> None:
    envelope = encrypt_for(SELLER_PUBLIC, b"payload")

    assert shipping_ref(envelope) == "0x" + keccak(envelope).hex()


# ----------------------------------------------------------------------------- test vector


def test_documented_test_vector_matches_the_implementation() -> None:
    vector = _doc_vector()
    recipient = X25519PrivateKey.from_private_bytes(bytes.fromhex(vector["recipient_private"]))
    ephemeral = X25519PrivateKey.from_private_bytes(bytes.fromhex(vector["ephemeral_private"]))

    envelope = unsafe_encrypt_with_fixed_randomness(
        public_key_bytes(recipient),
        vector["plaintext"].encode("ascii"),
        ephemeral,
        bytes.fromhex(vector["nonce"]),
    )

    assert public_key_bytes(recipient).hex() == vector["recipient_public"]
    assert public_key_bytes(ephemeral).hex() == vector["ephemeral_public"]
    assert envelope.hex() == vector["envelope"]
    assert shipping_ref(envelope) == vector["shipping_ref"]
    assert decrypt_with(recipient, envelope) == vector["plaintext"].encode("ascii")


def test_documented_scheme_reimplemented_from_primitives_opens_the_vector() -> None:
    """Follow docs/wallet.md step by step, as a browser would, without wallet.shipping."""
    vector = _doc_vector()
    envelope = bytes.fromhex(vector["envelope"])
    version, ephemeral_public = envelope[0], envelope[1:33]
    nonce, sealed = envelope[33:45], envelope[45:]
    recipient = X25519PrivateKey.from_private_bytes(bytes.fromhex(vector["recipient_private"]))
    recipient_public = bytes.fromhex(vector["recipient_public"])

    shared = recipient.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral_public + recipient_public,
        info=b"bazaar-shipping-v1",
    ).derive(shared)

    assert version == 1
    assert shared.hex() == vector["shared"]
    assert key.hex() == vector["aes_key"]
    assert AESGCM(key).decrypt(nonce, sealed, None) == vector["plaintext"].encode("ascii")
    assert "0x" + keccak(envelope).hex() == vector["shipping_ref"]


# ----------------------------------------------------------------------------- details


def test_details_round_trip_through_an_envelope() -> None:
    sealed = seal_shipping_details(DETAILS, SELLER_PUBLIC)

    assert open_shipping_details(SELLER, sealed.envelope) == DETAILS
    assert sealed.shipping_ref == shipping_ref(sealed.envelope)


def test_details_are_padded_to_256_bytes_and_canonical() -> None:
    short = ShippingDetails(name="A", street="B", city="C", country="FR")
    raw = short.to_bytes()

    assert len(raw) == 256
    assert raw.rstrip(b" ") == b'{"city": "C", "country": "FR", "name": "A", "street": "B", "v": 1}'
    assert len(DETAILS.to_bytes()) % 256 == 0
    assert len(seal_shipping_details(short, SELLER_PUBLIC).envelope) == 61 + 256


def test_details_sizes_do_not_leak_small_differences() -> None:
    a = ShippingDetails(name="Al", street="1 A St", city="Rome", country="IT")
    b = ShippingDetails(
        name="Alexandra Maria", street="221B Baker Street", city="London", country="GB"
    )

    assert len(seal_shipping_details(a, SELLER_PUBLIC).envelope) == len(
        seal_shipping_details(b, SELLER_PUBLIC).envelope
    )


def test_non_ascii_details_survive() -> None:
    details = ShippingDetails(name="Zoë Ångström", street="Straße 1", city="Zürich", country="CH")

    assert ShippingDetails.from_bytes(details.to_bytes()) == details


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"name": " "}, "need name"),
        ({"city": ""}, "need city"),
        ({"name": "x" * 257}, "longer than 256"),
        ({"notes": "x" * 1025}, "longer than 1024"),
        ({"name": "Ada\nLovelace"}, "control characters"),
        ({"phone": "\x00"}, "control characters"),
        ({"email": 5}, "must be text"),
    ],
)
def test_invalid_details_are_refused(changes: dict[str, object], reason: str) -> None:
    fields: dict[str, object] = {"name": "A", "street": "B", "city": "C", "country": "FR"}
    fields.update(changes)

    with pytest.raises(InvalidShippingDetailsError, match=reason):
        ShippingDetails(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xff", "not JSON"),
        (b"[]", "version"),
        (b'{"v": 2, "name": "A"}', "version"),
        (
            json.dumps(
                {"v": 1, "name": "A", "street": "B", "city": "C", "country": "FR", "x": 1}
            ).encode(),
            "unknown shipping fields: x",
        ),
        (b'{"v": 1, "name": "A"}', "incomplete"),
    ],
)
def test_decrypted_garbage_is_not_details(raw: bytes, reason: str) -> None:
    with pytest.raises(InvalidShippingDetailsError, match=reason):
        ShippingDetails.from_bytes(raw)


def test_plaintext_size_is_bounded() -> None:
    with pytest.raises(ValueError, match="16384"):
        encrypt_for(SELLER_PUBLIC, b"x" * 16_385)


class _FakeMarketplace:
    def __init__(self, keys: dict[str, str]) -> None:
        self.keys = keys

    def encryption_key_of(self, seller: str) -> str:
        return self.keys.get(seller, "0x" + "00" * 32)


def test_published_key_reads_the_marketplace() -> None:
    market = _FakeMarketplace({"0xSeller": "0x" + SELLER_PUBLIC.hex()})

    assert published_key(market, "0xSeller") == SELLER_PUBLIC
    with pytest.raises(EncryptionKeyNotPublishedError):
        published_key(market, "0xSomeoneElse")


def test_documented_details_json_is_what_to_bytes_produces() -> None:
    details = ShippingDetails(name="Ada", street="1 Main St", city="Paris", country="FR")
    documented = DOCS.read_text(encoding="utf-8").split('{"city": "Paris"', 1)[1].split("\n")[0]

    assert details.to_bytes().rstrip(b" ").decode() == '{"city": "Paris"' + documented
