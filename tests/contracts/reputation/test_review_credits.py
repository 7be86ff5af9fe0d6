"""ReviewCredits (contracts/ReviewCredits.sol): metadata, the three allowed moves (mint by
Reputation, spend by a registered market, burn to promote) and every blocked one."""

from __future__ import annotations

import ape
import pytest

from core.constants import ZERO_ADDRESS

from .helpers import Review, assert_event, credits_for


def review_both(reputation, record_deal, buyer, seller, fee=4 * 10**16):
    """Record a deal and have both sides review it; each earns credits_for(fee)."""
    deal = record_deal(fee=fee)
    first = reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=buyer)
    deal = deal.reviewed(True, first.timestamp)
    reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=seller)
    return credits_for(fee)


# ------------------------------------------------------------------ metadata


def test_metadata(credits, reputation):
    assert credits.name() == "Bazaar ETH Review Credits"
    assert credits.symbol() == "bcETH"
    assert credits.decimals() == 18
    assert credits.underlying() == ZERO_ADDRESS
    assert credits.reputation() == reputation.address
    assert credits.totalSupply() == 0


def test_decimals_follow_the_underlying(project, owner, reputation, token):
    usdc_like = owner.deploy(project.ReviewCredits, owner, reputation, token, "C", "C", 6)

    assert usdc_like.decimals() == 6
    assert usdc_like.underlying() == token.address


def test_constructor_rejects_a_zero_reputation(project, owner):
    with ape.reverts(project.ReviewCredits.ReviewCreditsZeroAddress):
        owner.deploy(project.ReviewCredits, owner, ZERO_ADDRESS, ZERO_ADDRESS, "C", "C", 18)


# ------------------------------------------------------------------ mint


def test_only_reputation_mints(credits, owner, stranger, buyer):
    for caller in (owner, stranger, buyer):
        with ape.reverts(credits.ReviewCreditsNotMinter, caller=caller):
            credits.mint(caller, 1, sender=caller)

    assert credits.totalSupply() == 0


# ------------------------------------------------------------------ blocked moves


def test_transfer_transfer_from_and_approve_revert(
    reputation, credits, record_deal, buyer, seller, stranger
):
    earned = review_both(reputation, record_deal, buyer, seller)
    assert credits.balanceOf(buyer) == earned > 0

    with ape.reverts(credits.ReviewCreditsNonTransferable):
        credits.transfer(stranger, 1, sender=buyer)
    with ape.reverts(credits.ReviewCreditsNonTransferable):
        credits.approve(stranger, 1, sender=buyer)
    with ape.reverts(credits.ReviewCreditsNonTransferable):
        credits.transferFrom(buyer, stranger, 1, sender=stranger)
    with ape.reverts(credits.ReviewCreditsNonTransferable):
        credits.transferFrom(buyer, stranger, 1, sender=buyer)

    assert credits.balanceOf(buyer) == earned
    assert credits.balanceOf(stranger) == 0
    assert credits.allowance(buyer, stranger) == 0


# ------------------------------------------------------------------ spend


def test_only_a_registered_spender_moves_credits(
    reputation, credits, record_deal, owner, buyer, seller, stranger
):
    earned = review_both(reputation, record_deal, buyer, seller)

    with ape.reverts(credits.ReviewCreditsNotSpender, caller=stranger):
        credits.spend(buyer, stranger, 1, sender=stranger)
    with ape.reverts(credits.ReviewCreditsNotSpender, caller=owner):
        credits.spend(buyer, owner, 1, sender=owner)

    credits.setSpender(stranger, True, sender=owner)
    receipt = credits.spend(buyer, seller, earned // 2, sender=stranger)

    assert_event(credits.Transfer, receipt, **{"from": buyer, "to": seller, "value": earned // 2})
    assert credits.balanceOf(buyer) == earned - earned // 2
    assert credits.balanceOf(seller) == earned + earned // 2
    with ape.reverts(credits.ERC20InsufficientBalance):
        credits.spend(buyer, seller, earned, sender=stranger)


def test_set_spender_is_owner_only_and_emits(credits, owner, stranger):
    with ape.reverts(credits.OwnableUnauthorizedAccount, account=stranger):
        credits.setSpender(stranger, True, sender=stranger)
    with ape.reverts(credits.ReviewCreditsZeroAddress):
        credits.setSpender(ZERO_ADDRESS, True, sender=owner)

    receipt = credits.setSpender(stranger, True, sender=owner)

    assert_event(credits.SpenderUpdated, receipt, spender=stranger, allowed=True)
    assert credits.isSpender(stranger)
    credits.setSpender(stranger, False, sender=owner)
    assert not credits.isSpender(stranger)


def test_a_removed_spender_can_no_longer_spend(
    reputation, credits, record_deal, owner, buyer, seller, stranger
):
    review_both(reputation, record_deal, buyer, seller)
    credits.setSpender(stranger, True, sender=owner)
    credits.setSpender(stranger, False, sender=owner)

    with ape.reverts(credits.ReviewCreditsNotSpender, caller=stranger):
        credits.spend(buyer, stranger, 1, sender=stranger)


# ------------------------------------------------------------------ promote


@pytest.fixture
def listing(marketplace, seller):
    """An ETH listing of `seller` on the registered marketplace."""
    receipt = marketplace.createListing(
        ZERO_ADDRESS, 10**17, 10, False, 0, 0, b"\x01" * 32, sender=seller
    )
    return int(receipt.return_value)


def test_seller_burns_credits_to_promote_a_listing(
    reputation, credits, record_deal, marketplace, listing, buyer, seller
):
    earned = review_both(reputation, record_deal, buyer, seller)

    receipt = credits.promote(marketplace, listing, earned - 1, sender=seller)

    assert_event(
        credits.ListingPromoted,
        receipt,
        market=marketplace,
        listingId=listing,
        seller=seller,
        amount=earned - 1,
    )
    assert_event(
        credits.Transfer, receipt, **{"from": seller, "to": ZERO_ADDRESS, "value": earned - 1}
    )
    assert credits.balanceOf(seller) == 1
    assert credits.totalSupply() == earned + 1


def test_promote_reverts_for_anyone_but_the_seller(
    reputation, credits, record_deal, marketplace, listing, buyer, seller
):
    review_both(reputation, record_deal, buyer, seller)

    with ape.reverts(credits.ReviewCreditsNotSeller, caller=buyer, seller=seller):
        credits.promote(marketplace, listing, 1, sender=buyer)
    with ape.reverts(credits.ReviewCreditsNotSeller, caller=seller, seller=ZERO_ADDRESS):
        credits.promote(marketplace, listing + 1, 1, sender=seller)


def test_promote_reverts_on_an_unregistered_market_zero_amount_or_low_balance(
    reputation, credits, record_deal, marketplace, listing, buyer, seller, stranger
):
    earned = review_both(reputation, record_deal, buyer, seller)

    with ape.reverts(credits.ReviewCreditsUnknownMarket, market=stranger):
        credits.promote(stranger, listing, 1, sender=seller)
    with ape.reverts(credits.ReviewCreditsZeroAmount):
        credits.promote(marketplace, listing, 0, sender=seller)
    with ape.reverts(
        credits.ERC20InsufficientBalance, sender=seller, balance=earned, needed=earned + 1
    ):
        credits.promote(marketplace, listing, earned + 1, sender=seller)
