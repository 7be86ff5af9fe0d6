"""Every party's window on an escrowed order is [start, deadline): the last second before the
deadline still works, the deadline itself reverts ``MarketplaceTooLate(now, deadline)``, and
the permissionless exit of the state opens at that same second (docs/marketplace.md,
"Deadlines")."""

from __future__ import annotations

import ape
import pytest

from ..helpers import AUTO_RELEASE, DISPUTE_TIMEOUT, HANDLING_TIME, OrderStatus, b32

REASON = b32("reason")


@pytest.fixture
def shipped(marketplace, seller, eth_order):
    def _shipped():
        order, _ = eth_order()
        receipt = marketplace.ship(order.as_tuple(), b32("t"), sender=seller)
        return order.shipped(receipt.timestamp)

    return _shipped


@pytest.fixture
def disputed(marketplace, buyer, eth_order):
    def _disputed():
        order, _ = eth_order()
        receipt = marketplace.openDispute(order.as_tuple(), REASON, sender=buyer)
        return order.disputed(receipt.timestamp)

    return _disputed


def _too_late(marketplace, deadline):
    return ape.reverts(marketplace.MarketplaceTooLate, nowTimestamp=deadline, deadline=deadline)


# ------------------------------------------------------------------ ship


def test_ship_in_the_last_second_of_the_handling_time(marketplace, seller, eth_order, warp):
    order, _ = eth_order()
    warp(order.paid_at + HANDLING_TIME - 1)
    receipt = marketplace.ship(order.as_tuple(), b32("t"), sender=seller)
    assert marketplace.orderHash(order.id) == order.shipped(receipt.timestamp).hash()


def test_ship_reverts_once_the_buyer_may_cancel(marketplace, seller, buyer, eth_order, warp):
    order, _ = eth_order()
    deadline = order.paid_at + HANDLING_TIME
    warp(deadline)
    with _too_late(marketplace, deadline):
        marketplace.ship(order.as_tuple(), b32("t"), sender=seller)
    # The buyer's cancel opens at the very second the seller's window closed.
    warp(deadline)
    marketplace.cancel(order.as_tuple(), sender=buyer)
    assert marketplace.orderHash(order.id) == b"\x00" * 32


# ------------------------------------------------------------------ openDispute


@pytest.mark.parametrize(
    ("party", "window"),
    [("seller", HANDLING_TIME), ("buyer", HANDLING_TIME + AUTO_RELEASE)],
)
def test_open_dispute_on_a_paid_order_until_the_callers_window_closes(
    marketplace, seller, buyer, eth_order, warp, party, window
):
    caller = seller if party == "seller" else buyer
    order, _ = eth_order()
    warp(order.paid_at + window - 1)
    receipt = marketplace.openDispute(order.as_tuple(), REASON, sender=caller)
    assert marketplace.orderHash(order.id) == order.disputed(receipt.timestamp).hash()

    late, _ = eth_order()
    deadline = late.paid_at + window
    warp(deadline)
    with _too_late(marketplace, deadline):
        marketplace.openDispute(late.as_tuple(), REASON, sender=caller)


@pytest.mark.parametrize("party", ["seller", "buyer"])
def test_open_dispute_on_a_shipped_order_until_release_opens(
    marketplace, seller, buyer, stranger, shipped, warp, party
):
    caller = seller if party == "seller" else buyer
    order = shipped()
    warp(order.shipped_at + AUTO_RELEASE - 1)
    receipt = marketplace.openDispute(order.as_tuple(), REASON, sender=caller)
    assert marketplace.orderHash(order.id) == order.disputed(receipt.timestamp).hash()

    late = shipped()
    deadline = late.shipped_at + AUTO_RELEASE
    warp(deadline)
    with _too_late(marketplace, deadline):
        marketplace.openDispute(late.as_tuple(), REASON, sender=caller)
    warp(deadline)
    marketplace.release(late.as_tuple(), sender=stranger)


def test_open_dispute_reverts_on_a_closed_order_by_status_first(marketplace, buyer, disputed, warp):
    order = disputed()
    with ape.reverts(
        marketplace.MarketplaceInvalidOrderStatus, orderId=order.id, status=OrderStatus.DISPUTED
    ):
        marketplace.openDispute(order.as_tuple(), REASON, sender=buyer)


# ------------------------------------------------------------------ resolveDispute


def test_resolve_dispute_until_the_fallback_opens(marketplace, arbiter, stranger, disputed, warp):
    order = disputed()
    warp(order.disputed_at + DISPUTE_TIMEOUT - 1)
    marketplace.resolveDispute(order.as_tuple(), 4_000, sender=arbiter)
    assert marketplace.orderHash(order.id) == b"\x00" * 32

    late = disputed()
    deadline = late.disputed_at + DISPUTE_TIMEOUT
    warp(deadline)
    with _too_late(marketplace, deadline):
        marketplace.resolveDispute(late.as_tuple(), 4_000, sender=arbiter)
    warp(deadline)
    marketplace.resolveExpiredDispute(late.as_tuple(), sender=stranger)
    assert marketplace.orderHash(late.id) == b"\x00" * 32
