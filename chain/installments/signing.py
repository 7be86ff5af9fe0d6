"""EIP-712 signatures of InstallmentPlans offers.

The types are read from the InstallmentPlans ABI (the components of ``hashOffer``'s
argument), so ``PlanOffer`` and the nested ``PlanTerms`` list their fields in struct order,
which is how the contract builds its type hashes. Enums are ``uint8`` in both.

Example:
    >>> signature = sign_plan_offer(seller, offer, 31337, plans_address)  # doctest: +SKIP
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
from chain.installments.types import PlanOffer
from chain.signing import EIP712_DOMAIN

PLANS_DOMAIN_NAME = "Bazaar InstallmentPlans"
PLANS_DOMAIN_VERSION = "1"


def plan_offer_components() -> list[Mapping[str, Any]]:
    """The PlanOffer struct's ABI components, in struct order, from the artifact."""
    for element in load_artifact("InstallmentPlans").elements("function"):
        if element.get("name") == "hashOffer":
            return list(element["inputs"][0]["components"])
    raise ChainError("the InstallmentPlans artifact has no hashOffer(PlanOffer); run `make build`")


def _struct_name(component: Mapping[str, Any]) -> str:
    """``struct PlanTerms`` (the ABI's internalType) → ``PlanTerms``."""
    internal = str(component.get("internalType", ""))
    return internal.removeprefix("struct ").split(".")[-1] or str(component["name"]).title()


def plan_offer_types(components: Sequence[Mapping[str, Any]]) -> dict[str, list[dict[str, str]]]:
    """EIP-712 ``types`` for PlanOffer and the structs it nests (without EIP712Domain)."""
    types: dict[str, list[dict[str, str]]] = {}

    def add(name: str, parts: Sequence[Mapping[str, Any]]) -> None:
        fields = []
        for part in parts:
            if str(part["type"]) == "tuple":
                nested = _struct_name(part)
                add(nested, part["components"])
                fields.append({"name": str(part["name"]), "type": nested})
            else:
                fields.append({"name": str(part["name"]), "type": str(part["type"])})
        types[name] = fields

    add("PlanOffer", components)
    return types


def plan_offer_typed_data(
    offer: PlanOffer,
    chain_id: int,
    plans_address: str,
    components: Sequence[Mapping[str, Any]] | None = None,
) -> SignableMessage:
    """The EIP-712 message a seller signs for ``offer``."""
    parts = list(components or plan_offer_components())
    return encode_typed_data(
        full_message={
            "types": {"EIP712Domain": EIP712_DOMAIN, **plan_offer_types(parts)},
            "primaryType": "PlanOffer",
            "domain": {
                "name": PLANS_DOMAIN_NAME,
                "version": PLANS_DOMAIN_VERSION,
                "chainId": chain_id,
                "verifyingContract": to_checksum_address(plans_address),
            },
            "message": offer.eip712_message(parts),
        }
    )


def sign_plan_offer(
    account: LocalAccount, offer: PlanOffer, chain_id: int, plans_address: str
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
    signed = account.sign_message(plan_offer_typed_data(offer, chain_id, plans_address))
    return HexBytes(signed.signature).to_0x_hex()
