"""No file in the wallet directory ever holds a raw secret, after any operation.

One scenario runs every operation the wallet offers, including failed ones, and after
each scans every file under the wallet directory for every secret known so far: private
keys (raw bytes and hex in both cases), mnemonics, X25519 private keys and passwords.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import pytest
from eth_account import Account
from wallet_helpers import ANVIL_MNEMONIC, FAST_N, files_containing

from core.errors import WalletError
from wallet.encryption_keys import EncryptionKeys
from wallet.hd import HdWallets
from wallet.keystore import Keystores
from wallet.sealing import unseal
from wallet.shipping import encrypt_for
from wallet.storage import WalletDir

IMPORTED_KEY = bytes.fromhex("8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f")
FILE_KEY = bytes.fromhex("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
T = TypeVar("T")
PASSWORDS = ("keystore-password-1", "file-password-2", "hd-password-3", "seller-password-4")


def test_no_operation_leaves_a_secret_in_the_wallet_dir(tmp_path: Path) -> None:
    wallet_dir = WalletDir(tmp_path / "wallets")
    keystores = Keystores(wallet_dir, scrypt_n=FAST_N)
    hd = HdWallets(wallet_dir, scrypt_n=FAST_N)
    keys = EncryptionKeys(wallet_dir, scrypt_n=FAST_N)
    secrets: list[bytes | str] = [IMPORTED_KEY, FILE_KEY, ANVIL_MNEMONIC, *PASSWORDS]
    source = tmp_path / "external.json"  # outside the wallet dir: it is the user's file
    source.write_text(json.dumps(Account.encrypt(FILE_KEY, PASSWORDS[1], iterations=FAST_N)))
    steps = 0

    def step(operation: Callable[[], T]) -> T:
        nonlocal steps
        result = operation()
        steps += 1
        assert files_containing(wallet_dir.root, secrets) == [], f"after step {steps}"
        return result

    def failing(operation: Callable[[], object]) -> None:
        def run() -> None:
            with pytest.raises(WalletError):
                operation()

        step(run)

    step(lambda: keystores.import_private_key("imported", IMPORTED_KEY, PASSWORDS[0]))
    step(lambda: keystores.import_keystore_file("from-file", source, PASSWORDS[1]))
    step(lambda: keystores.create("created", PASSWORDS[0]))
    secrets.append(bytes(keystores.unlock("created", PASSWORDS[0]).key))
    step(keystores.list_all)
    step(lambda: keystores.info("imported").public_data())
    failing(lambda: keystores.unlock("imported", "wrong"))
    failing(lambda: keystores.import_private_key("again", IMPORTED_KEY, PASSWORDS[0]))

    step(lambda: hd.import_mnemonic("anvil", ANVIL_MNEMONIC, PASSWORDS[2]))
    new = step(lambda: hd.create("fresh", PASSWORDS[2], words=24))
    secrets.append(new.mnemonic)
    for name in ("anvil", "fresh", "anvil"):
        _, account = step(partial(hd.next_account, name, PASSWORDS[2]))
        secrets.append(bytes(account.key))
    secrets.append(bytes(hd.account("fresh", PASSWORDS[2], 7).key))
    step(lambda: hd.used_accounts("anvil", PASSWORDS[2]))
    failing(lambda: hd.next_account("anvil", "wrong"))

    info = step(lambda: keys.create("shop", PASSWORDS[3]))
    crypto = json.loads(info.path.read_text())["crypto"]
    secrets.append(unseal(crypto, PASSWORDS[3], what="test"))
    envelope = encrypt_for(info.public_key, b"12 St James Square")
    step(lambda: keys.decrypt("shop", PASSWORDS[3], envelope))
    failing(lambda: keys.decrypt("shop", "wrong", envelope))

    assert steps == 17
    assert len(secrets) == 14
    assert sorted(p.name for p in wallet_dir.root.iterdir()) == [
        "encryption-keys",
        "hd",
        "keystores",
    ]
