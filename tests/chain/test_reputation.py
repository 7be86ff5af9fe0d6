"""chain/reputation/ (client.py, credits.py, rebuild.py) against a real anvil: the
production wiring, the review flow through the clients, deal rebuild, decoded reverts."""

from __future__ import annotations

import pytest
from chain_helpers import DAY, increase_time
from eth_account.signers.local import LocalAccount
from web3 import Web3

from chain.anvil import dev_account
from chain.deal_kinds import DealKind
from chain.deploy import PRODUCTION_CONTRACTS, Deployment, deploy_all
from chain.errors import ContractRevertError, DealNotFoundError
from chain.marketplace.client import MarketplaceClient
from chain.reputation.client import ReputationClient
from chain.reputation.credits import ReviewCreditsClient
from chain.reputation.types import Deal, DealFlag, ReportReason, Review
from chain.types import snake
from core.constants import ZERO_ADDRESS

PRICE = 10**16


def _method_name(function: str) -> str:
    return function.lower() if function.isupper() else snake(function)


@pytest.fixture(scope="session")
def reputation_of(w3: Web3, deployment: Deployment):  # type: ignore[no-untyped-def]
    def _client(account: LocalAccount | None) -> ReputationClient:
        return ReputationClient.from_manifest(w3, deployment.manifest, account)

    return _client


@pytest.fixture(scope="session")
def credits_of(w3: Web3, deployment: Deployment):  # type: ignore[no-untyped-def]
    def _client(account: LocalAccount | None) -> ReviewCreditsClient:
        return ReviewCreditsClient.from_manifest(w3, deployment.manifest, account)

    return _client


def _direct_listing(seller: MarketplaceClient) -> int:
    created = seller.create_listing(price=PRICE, stock=50)
    return int(created.event("ListingCreated").args["listingId"])


def test_reputation_client_has_a_method_for_every_contract_function(reputation_of) -> None:  # type: ignore[no-untyped-def]
    client = reputation_of(None)
    names = {e["name"] for e in client.abi if e["type"] == "function"}

    missing = sorted(n for n in names if not hasattr(ReputationClient, _method_name(n)))

    assert missing == []


def test_credits_client_covers_every_function_but_the_blocked_moves(credits_of) -> None:  # type: ignore[no-untyped-def]
    client = credits_of(None)
    names = {e["name"] for e in client.abi if e["type"] == "function"}
    blocked = {"transfer", "transferFrom", "approve"}  # always revert on chain

    missing = sorted(
        n for n in names - blocked if not hasattr(ReviewCreditsClient, _method_name(n))
    )

    assert missing == []
    assert not any(hasattr(ReviewCreditsClient, _method_name(n)) for n in blocked)


def test_production_deployment_is_wired(
    deployment: Deployment, admin: MarketplaceClient, reputation_of, credits_of, deployer
) -> None:  # type: ignore[no-untyped-def]
    names = [spec.name for spec in PRODUCTION_CONTRACTS]
    assert {"Marketplace", "Reputation", "ReviewCredits"} <= set(names)
    assert names.index("Reputation") < names.index("ReviewCredits")  # credits name Reputation
    reputation = reputation_of(None)
    credits = credits_of(None)
    market = deployment.address("Marketplace")

    assert admin.deal_recorder() == reputation.address
    for source in ("Marketplace", "RentalEscrow", "InstallmentPlans"):
        if source in names:
            assert reputation.is_deal_source(deployment.address(source)), source
    assert not reputation.is_deal_source(reputation.address)
    assert reputation.credits_of(ZERO_ADDRESS) == credits.address
    assert reputation.owner() == credits.owner() == deployer.address
    assert credits.is_spender(market)
    assert credits.reputation() == reputation.address
    assert credits.underlying() == ZERO_ADDRESS
    assert (credits.name(), credits.symbol(), credits.decimals()) == (
        "Bazaar ETH Review Credits",
        "bcETH",
        18,
    )
    assert reputation.edit_window() == 7 * DAY
    assert reputation.credit_share_bps() == 2_500
    assert reputation.credits_for(10**18) == 25 * 10**16


def test_deploying_a_subset_skips_the_wiring_it_cannot_do(w3: Web3, tmp_path) -> None:  # type: ignore[no-untyped-def]
    deployment = deploy_all(
        w3, dev_account(6), contracts=PRODUCTION_CONTRACTS[:1], deployments_dir=tmp_path
    )

    assert set(deployment.manifest.contracts) == {"Marketplace", "VoucherBook"}  # it creates it
    assert MarketplaceClient(w3, deployment.address("Marketplace")).deal_recorder() == ZERO_ADDRESS


def test_review_flow_through_the_clients(
    w3: Web3,
    snapshot: None,
    seller: MarketplaceClient,
    buyer: MarketplaceClient,
    reputation_of,
    credits_of,
    seller_account: LocalAccount,
    buyer_account: LocalAccount,
) -> None:  # type: ignore[no-untyped-def]
    as_buyer, as_seller = reputation_of(buyer_account), reputation_of(seller_account)
    credits = credits_of(None)
    listing_id = _direct_listing(seller)

    bought = buyer.buy(listing_id, 2)

    (deal,) = as_buyer.deals_recorded(bought)
    assert deal == Deal(
        source=buyer.address,
        id=bought.event("Purchased").args["orderId"],
        kind=DealKind.PURCHASE,
        buyer=buyer_account.address,
        seller=seller_account.address,
        token=ZERO_ADDRESS,
        value=2 * PRICE,
        fee=2 * PRICE // 100,
    )
    assert as_buyer.deal_from_chain(deal.source, deal.id) == deal
    assert as_buyer.hash_deal(deal) == as_buyer.deal_hash(deal.source, deal.id)

    review = Review(rating=5, quality=5, delivery=4, text_hash="0x" + "aa" * 32)
    posted = as_buyer.post_review(deal, review)
    event = posted.event("ReviewPosted")
    assert event.args["credits"] == 2 * PRICE // 100 // 4
    assert Review.from_abi(as_buyer.components("postReview", 1), event.args["review"]) == review
    assert credits.balance_of(buyer_account.address) == event.args["credits"]
    deal = as_buyer.deal_from_chain(deal.source, deal.id)
    assert deal.buyer_reviewed_at == w3.eth.get_block(posted.block_number)["timestamp"]

    as_seller.post_response(deal, "0x" + "bb" * 32)
    as_buyer.edit_review(as_buyer.deal_from_chain(deal.source, deal.id), Review(rating=4))
    as_seller.report(
        as_seller.deal_from_chain(deal.source, deal.id), ReportReason.ABUSE, "0x" + "cc" * 32
    )

    deal = as_seller.deal_from_chain(deal.source, deal.id)
    assert deal.has_flag(True, DealFlag.ANSWERED)
    assert deal.has_flag(True, DealFlag.EDITED)
    assert deal.has_flag(False, DealFlag.REPORTED)
    assert not deal.has_flag(True, DealFlag.REPORTED)
    assert deal.flags == 0x43


def test_reverts_are_decoded(
    snapshot: None,
    seller: MarketplaceClient,
    buyer: MarketplaceClient,
    reputation_of,
    buyer_account: LocalAccount,
) -> None:  # type: ignore[no-untyped-def]
    as_buyer = reputation_of(buyer_account)
    (deal,) = as_buyer.deals_recorded(buyer.buy(_direct_listing(seller)))
    as_buyer.post_review(deal, Review(rating=3))

    with pytest.raises(ContractRevertError) as stale:
        as_buyer.post_review(deal, Review(rating=3))
    assert stale.value.error == "ReputationUnknownDeal"
    assert stale.value.error_args == {"source": deal.source, "dealId": deal.id}

    current = as_buyer.deal_from_chain(deal.source, deal.id)
    with pytest.raises(ContractRevertError) as twice:
        as_buyer.post_review(current, Review(rating=3))
    assert twice.value.error == "ReputationAlreadyReviewed"

    increase_time(as_buyer.w3, 7 * DAY + 1)
    with pytest.raises(ContractRevertError) as late:
        as_buyer.edit_review(current, Review(rating=1))
    assert late.value.error == "ReputationEditWindowClosed"

    with pytest.raises(ContractRevertError) as bad:
        as_buyer.post_review(current, Review(rating=0))
    assert bad.value.error == "ReputationInvalidRating"


def test_deal_from_chain_without_a_deal_raises(reputation_of, buyer: MarketplaceClient) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DealNotFoundError, match="no DealRecorded"):
        reputation_of(None).deal_from_chain(buyer.address, 12345)


def test_seller_promotes_a_listing_with_earned_credits(
    snapshot: None,
    seller: MarketplaceClient,
    buyer: MarketplaceClient,
    reputation_of,
    credits_of,
    seller_account: LocalAccount,
) -> None:  # type: ignore[no-untyped-def]
    as_seller = reputation_of(seller_account)
    listing_id = _direct_listing(seller)
    (deal,) = as_seller.deals_recorded(buyer.buy(listing_id, 4))
    earned = as_seller.post_review(deal, Review(rating=5)).event("ReviewPosted").args["credits"]
    credits = credits_of(seller_account)

    promoted = credits.promote(seller.address, listing_id, earned)

    assert promoted.event("ListingPromoted").args == {
        "market": seller.address,
        "listingId": listing_id,
        "seller": seller_account.address,
        "amount": earned,
    }
    assert credits.balance_of(seller_account.address) == 0
    with pytest.raises(ContractRevertError) as blocked:
        credits.spend(seller_account.address, ZERO_ADDRESS, 1)
    assert blocked.value.error == "ReviewCreditsNotSpender"
