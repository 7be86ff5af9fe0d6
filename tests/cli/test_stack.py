"""The shared CLI stack itself: the chain, the indexer and the API agree."""

from __future__ import annotations

from cli_helpers import DEPLOYER, Stack

from chain.erc20 import Erc20Client


def test_stack_indexes_a_listing_into_the_api(stack: Stack) -> None:
    seller = stack.market(DEPLOYER)
    created = seller.create_listing(price=10**15, stock=2)
    listing_id = created.event("ListingCreated").args["listingId"]
    body = stack.api(f"/v1/listings/{listing_id}")
    assert body["seller"] == DEPLOYER.address and body["stock"] == 2


def test_stack_mints_the_test_token(stack: Stack) -> None:
    before = Erc20Client(stack.w3, stack.token).balance_of(DEPLOYER.address)
    stack.mint(DEPLOYER.address, 5)
    assert Erc20Client(stack.w3, stack.token).balance_of(DEPLOYER.address) == before + 5


def test_cli_helper_runs_bazaar(stack: Stack) -> None:
    result = stack.cli("--help")
    assert "bazaar" in result.stdout.lower()
