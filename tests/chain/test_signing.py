"""chain/marketplace/signing.py and chain/signing.py: EIP-712 offers and EIP-2612 permits the
contracts accept."""

from __future__ import annotations

import pytest
from chain_helpers import DAY, create_escrow_listing
from eth_utils.crypto import keccak
from web3 import Web3

from chain.anvil import dev_account
from chain.errors import ChainError, ContractRevertError
from chain.marketplace.client import MarketplaceClient
from chain.marketplace.signing import (
    MARKETPLACE_DOMAIN_NAME,
    offer_components,
    offer_typed_data,
    sign_offer,
)
from chain.marketplace.types import Offer, OrderStatus
from chain.signing import typed_data_digest


def _offer(w3: Web3, seller: MarketplaceClient, nonce: int, **kw: object) -> Offer:
    now = int(w3.eth.get_block("latest")["timestamp"])
    fields: dict[str, object] = {"amount": 3 * 10**15, "expiry": now + DAY, "nonce": nonce}
    fields.update(kw)
    return Offer(seller=seller.transactor.account.address, **fields)  # type: ignore[arg-type]


def test_offer_type_matches_the_contract_typehash(buyer: MarketplaceClient) -> None:
    fields = ",".join(f"{c['type']} {c['name']}" for c in offer_components())

    assert "0x" + keccak(text=f"Offer({fields})").hex() == buyer.offer_typehash()


def test_domain_matches_the_contract(w3: Web3, buyer: MarketplaceClient) -> None:
    assert buyer.eip712_domain() == {
        "name": MARKETPLACE_DOMAIN_NAME,
        "version": "1",
        "chainId": w3.eth.chain_id,
        "verifyingContract": buyer.address,
    }


def test_digest_equals_hash_offer(w3: Web3, seller: MarketplaceClient) -> None:
    offer = _offer(w3, seller, 1, buyer=dev_account(2).address, metadata_hash="0x" + "5a" * 32)

    local = typed_data_digest(offer_typed_data(offer, w3.eth.chain_id, seller.address))

    assert local == seller.hash_offer(offer)


def test_signed_escrow_offer_for_a_listing_is_accepted(
    w3: Web3, seller: MarketplaceClient, buyer: MarketplaceClient
) -> None:
    listing_id = create_escrow_listing(seller, stock=4)
    offer = _offer(
        w3,
        seller,
        2,
        buyer=buyer.transactor.account.address,
        listing_id=listing_id,
        quantity=3,
    )
    signature = sign_offer(seller.transactor.account, offer, w3.eth.chain_id, seller.address)

    accepted = buyer.accept_offer(offer, signature).event("OfferAccepted")
    order = buyer.order_from_chain(accepted.args["orderId"])

    assert order.status is OrderStatus.PAID
    assert (order.listing_id, order.quantity, order.amount) == (listing_id, 3, offer.amount)
    assert buyer.hash_order(order) == buyer.order_hash(order.id)
    assert seller.get_listing(listing_id).stock == 1
    assert buyer.is_nonce_used(offer.seller, 2)
    with pytest.raises(ContractRevertError) as replay:
        buyer.accept_offer(offer, signature)
    assert replay.value.error == "MarketplaceNonceUsed"


def test_direct_offer_completes_at_once(
    w3: Web3, seller: MarketplaceClient, buyer: MarketplaceClient
) -> None:
    offer = _offer(w3, seller, 3, escrow=False)
    signature = sign_offer(seller.transactor.account, offer, w3.eth.chain_id, seller.address)

    order_id = buyer.accept_offer(offer, signature).event("OfferAccepted").args["orderId"]

    assert buyer.order_from_chain(order_id).status is OrderStatus.COMPLETED


def test_offer_signed_by_someone_else_is_rejected(
    w3: Web3, seller: MarketplaceClient, buyer: MarketplaceClient
) -> None:
    offer = _offer(w3, seller, 4)
    forged = buyer.transactor.account.sign_message(
        offer_typed_data(offer, w3.eth.chain_id, seller.address)
    ).signature

    with pytest.raises(ContractRevertError) as caught:
        buyer.accept_offer(offer, bytes(forged))

    assert caught.value.error == "MarketplaceInvalidSignature"
    assert caught.value.error_args == {"seller": offer.seller}


def test_sign_offer_refuses_a_key_that_is_not_the_seller(
    w3: Web3, seller: MarketplaceClient, buyer: MarketplaceClient
) -> None:
    with pytest.raises(ChainError, match="sign with the seller's key"):
        sign_offer(buyer.transactor.account, _offer(w3, seller, 5), 1, seller.address)


def test_cancelled_nonce_cannot_be_accepted(
    w3: Web3, seller: MarketplaceClient, buyer: MarketplaceClient
) -> None:
    offer = _offer(w3, seller, 6)
    signature = sign_offer(seller.transactor.account, offer, w3.eth.chain_id, seller.address)

    seller.cancel_nonces([6]).event("NonceCancelled")

    with pytest.raises(ContractRevertError, match="MarketplaceNonceUsed"):
        buyer.accept_offer(offer, signature)
