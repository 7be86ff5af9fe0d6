"""The API over what the real indexer wrote from a real chain (anvil), on both databases.

A seller lists with the hash of its metadata document, a buyer purchases and reviews the
deal, the seller answers; the indexer (in-process, as ``bazaar index --no-follow`` runs it)
fills the database; the API then serves the feed, the listing with its metadata, the review
with its text and response, the credits it earned, reputation and a checkout transaction
that the chain accepts.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from api_helpers import ApiClient
from eth_abi.abi import decode
from web3 import Web3

from api.core.canonical import canonical_json, content_hash
from chain.anvil import AnvilNode, dev_account, start_anvil
from chain.deploy import deploy_all
from chain.marketplace.client import MarketplaceClient
from chain.reputation.client import ReputationClient
from chain.reputation.types import Review
from indexer.app import build_indexer
from indexer.config import IndexerSettings

SELLER, BUYER = dev_account(1), dev_account(2)
PRICE = 10**16
DOCUMENT: dict[str, Any] = {
    "kind": "listing",
    "version": 1,
    "title": "Hasselblad 500C/M",
    "category": "electronics/cameras",
    "condition": "used",
    "specs": {"weight": {"value": 1360, "unit": "g"}},
}
REVIEW: dict[str, Any] = {"kind": "review", "version": 1, "text": "Mint condition."}
RESPONSE: dict[str, Any] = {"kind": "response", "version": 1, "text": "Enjoy it!"}


@dataclass
class Market:
    node: AnvilNode
    w3: Web3
    manifest: Path
    metadata_hash: str
    order_id: int


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Market]:
    """One chain for the module: Marketplace deployed, a listing, one purchase."""
    directory = tmp_path_factory.mktemp("deployments")
    with start_anvil() as node:
        w3 = node.web3()
        deployment = deploy_all(w3, dev_account(0), deployments_dir=directory)
        metadata_hash = content_hash(canonical_json(DOCUMENT))  # what a wallet computes
        seller = MarketplaceClient.from_manifest(w3, deployment.manifest, SELLER)
        seller.create_listing(price=PRICE, stock=3, metadata_hash=metadata_hash)
        buyer = MarketplaceClient.from_manifest(w3, deployment.manifest, BUYER)
        bought = buyer.buy(1, 1, value=PRICE)
        order_id = bought.event("Purchased").args["orderId"]
        reviewer = ReputationClient.from_manifest(w3, deployment.manifest, BUYER)
        (deal,) = reviewer.deals_recorded(bought)
        text_hash = content_hash(canonical_json(REVIEW))
        reviewer.post_review(deal, Review(rating=5, delivery=4, text_hash=text_hash))
        answerer = ReputationClient.from_manifest(w3, deployment.manifest, SELLER)
        answer = content_hash(canonical_json(RESPONSE))
        answerer.post_response(answerer.deal_from_chain(deal.source, deal.id), answer)
        assert deployment.path is not None
        yield Market(node, w3, deployment.path, metadata_hash, order_id)


@pytest.fixture
def indexed(market: Market, db_url: str, client: ApiClient) -> Market:
    settings = IndexerSettings(
        rpc_url=market.node.url, db_url=db_url, deployment=market.manifest, finality_depth=2
    )
    build_indexer(settings).run(follow=False, stop=threading.Event())
    return market


def test_feed_shows_the_listing_and_the_purchase(client: ApiClient, indexed: Market) -> None:
    items = client.get("/v1/feed").json()["data"]
    by_kind = {item["kind"]: item for item in items}
    assert {"listing_created", "purchased"} <= set(by_kind)
    purchase = by_kind["purchased"]
    assert (purchase["buyer"], purchase["seller"]) == (BUYER.address, SELLER.address)
    assert purchase["amount"] == str(PRICE) and purchase["subject_id"] == str(indexed.order_id)


def test_stored_document_hash_is_the_metadata_hash_on_chain(
    client: ApiClient, indexed: Market
) -> None:
    stored = client.post("/v1/documents", json=DOCUMENT, headers=client.sign_in(SELLER)).json()
    assert stored["hash"] == indexed.metadata_hash
    listing = client.get("/v1/listings/1").json()
    assert listing["metadata_hash"] == indexed.metadata_hash
    assert listing["metadata_document"]["title"] == "Hasselblad 500C/M"
    assert listing["stock"] == 2


def test_checkout_transaction_is_accepted_by_the_chain(client: ApiClient, indexed: Market) -> None:
    checkout = client.get("/v1/listings/1/checkout?quantity=2").json()
    tx = checkout["transaction"]
    assert tx["to"] == Web3.to_checksum_address(tx["to"])
    call = {
        "from": BUYER.address,
        "to": tx["to"],
        "value": int(tx["value"], 16),
        "data": tx["data"],
    }
    (order_id,) = decode(["uint256"], indexed.w3.eth.call(call))  # type: ignore[arg-type]
    assert order_id == (1 << 32) | 2  # the listing's second purchase


def test_reputation_counts_the_indexed_deal(client: ApiClient, indexed: Market) -> None:
    body = client.get(f"/v1/sellers/{SELLER.address}/reputation").json()
    assert body["inputs"]["deals"] == 1 and body["inputs"]["volumes"][0]["value"] == str(PRICE)
    assert body["inputs"]["reviews"] == 1 and body["inputs"]["responses"] == 1
    assert body["rating_good"] > 0 and body["rating_bad"] == 0  # one 5-star review, fee paid
    assert 0.5 < body["score"] < 1


def test_review_with_its_text_and_response(client: ApiClient, indexed: Market) -> None:
    (listed,) = client.get(f"/v1/reviews?seller={SELLER.address}").json()["data"]
    assert (listed["author"], listed["rating"], listed["delivery"]) == (BUYER.address, 5, 4)
    assert listed["deal_id"] == str(indexed.order_id) and listed["side"] == "buyer"
    for document, account in ((REVIEW, BUYER), (RESPONSE, SELLER)):
        client.post("/v1/documents", json=document, headers=client.sign_in(account))
    body = client.get(f"/v1/reviews/{listed['id']}").json()
    assert body["text"] == {**REVIEW, "title": None} and body["response"] == RESPONSE
    assert [revision["action"] for revision in body["revisions"]] == ["posted"]
    profile = client.get(f"/v1/profiles/{SELLER.address}").json()
    assert [review["id"] for review in profile["reviews_received"]] == [listed["id"]]


def test_health_is_ok_once_the_indexer_caught_up(client: ApiClient, indexed: Market) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok", body
    assert body["indexer"]["lag"] == 0


def test_the_reviewers_credits_are_the_reviews_reward(client: ApiClient, indexed: Market) -> None:
    (review,) = client.get(f"/v1/reviews?reviewer={BUYER.address}").json()["data"]
    assert int(review["credits"]) > 0  # the deal paid a fee, so the review earned credits
    body = client.get(f"/v1/credits/{BUYER.address}").json()
    (balance,) = body["balances"]
    assert balance["token"] == "0x0000000000000000000000000000000000000000"
    assert balance["balance"] == balance["minted"] == review["credits"]
    (mint,) = body["data"]
    assert (mint["kind"], mint["recipient"], mint["amount"]) == (
        "mint",
        BUYER.address,
        review["credits"],
    )
    assert mint["credits"] == balance["credits"] and mint["tx_hash"] == review["tx_hash"]
