"""Checkout (contracts/marketplace/MarketplaceListings.sol, libraries/Payments.sol): buy and
buyWithPermit in ETH, ERC-20 with approve, ERC-20 with an EIP-2612 permit, USDT-like tokens,
and rejection of fee-on-transfer tokens."""

from __future__ import annotations

import ape
import pytest

from core.constants import ZERO_ADDRESS

from ..helpers import (
    ANY_PRICE,
    DAY,
    FEE_BPS,
    PRICE,
    TOKEN_PRICE,
    ZERO32,
    DealKind,
    ListingStatus,
    addr,
    assert_event,
    assert_no_event,
    b32,
    fee_of,
    gas_cost,
    listing_order_id,
    order_from_placed,
    sign_permit,
)


def test_buy_direct_eth_credits_unsettled_and_emits_purchased(
    marketplace, buyer, create_listing, eth_balance
):
    listing_id = create_listing(escrow=False, stock=5)
    before = eth_balance(buyer)

    receipt = marketplace.buy(listing_id, 2, ANY_PRICE, b32("ship"), value=2 * PRICE, sender=buyer)

    order_id = listing_order_id(listing_id, 1)
    assert receipt.return_value == order_id
    assert_event(
        marketplace.Purchased,
        receipt,
        listingId=listing_id,
        buyer=buyer,
        orderId=order_id,
        quantity=2,
        amount=2 * PRICE,
        shippingRef=b32("ship"),
    )
    assert_no_event(marketplace.OrderPlaced, receipt)
    listing = marketplace.getListing(listing_id)
    assert (listing.stock, listing.orderCount, listing.unsettled) == (3, 1, 2 * PRICE)
    assert marketplace.orderHash(order_id) == ZERO32  # direct purchases store no order
    assert eth_balance(marketplace) == 2 * PRICE
    assert before - eth_balance(buyer) == 2 * PRICE + gas_cost(receipt)


def test_buy_escrow_eth_stores_the_order_commitment(marketplace, seller, buyer, create_listing):
    listing_id = create_listing(stock=5)

    receipt = marketplace.buy(listing_id, 3, ANY_PRICE, b32("ship"), value=3 * PRICE, sender=buyer)

    order_id = listing_order_id(listing_id, 1)
    assert receipt.return_value == order_id
    assert_event(
        marketplace.OrderPlaced,
        receipt,
        listingId=listing_id,
        buyer=buyer,
        orderId=order_id,
        quantity=3,
        amount=3 * PRICE,
        shippingRef=b32("ship"),
    )
    assert_no_event(marketplace.Purchased, receipt)
    order = order_from_placed(marketplace, receipt)
    assert (order.seller, order.buyer, order.quantity) == (seller.address, buyer.address, 3)
    assert order.paid_at == receipt.timestamp
    assert (
        marketplace.orderHash(order_id) == order.hash() == marketplace.hashOrder(order.as_tuple())
    )
    listing = marketplace.getListing(listing_id)
    assert (listing.stock, listing.orderCount, listing.unsettled) == (2, 1, 0)
    assert marketplace.owed(seller, ZERO_ADDRESS) == 0


def test_buy_numbers_direct_and_escrow_purchases_per_listing(
    marketplace, buyer, buyer2, create_listing
):
    direct = create_listing(escrow=False)
    escrow = create_listing()

    ids = [
        marketplace.buy(direct, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer).return_value,
        marketplace.buy(escrow, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer).return_value,
        marketplace.buy(direct, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer2).return_value,
        marketplace.buy(escrow, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer2).return_value,
    ]

    assert ids == [
        listing_order_id(direct, 1),
        listing_order_id(escrow, 1),
        listing_order_id(direct, 2),
        listing_order_id(escrow, 2),
    ]
    assert marketplace.getListing(direct).orderCount == 2


def test_buy_last_unit_then_reverts_out_of_stock(marketplace, buyer, create_listing):
    listing_id = create_listing(escrow=False, stock=1)
    marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer)

    assert marketplace.getListing(listing_id).stock == 0
    with ape.reverts(
        marketplace.MarketplaceInsufficientStock, listingId=listing_id, available=0, requested=1
    ):
        marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer)


def test_buy_reverts_when_quantity_exceeds_stock(marketplace, buyer, create_listing):
    listing_id = create_listing(stock=2)
    with ape.reverts(
        marketplace.MarketplaceInsufficientStock, listingId=listing_id, available=2, requested=3
    ):
        marketplace.buy(listing_id, 3, ANY_PRICE, ZERO32, value=3 * PRICE, sender=buyer)


def test_buy_reverts_on_zero_quantity(marketplace, buyer, create_listing):
    listing_id = create_listing()
    with ape.reverts(marketplace.MarketplaceZeroQuantity):
        marketplace.buy(listing_id, 0, ANY_PRICE, ZERO32, value=0, sender=buyer)


def test_buy_reverts_on_unknown_listing(marketplace, buyer):
    with ape.reverts(marketplace.MarketplaceUnknownListing, listingId=77):
        marketplace.buy(77, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer)


@pytest.mark.parametrize("close", [False, True], ids=["paused", "closed"])
def test_buy_reverts_on_inactive_listing(marketplace, seller, buyer, create_listing, close):
    listing_id = create_listing()
    if close:
        marketplace.closeListing(listing_id, sender=seller)
    else:
        marketplace.setListingPaused(listing_id, True, sender=seller)
    status = ListingStatus.CLOSED if close else ListingStatus.PAUSED

    with ape.reverts(marketplace.MarketplaceListingNotActive, listingId=listing_id, status=status):
        marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer)


@pytest.mark.parametrize("escrow", [False, True], ids=["direct", "escrow"])
@pytest.mark.parametrize("sent", [0, PRICE - 1, PRICE + 1])
def test_buy_eth_reverts_on_wrong_value(marketplace, buyer, create_listing, escrow, sent):
    listing_id = create_listing(escrow=escrow)
    with ape.reverts(marketplace.PaymentsWrongValue, sent=sent, expected=PRICE):
        marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, value=sent, sender=buyer)


def test_buy_erc20_reverts_when_eth_is_sent(marketplace, buyer, token, create_listing):
    listing_id = create_listing(token=token)
    with ape.reverts(marketplace.PaymentsWrongValue, sent=1, expected=0):
        marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, value=1, sender=buyer)


def test_buy_reverts_when_marketplace_paused(marketplace, owner, buyer, create_listing):
    listing_id = create_listing(escrow=False)
    marketplace.pause(sender=owner)
    with ape.reverts(marketplace.PlatformPaused):
        marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer)

    marketplace.unpause(sender=owner)
    marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer)


def test_buy_direct_sale_too_large_for_unsettled_is_credited_to_the_ledgers(
    marketplace, seller, buyer, token, create_listing
):
    """`unsettled` is a packed uint96; a direct sale that does not fit beside it is split
    into the seller's ledger and the fees at once, and what was unsettled stays."""
    price = 2**95
    listing_id = create_listing(escrow=False, token=token, price=price)
    marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, sender=buyer)

    receipt = marketplace.buy(listing_id, 2, ANY_PRICE, ZERO32, sender=buyer)

    assert_event(
        marketplace.Purchased,
        receipt,
        listingId=listing_id,
        buyer=buyer,
        orderId=listing_order_id(listing_id, 2),
        quantity=2,
        amount=2 * price,
        shippingRef=ZERO32,
    )
    fee = fee_of(2 * price, FEE_BPS)
    listing = marketplace.getListing(listing_id)
    assert (listing.unsettled, listing.stock, listing.orderCount) == (price, 97, 2)
    assert marketplace.owed(seller, token) == 2 * price - fee
    assert marketplace.feesOwed(token) == fee
    assert token.balanceOf(marketplace) == 3 * price


def test_buy_direct_sale_too_large_for_unsettled_announces_the_split(
    marketplace, seller, buyer, token, create_listing
):
    """DESIGN.md: every state change emits an event carrying everything the indexer needs;
    the indexer never reads storage. A split into seller and fee is what ProceedsSettled
    announces, and this sale's split bypasses `unsettled`."""
    price = 2**95
    listing_id = create_listing(escrow=False, token=token, price=price)
    marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, sender=buyer)

    receipt = marketplace.buy(listing_id, 2, ANY_PRICE, ZERO32, sender=buyer)

    fee = fee_of(2 * price, FEE_BPS)
    assert_event(
        marketplace.ProceedsSettled,
        receipt,
        listingId=listing_id,
        seller=seller,
        sellerAmount=2 * price - fee,
        fee=fee,
    )


# ------------------------------------------------------------------ ERC-20 with approve


@pytest.mark.parametrize("escrow", [False, True], ids=["direct", "escrow"])
def test_buy_erc20_with_approval_collects_exact_amount(
    marketplace, buyer, token, create_listing, escrow
):
    listing_id = create_listing(token=token, escrow=escrow)
    before = token.balanceOf(buyer)

    receipt = marketplace.buy(listing_id, 2, ANY_PRICE, b32("ship"), sender=buyer)

    assert token.balanceOf(buyer) == before - 2 * TOKEN_PRICE
    assert token.balanceOf(marketplace) == 2 * TOKEN_PRICE
    event = marketplace.OrderPlaced if escrow else marketplace.Purchased
    assert_event(
        event,
        receipt,
        listingId=listing_id,
        buyer=buyer,
        orderId=listing_order_id(listing_id, 1),
        quantity=2,
        amount=2 * TOKEN_PRICE,
        shippingRef=b32("ship"),
    )
    assert marketplace.getListing(listing_id).unsettled == (0 if escrow else 2 * TOKEN_PRICE)


def test_buy_erc20_reverts_without_allowance(marketplace, stranger, token, create_listing):
    listing_id = create_listing(token=token)
    with ape.reverts(
        token.ERC20InsufficientAllowance, spender=marketplace, allowance=0, needed=TOKEN_PRICE
    ):
        marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, sender=stranger)
    assert marketplace.getListing(listing_id).stock == 100


# ------------------------------------------------------------------ ERC-20 with permit


def _permit(token, marketplace, account, chain, value, deadline=None, signer=None):
    deadline = chain.pending_timestamp + DAY if deadline is None else deadline
    key = (signer or account).private_key
    v, r, s = sign_permit(key, token, account, marketplace, value, deadline, chain.chain_id)
    return deadline, v, r, s


def test_buy_with_permit_needs_no_prior_approval(
    marketplace, stranger, token, create_listing, chain
):
    listing_id = create_listing(token=token)
    assert token.allowance(stranger, marketplace) == 0
    before = token.balanceOf(stranger)
    deadline, v, r, s = _permit(token, marketplace, stranger, chain, TOKEN_PRICE)

    receipt = marketplace.buyWithPermit(
        listing_id, 1, ANY_PRICE, b32("ship"), deadline, v, r, s, sender=stranger
    )

    assert receipt.return_value == listing_order_id(listing_id, 1)
    order = order_from_placed(marketplace, receipt)
    assert order.buyer == stranger.address
    assert marketplace.orderHash(order.id) == order.hash()
    assert token.balanceOf(stranger) == before - TOKEN_PRICE
    assert token.balanceOf(marketplace) == TOKEN_PRICE
    assert token.allowance(stranger, marketplace) == 0
    assert token.nonces(stranger) == 1


def test_buy_with_permit_succeeds_when_the_permit_was_front_run(
    marketplace, stranger, buyer2, token, create_listing, chain
):
    listing_id = create_listing(token=token, escrow=False)
    deadline, v, r, s = _permit(token, marketplace, stranger, chain, TOKEN_PRICE)
    # Someone watching the mempool submits the permit first: the nonce is now spent.
    token.permit(stranger, marketplace, TOKEN_PRICE, deadline, v, r, s, sender=buyer2)
    assert token.allowance(stranger, marketplace) == TOKEN_PRICE

    receipt = marketplace.buyWithPermit(
        listing_id, 1, ANY_PRICE, ZERO32, deadline, v, r, s, sender=stranger
    )

    assert_event(
        marketplace.Purchased,
        receipt,
        listingId=listing_id,
        buyer=stranger,
        orderId=listing_order_id(listing_id, 1),
        quantity=1,
        amount=TOKEN_PRICE,
        shippingRef=ZERO32,
    )
    assert token.balanceOf(marketplace) == TOKEN_PRICE
    assert token.allowance(stranger, marketplace) == 0


def test_buy_with_permit_ignores_a_bad_permit_when_allowance_suffices(
    marketplace, buyer, stranger, token, create_listing, chain
):
    listing_id = create_listing(token=token)
    expired = chain.pending_timestamp - 1
    deadline, v, r, s = _permit(token, marketplace, buyer, chain, TOKEN_PRICE, deadline=expired)

    marketplace.buyWithPermit(listing_id, 1, ANY_PRICE, ZERO32, deadline, v, r, s, sender=buyer)

    assert token.balanceOf(marketplace) == TOKEN_PRICE
    assert token.nonces(buyer) == 0  # the permit itself failed


def test_buy_with_permit_reverts_when_permit_invalid_and_no_allowance(
    marketplace, stranger, buyer, token, create_listing, chain
):
    listing_id = create_listing(token=token)
    deadline, v, r, s = _permit(token, marketplace, stranger, chain, TOKEN_PRICE, signer=buyer)

    with ape.reverts(
        token.ERC20InsufficientAllowance, spender=marketplace, allowance=0, needed=TOKEN_PRICE
    ):
        marketplace.buyWithPermit(
            listing_id, 1, ANY_PRICE, ZERO32, deadline, v, r, s, sender=stranger
        )


def test_buy_with_permit_reverts_when_permit_is_for_less_than_the_price(
    marketplace, stranger, token, create_listing, chain
):
    listing_id = create_listing(token=token)
    deadline, v, r, s = _permit(token, marketplace, stranger, chain, TOKEN_PRICE - 1)

    with ape.reverts(token.ERC20InsufficientAllowance):
        marketplace.buyWithPermit(
            listing_id, 1, ANY_PRICE, ZERO32, deadline, v, r, s, sender=stranger
        )


def test_buy_with_permit_reverts_when_marketplace_paused(
    marketplace, owner, stranger, token, create_listing, chain
):
    listing_id = create_listing(token=token)
    deadline, v, r, s = _permit(token, marketplace, stranger, chain, TOKEN_PRICE)
    marketplace.pause(sender=owner)

    with ape.reverts(marketplace.PlatformPaused):
        marketplace.buyWithPermit(
            listing_id, 1, ANY_PRICE, ZERO32, deadline, v, r, s, sender=stranger
        )


def test_buy_with_permit_reverts_on_checkout_errors(marketplace, buyer, token, create_listing):
    listing_id = create_listing(token=token, stock=1)
    with ape.reverts(marketplace.MarketplaceZeroQuantity):
        marketplace.buyWithPermit(
            listing_id, 0, ANY_PRICE, ZERO32, 0, 0, ZERO32, ZERO32, sender=buyer
        )
    with ape.reverts(marketplace.MarketplaceInsufficientStock):
        marketplace.buyWithPermit(
            listing_id, 2, ANY_PRICE, ZERO32, 0, 0, ZERO32, ZERO32, sender=buyer
        )
    with ape.reverts(marketplace.MarketplaceUnknownListing, listingId=999):
        marketplace.buyWithPermit(999, 1, ANY_PRICE, ZERO32, 0, 0, ZERO32, ZERO32, sender=buyer)


def test_buy_with_permit_on_an_eth_listing_reverts(marketplace, buyer, create_listing):
    """buyWithPermit is for ERC-20 listings and is not payable. On an ETH listing the permit
    call goes to address(0), which has no code, so the call itself reverts (without a
    custom error: Solidity's code-size check fails outside the try/catch)."""
    listing_id = create_listing()
    with ape.reverts():
        marketplace.buyWithPermit(
            listing_id, 1, ANY_PRICE, ZERO32, 0, 0, ZERO32, ZERO32, sender=buyer
        )
    assert marketplace.getListing(listing_id).stock == 100


# ------------------------------------------------------------------ non-standard tokens


def test_no_return_token_round_trip_through_safe_erc20(
    marketplace, seller, buyer, no_return_token, create_listing, place_order
):
    """USDT-style transfer/transferFrom without a bool return work for pay-in and pay-out."""
    price = 5 * 10**6
    listing_id = create_listing(token=no_return_token, price=price)
    order, _ = place_order(listing_id, quantity=2)
    assert no_return_token.balanceOf(marketplace) == 2 * price

    marketplace.refund(order.as_tuple(), price, sender=seller)
    marketplace.confirmDelivery(order.refunded_by(price).as_tuple(), sender=buyer)
    marketplace.withdrawProceeds([listing_id], sender=seller)
    marketplace.withdraw(no_return_token, sender=buyer)

    fee = fee_of(price, FEE_BPS)
    assert no_return_token.balanceOf(seller) == price - fee
    assert no_return_token.balanceOf(marketplace) == fee == marketplace.feesOwed(no_return_token)
    assert marketplace.owed(buyer, no_return_token) == 0


def test_no_return_token_buy_with_permit_falls_back_to_allowance(
    marketplace, buyer, no_return_token, create_listing
):
    """The token has no permit(); the failed permit is ignored and the approval is used."""
    listing_id = create_listing(token=no_return_token, price=10**6, escrow=False)

    marketplace.buyWithPermit(listing_id, 1, ANY_PRICE, ZERO32, 0, 27, ZERO32, ZERO32, sender=buyer)

    assert marketplace.getListing(listing_id).unsettled == 10**6
    assert no_return_token.balanceOf(marketplace) == 10**6


def test_token_returning_false_is_not_taken_as_paid(
    project, marketplace, owner, buyer, create_listing
):
    """Early ERC-20s return false instead of reverting; SafeERC20 turns that into a revert."""
    false_token = owner.deploy(project.FalseReturnToken)
    false_token.mint(buyer, 10**21, sender=owner)  # a balance, but no allowance
    listing_id = create_listing(token=false_token, price=10**18)

    with ape.reverts(marketplace.SafeERC20FailedOperation, token=false_token):
        marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, sender=buyer)

    false_token.approve(marketplace, 10**18, sender=buyer)
    marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, sender=buyer)
    assert false_token.balanceOf(marketplace) == 10**18


@pytest.mark.parametrize("with_permit", [False, True], ids=["buy", "buyWithPermit"])
@pytest.mark.parametrize("escrow", [False, True], ids=["direct", "escrow"])
def test_fee_on_transfer_token_is_rejected(
    marketplace, buyer, fot_token, create_listing, escrow, with_permit
):
    price = 1000
    listing_id = create_listing(token=fot_token, price=price, escrow=escrow)

    with ape.reverts(
        marketplace.PaymentsFeeOnTransferToken, token=fot_token, received=990, expected=price
    ):
        if with_permit:
            marketplace.buyWithPermit(
                listing_id, 1, ANY_PRICE, ZERO32, 0, 27, ZERO32, ZERO32, sender=buyer
            )
        else:
            marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, sender=buyer)

    listing = marketplace.getListing(listing_id)
    assert (listing.stock, listing.orderCount, listing.unsettled) == (100, 0, 0)
    assert fot_token.balanceOf(marketplace) == 0


# ------------------------------------------------------------------ deal recorder


@pytest.mark.parametrize("use_token", [False, True], ids=["eth", "erc20"])
def test_buy_direct_records_the_deal(
    marketplace, owner, seller, buyer, token, recorder, create_listing, use_token
):
    pay_token = token if use_token else ZERO_ADDRESS
    listing_id = create_listing(escrow=False, token=pay_token)
    price = marketplace.getListing(listing_id).price
    marketplace.setDealRecorder(recorder, sender=owner)

    receipt = marketplace.buy(
        listing_id, 2, ANY_PRICE, ZERO32, value=0 if use_token else 2 * price, sender=buyer
    )

    assert_event(
        recorder.DealRecorded,
        receipt,
        source=marketplace,
        kind=DealKind.PURCHASE,
        dealId=listing_order_id(listing_id, 1),
        buyer=buyer,
        seller=seller,
        token=addr(pay_token),
        value=2 * price,
        fee=fee_of(2 * price, FEE_BPS),
    )


def test_buy_escrow_records_no_deal_until_completion(marketplace, owner, recorder, eth_order):
    marketplace.setDealRecorder(recorder, sender=owner)
    _, receipt = eth_order()
    assert_no_event(recorder.DealRecorded, receipt)


def test_buy_succeeds_when_the_deal_recorder_reverts(
    marketplace, owner, buyer, reverting_recorder, create_listing
):
    listing_id = create_listing(escrow=False)
    marketplace.setDealRecorder(reverting_recorder, sender=owner)

    marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer)

    assert marketplace.getListing(listing_id).unsettled == PRICE


def test_buy_succeeds_when_the_deal_recorder_has_no_code(
    marketplace, owner, buyer, stranger, create_listing
):
    """Regression. IDealRecorder: 'a broken recorder can never lock funds'. Solidity checks
    the callee's code size before a high-level call whose function returns nothing, and that
    check reverts in the caller, where try/catch cannot catch it; with an EOA recorder every
    sale and completion reverted."""
    listing_id = create_listing(escrow=False)
    marketplace.setDealRecorder(stranger, sender=owner)  # an EOA, e.g. a mistyped address

    marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer)

    assert marketplace.getListing(listing_id).unsettled == PRICE
