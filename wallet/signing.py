"""Local signing: EIP-1559 transactions, EIP-712 typed data and EIP-191 personal messages.

Keys never leave the process: everything here takes an eth-account ``LocalAccount`` (from
:class:`wallet.keystore.Keystores` or :class:`wallet.hd.HdWallets`) and returns signatures
or raw signed transactions for any RPC to broadcast. The structs the contracts verify
(Marketplace offers, EIP-2612 permits) are built in :mod:`chain.marketplace.signing` and
:mod:`chain.signing`, re-exported here; anything else (vouchers, plan offers, third-party
messages) goes through the generic :func:`sign_typed_data`. To fill nonce, fees and gas from
a node, use :meth:`chain.tx.Transactor.prepare`.

Example:
    >>> from eth_account import Account
    >>> account = Account.from_key("0x" + "11" * 32)
    >>> signature = personal_sign(account, "hello")
    >>> recover_personal_signer("hello", signature) == account.address
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eth_account import Account
from eth_account.messages import SignableMessage, encode_defunct, encode_typed_data
from eth_account.signers.local import LocalAccount
from eth_keys.exceptions import BadSignature
from eth_utils.address import to_checksum_address
from eth_utils.exceptions import ValidationError
from hexbytes import HexBytes

from chain.marketplace.signing import offer_typed_data, sign_offer
from chain.signing import Permit, sign_permit, typed_data_digest
from wallet.errors import SigningError

__all__ = [
    "EIP1559_FIELDS",
    "Permit",
    "SignedTransaction",
    "eip1559_transaction",
    "offer_typed_data",
    "personal_sign",
    "recover_personal_signer",
    "recover_typed_data_signer",
    "signature_bytes",
    "sign_offer",
    "sign_permit",
    "sign_transaction",
    "sign_typed_data",
    "typed_data_hash",
]

EIP1559_FIELDS = ("chainId", "nonce", "gas", "maxFeePerGas", "maxPriorityFeePerGas")
_QUANTITIES = (*EIP1559_FIELDS, "value")
_ENCODING_ERRORS = (ValueError, TypeError, KeyError, AttributeError, ValidationError)
_RECOVERY_ERRORS = (*_ENCODING_ERRORS, BadSignature)


@dataclass(frozen=True)
class SignedTransaction:
    """A signed transaction, ready for ``eth_sendRawTransaction``.

    Attributes:
        raw_transaction: The RLP-encoded signed transaction, 0x-hex.
        tx_hash: Its hash, 0x-hex (known before it is sent).
        sender: The signing address.
    """

    raw_transaction: str
    tx_hash: str
    sender: str


def eip1559_transaction(
    *,
    chain_id: int,
    nonce: int,
    gas: int,
    max_fee_per_gas: int,
    max_priority_fee_per_gas: int,
    to: str | None = None,
    value: int = 0,
    data: bytes | str = b"",
) -> dict[str, Any]:
    """A complete type-2 transaction dict (``to=None`` deploys a contract).

    Example:
        >>> eip1559_transaction(chain_id=1, nonce=0, gas=21000, max_fee_per_gas=2,
        ...                     max_priority_fee_per_gas=1, to="0x" + "ab" * 20)["to"]
        '0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB'
    """
    tx: dict[str, Any] = {
        "type": 2,
        "chainId": chain_id,
        "nonce": nonce,
        "gas": gas,
        "maxFeePerGas": max_fee_per_gas,
        "maxPriorityFeePerGas": max_priority_fee_per_gas,
        "value": value,
        "data": HexBytes(data).to_0x_hex(),
    }
    if to is not None:
        tx["to"] = to_checksum_address(to)
    return tx


def _check_eip1559(account: LocalAccount, tx: Mapping[str, Any]) -> dict[str, Any]:
    params = dict(tx)
    kind = params.pop("type", 2)
    if (int(kind, 16) if isinstance(kind, str) else int(kind)) != 2:
        raise SigningError(f"only EIP-1559 (type 2) transactions are signed here, got type {kind}")
    if "gasPrice" in params:
        raise SigningError("gasPrice belongs to legacy transactions; use maxFeePerGas instead")
    missing = [field for field in EIP1559_FIELDS if params.get(field) is None]
    if missing:
        raise SigningError(
            f"transaction lacks {', '.join(missing)}; fill them with eip1559_transaction() "
            "or chain.tx.Transactor.prepare()"
        )
    for field in _QUANTITIES:
        quantity = params.get(field, 0)
        if type(quantity) is not int or not 0 <= quantity < 2**256:
            raise SigningError(f"{field} must be an integer in [0, 2**256), got {quantity!r}")
    if params["maxPriorityFeePerGas"] > params["maxFeePerGas"]:
        raise SigningError("maxPriorityFeePerGas exceeds maxFeePerGas; lower the tip")
    sender = params.pop("from", None)
    if sender is not None and to_checksum_address(sender) != account.address:
        raise SigningError(f"transaction is from {sender}, but the key is {account.address}")
    params["type"] = 2
    return params


def sign_transaction(account: LocalAccount, tx: Mapping[str, Any]) -> SignedTransaction:
    """Sign a complete EIP-1559 transaction locally.

    Raises:
        SigningError: Not type 2, a required field is missing, fees are inconsistent,
            ``from`` is another account, or eth-account rejects a field.
    """
    params = _check_eip1559(account, tx)
    try:
        signed = account.sign_transaction(params)
    except _ENCODING_ERRORS as exc:
        raise SigningError(f"cannot sign this transaction: {exc}") from exc
    return SignedTransaction(
        raw_transaction=HexBytes(signed.raw_transaction).to_0x_hex(),
        tx_hash=HexBytes(signed.hash).to_0x_hex(),
        sender=account.address,
    )


def _typed(full_message: Mapping[str, Any]) -> SignableMessage:
    try:
        return encode_typed_data(full_message=dict(full_message))
    except _ENCODING_ERRORS as exc:
        raise SigningError(
            f"not valid EIP-712 typed data ({type(exc).__name__}: {exc}); it needs types "
            "(with EIP712Domain), primaryType, domain and message"
        ) from exc


def signature_bytes(signature: str | bytes) -> bytes:
    """A 65-byte ``r || s || v`` signature from 0x-hex or bytes.

    Raises:
        SigningError: Not 65 bytes of hex.
    """
    try:
        raw = bytes(HexBytes(signature))
    except (ValueError, TypeError) as exc:
        raise SigningError("a signature is 0x-prefixed hex") from exc
    if len(raw) != 65:
        raise SigningError(f"a signature is 65 bytes (r, s, v), got {len(raw)}")
    return raw


def typed_data_hash(full_message: Mapping[str, Any]) -> str:
    """The EIP-712 digest of ``full_message`` that signatures commit to, 0x-hex."""
    return typed_data_digest(_typed(full_message))


def sign_typed_data(account: LocalAccount, full_message: Mapping[str, Any]) -> str:
    """Sign any EIP-712 message (``types``, ``primaryType``, ``domain``, ``message``).

    Returns:
        The 65-byte signature, 0x-hex.

    Raises:
        SigningError: The message is not valid typed data.
    """
    signed = account.sign_message(_typed(full_message))
    return HexBytes(signed.signature).to_0x_hex()


def recover_typed_data_signer(full_message: Mapping[str, Any], signature: str | bytes) -> str:
    """The address that signed ``full_message`` with ``signature``.

    Raises:
        SigningError: Bad typed data or a malformed signature.
    """
    message = _typed(full_message)
    try:
        return str(Account.recover_message(message, signature=signature_bytes(signature)))
    except _RECOVERY_ERRORS as exc:
        raise SigningError(f"cannot recover a signer from this signature: {exc}") from exc


def _defunct(message: str | bytes) -> SignableMessage:
    return encode_defunct(text=message) if isinstance(message, str) else encode_defunct(message)


def personal_sign(account: LocalAccount, message: str | bytes) -> str:
    """Sign ``message`` the way ``personal_sign`` does (EIP-191 version ``0x45``)."""
    return HexBytes(account.sign_message(_defunct(message)).signature).to_0x_hex()


def recover_personal_signer(message: str | bytes, signature: str | bytes) -> str:
    """The address that ``personal_sign``-ed ``message``.

    Raises:
        SigningError: The signature is malformed or recovers no key.
    """
    try:
        return str(Account.recover_message(_defunct(message), signature=signature_bytes(signature)))
    except _RECOVERY_ERRORS as exc:
        raise SigningError(f"cannot recover a signer from this signature: {exc}") from exc
