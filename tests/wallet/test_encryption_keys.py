"""wallet/encryption_keys.py: the seller's X25519 key pair, sealed at rest."""

from __future__ import annotations

import json
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from wallet_helpers import FAST_N, files_containing

from wallet.encryption_keys import EncryptionKeys
from wallet.errors import (
    DecryptionFailedError,
    EncryptionKeyNotFoundError,
    InvalidWalletFileError,
    WalletExistsError,
    WrongPasswordError,
)
from wallet.sealing import unseal
from wallet.shipping import encrypt_for, public_key_bytes
from wallet.shipping_details import ShippingDetails, seal_shipping_details
from wallet.storage import WalletDir

OWNER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"


@pytest.fixture
def keys(wallet_dir: WalletDir) -> EncryptionKeys:
    return EncryptionKeys(wallet_dir, scrypt_n=FAST_N)


def test_create_and_decrypt(keys: EncryptionKeys) -> None:
    info = keys.create("shop", "pw", owner=OWNER)

    assert keys.decrypt("shop", "pw", encrypt_for(info.public_key, b"parcel")) == b"parcel"
    assert info.owner == "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    assert len(bytes.fromhex(info.public_key[2:])) == 32


def test_open_shipping_details(keys: EncryptionKeys) -> None:
    info = keys.create("shop", "pw")
    details = ShippingDetails(name="Ada", street="1 Main St", city="Paris", country="FR")
    sealed = seal_shipping_details(details, info.public_key)

    assert keys.open_shipping_details("shop", "pw", sealed.envelope) == details


def test_wrong_password_is_typed(keys: EncryptionKeys) -> None:
    info = keys.create("shop", "pw")

    with pytest.raises(WrongPasswordError, match="encryption key 'shop'"):
        keys.decrypt("shop", "nope", encrypt_for(info.public_key, b"parcel"))


def test_envelope_for_another_key_fails(keys: EncryptionKeys) -> None:
    keys.create("shop", "pw")
    other = keys.create("other", "pw")

    with pytest.raises(DecryptionFailedError):
        keys.decrypt("shop", "pw", encrypt_for(other.public_key, b"parcel"))


def test_private_key_is_never_on_disk_unencrypted(keys: EncryptionKeys) -> None:
    info = keys.create("shop", "pw")
    keys.decrypt("shop", "pw", encrypt_for(info.public_key, b"parcel"))
    data = json.loads(info.path.read_text())
    private = unseal(data["crypto"], "pw", what="test")

    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert (
        public_key_bytes(X25519PrivateKey.from_private_bytes(private)).hex()
        == (info.public_key[2:])
    )
    assert files_containing(keys.dir.root, [private]) == []


def test_public_data_and_listing(keys: EncryptionKeys) -> None:
    shop = keys.create("shop", "pw", owner=OWNER)
    keys.create("another", "pw")

    assert [info.name for info in keys.list_all()] == ["another", "shop"]
    assert keys.info("shop") == shop
    assert shop.public_data() == {
        "name": "shop",
        "public_key": shop.public_key,
        "path": str(shop.path),
        "created": shop.created,
        "owner": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    }
    assert "owner" not in keys.info("another").public_data()


def test_same_name_is_refused(keys: EncryptionKeys) -> None:
    keys.create("shop", "pw")

    with pytest.raises(WalletExistsError, match="encryption key 'shop'"):
        keys.create("shop", "pw")


def test_missing_key_is_typed(keys: EncryptionKeys) -> None:
    with pytest.raises(EncryptionKeyNotFoundError, match="create one first"):
        keys.info("shop")


def test_swapped_public_key_is_detected(keys: EncryptionKeys) -> None:
    info = keys.create("shop", "pw")
    data = json.loads(info.path.read_text())
    data["public_key"] = "0x" + public_key_bytes(X25519PrivateKey.generate()).hex()
    info.path.write_text(json.dumps(data))

    with pytest.raises(InvalidWalletFileError, match="was modified"):
        keys.decrypt("shop", "pw", encrypt_for(info.public_key, b"parcel"))


def test_other_files_are_not_keys(keys: EncryptionKeys) -> None:
    info = keys.create("shop", "pw")
    data = json.loads(info.path.read_text())
    data["kind"] = "bazaar-hd-wallet"
    info.path.write_text(json.dumps(data))

    with pytest.raises(InvalidWalletFileError):
        keys.info("shop")
