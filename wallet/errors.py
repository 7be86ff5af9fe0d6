"""The wallet branch of Bazaar's exception tree.

Everything here derives from :class:`chain.errors.WalletError` (itself a
:class:`~chain.errors.BazaarError`), so callers can catch one failure precisely, a family
(``SiweError``, ``InvalidPaymentLink``), or every wallet failure at once. Messages say what
to do next and never contain secrets (passwords, keys, mnemonics, plaintext addresses).

Example:
    >>> from chain.errors import BazaarError
    >>> try:
    ...     raise SiweExpired("the sign-in message expired at 2024-01-01T00:00:00Z")
    ... except BazaarError as exc:
    ...     print(isinstance(exc, SiweError), type(exc).__name__)
    True SiweExpired
"""

from __future__ import annotations

from chain.errors import WalletError

__all__ = [
    "DecryptionFailed",
    "EncryptionKeyNotFound",
    "EncryptionKeyNotPublished",
    "EnsNameNotSupported",
    "HdWalletNotFound",
    "InvalidEncryptionKey",
    "InvalidKeystore",
    "InvalidMnemonic",
    "InvalidPaymentLink",
    "InvalidPrivateKey",
    "InvalidShippingDetails",
    "InvalidSiweMessage",
    "InvalidWalletFile",
    "InvalidWalletName",
    "KeystoreNotFound",
    "PasswordUnavailable",
    "SigningError",
    "SiweChainIdMismatch",
    "SiweDomainMismatch",
    "SiweError",
    "SiweExpired",
    "SiweNonceMismatch",
    "SiweNotYetValid",
    "SiweSignatureInvalid",
    "SiweUriMismatch",
    "WalletDirError",
    "WalletError",
    "WalletExists",
    "WalletNotFound",
    "WrongPassword",
]

# ----------------------------------------------------------------------------- storage


class WalletDirError(WalletError):
    """The wallet directory cannot be created, read or written."""


class InvalidWalletName(WalletError):
    """A keystore, HD wallet or encryption key name is not a safe file name."""


class WalletNotFound(WalletError):
    """No stored secret has the requested name."""


class KeystoreNotFound(WalletNotFound):
    """No keystore has the requested name."""


class HdWalletNotFound(WalletNotFound):
    """No HD wallet has the requested name."""


class EncryptionKeyNotFound(WalletNotFound):
    """No shipping encryption key has the requested name."""


class WalletExists(WalletError):
    """A secret with that name (or that address) is already stored."""


class InvalidWalletFile(WalletError):
    """A file in the wallet directory is not in the expected format."""


class InvalidKeystore(InvalidWalletFile):
    """A keystore file is not a readable eth-account V3 keystore."""


# ----------------------------------------------------------------------------- secrets


class PasswordUnavailable(WalletError):
    """No password could be obtained (variable unset, no terminal, empty or mismatched)."""


class WrongPassword(WalletError):
    """The password does not open the secret (the MAC check failed)."""


class InvalidPrivateKey(WalletError):
    """Input is not a valid secp256k1 private key (the message never repeats the input)."""


class InvalidMnemonic(WalletError):
    """A phrase is not a valid BIP-39 mnemonic."""


class SigningError(WalletError):
    """A transaction or typed-data message cannot be signed as given."""


# ----------------------------------------------------------------------------- EIP-681


class InvalidPaymentLink(WalletError):
    """Text is not a valid EIP-681 payment link, or not the kind of link expected."""


class EnsNameNotSupported(InvalidPaymentLink):
    """The link names an ENS name; Bazaar has no resolver and needs a 0x address."""


# ----------------------------------------------------------------------------- EIP-4361


class SiweError(WalletError):
    """A Sign-In with Ethereum message is malformed or does not verify."""


class InvalidSiweMessage(SiweError):
    """The text does not follow the EIP-4361 grammar, or a field is invalid."""


class SiweSignatureInvalid(SiweError):
    """The signature is malformed or was not made by the message's address."""


class SiweExpired(SiweError):
    """The message's Expiration Time has passed."""


class SiweNotYetValid(SiweError):
    """The message's Not Before time has not come yet."""


class SiweDomainMismatch(SiweError):
    """The message was made for another domain (or scheme): possible phishing."""


class SiweUriMismatch(SiweError):
    """The message's URI is not the one this service expects."""


class SiweChainIdMismatch(SiweError):
    """The message is bound to another chain."""


class SiweNonceMismatch(SiweError):
    """The message's nonce is not the one this service issued."""


# ----------------------------------------------------------------------------- shipping


class InvalidEncryptionKey(WalletError):
    """A shipping encryption public key is malformed or unusable."""


class EncryptionKeyNotPublished(InvalidEncryptionKey):
    """The seller has not published an encryption key (it reads as zero on chain)."""


class DecryptionFailed(WalletError):
    """An envelope is malformed, was modified, or was not encrypted to this key."""


class InvalidShippingDetails(WalletError):
    """Shipping details are missing a field, too long, or not in the expected format."""
