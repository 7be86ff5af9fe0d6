"""Attacks from the other party's side: a move mined right before the victim's pending
transaction (the attacker's transaction is sent first, as a front-runner's would be mined
first). After the attacker's moves the victim's original calldata must still do what it was
signed to do, or the attacker's move must revert (docs/marketplace.md, "What the caller
commits to" and "Deadlines")."""

from __future__ import annotations

import ape

from .helpers import AUTO_RELEASE, BPS, HANDLING_TIME, PRICE, OrderStatus, b32

REASON = b32("reason")


def _ship(marketplace, seller, order):
    receipt = marketplace.ship(order.as_tuple(), b32("t"), sender=seller)
    return order.shipped(receipt.timestamp)


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
