"""Attacks from the other party's side: a move mined right before the victim's pending
transaction (the attacker's transaction is sent first, as a front-runner's would be mined
first). After the attacker's moves the victim's original calldata must still do what it was
signed to do, or the attacker's move must revert (docs/marketplace.md, "What the caller
commits to" and "Deadlines")."""

from __future__ import annotations

import ape

from ..helpers import (
    AUTO_RELEASE,
    BPS,
    DAY,
    HANDLING_TIME,
    PRICE,
    TOKEN_PRICE,
    ZERO32,
    OrderStatus,
    b32,
    sign_permit,
)

REASON = b32("reason")


def _ship(marketplace, seller, order):
    receipt = marketplace.ship(order.as_tuple(), b32("t"), sender=seller)
    return order.shipped(receipt.timestamp)


# ------------------------------------------------------------------ price raises


def test_seller_cannot_raise_the_price_under_a_pending_token_buy(
    marketplace, seller, buyer, token, create_listing
):
    listing_id = create_listing(token=token, escrow=False)
    token.approve(marketplace, 2**256 - 1, sender=buyer)  # a standing allowance
    before = token.balanceOf(buyer)

    marketplace.updateListing(listing_id, 3 * TOKEN_PRICE, 100, ZERO32, sender=seller)
    with ape.reverts(
        marketplace.MarketplacePriceAboveLimit,
        listingId=listing_id,
        price=3 * TOKEN_PRICE,
        maxPrice=TOKEN_PRICE,
    ):
        marketplace.buy(listing_id, 1, TOKEN_PRICE, ZERO32, sender=buyer)

    assert token.balanceOf(buyer) == before
    assert marketplace.getListing(listing_id).orderCount == 0


def test_seller_cannot_raise_the_price_under_a_pending_permit_buy(
    marketplace, seller, stranger, token, create_listing, chain
):
    listing_id = create_listing(token=token)
    deadline = chain.pending_timestamp + DAY
    generous = 5 * TOKEN_PRICE  # a wallet that signs a round, larger allowance
    v, r, s = sign_permit(
        stranger.private_key, token, stranger, marketplace, generous, deadline, chain.chain_id
    )
    before = token.balanceOf(stranger)

    marketplace.updateListing(listing_id, 2 * TOKEN_PRICE, 100, ZERO32, sender=seller)
    with ape.reverts(marketplace.MarketplacePriceAboveLimit, price=2 * TOKEN_PRICE):
        marketplace.buyWithPermit(
            listing_id, 1, TOKEN_PRICE, ZERO32, deadline, v, r, s, sender=stranger
        )
    assert token.balanceOf(stranger) == before


def test_a_lower_price_than_the_buyer_committed_to_is_fine(
    marketplace, seller, buyer, token, create_listing
):
    listing_id = create_listing(token=token, escrow=False)
    token.approve(marketplace, 2**256 - 1, sender=buyer)
    before = token.balanceOf(buyer)

    marketplace.updateListing(listing_id, TOKEN_PRICE // 2, 100, ZERO32, sender=seller)
    marketplace.buy(listing_id, 1, TOKEN_PRICE, ZERO32, sender=buyer)

    assert before - token.balanceOf(buyer) == TOKEN_PRICE // 2


def test_an_eth_buy_commits_to_the_price_too(marketplace, seller, buyer, create_listing):
    listing_id = create_listing(escrow=False)
    marketplace.updateListing(listing_id, 2 * PRICE, 100, ZERO32, sender=seller)
    with ape.reverts(marketplace.MarketplacePriceAboveLimit, price=2 * PRICE, maxPrice=PRICE):
        marketplace.buy(listing_id, 1, PRICE, ZERO32, value=2 * PRICE, sender=buyer)
    marketplace.buy(listing_id, 1, 2 * PRICE, ZERO32, value=2 * PRICE, sender=buyer)


# ------------------------------------------------------------------ late moves


def test_seller_cannot_ship_in_front_of_the_buyers_cancel(
    marketplace, seller, buyer, eth_order, warp
):
    order, _ = eth_order()
    cancel_at = order.paid_at + HANDLING_TIME
    pending_cancel = order.as_tuple()  # the buyer's cancel, sent as soon as it was due

    warp(cancel_at)
    with ape.reverts(marketplace.MarketplaceTooLate, nowTimestamp=cancel_at, deadline=cancel_at):
        marketplace.ship(order.as_tuple(), b32("late"), sender=seller)
    warp(cancel_at)
    receipt = marketplace.cancel(pending_cancel, sender=buyer)

    assert receipt.events.filter(marketplace.OrderCancelled)[0].refund == PRICE


def test_seller_cannot_ship_in_front_of_the_keepers_cancel(
    marketplace, seller, stranger, buyer, eth_order, warp
):
    order, _ = eth_order()
    keeper_at = order.paid_at + HANDLING_TIME + AUTO_RELEASE

    warp(keeper_at)
    with ape.reverts(marketplace.MarketplaceTooLate):
        marketplace.ship(order.as_tuple(), b32("late"), sender=seller)
    warp(keeper_at)
    marketplace.cancel(order.as_tuple(), sender=stranger)

    assert marketplace.owed(buyer, order.token) == PRICE


def test_seller_cannot_dispute_in_front_of_the_buyers_cancel(
    marketplace, seller, buyer, eth_order, warp
):
    order, _ = eth_order()
    cancel_at = order.paid_at + HANDLING_TIME

    warp(cancel_at)
    with ape.reverts(marketplace.MarketplaceTooLate, nowTimestamp=cancel_at, deadline=cancel_at):
        marketplace.openDispute(order.as_tuple(), REASON, sender=seller)
    warp(cancel_at)
    marketplace.cancel(order.as_tuple(), sender=buyer)
    assert marketplace.orderHash(order.id) == b"\x00" * 32


def test_buyer_cannot_dispute_in_front_of_a_due_release(
    marketplace, seller, buyer, stranger, eth_order, warp
):
    shipped = _ship(marketplace, seller, eth_order()[0])
    release_at = shipped.shipped_at + AUTO_RELEASE

    warp(release_at)
    with ape.reverts(marketplace.MarketplaceTooLate, nowTimestamp=release_at, deadline=release_at):
        marketplace.openDispute(shipped.as_tuple(), REASON, sender=buyer)
    warp(release_at)
    receipt = marketplace.release(shipped.as_tuple(), sender=stranger)

    assert len(receipt.events.filter(marketplace.OrderCompleted)) == 1


# ------------------------------------------------------------------ repeated partial refunds


def test_repeated_partial_refunds_cannot_starve_the_arbiters_ruling(
    marketplace, seller, buyer, arbiter, eth_order
):
    order, _ = eth_order()
    receipt = marketplace.openDispute(order.as_tuple(), REASON, sender=buyer)
    disputed = order.disputed(receipt.timestamp)
    pending_ruling = disputed.as_tuple()  # what the arbiter signed and sent

    seen = disputed  # the seller follows the events, as a client would
    for _ in range(3):
        marketplace.refund(seen.as_tuple(), 1, sender=seller)
        seen = seen.refunded_by(1)
    ruling = marketplace.resolveDispute(pending_ruling, 7_000, sender=arbiter)

    remaining = PRICE - 3
    resolved = ruling.events.filter(marketplace.DisputeResolved)[0]
    assert resolved.buyerAmount == remaining * 7_000 // BPS
    assert marketplace.owed(buyer, order.token) == 3 + remaining * 7_000 // BPS
    assert marketplace.orderHash(order.id) == b"\x00" * 32


def test_repeated_partial_refunds_cannot_starve_the_buyers_dispute(
    marketplace, seller, buyer, stranger, eth_order, warp
):
    shipped = _ship(marketplace, seller, eth_order()[0])
    pending_dispute = shipped.as_tuple()

    seen = shipped
    for _ in range(3):
        marketplace.refund(seen.as_tuple(), 1, sender=seller)
        seen = seen.refunded_by(1)
    receipt = marketplace.openDispute(pending_dispute, REASON, sender=buyer)
    disputed = shipped.disputed(receipt.timestamp)

    # The order is disputed: the seller's release after the window no longer applies.
    warp(shipped.shipped_at + AUTO_RELEASE)
    with ape.reverts(
        marketplace.MarketplaceInvalidOrderStatus, orderId=shipped.id, status=OrderStatus.DISPUTED
    ):
        marketplace.release(disputed.as_tuple(), sender=stranger)


def test_repeated_partial_refunds_cannot_starve_the_buyers_confirmation(
    marketplace, seller, buyer, eth_order
):
    order, _ = eth_order()
    pending_confirm = order.as_tuple()

    seen = order
    for _ in range(2):
        marketplace.refund(seen.as_tuple(), 1, sender=seller)
        seen = seen.refunded_by(1)
    receipt = marketplace.confirmDelivery(pending_confirm, sender=buyer)

    assert len(receipt.events.filter(marketplace.OrderCompleted)) == 1
    assert marketplace.owed(buyer, order.token) == 2
