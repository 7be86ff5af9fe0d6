"""The wallet branch of Bazaar's exception tree.

Everything here derives from :class:`core.errors.WalletError` (itself a
:class:`~core.errors.BazaarError`), and where it fits from a kind branch of
:mod:`core.errors` too (``InvalidInputError``, ``NotFoundError``, ``ConflictError``), so
callers can catch one failure precisely, a family (``SiweError``,
``InvalidPaymentLinkError``), or every wallet failure at once. Messages say what to do next
and never contain secrets (passwords, keys, mnemonics, plaintext addresses).

Example:
    >>> from core.errors import BazaarError
    >>> try:
    ...     raise SiweExpiredError("the sign-in message expired at 2024-01-01T00:00:00Z")
    ... except BazaarError as exc:
    ...     print(isinstance(exc, SiweError), type(exc).__name__)
    True SiweExpiredError
"""

from __future__ import annotations

from core.errors import ConflictError, InvalidInputError, NotFoundError, WalletError

__all__ = [
    "DecryptionFailedError",
    "EncryptionKeyNotFoundError",
    "EncryptionKeyNotPublishedError",
    "EnsNameNotSupportedError",
    "HdWalletNotFoundError",
    "InvalidEncryptionKeyError",
    "InvalidKeystoreError",
    "InvalidMnemonicError",
    "InvalidPaymentLinkError",
    "InvalidPrivateKeyError",
    "InvalidShippingDetailsError",
    "InvalidSiweMessageError",
    "InvalidWalletFileError",
    "InvalidWalletNameError",
    "KeystoreNotFoundError",
    "PasswordUnavailableError",
    "SigningError",
    "SiweChainIdMismatchError",
    "SiweDomainMismatchError",
    "SiweError",
    "SiweExpiredError",
    "SiweNonceMismatchError",
    "SiweNotYetValidError",
    "SiweSignatureInvalidError",
    "SiweUriMismatchError",
    "WalletDirError",
    "WalletError",
    "WalletExistsError",
    "WalletNotFoundError",
    "WrongPasswordError",
]

# ----------------------------------------------------------------------------- storage


class WalletDirError(WalletError):
    """The wallet directory cannot be created, read or written."""


class InvalidWalletNameError(WalletError, InvalidInputError):
    """A keystore, HD wallet or encryption key name is not a safe file name."""


class WalletNotFoundError(WalletError, NotFoundError):
    """No stored secret has the requested name."""


class KeystoreNotFoundError(WalletNotFoundError):
    """No keystore has the requested name."""


class HdWalletNotFoundError(WalletNotFoundError):
    """No HD wallet has the requested name."""


class EncryptionKeyNotFoundError(WalletNotFoundError):
    """No shipping encryption key has the requested name."""


class WalletExistsError(WalletError, ConflictError):
    """A secret with that name (or that address) is already stored."""


class InvalidWalletFileError(WalletError):
    """A file in the wallet directory is not in the expected format."""


class InvalidKeystoreError(InvalidWalletFileError):
    """A keystore file is not a readable eth-account V3 keystore."""


# ----------------------------------------------------------------------------- secrets


class PasswordUnavailableError(WalletError):
    """No password could be obtained (variable unset, no terminal, empty or mismatched)."""


class WrongPasswordError(WalletError):
    """The password does not open the secret (the MAC check failed)."""


class InvalidPrivateKeyError(WalletError, InvalidInputError):
    """Input is not a valid secp256k1 private key (the message never repeats the input)."""


class InvalidMnemonicError(WalletError, InvalidInputError):
    """A phrase is not a valid BIP-39 mnemonic."""


class SigningError(WalletError, InvalidInputError):
    """A transaction or typed-data message cannot be signed as given."""


# ----------------------------------------------------------------------------- EIP-681


class InvalidPaymentLinkError(WalletError, InvalidInputError):
    """Text is not a valid EIP-681 payment link, or not the kind of link expected."""


class EnsNameNotSupportedError(InvalidPaymentLinkError):
    """The link names an ENS name; Bazaar has no resolver and needs a 0x address."""


# ----------------------------------------------------------------------------- EIP-4361


class SiweError(WalletError, InvalidInputError):
    """A Sign-In with Ethereum message is malformed or does not verify."""


class InvalidSiweMessageError(SiweError):
    """The text does not follow the EIP-4361 grammar, or a field is invalid."""


class SiweSignatureInvalidError(SiweError):
    """The signature is malformed or was not made by the message's address."""


class SiweExpiredError(SiweError):
    """The message's Expiration Time has passed."""


class SiweNotYetValidError(SiweError):
    """The message's Not Before time has not come yet."""


class SiweDomainMismatchError(SiweError):
    """The message was made for another domain (or scheme): possible phishing."""


class SiweUriMismatchError(SiweError):
    """The message's URI is not the one this service expects."""


class SiweChainIdMismatchError(SiweError):
    """The message is bound to another chain."""


class SiweNonceMismatchError(SiweError):
    """The message's nonce is not the one this service issued."""


# ----------------------------------------------------------------------------- shipping


class InvalidEncryptionKeyError(WalletError, InvalidInputError):
    """A shipping encryption public key is malformed or unusable."""


class EncryptionKeyNotPublishedError(InvalidEncryptionKeyError):
    """The seller has not published an encryption key (it reads as zero on chain)."""


class DecryptionFailedError(WalletError):
    """An envelope is malformed, was modified, or was not encrypted to this key."""


class InvalidShippingDetailsError(WalletError, InvalidInputError):
    """Shipping details are missing a field, too long, or not in the expected format."""
