"""Password encryption of arbitrary secrets, in the exact format of a V3 keystore's ``crypto``.

eth-account V3 keystores only hold 32-byte private keys. HD mnemonics and X25519 keys are
sealed here with the same scheme, so one audited-by-many design protects everything:

1. ``derived = scrypt(password_utf8, salt, n, r=8, p=1, dklen=32)`` with a random 32-byte salt;
2. ``ciphertext = AES-128-CTR(key=derived[:16], iv=random 16 bytes)(secret)``;
3. ``mac = keccak256(derived[16:32] || ciphertext)``, checked in constant time on opening.

The output is the ``crypto`` object of a V3 keystore, so ``Account.decrypt`` can open a sealed
32-byte secret and :func:`unseal` can open an eth-account keystore's ``crypto``.

Example:
    >>> crypto = seal(b"secret", "pw", scrypt_n=2**10)
    >>> crypto["kdf"], crypto["cipher"], unseal(crypto, "pw", what="demo")
    ('scrypt', 'aes-128-ctr', b'secret')
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from eth_utils.crypto import keccak

from wallet.errors import InvalidWalletFileError, WrongPasswordError

SCRYPT_N = 2**18
"""Default scrypt cost, the same as eth-account's and geth's standard keystores."""
SCRYPT_R = 8
SCRYPT_P = 1
DKLEN = 32
MIN_SCRYPT_N = 2**10
MAX_SCRYPT_N = 2**20  # 1 GiB of scrypt memory; more would let a modified file exhaust RAM


def check_scrypt_n(n: int) -> int:
    """Return ``n`` if it is a power of two within [2**10, 2**20], else raise ``ValueError``."""
    if n < MIN_SCRYPT_N or n > MAX_SCRYPT_N or n & (n - 1):
        raise ValueError(f"scrypt n must be a power of two from 2**10 to 2**20, got {n}")
    return n


def _derive(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return Scrypt(salt=salt, length=dklen, n=n, r=r, p=p).derive(password.encode("utf-8"))


def _ctr(key: bytes, iv: bytes, data: bytes) -> bytes:
    cipher = Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()
    return cipher.update(data) + cipher.finalize()


def seal(secret: bytes, password: str, *, scrypt_n: int = SCRYPT_N) -> dict[str, Any]:
    """Encrypt ``secret`` under ``password``; returns a V3 ``crypto`` object (JSON-ready).

    Args:
        secret: Bytes to protect (any length).
        password: The password; encoded as UTF-8 without normalization, like eth-account.
        scrypt_n: scrypt cost; keep the default outside tests.
    """
    check_scrypt_n(scrypt_n)
    salt, iv = os.urandom(32), os.urandom(16)
    derived = _derive(password, salt, scrypt_n, SCRYPT_R, SCRYPT_P, DKLEN)
    ciphertext = _ctr(derived[:16], iv, secret)
    return {
        "cipher": "aes-128-ctr",
        "cipherparams": {"iv": iv.hex()},
        "ciphertext": ciphertext.hex(),
        "kdf": "scrypt",
        "kdfparams": {
            "dklen": DKLEN,
            "n": scrypt_n,
            "p": SCRYPT_P,
            "r": SCRYPT_R,
            "salt": salt.hex(),
        },
        "mac": keccak(derived[16:32] + ciphertext).hex(),
    }


def _field(crypto: Mapping[str, Any], *path: str) -> Any:
    value: Any = crypto
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            raise KeyError(".".join(path))
        value = value[key]
    return value


def unseal(crypto: Mapping[str, Any], password: str, *, what: str) -> bytes:
    """Decrypt a V3 ``crypto`` object made by :func:`seal` (or an eth-account scrypt keystore).

    Args:
        crypto: The sealed object.
        password: The password it was sealed with.
        what: Names the secret in error messages, e.g. ``"HD wallet 'main'"``.

    Raises:
        WrongPasswordError: The MAC does not match: wrong password, or the file was modified.
        InvalidWalletFileError: The object is not scrypt + AES-128-CTR in the V3 layout.
    """
    try:
        if _field(crypto, "kdf") != "scrypt" or _field(crypto, "cipher") != "aes-128-ctr":
            raise ValueError("only scrypt with aes-128-ctr is supported")
        params = _field(crypto, "kdfparams")
        n, r, p, dklen = (int(_field(params, k)) for k in ("n", "r", "p", "dklen"))
        check_scrypt_n(n)
        if not (1 <= r <= 32 and 1 <= p <= 16 and dklen == DKLEN):
            raise ValueError(f"unsupported scrypt parameters r={r} p={p} dklen={dklen}")
        salt = bytes.fromhex(str(_field(params, "salt")))
        iv = bytes.fromhex(str(_field(crypto, "cipherparams", "iv")))
        ciphertext = bytes.fromhex(str(_field(crypto, "ciphertext")))
        mac = bytes.fromhex(str(_field(crypto, "mac")))
        if len(iv) != 16:
            raise ValueError("the AES-CTR iv must be 16 bytes")
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidWalletFileError(
            f"{what} is not a valid encrypted secret ({exc}); restore the file from a backup"
        ) from exc
    derived = _derive(password, salt, n, r, p, dklen)
    if not hmac.compare_digest(keccak(derived[16:32] + ciphertext), mac):
        raise WrongPasswordError(
            f"wrong password for {what} (or its file was modified); try again, "
            "checking the keyboard layout and caps lock"
        )
    return _ctr(derived[:16], iv, ciphertext)
