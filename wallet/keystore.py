"""Password-protected keystores: eth-account V3 JSON with scrypt, one file per account.

Each keystore is ``<wallet dir>/keystores/<name>.json``, mode 0600: the standard V3 object
that geth, foundry's ``cast wallet`` and eth-account read, plus an ``x-bazaar`` object with
public metadata (creation time and origin), which those tools ignore. The raw key is only
ever in memory; nothing here writes it to disk.

Example:
    >>> import tempfile
    >>> keystores = Keystores(tempfile.mkdtemp(), scrypt_n=2**10)
    >>> info = keystores.import_private_key("dev", "0x" + "11" * 32, "pw")
    >>> info.address
    '0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A'
    >>> keystores.unlock("dev", "pw").address == info.address
    True
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils.address import to_checksum_address

from wallet.errors import (
    InvalidKeystoreError,
    KeystoreNotFoundError,
    WalletExistsError,
    WrongPasswordError,
)
from wallet.passwords import parse_private_key
from wallet.sealing import SCRYPT_N, check_scrypt_n
from wallet.storage import WalletDir, utc_now_iso

KIND = "keystores"
META_KEY = "x-bazaar"


@dataclass(frozen=True)
class KeystoreInfo:
    """Public facts about a stored keystore (nothing secret).

    Attributes:
        name: The keystore's name in the wallet directory.
        address: Its EIP-55 checksummed address.
        path: The keystore file.
        created: When it was stored, ISO 8601 UTC.
        origin: ``"created"``, ``"imported-key"`` or ``"imported-keystore"``.
    """

    name: str
    address: str
    path: Path
    created: str
    origin: str

    def public_data(self) -> dict[str, str]:
        """The exportable view: name, address, path and created, as strings."""
        return {
            "name": self.name,
            "address": self.address,
            "path": str(self.path),
            "created": self.created,
        }


def _decrypt(keystore: Mapping[str, Any], password: str, what: str) -> bytes:
    """Decrypt any V3 keystore (scrypt or pbkdf2) with eth-account, mapping its errors."""
    try:
        return bytes(Account.decrypt(dict(keystore), password))
    except ValueError as exc:
        if "MAC mismatch" in str(exc):
            raise WrongPasswordError(
                f"wrong password for {what} (or its file was modified); try again"
            ) from exc
        raise InvalidKeystoreError(
            f"{what} is not a V3 keystore eth-account can open ({exc})"
        ) from exc
    except (KeyError, TypeError, AttributeError, NotImplementedError) as exc:
        raise InvalidKeystoreError(
            f"{what} is not a V3 keystore ({type(exc).__name__}: {exc}); check the file"
        ) from exc


def _stated_address(keystore: Mapping[str, Any]) -> str | None:
    address = keystore.get("address")
    if not isinstance(address, str) or not address:
        return None
    try:
        return to_checksum_address("0x" + address.lower().removeprefix("0x"))
    except ValueError:
        return None


class Keystores:
    """The keystores of one wallet directory."""

    def __init__(
        self,
        wallet_dir: WalletDir | str | os.PathLike[str] | None = None,
        *,
        scrypt_n: int = SCRYPT_N,
    ) -> None:
        """Use ``wallet_dir`` (default: ``$BAZAAR_KEYSTORE_DIR`` or ``~/.bazaar/keystores``).

        ``scrypt_n`` is the cost for new keystores; lower it only in tests.
        """
        self.dir = wallet_dir if isinstance(wallet_dir, WalletDir) else WalletDir(wallet_dir)
        self.scrypt_n = check_scrypt_n(scrypt_n)

    def create(self, name: str, password: str) -> KeystoreInfo:
        """Generate a new random account and store it encrypted under ``password``."""
        account: LocalAccount = Account.create()
        return self._store(name, bytes(account.key), password, origin="created")

    def import_private_key(
        self, name: str, private_key: bytes | str, password: str
    ) -> KeystoreInfo:
        """Store an existing private key (raw 32 bytes or hex) encrypted under ``password``.

        Raises:
            InvalidPrivateKeyError: The key is malformed (the message does not repeat it).
            WalletExistsError: The name, or the key's address, is already stored.
        """
        key = parse_private_key(
            private_key.hex() if isinstance(private_key, bytes) else private_key
        )
        return self._store(name, key, password, origin="imported-key")

    def import_keystore_file(
        self,
        name: str,
        source: str | os.PathLike[str],
        source_password: str,
        password: str | None = None,
    ) -> KeystoreInfo:
        """Import a V3 keystore from another tool, re-encrypted with scrypt.

        Args:
            name: Name to store it under.
            source: The keystore file (scrypt or pbkdf2).
            source_password: Its password.
            password: Password for the stored copy (default: ``source_password``).

        Raises:
            WrongPasswordError: ``source_password`` does not open ``source``.
            InvalidKeystoreError: ``source`` is not a V3 keystore, or its address field does not
                match its key.
        """
        source_path = Path(source)
        try:
            keystore = json.loads(source_path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise KeystoreNotFoundError(f"no file at {source_path}; check the path") from exc
        except (OSError, ValueError) as exc:
            raise InvalidKeystoreError(f"cannot read {source_path} as JSON: {exc}") from exc
        if not isinstance(keystore, dict):
            raise InvalidKeystoreError(f"{source_path} is not a V3 keystore (not a JSON object)")
        key = _decrypt(keystore, source_password, f"keystore file {source_path}")
        stated = _stated_address(keystore)
        actual = Account.from_key(key).address
        if stated is not None and stated != actual:
            raise InvalidKeystoreError(
                f"{source_path} says it holds {stated} but its key belongs to {actual}; "
                "the file was modified, do not use it"
            )
        new_password = source_password if password is None else password
        return self._store(name, key, new_password, origin="imported-keystore")

    def _store(self, name: str, key: bytes, password: str, *, origin: str) -> KeystoreInfo:
        address = Account.from_key(key).address
        for existing in self.list_all():
            if existing.address == address:
                raise WalletExistsError(
                    f"{address} is already stored as keystore {existing.name!r}; use that one"
                )
        keystore = Account.encrypt(key, password, kdf="scrypt", iterations=self.scrypt_n)
        keystore[META_KEY] = {"created": utc_now_iso(), "origin": origin}
        path = self.dir.create_json(KIND, name, keystore)
        return self._info(name, path, keystore)

    def _load(self, name: str) -> dict[str, Any]:
        keystore = self.dir.read_json(KIND, name)
        if keystore is None:
            known = ", ".join(self.dir.names(KIND)) or "none yet"
            raise KeystoreNotFoundError(
                f"no keystore named {name!r} in {self.dir.root} (known: {known}); "
                "create or import one first"
            )
        return keystore

    def _info(self, name: str, path: Path, keystore: Mapping[str, Any]) -> KeystoreInfo:
        address = _stated_address(keystore)
        if address is None:
            raise InvalidKeystoreError(
                f"{path} has no valid address field; restore it from a backup"
            )
        meta = keystore.get(META_KEY)
        meta = meta if isinstance(meta, Mapping) else {}
        return KeystoreInfo(
            name=name,
            address=address,
            path=path,
            created=str(meta.get("created", "")),
            origin=str(meta.get("origin", "")),
        )

    def info(self, name: str) -> KeystoreInfo:
        """Public facts about keystore ``name`` (no password needed).

        Raises:
            KeystoreNotFoundError: Nothing is stored under ``name``.
        """
        return self._info(name, self.dir.path(KIND, name), self._load(name))

    def list_all(self) -> list[KeystoreInfo]:
        """Every stored keystore, sorted by name."""
        return [self.info(name) for name in self.dir.names(KIND)]

    def unlock(self, name: str, password: str) -> LocalAccount:
        """Decrypt keystore ``name`` into a signing account (held in memory only).

        Raises:
            KeystoreNotFoundError: Nothing is stored under ``name``.
            WrongPasswordError: The password is wrong.
            InvalidKeystoreError: The file is damaged, or its address does not match its key.
        """
        keystore = self._load(name)
        key = _decrypt(keystore, password, f"keystore {name!r}")
        account: LocalAccount = Account.from_key(key)
        if _stated_address(keystore) != account.address:
            raise InvalidKeystoreError(
                f"keystore {name!r} lists another address than its key's; "
                "the file was modified, restore it from a backup"
            )
        return account
