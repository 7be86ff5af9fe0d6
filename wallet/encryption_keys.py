"""The seller's X25519 key pair for shipping details, sealed at rest like a keystore.

``<wallet dir>/encryption-keys/<name>.json`` (0600) holds the public key in the clear (it is
what the seller publishes with ``publishEncryptionKey``) and the private key sealed with
:mod:`wallet.sealing`. The private key is only ever decrypted in memory to open an envelope;
no function returns it.

Example:
    >>> import tempfile
    >>> from wallet.shipping import encrypt_for
    >>> keys = EncryptionKeys(tempfile.mkdtemp(), scrypt_n=2**10)
    >>> info = keys.create("shop", "pw")
    >>> keys.decrypt("shop", "pw", encrypt_for(info.public_key, b"parcel"))
    b'parcel'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from eth_utils.address import to_checksum_address

from wallet.errors import EncryptionKeyNotFoundError, InvalidWalletFileError
from wallet.sealing import SCRYPT_N, check_scrypt_n, seal, unseal
from wallet.shipping import decrypt_with, public_key_bytes
from wallet.shipping_details import ShippingDetails, open_shipping_details
from wallet.storage import WalletDir, utc_now_iso

KIND = "encryption-keys"
FILE_KIND = "bazaar-x25519-key"
FILE_VERSION = 1


@dataclass(frozen=True)
class EncryptionKeyInfo:
    """Public facts about a stored shipping key.

    Attributes:
        name: Its name in the wallet directory.
        public_key: The X25519 public key as 0x-hex bytes32, ready to publish.
        path: The key file.
        created: When it was made, ISO 8601 UTC.
        owner: The seller address it is meant for, if given.
    """

    name: str
    public_key: str
    path: Path
    created: str
    owner: str | None

    def public_data(self) -> dict[str, str]:
        """The exportable view (no secret)."""
        data = {
            "name": self.name,
            "public_key": self.public_key,
            "path": str(self.path),
            "created": self.created,
        }
        if self.owner is not None:
            data["owner"] = self.owner
        return data


class EncryptionKeys:
    """The shipping encryption keys of one wallet directory."""

    def __init__(
        self,
        wallet_dir: WalletDir | str | os.PathLike[str] | None = None,
        *,
        scrypt_n: int = SCRYPT_N,
    ) -> None:
        """Use ``wallet_dir`` (default: ``$BAZAAR_KEYSTORE_DIR`` or ``~/.bazaar/keystores``)."""
        self.dir = wallet_dir if isinstance(wallet_dir, WalletDir) else WalletDir(wallet_dir)
        self.scrypt_n = check_scrypt_n(scrypt_n)

    def create(self, name: str, password: str, *, owner: str | None = None) -> EncryptionKeyInfo:
        """Generate a key pair and store it, the private half sealed under ``password``.

        Args:
            name: Name to store it under.
            password: Protects the private key.
            owner: The seller address that will publish it (for display only).
        """
        private_key = X25519PrivateKey.generate()
        raw = private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        data = {
            "kind": FILE_KIND,
            "version": FILE_VERSION,
            "created": utc_now_iso(),
            "public_key": "0x" + public_key_bytes(private_key).hex(),
            "owner": to_checksum_address(owner) if owner is not None else None,
            "crypto": seal(raw, password, scrypt_n=self.scrypt_n),
        }
        path = self.dir.create_json(KIND, name, data)
        return self._info(name, path, data)

    def _load(self, name: str) -> dict[str, Any]:
        data = self.dir.read_json(KIND, name)
        if data is None:
            known = ", ".join(self.dir.names(KIND)) or "none yet"
            raise EncryptionKeyNotFoundError(
                f"no encryption key named {name!r} in {self.dir.root} (known: {known}); "
                "create one first"
            )
        if data.get("kind") != FILE_KIND or data.get("version") != FILE_VERSION:
            raise InvalidWalletFileError(
                f"{self.dir.path(KIND, name)} is not a version-{FILE_VERSION} Bazaar encryption key"
            )
        return data

    def _info(self, name: str, path: Path, data: dict[str, Any]) -> EncryptionKeyInfo:
        owner = data.get("owner")
        return EncryptionKeyInfo(
            name=name,
            public_key=str(data["public_key"]),
            path=path,
            created=str(data.get("created", "")),
            owner=str(owner) if owner else None,
        )

    def info(self, name: str) -> EncryptionKeyInfo:
        """Public facts about key ``name``, including the public key to publish."""
        return self._info(name, self.dir.path(KIND, name), self._load(name))

    def list_all(self) -> list[EncryptionKeyInfo]:
        """Every stored encryption key, sorted by name."""
        return [self.info(name) for name in self.dir.names(KIND)]

    def _private_key(self, name: str, password: str) -> X25519PrivateKey:
        data = self._load(name)
        raw = unseal(data["crypto"], password, what=f"encryption key {name!r}")
        private_key = X25519PrivateKey.from_private_bytes(raw)
        if "0x" + public_key_bytes(private_key).hex() != data["public_key"]:
            raise InvalidWalletFileError(
                f"encryption key {name!r} lists another public key than its private key's; "
                "the file was modified, do not publish its public key"
            )
        return private_key

    def decrypt(self, name: str, password: str, envelope: bytes) -> bytes:
        """Open an envelope encrypted to key ``name``.

        Raises:
            WrongPasswordError: The password is wrong.
            DecryptionFailedError: The envelope was modified or is for another key.
        """
        return decrypt_with(self._private_key(name, password), envelope)

    def open_shipping_details(self, name: str, password: str, envelope: bytes) -> ShippingDetails:
        """Open and parse shipping details encrypted to key ``name``."""
        return open_shipping_details(self._private_key(name, password), envelope)
