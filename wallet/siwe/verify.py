"""Signing a Sign-In with Ethereum message, and verifying it as the API does for every write.

Verification parses the exact text the wallet signed, recovers the EIP-191 (``personal_sign``)
signer, and checks that the message was made for this service: domain (and scheme), URI,
chain id, nonce, and the validity window at ``now``. Each failure has its own error type
under :class:`~wallet.errors.SiweError`. Contract wallets (EIP-1271) can be accepted by
passing ``contract_signature_valid``, which the API backs with an ``isValidSignature`` call.

Example:
    >>> from datetime import UTC, datetime
    >>> from eth_account import Account
    >>> from wallet.siwe.message import build_siwe_message
    >>> from wallet.signing import personal_sign
    >>> account = Account.from_key("0x" + "11" * 32)
    >>> text = build_siwe_message(domain="bazaar.example", address=account.address,
    ...     uri="https://bazaar.example", chain_id=1).to_text()
    >>> verify_siwe(text, personal_sign(account, text), expected_domain="bazaar.example",
    ...     expected_chain_id=1, now=datetime.now(UTC)) == account.address
    True
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from eth_account.messages import defunct_hash_message
from eth_account.signers.local import LocalAccount

from wallet.errors import (
    SigningError,
    SiweChainIdMismatchError,
    SiweDomainMismatchError,
    SiweExpiredError,
    SiweNonceMismatchError,
    SiweNotYetValidError,
    SiweSignatureInvalidError,
    SiweUriMismatchError,
)
from wallet.signing import personal_sign, recover_personal_signer, signature_bytes
from wallet.siwe.message import SiweMessage
from wallet.siwe.parse import parse_siwe_message


def sign_siwe_message(account: LocalAccount, message: SiweMessage) -> str:
    """Sign ``message``'s exact text with ``personal_sign`` (EIP-191), as wallets do.

    Raises:
        SigningError: ``account`` is not the message's address (the server would reject it).
    """
    if account.address != message.address:
        raise SigningError(
            f"the message is for {message.address}, but the key is {account.address}; "
            "build the message with the signing account's address"
        )
    return personal_sign(account, message.to_text())


ContractSignatureCheck = Callable[[str, bytes, bytes], bool]
"""``(address, eip191_digest, signature) -> valid``: an EIP-1271 ``isValidSignature`` call."""


def _check_signature(
    message: SiweMessage,
    text: str,
    signature: str | bytes,
    contract_signature_valid: ContractSignatureCheck | None,
) -> None:
    try:
        raw = signature_bytes(signature)
    except SigningError as exc:
        raise SiweSignatureInvalidError(f"malformed signature: {exc}") from exc
    try:
        signer: str | None = recover_personal_signer(text, raw)
    except SigningError:
        signer = None
    if signer == message.address:
        return
    if contract_signature_valid is not None:
        digest = bytes(defunct_hash_message(text=text))
        if contract_signature_valid(message.address, digest, raw):
            return
    detail = f"it was signed by {signer}" if signer else "no signer can be recovered from it"
    raise SiweSignatureInvalidError(
        f"the signature is not {message.address}'s ({detail}); sign the exact message again"
    )


def _check_binding(
    message: SiweMessage,
    expected_domain: str,
    expected_scheme: str | None,
    expected_uri: str | None,
    expected_chain_id: int,
    expected_nonce: str | None,
) -> None:
    if message.domain.lower() != expected_domain.lower():
        raise SiweDomainMismatchError(
            f"the message is for {message.domain!r}, not {expected_domain!r}; "
            "never sign messages for another site"
        )
    scheme = message.scheme or "https"  # EIP-4361: a missing scheme means https
    if expected_scheme is not None and scheme.lower() != expected_scheme.lower():
        raise SiweDomainMismatchError(f"the message is for {scheme}://, not {expected_scheme}://")
    if expected_uri is not None and message.uri != expected_uri:
        raise SiweUriMismatchError(f"the message is for URI {message.uri!r}, not {expected_uri!r}")
    if message.chain_id != expected_chain_id:
        raise SiweChainIdMismatchError(
            f"the message is for chain {message.chain_id}, this service uses chain "
            f"{expected_chain_id}; switch networks and sign in again"
        )
    if expected_nonce is not None and message.nonce != expected_nonce:
        raise SiweNonceMismatchError(
            "the message's nonce is not the one this service issued; request a new nonce"
        )


def _check_time(message: SiweMessage, now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware; use datetime.now(UTC)")
    expires = message.expiration_at
    if expires is not None and now >= expires:
        raise SiweExpiredError(
            f"the sign-in message expired at {message.expiration_time}; sign in again"
        )
    not_before = message.not_before_at
    if not_before is not None and now < not_before:
        raise SiweNotYetValidError(
            f"the sign-in message is valid only from {message.not_before}; retry then"
        )


def verify_siwe(
    message_text: str,
    signature: str | bytes,
    *,
    expected_domain: str,
    expected_chain_id: int,
    now: datetime,
    expected_uri: str | None = None,
    expected_nonce: str | None = None,
    expected_scheme: str | None = None,
    contract_signature_valid: ContractSignatureCheck | None = None,
) -> str:
    """Verify a signed EIP-4361 message and return the signer's checksummed address.

    Args:
        message_text: The exact text that was signed.
        signature: The 65-byte ``personal_sign`` signature, 0x-hex or bytes.
        expected_domain: This service's authority (compared case-insensitively).
        expected_chain_id: The chain id sessions must be bound to.
        now: The current time (aware), passed in so callers and tests control the clock.
        expected_uri: When given, the message's URI must be exactly this.
        expected_nonce: When given, the message's nonce must be exactly this (the API
            passes the nonce it issued, which also prevents replays).
        expected_scheme: When given, the message's scheme (https if absent) must match.
        contract_signature_valid: Fallback for contract wallets, called when the
            signature does not recover to the message's address.

    Raises:
        InvalidSiweMessageError: The text is not EIP-4361.
        SiweSignatureInvalidError: Malformed signature, or not by the message's address.
        SiweDomainMismatchError: Made for another domain or scheme.
        SiweUriMismatchError: Made for another URI.
        SiweChainIdMismatchError: Bound to another chain.
        SiweNonceMismatchError: Not the issued nonce.
        SiweExpiredError: ``now`` is at or after the Expiration Time.
        SiweNotYetValidError: ``now`` is before the Not Before time.
    """
    message = parse_siwe_message(message_text)
    _check_signature(message, message_text, signature, contract_signature_valid)
    _check_binding(
        message, expected_domain, expected_scheme, expected_uri, expected_chain_id, expected_nonce
    )
    _check_time(message, now)
    return message.address
