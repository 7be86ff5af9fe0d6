"""Sign-In with Ethereum (EIP-4361): build, parse and verify sign-in messages.

Implemented here rather than with the ``siwe`` package, whose pinned dependencies clash
with web3 7. The API (issue 7) reuses :func:`parse_siwe_message` and :func:`verify_siwe`.

Example:
    >>> from datetime import UTC, datetime
    >>> message = build_siwe_message(
    ...     domain="bazaar.example", address="0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    ...     uri="https://bazaar.example", chain_id=31337)
    >>> parse_siwe_message(message.to_text()) == message
    True
"""

from wallet.siwe.message import SiweMessage, build_siwe_message, new_nonce
from wallet.siwe.parse import parse_siwe_message
from wallet.siwe.verify import ContractSignatureCheck, sign_siwe_message, verify_siwe

__all__ = [
    "ContractSignatureCheck",
    "SiweMessage",
    "build_siwe_message",
    "new_nonce",
    "parse_siwe_message",
    "sign_siwe_message",
    "verify_siwe",
]
