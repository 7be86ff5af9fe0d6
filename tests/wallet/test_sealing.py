"""wallet/sealing.py: the V3 keystore encryption scheme applied to arbitrary secrets."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from eth_account import Account
from wallet_helpers import FAST_N

from wallet.errors import InvalidWalletFileError, WrongPasswordError
from wallet.sealing import SCRYPT_N, check_scrypt_n, seal, unseal


@pytest.mark.parametrize("secret", [b"", b"x", b"\x00" * 32, bytes(range(256))])
def test_seal_round_trips_any_length(secret: bytes) -> None:
    assert unseal(seal(secret, "pw", scrypt_n=FAST_N), "pw", what="test") == secret


def test_sealing_twice_uses_fresh_salt_and_iv() -> None:
    first, second = (seal(b"same", "pw", scrypt_n=FAST_N) for _ in range(2))

    assert first["kdfparams"]["salt"] != second["kdfparams"]["salt"]
    assert first["cipherparams"]["iv"] != second["cipherparams"]["iv"]
    assert first["ciphertext"] != second["ciphertext"]


def test_wrong_password_raises_wrong_password() -> None:
    crypto = seal(b"secret", "right", scrypt_n=FAST_N)

    with pytest.raises(WrongPasswordError, match="wrong password for HD wallet 'main'"):
        unseal(crypto, "wrong", what="HD wallet 'main'")


@pytest.mark.parametrize("field", ["ciphertext", "mac"])
def test_modified_ciphertext_or_mac_is_detected(field: str) -> None:
    crypto = seal(b"secret bytes", "pw", scrypt_n=FAST_N)
    raw = bytearray.fromhex(crypto[field])
    raw[0] ^= 1
    crypto[field] = raw.hex()

    with pytest.raises(WrongPasswordError):
        unseal(crypto, "pw", what="test")


def test_unicode_passwords_are_utf8_like_eth_account() -> None:
    key = bytes(range(1, 33))
    crypto = seal(key, "pässwörd ✓", scrypt_n=FAST_N)

    assert bytes(Account.decrypt({"version": 3, "crypto": crypto}, "pässwörd ✓")) == key


def test_eth_account_opens_a_sealed_private_key() -> None:
    key = bytes(range(1, 33))

    keystore = {"version": 3, "crypto": seal(key, "pw", scrypt_n=FAST_N)}

    assert bytes(Account.decrypt(keystore, "pw")) == key


def test_unseal_opens_an_eth_account_scrypt_keystore() -> None:
    key = bytes(range(1, 33))
    keystore = Account.encrypt(key, "pw", kdf="scrypt", iterations=FAST_N)

    assert unseal(keystore["crypto"], "pw", what="test") == key


def _broken(change: str) -> dict[str, Any]:
    crypto = seal(b"secret", "pw", scrypt_n=FAST_N)
    broken = copy.deepcopy(crypto)
    if change == "pbkdf2":
        broken["kdf"] = "pbkdf2"
    elif change == "cipher":
        broken["cipher"] = "aes-256-gcm"
    elif change == "no-mac":
        del broken["mac"]
    elif change == "bad-hex":
        broken["ciphertext"] = "zz"
    elif change == "huge-n":
        broken["kdfparams"]["n"] = 2**30
    elif change == "odd-n":
        broken["kdfparams"]["n"] = 3000
    elif change == "dklen":
        broken["kdfparams"]["dklen"] = 64
    elif change == "short-iv":
        broken["cipherparams"]["iv"] = "00"
    elif change == "not-a-dict":
        broken["kdfparams"] = "n=1024"
    return broken


@pytest.mark.parametrize(
    "change",
    ["pbkdf2", "cipher", "no-mac", "bad-hex", "huge-n", "odd-n", "dklen", "short-iv", "not-a-dict"],
)
def test_malformed_crypto_objects_are_invalid_files(change: str) -> None:
    with pytest.raises(InvalidWalletFileError, match="restore the file"):
        unseal(_broken(change), "pw", what="test")


@pytest.mark.parametrize("n", [2**10, 2**14, SCRYPT_N, 2**20])
def test_scrypt_cost_accepts_powers_of_two_in_range(n: int) -> None:
    assert check_scrypt_n(n) == n


@pytest.mark.parametrize("n", [2**9, 2**21, 1000, 0, -1024])
def test_scrypt_cost_rejects_others(n: int) -> None:
    with pytest.raises(ValueError, match="power of two"):
        check_scrypt_n(n)
