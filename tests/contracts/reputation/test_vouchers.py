"""Seller vouchers: VoucherBook (contracts/VoucherBook.sol) and Marketplace.purchaseWithVoucher
(contracts/marketplace/MarketplaceDiscounts.sol). Replay, expiry, scope, count, signatures,
the money flow of a discounted purchase and the deal it reports."""

from __future__ import annotations

import ape
import pytest

from core.constants import ZERO_ADDRESS

from .conftest import FEE_BPS
from .helpers import (
    ANY_PRICE,
    DealKind,
    Voucher,
    addr,
    assert_event,
    assert_no_event,
    b32,
    deals_from_receipt,
    sign_voucher,
)

PRICE = 10**18


@pytest.fixture
def signed(chain, book, seller):
    """Sign a voucher as `seller` (or `signer`) for the marketplace's book."""

    def _sign(voucher: Voucher, signer=None, chain_id=None, verifying=None):
        return sign_voucher(
            (signer or seller).private_key,
            voucher,
            chain_id or chain.chain_id,
            verifying or book,
        )

    return _sign


def redeem(
    marketplace, listing_id, voucher, signature, buyer, *, quantity=1, value=None, price=PRICE
):
    if value is None:
        value = price * quantity - expected_discount(voucher, price * quantity)
    return marketplace.purchaseWithVoucher(
        listing_id,
        quantity,
        ANY_PRICE,
        b32("ship"),
        voucher.as_tuple(),
        signature,
        value=value,
        sender=buyer,
    )


def expected_discount(voucher, subtotal):
    return subtotal * voucher.discount // 10_000 if voucher.percent else voucher.discount


# ------------------------------------------------------------------ the book itself


def test_book_belongs_to_the_marketplace(book, marketplace):
    assert book.marketplace() == marketplace.address
    assert marketplace.vouchersBook() == book.address
    assert book.VOUCHER_TYPEHASH() == __import__("eth_utils").keccak(
        text="Voucher(address seller,address buyer,uint256 listingId,address token,bool percent,"
        "uint256 discount,uint256 minSpend,uint40 expiry,uint32 maxRedemptions,uint256 nonce)"
    )


def test_hash_voucher_is_the_eip712_digest(book, seller, signed):
    voucher = Voucher(seller=addr(seller), discount=5, nonce=42)
    _, digest = signed(voucher)

    assert book.hashVoucher(voucher.as_tuple()) == digest
    assert book.redemptions(digest) == 0


def test_only_the_marketplace_can_redeem(book, seller, buyer, signed):
    voucher = Voucher(seller=addr(seller), discount=5)
    signature, _ = signed(voucher)

    with ape.reverts(book.VoucherBookNotMarketplace, caller=buyer):
        book.redeem(1, 1, ANY_PRICE, b32("x"), voucher.as_tuple(), signature, sender=buyer)


def test_seller_cancels_a_voucher_and_nobody_else_can(
    book, marketplace, list_item, seller, buyer, signed
):
    listing = list_item()
    voucher = Voucher(seller=addr(seller), discount=10**17, max_redemptions=5)
    signature, digest = signed(voucher)

    with ape.reverts(book.VoucherBookNotSeller, caller=buyer, seller=seller):
        book.cancel(voucher.as_tuple(), sender=buyer)
    receipt = book.cancel(voucher.as_tuple(), sender=seller)

    assert_event(book.VoucherCancelled, receipt, voucherHash=digest, seller=seller)
    assert book.redemptions(digest) == 2**256 - 1
    with ape.reverts(book.VoucherBookExhausted, voucherHash=digest, maxRedemptions=5):
        redeem(marketplace, listing, voucher, signature, buyer)


# ------------------------------------------------------------------ a redemption


@pytest.mark.parametrize(
    ("percent", "discount", "quantity", "expected"),
    [(False, 3 * 10**17, 1, 3 * 10**17), (True, 1_500, 2, 3 * 10**17), (True, 1, 3, 3 * 10**14)],
    ids=["fixed", "percent", "one-bp"],
)
def test_direct_purchase_with_a_voucher_pays_the_discounted_amount(
    marketplace,
    book,
    reputation,
    list_item,
    seller,
    buyer,
    signed,
    chain,
    percent,
    discount,
    quantity,
    expected,
):
    listing = list_item()
    voucher = Voucher(
        seller=addr(seller),
        listing_id=listing,
        percent=percent,
        discount=discount,
        max_redemptions=3,
    )
    signature, digest = signed(voucher)
    paid = PRICE * quantity - expected
    before = chain.provider.get_balance(buyer.address)

    receipt = redeem(marketplace, listing, voucher, signature, buyer, quantity=quantity)

    order_id = (listing << 32) | 1
    assert receipt.return_value == order_id
    assert_event(
        book.VoucherRedeemed,
        receipt,
        voucherHash=digest,
        seller=seller,
        buyer=buyer,
        orderId=order_id,
        discount=expected,
        redemptions=1,
    )
    assert_event(
        marketplace.Purchased,
        receipt,
        listingId=listing,
        buyer=buyer,
        orderId=order_id,
        quantity=quantity,
        amount=paid,
        shippingRef=b32("ship"),
    )
    assert (
        chain.provider.get_balance(buyer.address)
        == before - paid - receipt.gas_used * receipt.gas_price
    )
    assert marketplace.getListing(listing).unsettled == paid
    assert book.redemptions(digest) == 1
    (deal,) = deals_from_receipt(reputation, receipt)
    assert (deal.kind, deal.value, deal.fee) == (DealKind.PURCHASE, paid, paid * FEE_BPS // 10_000)
    assert (deal.buyer, deal.seller, deal.id) == (buyer.address, seller.address, order_id)


def test_escrowed_purchase_with_a_voucher_stores_the_net_order_and_completes(
    marketplace, reputation, list_item, seller, buyer, signed
):
    listing = list_item(escrow=True)
    voucher = Voucher(seller=addr(seller), discount=25 * 10**16)
    signature, _ = signed(voucher)

    receipt = redeem(marketplace, listing, voucher, signature, buyer)

    paid = PRICE - 25 * 10**16
    placed = marketplace.OrderPlaced.from_receipt(receipt)[0]
    assert placed.amount == paid
    order = (
        placed.orderId, listing, seller.address, buyer.address, ZERO_ADDRESS, paid, FEE_BPS, 1,
        2 * 24 * 3600, 3 * 24 * 3600, receipt.timestamp, 0, 0, 1,
    )  # fmt: skip
    assert marketplace.orderHash(placed.orderId) == marketplace.hashOrder(order)
    assert_no_event(reputation.DealRecorded, receipt)  # escrow: recorded on completion

    done = marketplace.confirmDelivery(order, sender=buyer)

    (deal,) = deals_from_receipt(reputation, done)
    assert (deal.value, deal.fee) == (paid, paid * FEE_BPS // 10_000)


def test_erc20_purchase_with_a_voucher_pulls_the_discounted_amount(
    marketplace, token, list_item, seller, buyer, signed
):
    listing = list_item(token=token, price=100 * 10**18)
    voucher = Voucher(seller=addr(seller), token=addr(token), percent=True, discount=2_000)
    signature, _ = signed(voucher)
    before = token.balanceOf(buyer)

    marketplace.purchaseWithVoucher(
        listing, 1, ANY_PRICE, b32("s"), voucher.as_tuple(), signature, sender=buyer
    )

    assert before - token.balanceOf(buyer) == 80 * 10**18
    assert token.balanceOf(marketplace) == 80 * 10**18


def test_seller_cannot_raise_the_price_under_a_pending_voucher_purchase(
    marketplace, book, token, list_item, seller, buyer, signed
):
    # The buyer has a standing allowance (fixture) and saw 100 tokens less 20 %.
    listing = list_item(token=token, price=100 * 10**18)
    voucher = Voucher(seller=addr(seller), token=addr(token), percent=True, discount=2_000)
    signature, digest = signed(voucher)
    before = token.balanceOf(buyer)

    marketplace.updateListing(listing, 400 * 10**18, 100, b"\x00" * 32, sender=seller)
    with ape.reverts(
        marketplace.MarketplacePriceAboveLimit,
        listingId=listing,
        price=400 * 10**18,
        maxPrice=100 * 10**18,
    ):
        marketplace.purchaseWithVoucher(
            listing, 1, 100 * 10**18, b32("s"), voucher.as_tuple(), signature, sender=buyer
        )

    assert token.balanceOf(buyer) == before
    assert book.redemptions(digest) == 0  # the voucher is not used up either


def test_a_voucher_for_all_listings_covers_every_listing_of_its_seller_and_token(
    marketplace, list_item, seller, buyer, buyer2, signed
):
    first, second = list_item(), list_item(price=2 * PRICE)
    voucher = Voucher(seller=addr(seller), discount=10**17, max_redemptions=2)
    signature, digest = signed(voucher)

    redeem(marketplace, first, voucher, signature, buyer)
    redeem(marketplace, second, voucher, signature, buyer2, price=2 * PRICE)

    assert marketplace.getListing(second).unsettled == 2 * PRICE - 10**17


# ------------------------------------------------------------------ replay, count, expiry


def test_redemptions_are_counted_and_the_last_one_fails(
    marketplace, book, list_item, seller, buyer, signed
):
    listing = list_item()
    voucher = Voucher(seller=addr(seller), discount=10**17, max_redemptions=2)
    signature, digest = signed(voucher)
    redeem(marketplace, listing, voucher, signature, buyer)
    second = redeem(marketplace, listing, voucher, signature, buyer)
    assert book.VoucherRedeemed.from_receipt(second)[0].redemptions == 2

    with ape.reverts(book.VoucherBookExhausted, voucherHash=digest, maxRedemptions=2):
        redeem(marketplace, listing, voucher, signature, buyer)
    assert book.redemptions(digest) == 2


def test_a_voucher_with_zero_redemptions_never_works(
    marketplace, book, list_item, seller, buyer, signed
):
    listing = list_item()
    voucher = Voucher(seller=addr(seller), discount=1, max_redemptions=0)
    signature, digest = signed(voucher)

    with ape.reverts(book.VoucherBookExhausted, voucherHash=digest, maxRedemptions=0):
        redeem(marketplace, listing, voucher, signature, buyer)


def test_signatures_for_another_chain_or_contract_are_rejected(
    marketplace, book, list_item, seller, buyer, signed, chain
):
    listing = list_item()
    voucher = Voucher(seller=addr(seller), discount=10**17)
    other_chain, _ = signed(voucher, chain_id=chain.chain_id + 1)
    other_book, _ = signed(voucher, verifying=marketplace)

    for signature in (other_chain, other_book):
        with ape.reverts(book.VoucherBookInvalidSignature, seller=seller):
            redeem(marketplace, listing, voucher, signature, buyer)


def test_a_voucher_signed_by_someone_else_or_altered_is_rejected(
    marketplace, book, list_item, seller, buyer, stranger, signed
):
    listing = list_item()
    voucher = Voucher(seller=addr(seller), discount=10**17)
    forged, _ = signed(voucher, signer=stranger)
    genuine, _ = signed(voucher)

    with ape.reverts(book.VoucherBookInvalidSignature, seller=seller):
        redeem(marketplace, listing, voucher, forged, buyer)
    with ape.reverts(book.VoucherBookInvalidSignature, seller=seller):
        redeem(marketplace, listing, voucher.replace(discount=2 * 10**17), genuine, buyer)
    with ape.reverts(book.VoucherBookInvalidSignature, seller=seller):
        redeem(marketplace, listing, voucher, genuine[:64] + b"\x01", buyer)


def test_expiry_is_the_first_second_the_voucher_is_void(
    marketplace, book, list_item, seller, buyer, signed, chain
):
    listing = list_item()
    expiry = chain.pending_timestamp + 1000
    voucher = Voucher(seller=addr(seller), discount=10**17, expiry=expiry, max_redemptions=2)
    signature, _ = signed(voucher)
    chain.pending_timestamp = expiry - 1
    redeem(marketplace, listing, voucher, signature, buyer)

    chain.pending_timestamp = expiry
    with ape.reverts(book.VoucherBookExpired, expiry=expiry, nowTimestamp=expiry):
        redeem(marketplace, listing, voucher, signature, buyer)


# ------------------------------------------------------------------ scope


def test_a_listing_voucher_does_not_cover_another_listing(
    marketplace, book, list_item, seller, buyer, signed
):
    listing, other = list_item(), list_item()
    voucher = Voucher(seller=addr(seller), listing_id=listing, discount=10**17)
    signature, _ = signed(voucher)

    with ape.reverts(
        book.VoucherBookNotForListing, listingId=other, seller=seller, token=ZERO_ADDRESS
    ):
        redeem(marketplace, other, voucher, signature, buyer)


def test_a_voucher_does_not_cover_another_sellers_listing(
    marketplace, book, list_item, seller, seller2, buyer, signed
):
    theirs = list_item(sender=seller2)
    voucher = Voucher(seller=addr(seller), discount=10**17)
    signature, _ = signed(voucher)
    # The seller cannot discount someone else's listing, even naming it.
    named = voucher.replace(listing_id=theirs)
    named_sig, _ = signed(named)

    for v, sig in ((voucher, signature), (named, named_sig)):
        with ape.reverts(
            book.VoucherBookNotForListing, listingId=theirs, seller=seller2, token=ZERO_ADDRESS
        ):
            redeem(marketplace, theirs, v, sig, buyer)


def test_a_voucher_does_not_cover_another_payment_token(
    marketplace, book, token, list_item, seller, buyer, signed
):
    listing = list_item(token=token)
    voucher = Voucher(seller=addr(seller), discount=10**17)  # an ETH voucher
    signature, _ = signed(voucher)

    with ape.reverts(book.VoucherBookNotForListing, listingId=listing, seller=seller, token=token):
        marketplace.purchaseWithVoucher(
            listing, 1, ANY_PRICE, b32("s"), voucher.as_tuple(), signature, sender=buyer
        )


def test_minimum_spend_is_inclusive(marketplace, book, list_item, seller, buyer, signed):
    listing = list_item()
    voucher = Voucher(seller=addr(seller), discount=10**17, min_spend=2 * PRICE, max_redemptions=2)
    signature, _ = signed(voucher)

    with ape.reverts(book.VoucherBookMinSpend, subtotal=PRICE, minSpend=2 * PRICE):
        redeem(marketplace, listing, voucher, signature, buyer)
    redeem(marketplace, listing, voucher, signature, buyer, quantity=2)


def test_a_voucher_for_one_buyer_rejects_others(
    marketplace, book, list_item, seller, buyer, buyer2, signed
):
    listing = list_item()
    voucher = Voucher(seller=addr(seller), buyer=addr(buyer), discount=10**17, max_redemptions=2)
    signature, _ = signed(voucher)

    with ape.reverts(book.VoucherBookNotForBuyer, buyer=buyer, caller=buyer2):
        redeem(marketplace, listing, voucher, signature, buyer2)
    redeem(marketplace, listing, voucher, signature, buyer)


@pytest.mark.parametrize(
    ("percent", "discount"), [(False, PRICE), (False, 2 * PRICE), (True, 10_000), (True, 12_000)]
)
def test_a_discount_must_leave_something_to_pay(
    marketplace, book, list_item, seller, buyer, signed, percent, discount
):
    listing = list_item()
    voucher = Voucher(seller=addr(seller), percent=percent, discount=discount)
    signature, _ = signed(voucher)
    computed = PRICE * discount // 10_000 if percent else discount

    with ape.reverts(book.VoucherBookDiscountTooLarge, discount=computed, subtotal=PRICE):
        redeem(marketplace, listing, voucher, signature, buyer, value=0)


# ------------------------------------------------------------------ the checkout still rules


def test_the_buyer_must_send_exactly_the_discounted_amount(
    marketplace, list_item, seller, buyer, signed
):
    listing = list_item()
    voucher = Voucher(seller=addr(seller), discount=10**17)
    signature, _ = signed(voucher)

    with ape.reverts(marketplace.PaymentsWrongValue, sent=PRICE, expected=PRICE - 10**17):
        redeem(marketplace, listing, voucher, signature, buyer, value=PRICE)


def test_paused_marketplace_and_inactive_listing_reject_vouchers(
    marketplace, list_item, owner, seller, buyer, signed
):
    listing = list_item()
    voucher = Voucher(seller=addr(seller), discount=10**17)
    signature, _ = signed(voucher)
    marketplace.pause(sender=owner)
    with ape.reverts(marketplace.PlatformPaused):
        redeem(marketplace, listing, voucher, signature, buyer)
    marketplace.unpause(sender=owner)

    marketplace.closeListing(listing, sender=seller)
    with ape.reverts(marketplace.MarketplaceListingNotActive, listingId=listing, status=3):
        redeem(marketplace, listing, voucher, signature, buyer)
    with ape.reverts(marketplace.MarketplaceUnknownListing, listingId=999):
        redeem(marketplace, 999, voucher, signature, buyer)


def test_stock_is_taken_by_a_voucher_purchase(marketplace, list_item, seller, buyer, signed):
    listing = list_item(stock=2)
    voucher = Voucher(seller=addr(seller), discount=10**17, max_redemptions=5)
    signature, _ = signed(voucher)
    redeem(marketplace, listing, voucher, signature, buyer, quantity=2)

    with ape.reverts(
        marketplace.MarketplaceInsufficientStock, listingId=listing, available=0, requested=1
    ):
        redeem(marketplace, listing, voucher, signature, buyer)
