"""chain/events.py: the shared event registry, on real Marketplace and token logs."""

from __future__ import annotations

from typing import Any

import pytest
from chain_helpers import DAY, create_escrow_listing
from web3 import Web3

from chain.artifacts import Artifact
from chain.errors import UnknownEventError
from chain.events import EventRegistry
from chain.marketplace.client import MarketplaceClient
from chain.marketplace.signing import sign_offer
from chain.marketplace.types import Offer

METADATA = "0x" + "ab" * 32


def test_registry_knows_every_marketplace_event(artifacts: dict[str, Artifact]) -> None:
    registry = EventRegistry.from_artifacts(artifacts)
    for event in artifacts["Marketplace"].elements("event"):
        specs = registry.specs(registry.topic_of(event["name"]))
        assert any("Marketplace" in spec.declared_by for spec in specs)


def test_transfer_variants_are_told_apart_by_topic_count(
    artifacts: dict[str, Artifact],
) -> None:
    erc721_transfer = {
        "type": "event",
        "name": "Transfer",
        "anonymous": False,
        "inputs": [
            {"name": "from", "type": "address", "indexed": True},
            {"name": "to", "type": "address", "indexed": True},
            {"name": "tokenId", "type": "uint256", "indexed": True},
        ],
    }
    nft = Artifact("Nft", (erc721_transfer,), "0x", "0x", "0" * 64)
    registry = EventRegistry.from_artifacts({**artifacts, "Nft": nft})

    specs = registry.specs(registry.topic_of("Transfer"))

    assert sorted(spec.indexed_count for spec in specs) == [2, 3]


def test_decodes_listing_created_with_plain_types(
    seller: MarketplaceClient, marketplace_address: str
) -> None:
    result = seller.create_listing(price=5 * 10**15, stock=3, metadata_hash=METADATA)

    event = result.event("ListingCreated")

    assert event.contract == "Marketplace"
    assert event.address == marketplace_address
    assert event.args["seller"] == seller.transactor.account.address
    assert event.args["metadataHash"] == METADATA
    assert event.args["price"] == 5 * 10**15
    assert event.args["escrow"] is False
    assert event.block_number == result.block_number
    assert event.tx_hash == result.tx_hash
    assert event.block_hash.startswith("0x") and len(event.block_hash) == 66
    assert event.log_index == 0


def test_decodes_raw_json_rpc_logs_and_struct_args(
    w3: Web3, seller: MarketplaceClient, buyer: MarketplaceClient
) -> None:
    now = int(w3.eth.get_block("latest")["timestamp"])
    offer = Offer(
        seller=seller.transactor.account.address,
        amount=10**15,
        expiry=now + DAY,
        nonce=4242,
        metadata_hash=METADATA,
    )
    signature = sign_offer(seller.transactor.account, offer, w3.eth.chain_id, seller.address)
    result = buyer.accept_offer(offer, signature)

    raw: dict[str, Any] = w3.provider.make_request(  # type: ignore[arg-type]
        "eth_getLogs",
        [{"fromBlock": hex(result.block_number), "toBlock": hex(result.block_number)}],
    )
    (log,) = raw["result"]  # plain JSON: hex strings everywhere
    event = seller.registry.decode_log(log)

    assert event.event == "OfferAccepted"
    assert event.block_number == result.block_number
    assert event.args["buyer"] == buyer.transactor.account.address
    assert event.args["offer"] == {
        "seller": offer.seller,
        "buyer": offer.buyer,
        "listingId": 0,
        "token": offer.token,
        "amount": 10**15,
        "quantity": 1,
        "escrow": True,
        "handlingTime": offer.handling_time,
        "autoReleaseWindow": offer.auto_release_window,
        "expiry": offer.expiry,
        "nonce": 4242,
        "metadataHash": METADATA,
    }
    assert event == result.event("OfferAccepted")


def test_contract_name_comes_from_the_address_map(
    artifacts: dict[str, Artifact], seller: MarketplaceClient
) -> None:
    listing_id = create_escrow_listing(seller)
    log = seller.w3.eth.get_logs(
        {"address": seller.address, "fromBlock": "latest", "toBlock": "latest"}
    )[0]

    unnamed = EventRegistry.from_artifacts(artifacts).decode_log(log)
    named = EventRegistry.from_artifacts(artifacts).with_addresses({seller.address: "Shop"})

    assert unnamed.contract is None
    assert unnamed.args["listingId"] == listing_id
    assert named.decode_log(log).contract == "Shop"


def test_unknown_topics_raise_or_are_skipped(artifacts: dict[str, Artifact]) -> None:
    registry = EventRegistry.from_artifacts(artifacts)
    log = {
        "address": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        "topics": ["0x" + "11" * 32],
        "data": "0x",
        "blockNumber": "0x1",
        "blockHash": "0x" + "22" * 32,
        "transactionHash": "0x" + "33" * 32,
        "logIndex": "0x0",
    }

    with pytest.raises(UnknownEventError, match="unknown topic0"):
        registry.decode_log(log)
    with pytest.raises(UnknownEventError):
        registry.decode_logs([log])
    assert registry.decode_logs([log], skip_unknown=True) == []
