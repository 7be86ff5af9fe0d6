"""EIP-712 signatures of the Marketplace: offers, and seller vouchers (verified by the
Marketplace's VoucherBook). The domain and EIP-2612 permits are in :mod:`chain.signing`.

The Offer type is read from the Marketplace ABI (the components of ``hashOffer``'s
argument), so the type string always lists the fields in the order of the ``Offer`` struct
in contracts/types/Order.sol, which is how the contract's ``OFFER_TYPEHASH`` is built.

Example:
    >>> signature = sign_offer(seller, offer, 31337, marketplace_address)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from eth_account.messages import SignableMessage, encode_typed_data
from eth_account.signers.local import LocalAccount
from eth_utils.address import to_checksum_address
from hexbytes import HexBytes

from chain.artifacts import load_artifact
from chain.errors import ChainError
from chain.marketplace.types import Offer, Voucher
from chain.signing import EIP712_DOMAIN, eip712_domain

MARKETPLACE_DOMAIN_NAME = "Bazaar Marketplace"
MARKETPLACE_DOMAIN_VERSION = "1"
VOUCHER_DOMAIN_NAME = "Bazaar Vouchers"
VOUCHER_DOMAIN_VERSION = "1"


def offer_components() -> list[Mapping[str, Any]]:
    """The Offer struct's ABI components, in struct order, from the Marketplace artifact."""
    for element in load_artifact("Marketplace").elements("function"):
        if element.get("name") == "hashOffer":
            return list(element["inputs"][0]["components"])
    raise ChainError("the Marketplace artifact has no hashOffer(Offer); run `make build`")


def offer_typed_data(
    offer: Offer,
    chain_id: int,
    marketplace_address: str,
    components: Sequence[Mapping[str, Any]] | None = None,
) -> SignableMessage:
    """The EIP-712 message a seller signs for ``offer``."""
    parts = list(components or offer_components())
    return encode_typed_data(
        full_message={
            "types": {
                "EIP712Domain": EIP712_DOMAIN,
                "Offer": [{"name": p["name"], "type": p["type"]} for p in parts],
            },
            "primaryType": "Offer",
            "domain": eip712_domain(
                MARKETPLACE_DOMAIN_NAME, MARKETPLACE_DOMAIN_VERSION, chain_id, marketplace_address
            ),
            "message": offer.eip712_message(parts),
        }
    )


def voucher_components() -> list[Mapping[str, Any]]:
    """The Voucher struct's ABI components, in struct order, from the VoucherBook artifact."""
    for element in load_artifact("VoucherBook").elements("function"):
        if element.get("name") == "hashVoucher":
            return list(element["inputs"][0]["components"])
    raise ChainError("the VoucherBook artifact has no hashVoucher(Voucher); run `make build`")


def voucher_typed_data(
    voucher: Voucher,
    chain_id: int,
    book_address: str,
    components: Sequence[Mapping[str, Any]] | None = None,
) -> SignableMessage:
    """The EIP-712 message a seller signs for ``voucher``.

    The verifying contract is the Marketplace's VoucherBook (``vouchersBook()``), not the
    Marketplace itself.
    """
    parts = list(components or voucher_components())
    return encode_typed_data(
        full_message={
            "types": {
                "EIP712Domain": EIP712_DOMAIN,
                "Voucher": [{"name": p["name"], "type": p["type"]} for p in parts],
            },
            "primaryType": "Voucher",
            "domain": eip712_domain(
                VOUCHER_DOMAIN_NAME, VOUCHER_DOMAIN_VERSION, chain_id, book_address
            ),
            "message": voucher.eip712_message(parts),
        }
    )


def sign_voucher(account: LocalAccount, voucher: Voucher, chain_id: int, book_address: str) -> str:
    """Sign ``voucher`` as its seller for the VoucherBook at ``book_address``; 0x-hex signature.

    Raises:
        ChainError: ``account`` is not the voucher's seller (the book would reject it).
    """
    if to_checksum_address(voucher.seller) != account.address:
        raise ChainError(
            f"voucher seller {voucher.seller} is not the signing account {account.address}; "
            "sign with the seller's key"
        )
    signed = account.sign_message(voucher_typed_data(voucher, chain_id, book_address))
    return HexBytes(signed.signature).to_0x_hex()


def sign_offer(
    account: LocalAccount,
    offer: Offer,
    chain_id: int,
    marketplace_address: str,
) -> str:
    """Sign ``offer`` as its seller; returns the 65-byte signature as 0x-hex.

    Raises:
        ChainError: ``account`` is not the offer's seller (the contract would reject it).
    """
    if to_checksum_address(offer.seller) != account.address:
        raise ChainError(
            f"offer seller {offer.seller} is not the signing account {account.address}; "
            "sign with the seller's key"
        )
    signed = account.sign_message(offer_typed_data(offer, chain_id, marketplace_address))
    return HexBytes(signed.signature).to_0x_hex()
