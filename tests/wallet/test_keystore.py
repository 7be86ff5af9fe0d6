"""wallet/keystore.py: V3 keystores created, imported, listed, exported and unlocked."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Literal

import pytest
from eth_account import Account
from wallet_helpers import FAST_N, files_containing

from wallet.errors import (
    InvalidKeystoreError,
    InvalidPrivateKeyError,
    KeystoreNotFoundError,
    WalletExistsError,
    WrongPasswordError,
)
from wallet.keystore import Keystores
from wallet.sealing import SCRYPT_N
from wallet.storage import WalletDir

KEY = bytes.fromhex("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
ADDRESS = Account.from_key(KEY).address


@pytest.fixture
def keystores(wallet_dir: WalletDir) -> Keystores:
    return Keystores(wallet_dir, scrypt_n=FAST_N)


def test_create_then_unlock_round_trips(keystores: Keystores) -> None:
    info = keystores.create("alice", "pw")

    account = keystores.unlock("alice", "pw")

    assert account.address == info.address
    assert info.origin == "created"


def test_created_keys_are_distinct(keystores: Keystores) -> None:
    first = keystores.create("a", "pw")
    second = keystores.create("b", "pw")

    assert first.address != second.address


def test_wrong_password_is_a_typed_error(keystores: Keystores) -> None:
    keystores.import_private_key("alice", KEY, "right")

    with pytest.raises(WrongPasswordError, match="keystore 'alice'"):
        keystores.unlock("alice", "wrong")


def test_import_private_key_from_hex_or_bytes(keystores: Keystores) -> None:
    from_bytes = keystores.import_private_key("raw", KEY, "pw")
    keystores_b = Keystores(keystores.dir.root.parent / "other", scrypt_n=FAST_N)
    from_hex = keystores_b.import_private_key("hex", "0x" + KEY.hex(), "pw")

    assert from_bytes.address == from_hex.address == ADDRESS
    assert bytes(keystores.unlock("raw", "pw").key) == KEY


def test_import_invalid_private_key_is_typed(keystores: Keystores) -> None:
    with pytest.raises(InvalidPrivateKeyError):
        keystores.import_private_key("bad", "0x1234", "pw")
    assert keystores.list_all() == []


def test_the_file_is_a_standard_v3_keystore(keystores: Keystores) -> None:
    info = keystores.import_private_key("alice", KEY, "pw")
    keystore = json.loads(info.path.read_text())

    assert keystore["version"] == 3
    assert keystore["crypto"]["kdf"] == "scrypt"
    assert keystore["crypto"]["cipher"] == "aes-128-ctr"
    assert bytes(Account.decrypt(keystore, "pw")) == KEY


def test_default_cost_is_the_standard_scrypt_n(tmp_path: Path) -> None:
    info = Keystores(tmp_path).import_private_key("alice", KEY, "pw")  # slow on purpose: n=2**18

    params = json.loads(info.path.read_text())["crypto"]["kdfparams"]
    assert (params["n"], params["r"], params["p"]) == (SCRYPT_N, 8, 1) == (2**18, 8, 1)


def test_file_mode_is_0600(keystores: Keystores) -> None:
    info = keystores.create("alice", "pw")

    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600


def test_list_and_public_data(keystores: Keystores) -> None:
    keystores.create("zed", "pw")
    alice = keystores.import_private_key("alice", KEY, "pw")

    listed = keystores.list_all()

    assert [info.name for info in listed] == ["alice", "zed"]
    assert listed[0] == alice
    data = alice.public_data()
    assert data == {
        "name": "alice",
        "address": ADDRESS,
        "path": str(keystores.dir.path("keystores", "alice")),
        "created": alice.created,
    }
    assert alice.created.endswith("Z") and alice.created[:2] == "20"


def test_info_needs_no_password_and_reports_missing(keystores: Keystores) -> None:
    keystores.import_private_key("alice", KEY, "pw")

    assert keystores.info("alice").address == ADDRESS
    with pytest.raises(KeystoreNotFoundError, match="known: alice"):
        keystores.info("bob")
    with pytest.raises(KeystoreNotFoundError):
        keystores.unlock("bob", "pw")


def test_same_name_is_refused(keystores: Keystores) -> None:
    keystores.create("alice", "pw")

    with pytest.raises(WalletExistsError, match="already exists"):
        keystores.create("alice", "pw")


def test_same_address_under_another_name_is_refused(keystores: Keystores) -> None:
    keystores.import_private_key("alice", KEY, "pw")

    with pytest.raises(WalletExistsError, match="already stored as keystore 'alice'"):
        keystores.import_private_key("alice2", KEY, "other")


def _external_keystore(
    tmp_path: Path, kdf: Literal["scrypt", "pbkdf2"], password: str = "src"
) -> Path:
    path = tmp_path / f"external-{kdf}.json"
    cost = FAST_N if kdf == "scrypt" else 1000
    path.write_text(json.dumps(Account.encrypt(KEY, password, kdf=kdf, iterations=cost)))
    return path


@pytest.mark.parametrize("kdf", ["scrypt", "pbkdf2"])
def test_import_keystore_file_re_encrypts_with_scrypt(
    keystores: Keystores, tmp_path: Path, kdf: Literal["scrypt", "pbkdf2"]
) -> None:
    source = _external_keystore(tmp_path, kdf)

    info = keystores.import_keystore_file("alice", source, "src", "new")

    assert info.address == ADDRESS and info.origin == "imported-keystore"
    assert json.loads(info.path.read_text())["crypto"]["kdf"] == "scrypt"
    assert bytes(keystores.unlock("alice", "new").key) == KEY
    with pytest.raises(WrongPasswordError):
        keystores.unlock("alice", "src")


def test_import_keystore_file_keeps_the_password_by_default(
    keystores: Keystores, tmp_path: Path
) -> None:
    keystores.import_keystore_file("alice", _external_keystore(tmp_path, "scrypt"), "src")

    assert keystores.unlock("alice", "src").address == ADDRESS


def test_import_keystore_file_wrong_password(keystores: Keystores, tmp_path: Path) -> None:
    with pytest.raises(WrongPasswordError):
        keystores.import_keystore_file("alice", _external_keystore(tmp_path, "scrypt"), "nope")
    assert keystores.list_all() == []


def test_import_keystore_file_with_forged_address(keystores: Keystores, tmp_path: Path) -> None:
    source = _external_keystore(tmp_path, "scrypt")
    keystore = json.loads(source.read_text())
    keystore["address"] = "00" * 20
    source.write_text(json.dumps(keystore))

    with pytest.raises(InvalidKeystoreError, match="was modified"):
        keystores.import_keystore_file("alice", source, "src")


@pytest.mark.parametrize("content", ["not json", "[]", '{"version": 3}'])
def test_import_keystore_file_rejects_non_keystores(
    keystores: Keystores, tmp_path: Path, content: str
) -> None:
    source = tmp_path / "junk.json"
    source.write_text(content)

    with pytest.raises(InvalidKeystoreError):
        keystores.import_keystore_file("alice", source, "pw")


def test_import_keystore_file_missing(keystores: Keystores, tmp_path: Path) -> None:
    with pytest.raises(KeystoreNotFoundError, match="check the path"):
        keystores.import_keystore_file("alice", tmp_path / "nope.json", "pw")


def test_unlock_detects_a_swapped_address_field(keystores: Keystores) -> None:
    info = keystores.import_private_key("alice", KEY, "pw")
    keystore = json.loads(info.path.read_text())
    keystore["address"] = "70997970c51812dc3a010c7d01b50e0d17dc79c8"
    info.path.write_text(json.dumps(keystore))

    assert keystores.info("alice").address == "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    with pytest.raises(InvalidKeystoreError, match="was modified"):
        keystores.unlock("alice", "pw")


def test_no_raw_key_on_disk(keystores: Keystores, tmp_path: Path) -> None:
    keystores.import_private_key("imported", KEY, "pw")
    created = keystores.create("created", "pw")
    created_key = bytes(keystores.unlock("created", "pw").key)
    keystores.list_all()

    assert files_containing(keystores.dir.root, [KEY, created_key]) == []
    assert created.path.exists()


def test_default_wallet_dir_comes_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BAZAAR_WALLET_DIR", str(tmp_path / "envdir"))

    info = Keystores(scrypt_n=FAST_N).import_private_key("alice", KEY, "pw")

    assert info.path == tmp_path / "envdir" / "keystores" / "alice.json"
