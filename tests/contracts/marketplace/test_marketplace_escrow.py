"""The escrowed order state machine (contracts/marketplace/MarketplaceEscrow.sol): ship,
confirmDelivery, release, cancel, refund, openDispute, resolveDispute, resolveExpiredDispute.

Every call passes the full Order struct; the tests keep it up to date the way the indexer
does (status, timestamps, refunded) and check it against the stored commitment."""

from __future__ import annotations

import ape
import pytest

from core.constants import ZERO_ADDRESS

from ..helpers import (
    AUTO_RELEASE,
    BPS,
    DISPUTE_TIMEOUT,
    FEE_BPS,
    HANDLING_TIME,
    PRICE,
    TOKEN_PRICE,
    ZERO32,
    DealKind,
    Fact,
    OrderStatus,
    assert_event,
    assert_no_event,
    b32,
    fee_of,
    gas_cost,
)

TRACKING = b32("tracking")
REASON = b32("reason")


@pytest.fixture
def ship(marketplace, seller):
    def _ship(order, tracking=TRACKING):
        receipt = marketplace.ship(order.as_tuple(), tracking, sender=seller)
        return order.shipped(receipt.timestamp), receipt

    return _ship


@pytest.fixture
def dispute(marketplace, buyer):
    def _dispute(order, by=None, reason=REASON):
        receipt = marketplace.openDispute(order.as_tuple(), reason, sender=by or buyer)
        return order.disputed(receipt.timestamp), receipt

    return _dispute


# ------------------------------------------------------------------ ship


def test_ship_moves_order_to_shipped_and_emits(marketplace, seller, eth_order):
    order, _ = eth_order()

    receipt = marketplace.ship(order.as_tuple(), b32("DHL 123"), sender=seller)

    assert_event(marketplace.OrderShipped, receipt, orderId=order.id, trackingHash=b32("DHL 123"))
    shipped = order.shipped(receipt.timestamp)
    assert marketplace.orderHash(order.id) == shipped.hash()
    with ape.reverts(marketplace.MarketplaceUnknownOrder, orderId=order.id):
        marketplace.ship(order.as_tuple(), ZERO32, sender=seller)  # the stale struct


def test_ship_reverts_when_caller_is_not_the_seller(
    marketplace, seller, buyer, stranger, eth_order
):
    order, _ = eth_order()
    for caller in (buyer, stranger):
        with ape.reverts(marketplace.MarketplaceNotSeller, caller=caller, seller=seller):
            marketplace.ship(order.as_tuple(), ZERO32, sender=caller)


def test_ship_reverts_when_already_shipped(marketplace, seller, eth_order, ship):
    shipped, _ = ship(eth_order()[0])
    with ape.reverts(
        marketplace.MarketplaceInvalidOrderStatus, orderId=shipped.id, status=OrderStatus.SHIPPED
    ):
        marketplace.ship(shipped.as_tuple(), ZERO32, sender=seller)


def test_ship_reverts_when_disputed(marketplace, seller, eth_order, dispute):
    disputed, _ = dispute(eth_order()[0])
    with ape.reverts(
        marketplace.MarketplaceInvalidOrderStatus, orderId=disputed.id, status=OrderStatus.DISPUTED
    ):
        marketplace.ship(disputed.as_tuple(), ZERO32, sender=seller)


# ------------------------------------------------------------------ confirmDelivery


@pytest.mark.parametrize("shipped_first", [False, True], ids=["paid", "shipped"])
def test_confirm_delivery_completes_and_credits_listing_proceeds(
    marketplace, seller, buyer, eth_order, ship, eth_balance, shipped_first
):
    order, _ = eth_order(escrow=True)
    if shipped_first:
        order, _ = ship(order)

    receipt = marketplace.confirmDelivery(order.as_tuple(), sender=buyer)

    fee = fee_of(PRICE, FEE_BPS)
    assert_event(
        marketplace.OrderCompleted,
        receipt,
        orderId=order.id,
        by=buyer,
        sellerAmount=PRICE - fee,
        fee=fee,
    )
    assert marketplace.orderHash(order.id) == ZERO32
    assert marketplace.getListing(order.listing_id).unsettled == PRICE
    assert eth_balance(marketplace) == PRICE
    marketplace.settleProceeds([order.listing_id], sender=buyer)
    assert marketplace.owed(seller, ZERO_ADDRESS) == PRICE - fee
    assert marketplace.feesOwed(ZERO_ADDRESS) == fee


def test_confirm_delivery_after_partial_refund_pays_the_rest(
    marketplace, seller, buyer, create_listing, place_order
):
    order, _ = place_order(create_listing(), quantity=4)
    marketplace.refund(order.as_tuple(), PRICE, sender=seller)
    order = order.refunded_by(PRICE)

    receipt = marketplace.confirmDelivery(order.as_tuple(), sender=buyer)

    gross = 3 * PRICE
    assert_event(
        marketplace.OrderCompleted,
        receipt,
        orderId=order.id,
        by=buyer,
        sellerAmount=gross - fee_of(gross, FEE_BPS),
        fee=fee_of(gross, FEE_BPS),
    )
    assert marketplace.getListing(order.listing_id).unsettled == gross
    assert marketplace.owed(buyer, ZERO_ADDRESS) == PRICE


def test_confirm_delivery_reverts_when_caller_is_not_the_buyer(
    marketplace, seller, buyer, stranger, eth_order
):
    order, _ = eth_order()
    for caller in (seller, stranger):
        with ape.reverts(marketplace.MarketplaceNotBuyer, caller=caller, buyer=buyer):
            marketplace.confirmDelivery(order.as_tuple(), sender=caller)


def test_confirm_delivery_reverts_when_disputed(marketplace, buyer, eth_order, dispute):
    disputed, _ = dispute(eth_order()[0])
    with ape.reverts(
        marketplace.MarketplaceInvalidOrderStatus, orderId=disputed.id, status=OrderStatus.DISPUTED
    ):
        marketplace.confirmDelivery(disputed.as_tuple(), sender=buyer)


def test_confirm_delivery_cannot_be_replayed(marketplace, buyer, eth_order):
    order, _ = eth_order()
    marketplace.confirmDelivery(order.as_tuple(), sender=buyer)

    with ape.reverts(marketplace.MarketplaceUnknownOrder, orderId=order.id):
        marketplace.confirmDelivery(order.as_tuple(), sender=buyer)
    completed = order.replace(status=OrderStatus.COMPLETED)
    with ape.reverts(marketplace.MarketplaceUnknownOrder, orderId=order.id):
        marketplace.confirmDelivery(completed.as_tuple(), sender=buyer)
    assert marketplace.getListing(order.listing_id).unsettled == PRICE


def test_confirm_delivery_records_the_deal(
    marketplace, owner, seller, buyer, token, recorder, create_listing, place_order
):
    order, _ = place_order(create_listing(token=token))
    marketplace.setDealRecorder(recorder, sender=owner)

    receipt = marketplace.confirmDelivery(order.as_tuple(), sender=buyer)

    assert_event(
        recorder.DealRecorded,
        receipt,
        source=marketplace,
        kind=DealKind.PURCHASE,
        dealId=order.id,
        buyer=buyer,
        seller=seller,
        token=token,
        value=TOKEN_PRICE,
        fee=fee_of(TOKEN_PRICE, FEE_BPS),
    )


def test_confirm_delivery_succeeds_when_the_deal_recorder_reverts(
    marketplace, owner, buyer, reverting_recorder, eth_order
):
    order, _ = eth_order()
    marketplace.setDealRecorder(reverting_recorder, sender=owner)

    marketplace.confirmDelivery(order.as_tuple(), sender=buyer)

    assert marketplace.getListing(order.listing_id).unsettled == PRICE


# ------------------------------------------------------------------ release


def test_release_reverts_before_the_auto_release_window_ends(
    marketplace, stranger, eth_order, ship, warp
):
    shipped, _ = ship(eth_order()[0])
    release_at = shipped.shipped_at + AUTO_RELEASE
    warp(release_at - 1)

    with ape.reverts(
        marketplace.MarketplaceTooEarly, nowTimestamp=release_at - 1, availableAt=release_at
    ):
        marketplace.release(shipped.as_tuple(), sender=stranger)


def test_release_by_anyone_once_the_window_ends(marketplace, stranger, eth_order, ship, warp):
    shipped, _ = ship(eth_order()[0])
    warp(shipped.shipped_at + AUTO_RELEASE)

    receipt = marketplace.release(shipped.as_tuple(), sender=stranger)

    fee = fee_of(PRICE, FEE_BPS)
    assert_event(
        marketplace.OrderCompleted,
        receipt,
        orderId=shipped.id,
        by=stranger,
        sellerAmount=PRICE - fee,
        fee=fee,
    )
    assert marketplace.orderHash(shipped.id) == ZERO32
    assert marketplace.getListing(shipped.listing_id).unsettled == PRICE


def test_release_reverts_when_not_shipped(marketplace, stranger, eth_order, warp):
    order, _ = eth_order()
    warp(order.paid_at + 10 * AUTO_RELEASE)
    with ape.reverts(
        marketplace.MarketplaceInvalidOrderStatus, orderId=order.id, status=OrderStatus.PAID
    ):
        marketplace.release(order.as_tuple(), sender=stranger)


def test_release_reverts_when_disputed(marketplace, stranger, eth_order, ship, dispute, warp):
    shipped, _ = ship(eth_order()[0])
    disputed, _ = dispute(shipped)
    warp(shipped.shipped_at + AUTO_RELEASE)
    with ape.reverts(
        marketplace.MarketplaceInvalidOrderStatus, orderId=disputed.id, status=OrderStatus.DISPUTED
    ):
        marketplace.release(disputed.as_tuple(), sender=stranger)


def test_release_succeeds_when_the_deal_recorder_has_no_code(
    marketplace, owner, stranger, eth_order, ship, warp
):
    """Regression: an EOA recorder once reverted release() (see the checkout test)."""
    shipped, _ = ship(eth_order()[0])
    marketplace.setDealRecorder(stranger, sender=owner)
    warp(shipped.shipped_at + AUTO_RELEASE)

    marketplace.release(shipped.as_tuple(), sender=stranger)

    assert marketplace.orderHash(shipped.id) == ZERO32


def test_release_of_an_order_above_uint96_completes(
    marketplace, seller, stranger, token, create_listing, place_order, ship, warp
):
    """Regression: an escrowed order of 2**96 token units (79 billion 18-decimal tokens) once
    could never complete, since completion added it to the listing's packed uint96
    `unsettled`. A credit that does not fit now goes to the seller's ledger and the fees."""
    listing_id = create_listing(token=token, price=2**95)
    order, _ = place_order(listing_id, quantity=2)
    shipped, _ = ship(order)
    warp(shipped.shipped_at + AUTO_RELEASE)

    receipt = marketplace.release(shipped.as_tuple(), sender=stranger)

    gross, fee = 2**96, fee_of(2**96, FEE_BPS)
    assert_event(
        marketplace.OrderCompleted,
        receipt,
        orderId=order.id,
        by=stranger,
        sellerAmount=gross - fee,
        fee=fee,
    )
    assert marketplace.orderHash(order.id) == ZERO32
    assert marketplace.getListing(listing_id).unsettled == 0
    assert marketplace.owed(seller, token) == gross - fee
    assert marketplace.feesOwed(token) == fee
    assert token.balanceOf(marketplace) == gross


def test_completion_that_would_overflow_unsettled_goes_to_the_ledger(
    marketplace, seller, buyer, token, create_listing, place_order
):
    """`unsettled` is a packed uint96: a completion that does not fit beside what is already
    unsettled is credited to the ledgers, and what was unsettled stays for settlement."""
    price = 2**95
    listing_id = create_listing(token=token, price=price)
    first, _ = place_order(listing_id)
    second, _ = place_order(listing_id)
    marketplace.confirmDelivery(first.as_tuple(), sender=buyer)
    assert marketplace.getListing(listing_id).unsettled == price

    marketplace.confirmDelivery(second.as_tuple(), sender=buyer)

    fee = fee_of(price, FEE_BPS)
    assert marketplace.getListing(listing_id).unsettled == price
    assert marketplace.owed(seller, token) == price - fee
    assert marketplace.feesOwed(token) == fee
    marketplace.settleProceeds([listing_id], sender=buyer)
    assert marketplace.owed(seller, token) == 2 * (price - fee)
    assert (
        marketplace.feesOwed(token) == 2 * fee == token.balanceOf(marketplace) - 2 * (price - fee)
    )


def test_completion_too_large_for_unsettled_announces_the_split(
    marketplace, seller, stranger, token, create_listing, place_order, ship, warp
):
    listing_id = create_listing(token=token, price=2**95)
    order, _ = place_order(listing_id, quantity=2)
    shipped, _ = ship(order)
    warp(shipped.shipped_at + AUTO_RELEASE)

    receipt = marketplace.release(shipped.as_tuple(), sender=stranger)

    fee = fee_of(2**96, FEE_BPS)
    assert_event(
        marketplace.ProceedsSettled,
        receipt,
        listingId=listing_id,
        seller=seller,
        sellerAmount=2**96 - fee,
        fee=fee,
    )


# ------------------------------------------------------------------ cancel


def test_cancel_by_buyer_after_handling_time_pays_buyer_directly(
    marketplace, buyer, eth_order, warp, eth_balance
):
    order, _ = eth_order()
    warp(order.paid_at + HANDLING_TIME)
    before = eth_balance(buyer)

    receipt = marketplace.cancel(order.as_tuple(), sender=buyer)

    assert_event(marketplace.OrderCancelled, receipt, orderId=order.id, by=buyer, refund=PRICE)
    assert eth_balance(buyer) - before == PRICE - gas_cost(receipt)
    assert marketplace.owed(buyer, ZERO_ADDRESS) == 0
    assert marketplace.orderHash(order.id) == ZERO32
    assert eth_balance(marketplace) == 0


def test_cancel_by_buyer_pays_tokens_directly(
    marketplace, buyer, token, create_listing, place_order, warp
):
    order, _ = place_order(create_listing(token=token))
    before = token.balanceOf(buyer)
    warp(order.paid_at + HANDLING_TIME)

    marketplace.cancel(order.as_tuple(), sender=buyer)

    assert token.balanceOf(buyer) == before + TOKEN_PRICE
    assert token.balanceOf(marketplace) == 0


def test_cancel_by_buyer_reverts_before_handling_time(marketplace, buyer, eth_order, warp):
    order, _ = eth_order()
    available = order.paid_at + HANDLING_TIME
    warp(available - 1)
    with ape.reverts(
        marketplace.MarketplaceTooEarly, nowTimestamp=available - 1, availableAt=available
    ):
        marketplace.cancel(order.as_tuple(), sender=buyer)


@pytest.mark.parametrize("caller", ["stranger", "seller"])
def test_cancel_by_anyone_else_waits_for_the_auto_release_window_too(
    marketplace, buyer, eth_order, warp, eth_balance, request, caller
):
    caller = request.getfixturevalue(caller)
    order, _ = eth_order()
    available = order.paid_at + HANDLING_TIME + AUTO_RELEASE
    warp(order.paid_at + HANDLING_TIME)
    with ape.reverts(
        marketplace.MarketplaceTooEarly,
        nowTimestamp=order.paid_at + HANDLING_TIME,
        availableAt=available,
    ):
        marketplace.cancel(order.as_tuple(), sender=caller)

    warp(available)
    before = eth_balance(buyer)
    receipt = marketplace.cancel(order.as_tuple(), sender=caller)

    assert_event(marketplace.OrderCancelled, receipt, orderId=order.id, by=caller, refund=PRICE)
    assert marketplace.owed(buyer, ZERO_ADDRESS) == PRICE  # credited, not pushed
    assert eth_balance(buyer) == before
    assert marketplace.orderHash(order.id) == ZERO32


def test_cancel_after_partial_refund_returns_the_rest(
    marketplace, seller, buyer, create_listing, place_order, warp
):
    order, _ = place_order(create_listing(), quantity=3)
    marketplace.refund(order.as_tuple(), PRICE, sender=seller)
    order = order.refunded_by(PRICE)
    warp(order.paid_at + HANDLING_TIME)

    receipt = marketplace.cancel(order.as_tuple(), sender=buyer)

    assert_event(marketplace.OrderCancelled, receipt, orderId=order.id, by=buyer, refund=2 * PRICE)
    assert marketplace.owed(buyer, ZERO_ADDRESS) == PRICE  # the earlier partial refund


def test_cancel_reverts_once_shipped(marketplace, buyer, eth_order, ship, warp):
    shipped, _ = ship(eth_order()[0])
    warp(shipped.paid_at + HANDLING_TIME + AUTO_RELEASE)
    with ape.reverts(
        marketplace.MarketplaceInvalidOrderStatus, orderId=shipped.id, status=OrderStatus.SHIPPED
    ):
        marketplace.cancel(shipped.as_tuple(), sender=buyer)


def test_cancel_reverts_when_disputed(marketplace, buyer, eth_order, dispute, warp):
    disputed, _ = dispute(eth_order()[0])
    warp(disputed.paid_at + HANDLING_TIME + AUTO_RELEASE)
    with ape.reverts(
        marketplace.MarketplaceInvalidOrderStatus, orderId=disputed.id, status=OrderStatus.DISPUTED
    ):
        marketplace.cancel(disputed.as_tuple(), sender=buyer)


# ------------------------------------------------------------------ refund


def test_refund_partial_credits_buyer_and_keeps_order_open(
    marketplace, seller, buyer, create_listing, place_order
):
    order, _ = place_order(create_listing(), quantity=5)

    receipt = marketplace.refund(order.as_tuple(), PRICE, sender=seller)
    assert_event(
        marketplace.OrderRefunded,
        receipt,
        orderId=order.id,
        amount=PRICE,
        totalRefunded=PRICE,
        full=False,
    )
    order = order.refunded_by(PRICE)
    assert marketplace.orderHash(order.id) == order.hash()

    receipt = marketplace.refund(order.as_tuple(), 2 * PRICE, sender=seller)
    assert_event(
        marketplace.OrderRefunded,
        receipt,
        orderId=order.id,
        amount=2 * PRICE,
        totalRefunded=3 * PRICE,
        full=False,
    )
    order = order.refunded_by(2 * PRICE)
    assert marketplace.orderHash(order.id) == order.hash()
    assert marketplace.owed(buyer, ZERO_ADDRESS) == 3 * PRICE


def test_refund_of_everything_left_closes_the_order(
    marketplace, seller, buyer, create_listing, place_order
):
    order, _ = place_order(create_listing(), quantity=2)
    marketplace.refund(order.as_tuple(), 1, sender=seller)
    order = order.refunded_by(1)

    receipt = marketplace.refund(order.as_tuple(), 2 * PRICE - 1, sender=seller)

    assert_event(
        marketplace.OrderRefunded,
        receipt,
        orderId=order.id,
        amount=2 * PRICE - 1,
        totalRefunded=2 * PRICE,
        full=True,
    )
    assert marketplace.orderHash(order.id) == ZERO32
    assert marketplace.owed(buyer, ZERO_ADDRESS) == 2 * PRICE
    with ape.reverts(marketplace.MarketplaceUnknownOrder, orderId=order.id):
        marketplace.refund(order.refunded_by(2 * PRICE - 1).as_tuple(), 1, sender=seller)


@pytest.mark.parametrize("state", ["shipped", "disputed"])
def test_refund_in_full_from_any_open_state(
    marketplace, seller, buyer, eth_order, ship, dispute, state
):
    order, _ = eth_order()
    order, _ = ship(order)
    if state == "disputed":
        order, _ = dispute(order)

    receipt = marketplace.refund(order.as_tuple(), PRICE, sender=seller)

    assert_event(
        marketplace.OrderRefunded,
        receipt,
        orderId=order.id,
        amount=PRICE,
        totalRefunded=PRICE,
        full=True,
    )
    assert marketplace.orderHash(order.id) == ZERO32
    assert marketplace.owed(buyer, ZERO_ADDRESS) == PRICE


@pytest.mark.parametrize("amount", [0, PRICE + 1])
def test_refund_reverts_on_zero_or_too_large_amount(marketplace, seller, eth_order, amount):
    order, _ = eth_order()
    with ape.reverts(marketplace.MarketplaceRefundTooLarge, amount=amount, refundable=PRICE):
        marketplace.refund(order.as_tuple(), amount, sender=seller)


def test_refund_reverts_beyond_what_is_left_after_a_partial_refund(marketplace, seller, eth_order):
    order, _ = eth_order()
    marketplace.refund(order.as_tuple(), PRICE - 10, sender=seller)
    with ape.reverts(marketplace.MarketplaceRefundTooLarge, amount=11, refundable=10):
        marketplace.refund(order.refunded_by(PRICE - 10).as_tuple(), 11, sender=seller)


def test_refund_reverts_when_caller_is_not_the_seller(
    marketplace, seller, buyer, stranger, eth_order
):
    order, _ = eth_order()
    for caller in (buyer, stranger):
        with ape.reverts(marketplace.MarketplaceNotSeller, caller=caller, seller=seller):
            marketplace.refund(order.as_tuple(), 1, sender=caller)


def test_refund_reverts_after_completion(marketplace, seller, buyer, eth_order):
    order, _ = eth_order()
    marketplace.confirmDelivery(order.as_tuple(), sender=buyer)
    with ape.reverts(marketplace.MarketplaceUnknownOrder, orderId=order.id):
        marketplace.refund(order.as_tuple(), 1, sender=seller)


# ------------------------------------------------------------------ openDispute


def test_open_dispute_by_buyer_on_a_paid_order(marketplace, buyer, eth_order):
    order, _ = eth_order()

    receipt = marketplace.openDispute(order.as_tuple(), b32("never arrived"), sender=buyer)

    assert_event(
        marketplace.DisputeOpened,
        receipt,
        orderId=order.id,
        by=buyer,
        reasonHash=b32("never arrived"),
    )
    assert marketplace.orderHash(order.id) == order.disputed(receipt.timestamp).hash()


def test_open_dispute_by_seller_on_a_shipped_order(marketplace, seller, eth_order, ship):
    shipped, _ = ship(eth_order()[0])

    receipt = marketplace.openDispute(shipped.as_tuple(), b32("buyer lies"), sender=seller)

    assert_event(
        marketplace.DisputeOpened,
        receipt,
        orderId=shipped.id,
        by=seller,
        reasonHash=b32("buyer lies"),
    )
    disputed = shipped.disputed(receipt.timestamp)
    assert disputed.shipped_at != 0
    assert marketplace.orderHash(shipped.id) == disputed.hash()


def test_open_dispute_reverts_for_a_non_party(marketplace, stranger, arbiter, eth_order):
    order, _ = eth_order()
    for caller in (stranger, arbiter):
        with ape.reverts(marketplace.MarketplaceNotParty, caller=caller):
            marketplace.openDispute(order.as_tuple(), ZERO32, sender=caller)


def test_open_dispute_reverts_when_already_disputed(marketplace, seller, eth_order, dispute):
    disputed, _ = dispute(eth_order()[0])
    with ape.reverts(
        marketplace.MarketplaceInvalidOrderStatus, orderId=disputed.id, status=OrderStatus.DISPUTED
    ):
        marketplace.openDispute(disputed.as_tuple(), ZERO32, sender=seller)


# ------------------------------------------------------------------ resolveDispute


@pytest.mark.parametrize("buyer_bps", [0, 3_000, 5_000, 10_000])
def test_resolve_dispute_splits_what_remains(
    marketplace, seller, buyer, arbiter, create_listing, place_order, dispute, buyer_bps
):
    order, _ = place_order(create_listing(), quantity=3)
    marketplace.refund(order.as_tuple(), 7, sender=seller)
    disputed, _ = dispute(order.refunded_by(7))

    receipt = marketplace.resolveDispute(disputed.as_tuple(), buyer_bps, sender=arbiter)

    remaining = 3 * PRICE - 7
    buyer_amount = remaining * buyer_bps // BPS
    seller_gross = remaining - buyer_amount
    fee = fee_of(seller_gross, FEE_BPS)
    assert_event(
        marketplace.DisputeResolved,
        receipt,
        orderId=order.id,
        buyerBps=buyer_bps,
        buyerAmount=buyer_amount,
        sellerAmount=seller_gross - fee,
        fee=fee,
        byTimeout=False,
    )
    assert marketplace.orderHash(order.id) == ZERO32
    assert marketplace.owed(buyer, ZERO_ADDRESS) == 7 + buyer_amount
    assert marketplace.getListing(order.listing_id).unsettled == seller_gross


def test_resolve_dispute_in_tokens(
    marketplace, seller, buyer, arbiter, token, create_listing, place_order, dispute
):
    order, _ = place_order(create_listing(token=token))
    disputed, _ = dispute(order, by=seller)

    marketplace.resolveDispute(disputed.as_tuple(), 2_500, sender=arbiter)
    marketplace.withdraw(token, sender=buyer)
    marketplace.withdrawProceeds([order.listing_id], sender=seller)

    seller_gross = TOKEN_PRICE - TOKEN_PRICE // 4
    assert marketplace.owed(buyer, token) == 0
    assert token.balanceOf(seller) == seller_gross - fee_of(seller_gross, FEE_BPS)
    assert token.balanceOf(marketplace) == fee_of(seller_gross, FEE_BPS)


def test_resolve_dispute_reverts_when_caller_is_not_the_arbiter(
    marketplace, owner, seller, buyer, eth_order, dispute
):
    disputed, _ = dispute(eth_order()[0])
    for caller in (owner, seller, buyer):
        with ape.reverts(marketplace.PlatformNotArbiter, caller=caller):
            marketplace.resolveDispute(disputed.as_tuple(), 5_000, sender=caller)


def test_resolve_dispute_reverts_on_split_above_100_percent(
    marketplace, arbiter, eth_order, dispute
):
    disputed, _ = dispute(eth_order()[0])
    with ape.reverts(marketplace.MarketplaceInvalidSplit, buyerBps=10_001):
        marketplace.resolveDispute(disputed.as_tuple(), 10_001, sender=arbiter)


@pytest.mark.parametrize("state", ["paid", "shipped"])
def test_resolve_dispute_reverts_when_not_disputed(marketplace, arbiter, eth_order, ship, state):
    order, _ = eth_order()
    if state == "shipped":
        order, _ = ship(order)
    with ape.reverts(
        marketplace.MarketplaceInvalidOrderStatus, orderId=order.id, status=order.status
    ):
        marketplace.resolveDispute(order.as_tuple(), 5_000, sender=arbiter)


@pytest.mark.parametrize(
    "buyer_bps, loser", [(10_000, "seller"), (5_001, "seller"), (4_999, "buyer"), (0, "buyer")]
)
def test_resolve_dispute_records_the_losing_party(
    marketplace, owner, arbiter, recorder, eth_order, dispute, request, buyer_bps, loser
):
    disputed, _ = dispute(eth_order()[0])
    marketplace.setDealRecorder(recorder, sender=owner)

    receipt = marketplace.resolveDispute(disputed.as_tuple(), buyer_bps, sender=arbiter)

    assert_event(
        recorder.FactRecorded,
        receipt,
        source=marketplace,
        fact=Fact.DISPUTE_LOST,
        dealId=disputed.id,
        party=request.getfixturevalue(loser),
        amount=PRICE,
    )


def test_resolve_dispute_even_split_records_no_loser_but_the_deal(
    marketplace, owner, seller, buyer, arbiter, recorder, eth_order, dispute
):
    disputed, _ = dispute(eth_order()[0])
    marketplace.setDealRecorder(recorder, sender=owner)

    receipt = marketplace.resolveDispute(disputed.as_tuple(), 5_000, sender=arbiter)

    assert_no_event(recorder.FactRecorded, receipt)
    half = PRICE // 2
    assert_event(
        recorder.DealRecorded,
        receipt,
        source=marketplace,
        kind=DealKind.PURCHASE,
        dealId=disputed.id,
        buyer=buyer,
        seller=seller,
        token=ZERO_ADDRESS,
        value=PRICE - half,
        fee=fee_of(PRICE - half, FEE_BPS),
    )


def test_resolve_dispute_full_refund_records_no_deal(
    marketplace, owner, arbiter, recorder, eth_order, dispute
):
    disputed, _ = dispute(eth_order()[0])
    marketplace.setDealRecorder(recorder, sender=owner)

    receipt = marketplace.resolveDispute(disputed.as_tuple(), 10_000, sender=arbiter)

    assert_no_event(recorder.DealRecorded, receipt)


def test_resolve_dispute_succeeds_when_the_deal_recorder_reverts(
    marketplace, owner, buyer, arbiter, reverting_recorder, eth_order, dispute
):
    disputed, _ = dispute(eth_order()[0])
    marketplace.setDealRecorder(reverting_recorder, sender=owner)

    marketplace.resolveDispute(disputed.as_tuple(), 6_000, sender=arbiter)

    assert marketplace.owed(buyer, ZERO_ADDRESS) == PRICE * 6 // 10


# ------------------------------------------------------------------ resolveExpiredDispute


def test_resolve_expired_dispute_reverts_before_the_timeout(
    marketplace, stranger, eth_order, dispute, warp
):
    disputed, _ = dispute(eth_order()[0])
    expires = disputed.disputed_at + DISPUTE_TIMEOUT
    warp(expires - 1)
    with ape.reverts(
        marketplace.MarketplaceTooEarly, nowTimestamp=expires - 1, availableAt=expires
    ):
        marketplace.resolveExpiredDispute(disputed.as_tuple(), sender=stranger)


def test_resolve_expired_dispute_refunds_an_unshipped_order_in_full(
    marketplace, buyer, stranger, eth_order, dispute, warp
):
    disputed, _ = dispute(eth_order()[0])
    warp(disputed.disputed_at + DISPUTE_TIMEOUT)

    receipt = marketplace.resolveExpiredDispute(disputed.as_tuple(), sender=stranger)

    assert_event(
        marketplace.DisputeResolved,
        receipt,
        orderId=disputed.id,
        buyerBps=BPS,
        buyerAmount=PRICE,
        sellerAmount=0,
        fee=0,
        byTimeout=True,
    )
    assert marketplace.owed(buyer, ZERO_ADDRESS) == PRICE
    assert marketplace.getListing(disputed.listing_id).unsettled == 0
    assert marketplace.orderHash(disputed.id) == ZERO32


def test_resolve_expired_dispute_splits_a_shipped_order_evenly(
    marketplace, seller, buyer, stranger, create_listing, place_order, ship, dispute, warp
):
    order, _ = place_order(create_listing(price=1001))
    shipped, _ = ship(order)
    disputed, _ = dispute(shipped, by=seller)
    warp(disputed.disputed_at + DISPUTE_TIMEOUT)

    receipt = marketplace.resolveExpiredDispute(disputed.as_tuple(), sender=stranger)

    fee = fee_of(501, FEE_BPS)
    assert_event(
        marketplace.DisputeResolved,
        receipt,
        orderId=disputed.id,
        buyerBps=5_000,
        buyerAmount=500,
        sellerAmount=501 - fee,
        fee=fee,
        byTimeout=True,
    )
    assert marketplace.owed(buyer, ZERO_ADDRESS) == 500
    assert marketplace.getListing(order.listing_id).unsettled == 501


@pytest.mark.parametrize("state", ["paid", "shipped"])
def test_resolve_expired_dispute_reverts_when_not_disputed(
    marketplace, stranger, eth_order, ship, warp, state
):
    order, _ = eth_order()
    if state == "shipped":
        order, _ = ship(order)
    warp(order.paid_at + DISPUTE_TIMEOUT + 1)
    with ape.reverts(
        marketplace.MarketplaceInvalidOrderStatus, orderId=order.id, status=order.status
    ):
        marketplace.resolveExpiredDispute(order.as_tuple(), sender=stranger)


def test_resolve_expired_dispute_after_arbiter_ruled_is_unknown(
    marketplace, arbiter, stranger, eth_order, dispute, warp
):
    disputed, _ = dispute(eth_order()[0])
    marketplace.resolveDispute(disputed.as_tuple(), 0, sender=arbiter)
    warp(disputed.disputed_at + DISPUTE_TIMEOUT)
    with ape.reverts(marketplace.MarketplaceUnknownOrder, orderId=disputed.id):
        marketplace.resolveExpiredDispute(disputed.as_tuple(), sender=stranger)


# ------------------------------------------------------------------ pause


def test_pause_never_blocks_escrow_exits_or_withdrawals(
    marketplace,
    owner,
    seller,
    buyer,
    arbiter,
    stranger,
    fee_recipient,
    create_listing,
    place_order,
    ship,
    dispute,
    warp,
):
    listing_id = create_listing(stock=10)
    orders = [place_order(listing_id)[0] for _ in range(6)]
    marketplace.pause(sender=owner)

    a, _ = ship(orders[0])
    marketplace.confirmDelivery(a.as_tuple(), sender=buyer)
    marketplace.refund(orders[1].as_tuple(), PRICE, sender=seller)
    c, _ = dispute(orders[2])
    marketplace.resolveDispute(c.as_tuple(), 5_000, sender=arbiter)
    d, _ = dispute(orders[3])
    e, _ = ship(orders[4])
    warp(max(d.deadline(DISPUTE_TIMEOUT), e.deadline(DISPUTE_TIMEOUT), orders[5].deadline(0)))
    marketplace.resolveExpiredDispute(d.as_tuple(), sender=stranger)
    marketplace.release(e.as_tuple(), sender=stranger)
    marketplace.cancel(orders[5].as_tuple(), sender=stranger)
    marketplace.withdrawProceeds([listing_id], sender=seller)
    marketplace.withdraw(ZERO_ADDRESS, sender=buyer)
    marketplace.withdrawFees(ZERO_ADDRESS, sender=fee_recipient)

    assert marketplace.paused() is True
    assert all(marketplace.orderHash(o.id) == ZERO32 for o in orders)
    assert marketplace.getListing(listing_id).unsettled == 0
    assert marketplace.owed(buyer, ZERO_ADDRESS) == 0
    assert marketplace.feesOwed(ZERO_ADDRESS) == 0
