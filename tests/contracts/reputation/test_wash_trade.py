"""The wash-trade argument (docs/reviews.md): a seller who buys from himself through another
address, through the real Marketplace wired to Reputation, gets fewer credits than the fees
he pays, whatever the prices, modes and quantities."""

from __future__ import annotations

import pytest

from core.constants import ZERO_ADDRESS

from .helpers import ANY_PRICE, Review, b32, credits_for, deals_from_receipt

FEE_BPS = 250


def _review_both(reputation, deal, buyer, seller):
    posted = reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=buyer)
    deal = deal.reviewed(True, posted.timestamp)
    answered = reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=seller)
    return posted.return_value + answered.return_value


@pytest.mark.parametrize("price", [1, 39, 10**15, 3 * 10**17 + 7])
def test_self_dealing_mints_fewer_credits_than_the_fees_it_pays(
    marketplace, reputation, credits, seller, buyer2, price
):
    """`seller` lists, `buyer2` (the seller's other address) buys, both review every deal."""
    direct = marketplace.createListing(
        ZERO_ADDRESS, price, 1000, False, 0, 0, b32("m"), sender=seller
    )
    listing = int(direct.return_value)
    minted = 0
    for quantity in (1, 2, 5):
        receipt = marketplace.buy(
            listing, quantity, ANY_PRICE, b32("s"), value=price * quantity, sender=buyer2
        )
        (deal,) = deals_from_receipt(reputation, receipt)
        assert (deal.source, deal.buyer, deal.seller) == (
            marketplace.address,
            buyer2.address,
            seller.address,
        )
        assert deal.value == price * quantity
        assert deal.fee == price * quantity * FEE_BPS // 10_000
        assert reputation.dealHash(marketplace, deal.id) == deal.hash()
        minted += _review_both(reputation, deal, buyer2, seller)

    marketplace.settleProceeds([listing], sender=seller)
    fees_paid = marketplace.feesOwed(ZERO_ADDRESS)

    assert credits.totalSupply() == minted
    assert credits.balanceOf(seller) + credits.balanceOf(buyer2) == minted
    assert 2 * minted <= fees_paid  # both reviews together earn at most half the fees
    if fees_paid:
        assert minted < fees_paid


def test_escrowed_self_deal_with_a_partial_refund_earns_on_the_fee_actually_paid(
    marketplace, reputation, credits, seller, buyer2
):
    price = 10**18
    created = marketplace.createListing(
        ZERO_ADDRESS, price, 5, True, 3600, 3600, b32("m"), sender=seller
    )
    listing = int(created.return_value)
    placed = marketplace.buy(listing, 1, ANY_PRICE, b32("s"), value=price, sender=buyer2)
    ev = marketplace.OrderPlaced.from_receipt(placed)[0]
    order = (
        ev.orderId,
        listing,
        seller.address,
        buyer2.address,
        ZERO_ADDRESS,
        price,
        FEE_BPS,
        1,
        3600,
        3600,
        placed.timestamp,
        0,
        0,
        1,
    )
    refund = 4 * 10**17
    marketplace.refund(order, refund, sender=seller)  # the struct stays as it is

    done = marketplace.confirmDelivery(order, sender=buyer2)

    (deal,) = deals_from_receipt(reputation, done)
    assert deal.value == price - refund
    assert deal.fee == (price - refund) * FEE_BPS // 10_000
    minted = _review_both(reputation, deal, buyer2, seller)
    marketplace.settleProceeds([listing], sender=seller)
    assert minted == 2 * credits_for(deal.fee)
    assert 2 * minted <= marketplace.feesOwed(ZERO_ADDRESS)


def test_recycling_credits_through_your_own_listing_cannot_amplify_them(
    marketplace, reputation, credits, seller, buyer2, chain
):
    """The seller's other address pays as much as it can in credits at the seller's own
    listing (cap 100 %), both review, and the loop repeats. Credits only ever come from
    reviews (supply == minted), never exceed half the fees, and the pair's ETH goes down by
    exactly the fees and the gas."""
    price = 10**18
    created = marketplace.createListing(
        ZERO_ADDRESS, price, 1000, False, 0, 0, b32("m"), sender=seller
    )
    listing = int(created.return_value)
    marketplace.setCreditCap(listing, 10_000, sender=seller)
    balance = chain.provider.get_balance
    start = balance(seller.address) + balance(buyer2.address)
    minted = 0
    receipts = []
    for _ in range(6):
        spend = min(credits.balanceOf(buyer2), price - 1)
        if spend:
            receipt = marketplace.purchaseWithCredits(
                listing, 1, ANY_PRICE, b32("s"), spend, value=price - spend, sender=buyer2
            )
        else:
            receipt = marketplace.buy(listing, 1, ANY_PRICE, b32("s"), value=price, sender=buyer2)
        receipts.append(receipt)
        (deal,) = deals_from_receipt(reputation, receipt)
        assert deal.value == price - spend
        posted = reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=buyer2)
        answered = reputation.postReview(
            deal.reviewed(True, posted.timestamp).as_tuple(), Review().as_tuple(), sender=seller
        )
        receipts += [posted, answered]
        minted += posted.return_value + answered.return_value
    paid_out = marketplace.withdrawProceeds([listing], sender=seller)
    receipts.append(paid_out)
    gas = sum(r.gas_used * r.gas_price for r in receipts)
    fees = marketplace.feesOwed(ZERO_ADDRESS)

    assert credits.totalSupply() == minted
    assert 0 < 2 * minted <= fees
    assert balance(seller.address) + balance(buyer2.address) == start - fees - gas
