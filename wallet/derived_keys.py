"""The seller's X25519 shipping key derived from a wallet signature, as the storefront does.

A browser has no key file, so ``web/`` derives the shipping key from the account's
signature of one fixed EIP-712 message (docs/web.md, "The shipping key"). This module
derives the same key from the same account, so a seller can open in Python what buyers
sealed to the key published from the browser, and the reverse::

    signature = sign_typed_data(shipping_key_typed_data(account))   # 65 bytes, v in {27, 28}
    private   = HKDF-SHA256(ikm=signature, salt=account's 20 address bytes,
                            info="bazaar-x25519-key-v1", length=32)

Signatures by local keys (eth-account, anvil, hardware wallets) are deterministic
(RFC 6979), so the key is the same every time. Whoever obtains the signature can derive the
key: the message says so, and the storefront never sends it anywhere.

Example:
    >>> from eth_account import Account
    >>> account = Account.from_key("0x" + "11" * 32)
    >>> key = derive_shipping_key(account)
    >>> len(public_key_bytes(key))
    32
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from eth_account.signers.local import LocalAccount
from eth_utils.address import to_checksum_address

from wallet.shipping import public_key_bytes

SHIPPING_KEY_INFO = b"bazaar-x25519-key-v1"
PURPOSE = (
    "Unlock my Bazaar shipping key. Sign only on the Bazaar storefront: "
    "whoever has this signature can read my buyers' addresses."
)

__all__ = [
    "derive_shipping_key",
    "private_key_from_signature",
    "public_key_bytes",
    "shipping_key_typed_data",
]


def shipping_key_typed_data(address: str) -> dict[str, Any]:
    """The fixed EIP-712 message for ``address`` (no chain id: one key on every chain)."""
    return {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
            ],
            "ShippingKey": [
                {"name": "purpose", "type": "string"},
                {"name": "account", "type": "address"},
                {"name": "version", "type": "uint256"},
            ],
        },
        "primaryType": "ShippingKey",
        "domain": {"name": "Bazaar", "version": "1"},
        "message": {
            "purpose": PURPOSE,
            "account": to_checksum_address(address),
            "version": 1,
        },
    }


def private_key_from_signature(address: str, signature: bytes) -> X25519PrivateKey:
    """The shipping key from the 65-byte signature of :func:`shipping_key_typed_data`.

    Raises:
        ValueError: The signature is not 65 bytes.
    """
    if len(signature) != 65:
        raise ValueError(f"a signature is 65 bytes, got {len(signature)}")
    sig = bytearray(signature)
    if sig[64] < 27:  # some wallets return v as 0/1
        sig[64] += 27
    salt = bytes.fromhex(to_checksum_address(address)[2:])
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=SHIPPING_KEY_INFO).derive(
        bytes(sig)
    )
    return X25519PrivateKey.from_private_bytes(raw)


def derive_shipping_key(account: LocalAccount) -> X25519PrivateKey:
    """Sign the fixed message with ``account`` and derive its shipping key."""
    signed = account.sign_typed_data(full_message=shipping_key_typed_data(account.address))
    return private_key_from_signature(account.address, bytes(signed.signature))
