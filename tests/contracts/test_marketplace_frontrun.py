"""Attacks from the other party's side: a move mined right before the victim's pending
transaction (the attacker's transaction is sent first, as a front-runner's would be mined
first). After the attacker's moves the victim's original calldata must still do what it was
signed to do, or the attacker's move must revert (docs/marketplace.md, "What the caller
commits to" and "Deadlines")."""

from __future__ import annotations

import ape

from .helpers import AUTO_RELEASE, HANDLING_TIME, PRICE, b32

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
