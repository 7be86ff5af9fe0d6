"""Attacks on the Marketplace: reentrant receivers, receivers that refuse payment, signature
replay and tampering, non-parties calling party-only functions, forged Order structs."""

from __future__ import annotations

import ape
import pytest

from core.constants import ZERO_ADDRESS

from ..helpers import (
    ANY_PRICE,
    AUTO_RELEASE,
    DAY,
    DISPUTE_TIMEOUT,
    FEE_BPS,
    HANDLING_TIME,
    PRICE,
    ZERO32,
    Offer,
    OrderStatus,
    assert_event,
    b32,
    fee_of,
    gas_cost,
    order_from_placed,
    selector,
    sign_offer,
)

REENTRANCY_ERROR = selector("ReentrancyGuardReentrantCall()")
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


@pytest.fixture
def as_receiver(marketplace, receiver, stranger):
    """Call the marketplace from the ReentrantReceiver contract (driven by `stranger`)."""
    receiver.configure(marketplace, b"", False, sender=stranger)

    def _call(data, value=0):
        return receiver.execute(data, value, value=value, sender=stranger)

    return _call


def arm(receiver, marketplace, stranger, reenter=b"", refuse=False):
    receiver.configure(marketplace, reenter, refuse, sender=stranger)


def assert_reentry_blocked(receiver):
    assert receiver.reentryAttempts() == 1
    assert receiver.lastReentrySucceeded() is False
    assert receiver.lastReentryError() == REENTRANCY_ERROR


@pytest.fixture
def receiver_order(marketplace, create_listing, as_receiver):
    """An escrowed ETH order whose buyer is the ReentrantReceiver contract."""

    def _order(quantity=1):
        listing_id = create_listing()
        receipt = as_receiver(
            marketplace.buy.encode_input(listing_id, quantity, ANY_PRICE, ZERO32),
            value=quantity * PRICE,
        )
        return order_from_placed(marketplace, receipt)

    return _order


# ------------------------------------------------------------------ reentrancy


def test_reentrant_buyer_cannot_cancel_twice(
    marketplace, receiver, stranger, receiver_order, as_receiver, warp, eth_balance
):
    order = receiver_order()
    cancel = marketplace.cancel.encode_input(order.as_tuple())
    arm(receiver, marketplace, stranger, reenter=cancel)
    warp(order.paid_at + HANDLING_TIME)

    receipt = as_receiver(cancel)

    assert_reentry_blocked(receiver)
    assert_event(marketplace.OrderCancelled, receipt, orderId=order.id, by=receiver, refund=PRICE)
    assert eth_balance(receiver) == PRICE
    assert eth_balance(marketplace) == 0
    assert marketplace.owed(receiver, ZERO_ADDRESS) == 0


def test_reentrant_buyer_cannot_withdraw_during_its_cancel_payout(
    marketplace, seller, receiver, stranger, receiver_order, as_receiver, warp, eth_balance
):
    order = receiver_order(quantity=2)
    marketplace.refund(order.as_tuple(), PRICE, sender=seller)  # PRICE now in the ledger
    order = order.refunded_by(PRICE)
    arm(receiver, marketplace, stranger, reenter=marketplace.withdraw.encode_input(ZERO_ADDRESS))
    warp(order.paid_at + HANDLING_TIME)

    as_receiver(marketplace.cancel.encode_input(order.as_tuple()))

    assert_reentry_blocked(receiver)
    assert eth_balance(receiver) == PRICE
    assert marketplace.owed(receiver, ZERO_ADDRESS) == PRICE
    arm(receiver, marketplace, stranger)
    as_receiver(marketplace.withdraw.encode_input(ZERO_ADDRESS))
    assert eth_balance(receiver) == 2 * PRICE
    assert eth_balance(marketplace) == 0


def test_reentrant_buyer_cannot_buy_with_eth_during_a_payout(
    marketplace, receiver, stranger, create_listing, receiver_order, as_receiver, warp
):
    """An ETH buy makes no external call and only checks the guard; it must see it."""
    direct = create_listing(escrow=False)
    order = receiver_order()
    arm(
        receiver,
        marketplace,
        stranger,
        reenter=marketplace.buy.encode_input(direct, 1, ANY_PRICE, ZERO32),
    )
    warp(order.paid_at + HANDLING_TIME)

    as_receiver(marketplace.cancel.encode_input(order.as_tuple()))

    assert_reentry_blocked(receiver)
    assert marketplace.getListing(direct).orderCount == 0


@pytest.fixture
def receiver_listing(marketplace, buyer, as_receiver):
    """A direct ETH listing whose seller is the ReentrantReceiver, with 3 units sold."""
    receipt = as_receiver(
        marketplace.createListing.encode_input(ZERO_ADDRESS, PRICE, 10, False, 0, 0, ZERO32)
    )
    listing_id = marketplace.ListingCreated.from_receipt(receipt)[0].listingId
    marketplace.buy(listing_id, 3, ANY_PRICE, ZERO32, value=3 * PRICE, sender=buyer)
    return listing_id


@pytest.mark.parametrize("reentry", ["withdrawProceeds", "withdraw"])
def test_reentrant_seller_cannot_withdraw_proceeds_twice(
    marketplace, receiver, stranger, receiver_listing, as_receiver, eth_balance, reentry
):
    withdraw_proceeds = marketplace.withdrawProceeds.encode_input([receiver_listing])
    reenter = (
        withdraw_proceeds
        if reentry == "withdrawProceeds"
        else marketplace.withdraw.encode_input(ZERO_ADDRESS)
    )
    arm(receiver, marketplace, stranger, reenter=reenter)

    as_receiver(withdraw_proceeds)

    assert_reentry_blocked(receiver)
    fee = fee_of(3 * PRICE, FEE_BPS)
    assert eth_balance(receiver) == 3 * PRICE - fee
    assert eth_balance(marketplace) == fee == marketplace.feesOwed(ZERO_ADDRESS)
    assert marketplace.getListing(receiver_listing).unsettled == 0
    assert marketplace.owed(receiver, ZERO_ADDRESS) == 0


def test_reentrant_seller_settling_again_during_payout_gains_nothing(
    marketplace, receiver, stranger, receiver_listing, as_receiver, eth_balance
):
    """settleProceeds is unguarded (it sends nothing); the payout zeroes `unsettled` first."""
    arm(
        receiver,
        marketplace,
        stranger,
        reenter=marketplace.settleProceeds.encode_input([receiver_listing]),
    )

    receipt = as_receiver(marketplace.withdrawProceeds.encode_input([receiver_listing]))

    assert receiver.lastReentrySucceeded() is True
    assert len(marketplace.ProceedsSettled.from_receipt(receipt)) == 1
    fee = fee_of(3 * PRICE, FEE_BPS)
    assert eth_balance(receiver) == 3 * PRICE - fee
    assert marketplace.owed(receiver, ZERO_ADDRESS) == 0
    assert marketplace.feesOwed(ZERO_ADDRESS) == fee == eth_balance(marketplace)


def test_reentrant_seller_cannot_withdraw_its_ledger_twice(
    marketplace, buyer, receiver, stranger, receiver_listing, as_receiver, eth_balance
):
    marketplace.settleProceeds([receiver_listing], sender=buyer)
    net = 3 * PRICE - fee_of(3 * PRICE, FEE_BPS)
    withdraw = marketplace.withdraw.encode_input(ZERO_ADDRESS)
    arm(receiver, marketplace, stranger, reenter=withdraw)

    as_receiver(withdraw)

    assert_reentry_blocked(receiver)
    assert eth_balance(receiver) == net
    assert marketplace.owed(receiver, ZERO_ADDRESS) == 0


def test_reentrant_fee_recipient_cannot_withdraw_fees_twice(
    marketplace, owner, buyer, receiver, stranger, create_listing, as_receiver, eth_balance
):
    listing_id = create_listing(escrow=False)
    marketplace.buy(listing_id, 4, ANY_PRICE, ZERO32, value=4 * PRICE, sender=buyer)
    marketplace.settleProceeds([listing_id], sender=buyer)
    marketplace.setFeeRecipient(receiver, sender=owner)
    withdraw_fees = marketplace.withdrawFees.encode_input(ZERO_ADDRESS)
    arm(receiver, marketplace, stranger, reenter=withdraw_fees)

    as_receiver(withdraw_fees)

    assert_reentry_blocked(receiver)
    assert eth_balance(receiver) == fee_of(4 * PRICE, FEE_BPS)
    assert marketplace.feesOwed(ZERO_ADDRESS) == 0


# ------------------------------------------------------------------ receivers that refuse ETH


def test_refusing_buyer_cannot_block_the_sellers_refund(
    marketplace, seller, receiver, stranger, receiver_order
):
    order = receiver_order(quantity=2)
    arm(receiver, marketplace, stranger, refuse=True)

    marketplace.refund(order.as_tuple(), PRICE, sender=seller)
    marketplace.refund(order.refunded_by(PRICE).as_tuple(), PRICE, sender=seller)

    assert marketplace.owed(receiver, ZERO_ADDRESS) == 2 * PRICE
    assert marketplace.orderHash(order.id) == ZERO32


@pytest.mark.parametrize("buyer_bps", [10_000, 5_000])
def test_refusing_buyer_cannot_block_the_arbiters_ruling(
    marketplace, seller, arbiter, receiver, stranger, receiver_order, buyer_bps
):
    order = receiver_order()
    arm(receiver, marketplace, stranger, refuse=True)
    receipt = marketplace.openDispute(order.as_tuple(), ZERO32, sender=seller)

    marketplace.resolveDispute(
        order.disputed(receipt.timestamp).as_tuple(), buyer_bps, sender=arbiter
    )

    assert marketplace.owed(receiver, ZERO_ADDRESS) == PRICE * buyer_bps // 10_000
    assert marketplace.getListing(order.listing_id).unsettled == PRICE - PRICE * buyer_bps // 10_000


def test_refusing_buyer_cannot_block_a_keeper_cancel(
    marketplace, receiver, stranger, buyer2, receiver_order, warp
):
    order = receiver_order()
    arm(receiver, marketplace, stranger, refuse=True)
    warp(order.deadline(DISPUTE_TIMEOUT))

    marketplace.cancel(order.as_tuple(), sender=buyer2)

    assert marketplace.owed(receiver, ZERO_ADDRESS) == PRICE


def test_refusing_buyer_only_blocks_itself(
    marketplace, receiver, stranger, receiver_order, as_receiver, warp, eth_balance
):
    order = receiver_order()
    arm(receiver, marketplace, stranger, refuse=True)
    warp(order.paid_at + HANDLING_TIME)

    with ape.reverts("ReentrantReceiver: refusing payment"):
        as_receiver(marketplace.cancel.encode_input(order.as_tuple()))
    assert marketplace.orderHash(order.id) == order.hash()

    # Still open, and the seller's shipping window is over: once anyone may cancel, a keeper
    # does, and the refund waits in the buyer's pull balance instead of being pushed.
    warp(order.paid_at + HANDLING_TIME + AUTO_RELEASE)
    marketplace.cancel(order.as_tuple(), sender=stranger)
    assert marketplace.orderHash(order.id) == ZERO32
    assert marketplace.owed(receiver, ZERO_ADDRESS) == PRICE
    assert eth_balance(marketplace) == PRICE


def test_refusing_seller_cannot_block_the_buyers_cancel(
    marketplace, buyer, receiver, stranger, as_receiver, warp
):
    receipt = as_receiver(
        marketplace.createListing.encode_input(
            ZERO_ADDRESS, PRICE, 10, True, HANDLING_TIME, AUTO_RELEASE, ZERO32
        )
    )
    listing_id = marketplace.ListingCreated.from_receipt(receipt)[0].listingId
    order = order_from_placed(
        marketplace, marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer)
    )
    arm(receiver, marketplace, stranger, refuse=True)
    warp(order.paid_at + HANDLING_TIME)

    marketplace.cancel(order.as_tuple(), sender=buyer)

    assert marketplace.orderHash(order.id) == ZERO32


# ------------------------------------------------------------------ signature replay


@pytest.fixture
def offer(seller, chain):
    return Offer(
        seller=seller.address,
        buyer=ZERO_ADDRESS,
        listing_id=0,
        token=ZERO_ADDRESS,
        amount=2 * PRICE,
        quantity=1,
        escrow=True,
        handling_time=HANDLING_TIME,
        auto_release_window=AUTO_RELEASE,
        expiry=chain.pending_timestamp + DAY,
        nonce=42,
        metadata_hash=b32("quote"),
    )


def _accept(marketplace, offer, signature, sender, value=None):
    value = offer.amount if value is None else value
    return marketplace.acceptOffer(offer.as_tuple(), signature, ZERO32, value=value, sender=sender)


def test_offer_signed_for_another_chain_is_invalid(marketplace, seller, buyer, offer):
    signature, _ = sign_offer(seller.private_key, offer, 1, marketplace)
    with ape.reverts(marketplace.MarketplaceInvalidSignature, seller=seller):
        _accept(marketplace, offer, signature, buyer)


def test_offer_signed_for_another_marketplace_is_invalid(
    project, marketplace, owner, fee_recipient, arbiter, seller, buyer, offer, chain
):
    other = owner.deploy(
        project.Marketplace, owner, fee_recipient, arbiter, FEE_BPS, DISPUTE_TIMEOUT
    )
    signature, _ = sign_offer(seller.private_key, offer, chain.chain_id, other)
    _accept(other, offer, signature, buyer)  # valid where it was meant to be used

    with ape.reverts(marketplace.MarketplaceInvalidSignature, seller=seller):
        _accept(marketplace, offer, signature, buyer)


def test_offer_cannot_be_accepted_twice(marketplace, seller, buyer, buyer2, offer, chain):
    signature, _ = sign_offer(seller.private_key, offer, chain.chain_id, marketplace)
    _accept(marketplace, offer, signature, buyer)

    for taker in (buyer, buyer2):
        with ape.reverts(marketplace.MarketplaceNonceUsed, seller=seller, nonce=offer.nonce):
            _accept(marketplace, offer, signature, taker)


def test_a_second_offer_with_a_used_nonce_is_rejected(marketplace, seller, buyer, offer, chain):
    first, _ = sign_offer(seller.private_key, offer, chain.chain_id, marketplace)
    _accept(marketplace, offer, first, buyer)
    cheaper = offer.replace(amount=PRICE)
    second, _ = sign_offer(seller.private_key, cheaper, chain.chain_id, marketplace)

    with ape.reverts(marketplace.MarketplaceNonceUsed, seller=seller, nonce=offer.nonce):
        _accept(marketplace, cheaper, second, buyer)


def test_offer_with_a_cancelled_nonce_is_rejected(marketplace, seller, buyer, offer, chain):
    signature, _ = sign_offer(seller.private_key, offer, chain.chain_id, marketplace)
    receipt = marketplace.cancelNonces([offer.nonce], sender=seller)
    assert_event(marketplace.NonceCancelled, receipt, seller=seller, nonce=offer.nonce)

    with ape.reverts(marketplace.MarketplaceNonceUsed, seller=seller, nonce=offer.nonce):
        _accept(marketplace, offer, signature, buyer)


def test_expired_offer_is_rejected(marketplace, seller, buyer, offer, chain, warp):
    signature, _ = sign_offer(seller.private_key, offer, chain.chain_id, marketplace)
    warp(offer.expiry + 1)
    with ape.reverts(
        marketplace.MarketplaceOfferExpired, expiry=offer.expiry, nowTimestamp=offer.expiry + 1
    ):
        _accept(marketplace, offer, signature, buyer)


def test_offer_for_one_buyer_cannot_be_taken_by_another(
    marketplace, seller, buyer, buyer2, offer, chain
):
    mine = offer.replace(buyer=buyer.address)
    signature, _ = sign_offer(seller.private_key, mine, chain.chain_id, marketplace)
    with ape.reverts(marketplace.MarketplaceOfferNotForCaller, buyer=buyer, caller=buyer2):
        _accept(marketplace, mine, signature, buyer2)
    # ... and rewriting the buyer field breaks the signature.
    stolen = mine.replace(buyer=buyer2.address)
    with ape.reverts(marketplace.MarketplaceInvalidSignature, seller=seller):
        _accept(marketplace, stolen, signature, buyer2)


TAMPERED_FIELDS = {
    "amount": lambda o, ctx: o.amount - 1,
    "quantity": lambda o, ctx: o.quantity + 1,
    "token": lambda o, ctx: ctx["token"].address,
    "escrow": lambda o, ctx: False,
    "handling_time": lambda o, ctx: 1,
    "auto_release_window": lambda o, ctx: AUTO_RELEASE + 1,
    "expiry": lambda o, ctx: o.expiry + DAY,
    "nonce": lambda o, ctx: o.nonce + 1,
    "metadata_hash": lambda o, ctx: b32("something else"),
    "seller": lambda o, ctx: ctx["seller2"].address,
}


@pytest.mark.parametrize("field", list(TAMPERED_FIELDS))
def test_offer_with_any_field_changed_after_signing_is_invalid(
    marketplace, seller, seller2, buyer, token, offer, chain, field
):
    signature, _ = sign_offer(seller.private_key, offer, chain.chain_id, marketplace)
    tampered = offer.replace(
        **{field: TAMPERED_FIELDS[field](offer, {"token": token, "seller2": seller2})}
    )
    value = tampered.amount if tampered.token == ZERO_ADDRESS else 0

    with ape.reverts(marketplace.MarketplaceInvalidSignature, seller=tampered.seller):
        _accept(marketplace, tampered, signature, buyer, value=value)


def test_malleated_or_malformed_signatures_are_invalid(marketplace, seller, buyer, offer, chain):
    signature, _ = sign_offer(seller.private_key, offer, chain.chain_id, marketplace)
    r, s, v = signature[:32], int.from_bytes(signature[32:64], "big"), signature[64]
    high_s = r + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])  # 27 <-> 28

    for bad in (high_s, signature[:64], signature + b"\x00", b""):
        with ape.reverts(marketplace.MarketplaceInvalidSignature, seller=seller):
            _accept(marketplace, offer, bad, buyer)
    _accept(marketplace, offer, signature, buyer)  # the genuine one still works


# ------------------------------------------------------------------ non-parties


def test_a_stranger_can_call_no_party_only_function(
    marketplace, seller, stranger, create_listing, eth_order
):
    listing_id = create_listing()
    order, _ = eth_order()
    o = order.as_tuple()
    not_seller = (marketplace.MarketplaceNotSeller, {"caller": stranger, "seller": seller})
    attempts = [
        (marketplace.ship, (o, ZERO32), *not_seller),
        (marketplace.refund, (o, 1), *not_seller),
        (marketplace.confirmDelivery, (o,), marketplace.MarketplaceNotBuyer, {"caller": stranger}),
        (
            marketplace.openDispute,
            (o, ZERO32),
            marketplace.MarketplaceNotParty,
            {"caller": stranger},
        ),
        (
            marketplace.resolveDispute,
            (o, 0),
            marketplace.PlatformNotArbiter,
            {"caller": stranger},
        ),
        (marketplace.updateListing, (listing_id, 1, 1, ZERO32), *not_seller),
        (marketplace.setListingPaused, (listing_id, True), *not_seller),
        (marketplace.closeListing, (listing_id,), *not_seller),
        (marketplace.withdrawProceeds, ([listing_id],), *not_seller),
        (
            marketplace.withdrawFees,
            (ZERO_ADDRESS,),
            marketplace.PlatformNotFeeRecipient,
            {"caller": stranger},
        ),
        (marketplace.setFee, (0,), marketplace.OwnableUnauthorizedAccount, {"account": stranger}),
    ]
    for function, args, error, error_args in attempts:
        with ape.reverts(error, **error_args):
            function(*args, sender=stranger)
    assert marketplace.orderHash(order.id) == order.hash()


def test_time_lapsed_exits_pay_the_parties_not_the_caller(
    marketplace, seller, buyer, stranger, create_listing, place_order, warp, eth_balance
):
    """Anyone may cancel or release after the deadlines, but the money goes to the buyer's
    ledger or the seller's proceeds, never to the caller."""
    listing_id = create_listing()
    to_cancel, _ = place_order(listing_id)
    to_release, _ = place_order(listing_id)
    receipt = marketplace.ship(to_release.as_tuple(), ZERO32, sender=seller)
    to_release = to_release.shipped(receipt.timestamp)
    warp(max(to_cancel.deadline(0), to_release.deadline(0)))
    before = eth_balance(stranger)

    a = marketplace.cancel(to_cancel.as_tuple(), sender=stranger)
    b = marketplace.release(to_release.as_tuple(), sender=stranger)

    assert eth_balance(stranger) == before - gas_cost(a) - gas_cost(b)
    assert marketplace.owed(stranger, ZERO_ADDRESS) == 0
    assert marketplace.owed(buyer, ZERO_ADDRESS) == PRICE
    assert marketplace.getListing(listing_id).unsettled == PRICE


# ------------------------------------------------------------------ forged orders


def _as(role, call):
    """An attempted use of a forged order: `call(marketplace, order, sender)` by `role`."""
    return role, call


FORGERIES = {
    # field: (forged value, attempt) - each forgery would profit whoever attempts it.
    "id": (lambda o, c: o.id + 1, _as("buyer", lambda m, o, s: m.confirmDelivery(o, sender=s))),
    "listing_id": (
        lambda o, c: c["other_listing"],
        _as("buyer", lambda m, o, s: m.confirmDelivery(o, sender=s)),
    ),
    "seller": (
        lambda o, c: c["stranger"].address,
        _as("stranger", lambda m, o, s: m.refund(o, 1, sender=s)),
    ),
    "buyer": (
        lambda o, c: c["stranger"].address,
        _as("stranger", lambda m, o, s: m.confirmDelivery(o, sender=s)),
    ),
    "token": (
        lambda o, c: c["token"].address,
        _as("buyer", lambda m, o, s: m.openDispute(o, ZERO32, sender=s)),
    ),
    "amount": (lambda o, c: 2 * o.amount, _as("buyer", lambda m, o, s: m.cancel(o, sender=s))),
    # No "refunded": partial refunds are not in the struct; the contract keeps the total
    # (test_refund_total_is_the_contracts_not_the_callers).
    "fee_bps": (lambda o, c: 0, _as("seller", lambda m, o, s: m.ship(o, ZERO32, sender=s))),
    "quantity": (lambda o, c: 1, _as("buyer", lambda m, o, s: m.confirmDelivery(o, sender=s))),
    "handling_time": (lambda o, c: 1, _as("buyer", lambda m, o, s: m.cancel(o, sender=s))),
    "auto_release_window": (
        lambda o, c: 3600,
        _as("stranger", lambda m, o, s: m.cancel(o, sender=s)),
    ),
    "paid_at": (
        lambda o, c: o.paid_at - 30 * DAY,
        _as("buyer", lambda m, o, s: m.cancel(o, sender=s)),
    ),
    "shipped_at": (
        lambda o, c: o.paid_at - 30 * DAY,
        _as("stranger", lambda m, o, s: m.release(o, sender=s)),
    ),
    "disputed_at": (
        lambda o, c: o.paid_at - 30 * DAY,
        _as("stranger", lambda m, o, s: m.resolveExpiredDispute(o, sender=s)),
    ),
    "status": (
        lambda o, c: OrderStatus.SHIPPED,
        _as("stranger", lambda m, o, s: m.release(o, sender=s)),
    ),
}


@pytest.mark.parametrize("field", list(FORGERIES))
def test_forged_order_struct_is_unknown(
    marketplace, buyer, stranger, token, create_listing, place_order, request, field
):
    listing_id = create_listing()
    order, _ = place_order(listing_id, quantity=2)
    place_order(listing_id)  # another real order: id + 1 exists
    forge, (role, attempt) = FORGERIES[field]
    context = {"other_listing": create_listing(), "stranger": stranger, "token": token}
    forged = order.replace(**{field: forge(order, context)})
    # A forged timestamp only helps together with the status that uses it.
    if field == "shipped_at":
        forged = forged.replace(status=OrderStatus.SHIPPED)
    if field == "disputed_at":
        forged = forged.replace(status=OrderStatus.DISPUTED)
    assert marketplace.hashOrder(forged.as_tuple()) != marketplace.orderHash(order.id)

    with ape.reverts(marketplace.MarketplaceUnknownOrder, orderId=forged.id):
        attempt(marketplace, forged.as_tuple(), request.getfixturevalue(role))

    assert marketplace.orderHash(order.id) == order.hash()


def test_refund_total_is_the_contracts_not_the_callers(marketplace, seller, buyer, eth_order):
    # The old struct carried `refunded`; a seller could not forge it then and cannot now,
    # since the contract counts it apart: the same struct still has only what is left.
    order, _ = eth_order()
    marketplace.refund(order.as_tuple(), order.amount - 1, sender=seller)
    assert marketplace.orderHash(order.id) == order.refunded_by(order.amount - 1).hash()
    with ape.reverts(marketplace.MarketplaceRefundTooLarge, amount=2, refundable=1):
        marketplace.refund(order.as_tuple(), 2, sender=seller)
    receipt = marketplace.refund(order.as_tuple(), 1, sender=seller)
    assert receipt.events.filter(marketplace.OrderRefunded)[0].totalRefunded == order.amount
    assert marketplace.orderHash(order.id) == ZERO32
    assert marketplace.owed(buyer, ZERO_ADDRESS) == order.amount


def test_forged_offer_order_struct_is_unknown(marketplace, seller, buyer, offer, chain):
    signature, digest = sign_offer(seller.private_key, offer, chain.chain_id, marketplace)
    receipt = _accept(marketplace, offer, signature, buyer)
    order = offer.order(
        order_id=receipt.return_value,
        buyer=buyer.address,
        fee_bps=FEE_BPS,
        paid_at=receipt.timestamp,
    )
    assert marketplace.orderHash(order.id) == order.hash()

    for forged in (
        order.replace(fee_bps=0),
        order.replace(listing_id=1),
        order.replace(id=order.id ^ (1 << 255)),
    ):
        with ape.reverts(marketplace.MarketplaceUnknownOrder, orderId=forged.id):
            marketplace.confirmDelivery(forged.as_tuple(), sender=buyer)
    marketplace.confirmDelivery(order.as_tuple(), sender=buyer)
