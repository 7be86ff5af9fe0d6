"""What every EIP-712 signature here shares: the domain, the digest, EIP-2612 permits.

Each contract's own signed structs are in its slice (:mod:`chain.marketplace.signing` for
offers and vouchers, :mod:`chain.installments.signing` for plan offers).

Example:
    >>> eip712_domain("Bazaar Marketplace", "1", 31337, "0x" + "ab" * 20)["chainId"]
    31337
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_account.messages import SignableMessage, encode_typed_data
from eth_account.signers.local import LocalAccount
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

EIP712_DOMAIN = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
PERMIT_TYPE = [
    {"name": "owner", "type": "address"},
    {"name": "spender", "type": "address"},
    {"name": "value", "type": "uint256"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]


@dataclass(frozen=True)
class Permit:
    """An EIP-2612 permit signature, split the way ``buyWithPermit`` takes it."""

    value: int
    deadline: int
    v: int
    r: bytes
    s: bytes


def eip712_domain(
    name: str, version: str, chain_id: int, verifying_contract: str
) -> dict[str, Any]:
    """The EIP-712 domain of ``verifying_contract`` (checksummed) on ``chain_id``."""
    return {
        "name": name,
        "version": version,
        "chainId": chain_id,
        "verifyingContract": to_checksum_address(verifying_contract),
    }


def typed_data_digest(message: SignableMessage) -> str:
    """The 32-byte digest that is actually signed, as 0x-hex (the contract's ``hashOffer``)."""
    digest = keccak(b"\x19" + message.version + message.header + message.body)
    return "0x" + digest.hex()


def sign_permit(
    account: LocalAccount,
    *,
    token: str,
    token_name: str,
    spender: str,
    value: int,
    nonce: int,
    deadline: int,
    chain_id: int,
    token_version: str = "1",
) -> Permit:
    """Sign an EIP-2612 permit letting ``spender`` take ``value`` of ``token`` from ``account``.

    ``token_name``, ``token_version`` and ``nonce`` must be the token's own (see
    :meth:`chain.erc20.Erc20Client.sign_permit`, which reads them from the chain).
    """
    message = encode_typed_data(
        full_message={
            "types": {"EIP712Domain": EIP712_DOMAIN, "Permit": PERMIT_TYPE},
            "primaryType": "Permit",
            "domain": eip712_domain(token_name, token_version, chain_id, token),
            "message": {
                "owner": account.address,
                "spender": to_checksum_address(spender),
                "value": value,
                "nonce": nonce,
                "deadline": deadline,
            },
        }
    )
    signed = account.sign_message(message)
    return Permit(
        value=value,
        deadline=deadline,
        v=int(signed.v),
        r=int(signed.r).to_bytes(32, "big"),
        s=int(signed.s).to_bytes(32, "big"),
    )
