"""Review credits at checkout: Marketplace.setCreditCap and purchaseWithCredits
(contracts/marketplace/MarketplaceDiscounts.sol, MarketplaceListings.sol)."""

from __future__ import annotations

import ape
import pytest

from core.constants import ZERO_ADDRESS

from .conftest import FEE_BPS
from .helpers import (
    ANY_PRICE,
    Deal,
    DealKind,
    Review,
    addr,
    assert_event,
    b32,
    credits_for,
    deals_from_receipt,
)

PRICE = 10**18
BIG_FEE = 4 * 10**18  # a recorded deal whose reviews earn 1 ETH of credits each


@pytest.fixture
def earn(reputation, source):
    """Give `account` credits the only way there is: its review of a deal recorded by `source`
    (a 40x-value rental with `counterparty` that paid `fee`)."""

    def _earn(account, counterparty, fee=BIG_FEE):
        deal_id = int.from_bytes(b32(f"{account.address}{counterparty.address}{fee}")[:8], "big")
        reputation.recordDeal(
            1, deal_id, account, counterparty, ZERO_ADDRESS, fee * 40, fee, sender=source
        )
        deal = Deal(
            addr(source),
            deal_id,
            DealKind.RENTAL,
            addr(account),
            addr(counterparty),
            ZERO_ADDRESS,
            fee * 40,
            fee,
        )
        reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=account)
        return credits_for(fee)

    return _earn


# ------------------------------------------------------------------ setCreditCap


def test_seller_sets_a_credit_cap_on_a_direct_listing(marketplace, list_item, seller):
    listing = list_item()

    receipt = marketplace.setCreditCap(listing, 2_500, sender=seller)

    assert_event(marketplace.CreditCapUpdated, receipt, listingId=listing, creditCapBps=2_500)
    assert marketplace.getListing(listing).creditCapBps == 2_500
    marketplace.setCreditCap(listing, 0, sender=seller)
    assert marketplace.getListing(listing).creditCapBps == 0


def test_set_credit_cap_reverts_for_others_escrow_closed_unknown_or_above_100_percent(
    marketplace, list_item, seller, buyer
):
    listing, escrowed = list_item(), list_item(escrow=True)

    with ape.reverts(marketplace.MarketplaceNotSeller, caller=buyer, seller=seller):
        marketplace.setCreditCap(listing, 1_000, sender=buyer)
    with ape.reverts(marketplace.MarketplaceCreditsOnEscrowListing, listingId=escrowed):
        marketplace.setCreditCap(escrowed, 1_000, sender=seller)
    with ape.reverts(marketplace.MarketplaceInvalidCreditCap, creditCapBps=10_001):
        marketplace.setCreditCap(listing, 10_001, sender=seller)
    with ape.reverts(marketplace.MarketplaceUnknownListing, listingId=77):
        marketplace.setCreditCap(77, 1_000, sender=seller)
    marketplace.closeListing(listing, sender=seller)
    with ape.reverts(marketplace.MarketplaceListingNotActive, listingId=listing, status=3):
        marketplace.setCreditCap(listing, 1_000, sender=seller)


# ------------------------------------------------------------------ purchaseWithCredits


def test_seller_cannot_raise_the_price_under_a_pending_credit_purchase(
    marketplace, credits, list_item, seller, buyer, stranger, earn
):
    listing = list_item()
    marketplace.setCreditCap(listing, 3_000, sender=seller)
    earn(buyer, stranger)
    spend = 2 * 10**17
    held = credits.balanceOf(buyer)

    marketplace.updateListing(listing, 2 * PRICE, 100, b"\x00" * 32, sender=seller)
    with ape.reverts(
        marketplace.MarketplacePriceAboveLimit, listingId=listing, price=2 * PRICE, maxPrice=PRICE
    ):
        marketplace.purchaseWithCredits(
            listing, 1, PRICE, b32("s"), spend, value=PRICE - spend, sender=buyer
        )

    assert credits.balanceOf(buyer) == held


def test_buyer_pays_part_in_credits_and_the_seller_receives_them(
    marketplace, reputation, credits, list_item, seller, buyer, stranger, earn, chain
):
    listing = list_item()
    marketplace.setCreditCap(listing, 3_000, sender=seller)
    earned = earn(buyer, stranger)
    spend = 2 * 10**17
    assert earned >= spend
    before = chain.provider.get_balance(buyer.address)

    receipt = marketplace.purchaseWithCredits(
        listing, 1, ANY_PRICE, b32("s"), spend, value=PRICE - spend, sender=buyer
    )

    order_id = (listing << 32) | 1
    assert receipt.return_value == order_id
    assert_event(
        marketplace.CreditsSpent,
        receipt,
        orderId=order_id,
        buyer=buyer,
        credits=credits,
        seller=seller,
        amount=spend,
    )
    assert_event(credits.Transfer, receipt, **{"from": buyer, "to": seller, "value": spend})
    assert marketplace.Purchased.from_receipt(receipt)[0].amount == PRICE - spend
    assert credits.balanceOf(buyer) == earned - spend
    assert credits.balanceOf(seller) == spend
    paid = PRICE - spend
    assert (
        chain.provider.get_balance(buyer.address)
        == before - paid - receipt.gas_used * receipt.gas_price
    )
    assert marketplace.getListing(listing).unsettled == paid
    (deal,) = deals_from_receipt(reputation, receipt)
    assert (deal.value, deal.fee) == (paid, paid * FEE_BPS // 10_000)

    marketplace.settleProceeds([listing], sender=stranger)
    assert marketplace.owed(seller, ZERO_ADDRESS) == paid - paid * FEE_BPS // 10_000


def test_credits_up_to_the_cap_exactly(
    marketplace, credits, list_item, seller, buyer, stranger, earn
):
    listing = list_item()
    marketplace.setCreditCap(listing, 5_000, sender=seller)
    earn(buyer, stranger)

    with ape.reverts(
        marketplace.MarketplaceInvalidCredits, credits=PRICE // 2 + 1, maxCredits=PRICE // 2
    ):
        marketplace.purchaseWithCredits(
            listing, 1, ANY_PRICE, b32("s"), PRICE // 2 + 1, value=PRICE // 2 - 1, sender=buyer
        )
    with ape.reverts(marketplace.MarketplaceInvalidCredits, credits=0, maxCredits=PRICE // 2):
        marketplace.purchaseWithCredits(
            listing, 1, ANY_PRICE, b32("s"), 0, value=PRICE, sender=buyer
        )
    marketplace.purchaseWithCredits(
        listing, 1, ANY_PRICE, b32("s"), PRICE // 2, value=PRICE // 2, sender=buyer
    )

    assert credits.balanceOf(seller) == PRICE // 2


def test_credits_must_leave_something_to_pay(marketplace, list_item, seller, buyer, stranger, earn):
    listing = list_item(price=10**17)
    marketplace.setCreditCap(listing, 10_000, sender=seller)
    earn(buyer, stranger)

    with ape.reverts(marketplace.MarketplaceDiscountTooLarge, discount=10**17, subtotal=10**17):
        marketplace.purchaseWithCredits(
            listing, 1, ANY_PRICE, b32("s"), 10**17, value=0, sender=buyer
        )


def test_a_listing_without_a_cap_does_not_accept_credits(
    marketplace, list_item, buyer, stranger, earn
):
    listing = list_item()
    earn(buyer, stranger)

    with ape.reverts(marketplace.MarketplaceCreditsNotAccepted, listingId=listing):
        marketplace.purchaseWithCredits(
            listing, 1, ANY_PRICE, b32("s"), 1, value=PRICE - 1, sender=buyer
        )


def test_no_credits_without_a_credits_contract_for_the_token_or_without_reputation(
    marketplace, reputation, token, list_item, owner, seller, buyer
):
    erc20 = list_item(token=token, price=100 * 10**18)
    marketplace.setCreditCap(erc20, 5_000, sender=seller)
    with ape.reverts(marketplace.MarketplaceCreditsNotAccepted, listingId=erc20):
        marketplace.purchaseWithCredits(erc20, 1, ANY_PRICE, b32("s"), 1, sender=buyer)

    eth = list_item()
    marketplace.setCreditCap(eth, 5_000, sender=seller)
    marketplace.setDealRecorder(ZERO_ADDRESS, sender=owner)
    with ape.reverts(marketplace.MarketplaceCreditsNotAccepted, listingId=eth):
        marketplace.purchaseWithCredits(
            eth, 1, ANY_PRICE, b32("s"), 1, value=PRICE - 1, sender=buyer
        )


def test_erc20_credits_for_an_erc20_listing(
    project, marketplace, reputation, token, list_item, owner, seller, buyer, stranger, source
):
    tusd_credits = owner.deploy(
        project.ReviewCredits, owner, reputation, token, "Bazaar TUSD Review Credits", "bcTUSD", 18
    )
    reputation.setCredits(token, tusd_credits, sender=owner)
    tusd_credits.setSpender(marketplace, True, sender=owner)
    deal = Deal(
        addr(source),
        1,
        DealKind.RENTAL,
        addr(buyer),
        addr(stranger),
        addr(token),
        10**21,
        4 * 10**19,
    )
    reputation.recordDeal(1, 1, buyer, stranger, token, 10**21, 4 * 10**19, sender=source)
    reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=buyer)
    listing = list_item(token=token, price=100 * 10**18)
    marketplace.setCreditCap(listing, 1_000, sender=seller)
    before = token.balanceOf(buyer)

    marketplace.purchaseWithCredits(listing, 1, ANY_PRICE, b32("s"), 10**19, sender=buyer)

    assert before - token.balanceOf(buyer) == 90 * 10**18
    assert tusd_credits.balanceOf(seller) == 10**19


def test_buyer_without_enough_credits_or_value_fails(
    marketplace, credits, list_item, seller, buyer, buyer2, stranger, earn
):
    listing = list_item()
    marketplace.setCreditCap(listing, 5_000, sender=seller)
    earned = earn(buyer, stranger)

    with ape.reverts(credits.ERC20InsufficientBalance, sender=buyer2, balance=0, needed=10**17):
        marketplace.purchaseWithCredits(
            listing, 1, ANY_PRICE, b32("s"), 10**17, value=PRICE - 10**17, sender=buyer2
        )
    with ape.reverts(marketplace.PaymentsWrongValue, sent=PRICE, expected=PRICE - 10**17):
        marketplace.purchaseWithCredits(
            listing, 1, ANY_PRICE, b32("s"), 10**17, value=PRICE, sender=buyer
        )
    assert credits.balanceOf(buyer) == earned


def test_the_cap_applies_to_the_subtotal_of_the_quantity(
    marketplace, credits, list_item, seller, buyer, stranger, earn
):
    listing = list_item(price=10**17)
    marketplace.setCreditCap(listing, 2_000, sender=seller)
    earn(buyer, stranger)

    marketplace.purchaseWithCredits(
        listing, 5, ANY_PRICE, b32("s"), 10**17, value=4 * 10**17, sender=buyer
    )

    assert credits.balanceOf(seller) == 10**17
    assert marketplace.getListing(listing).stock == 95


def test_paused_or_inactive_listings_refuse_credit_purchases(
    marketplace, list_item, owner, seller, buyer, stranger, earn
):
    listing = list_item()
    marketplace.setCreditCap(listing, 5_000, sender=seller)
    earn(buyer, stranger)
    marketplace.pause(sender=owner)
    with ape.reverts(marketplace.PlatformPaused):
        marketplace.purchaseWithCredits(
            listing, 1, ANY_PRICE, b32("s"), 1, value=PRICE - 1, sender=buyer
        )
    marketplace.unpause(sender=owner)
    marketplace.setListingPaused(listing, True, sender=seller)
    with ape.reverts(marketplace.MarketplaceListingNotActive, listingId=listing, status=2):
        marketplace.purchaseWithCredits(
            listing, 1, ANY_PRICE, b32("s"), 1, value=PRICE - 1, sender=buyer
        )
