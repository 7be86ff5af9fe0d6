"""Gas of reviews, credits, vouchers, and of checkout with Reputation wired in (issue: reviews).
Run with `make bench-gas`.

Scenario: steady state with the production wiring (chain/deploy.py): the Marketplace records
deals in Reputation, which mints ETH review credits. Every measured purchase or review comes
from a fresh buyer address; credits and the voucher were used before (their totals are not
zero); the listing has sold before.
"""

from __future__ import annotations

import pytest
from eth_account import Account
from gasreport import GasReport

TARGETS = {
    "review.post": 80_000,
    "checkout.buy_eth_direct": 35_000,
    "checkout.buy_eth_escrow": 60_000,
    "checkout.confirm_delivery": 45_000,
}
PRICE = 10**17
FEE_BPS = 100
HANDLING = 3 * 86400
RELEASE = 7 * 86400
REF = b"\x11" * 32
ZERO = "0x" + "00" * 20
REVIEW = (5, 4, 5, 4, 5, b"\x33" * 32)
VOUCHER_TYPES = {
    "Voucher": [
        {"name": "seller", "type": "address"},
        {"name": "buyer", "type": "address"},
        {"name": "listingId", "type": "uint256"},
        {"name": "token", "type": "address"},
        {"name": "percent", "type": "bool"},
        {"name": "discount", "type": "uint256"},
        {"name": "minSpend", "type": "uint256"},
        {"name": "expiry", "type": "uint40"},
        {"name": "maxRedemptions", "type": "uint32"},
        {"name": "nonce", "type": "uint256"},
    ]
}


@pytest.fixture(scope="module")
def report():
    r = GasReport(TARGETS)
    yield r
    r.write()


@pytest.fixture(scope="module")
def owner(accounts):
    return accounts[0]


@pytest.fixture(scope="module")
def seller(accounts):
    return accounts[1]


@pytest.fixture(scope="module")
def wired(project, owner, accounts):
    """Marketplace, Reputation and ETH credits, wired like chain/deploy.py does."""
    market = owner.deploy(project.Marketplace, owner, accounts[8], accounts[9], FEE_BPS, 14 * 86400)
    reputation = owner.deploy(project.Reputation, owner)
    credits = owner.deploy(
        project.ReviewCredits, owner, reputation, ZERO, "Bazaar ETH Review Credits", "bcETH", 18
    )
    reputation.setDealSource(market, True, sender=owner)
    reputation.setCredits(ZERO, credits, sender=owner)
    credits.setSpender(market, True, sender=owner)
    market.setDealRecorder(reputation, sender=owner)
    book = project.VoucherBook.at(market.vouchersBook())
    return market, reputation, credits, book


def fresh_buyer(accounts, owner):
    buyer = accounts.generate_test_account()
    owner.transfer(buyer, 10**19)
    return buyer


def deal_of(reputation, receipt):
    ev = reputation.DealRecorded.from_receipt(receipt)[0]
    return [ev.source, ev.dealId, ev.kind, ev.buyer, ev.seller, ev.token, ev.value, ev.fee, 0, 0, 0]


def sign_voucher(chain, book, seller, voucher):
    names = [f["name"] for f in VOUCHER_TYPES["Voucher"]]
    signed = Account.sign_typed_data(
        seller.private_key,
        {
            "name": "Bazaar Vouchers",
            "version": "1",
            "chainId": chain.chain_id,
            "verifyingContract": book.address,
        },
        VOUCHER_TYPES,
        dict(zip(names, voucher, strict=True)),
    )
    return bytes(signed.signature)


def test_reviews_credits_vouchers_gas(wired, owner, seller, accounts, chain, report):
    market, reputation, credits, book = wired
    direct = int(
        market.createListing(
            ZERO, PRICE, 10_000, False, 0, 0, b"\x01" * 32, sender=seller
        ).return_value
    )
    escrow = int(
        market.createListing(
            ZERO, PRICE, 10_000, True, HANDLING, RELEASE, b"\x02" * 32, sender=seller
        ).return_value
    )
    market.setCreditCap(direct, 5_000, sender=seller)

    # Warm-up: both listings have sold, credits exist, the seller holds some.
    for listing in (direct, escrow):
        market.buy(listing, 1, PRICE, REF, value=PRICE, sender=fresh_buyer(accounts, owner))
    warm = fresh_buyer(accounts, owner)
    deal = deal_of(reputation, market.buy(direct, 1, PRICE, REF, value=PRICE, sender=warm))
    reputation.postReview(deal, REVIEW, sender=warm)

    # Checkout with Reputation wired in: the deal is recorded in the same transaction.
    b = fresh_buyer(accounts, owner)
    tx = market.buy(direct, 1, PRICE, REF, value=PRICE, sender=b)
    report.record("checkout.buy_eth_direct_with_reputation", tx)
    deal = deal_of(reputation, tx)

    # review.post: a fresh buyer's first review, which mints its first credits.
    tx = reputation.postReview(deal, REVIEW, sender=b)
    report.record("review.post", tx)
    assert tx.return_value == PRICE * FEE_BPS // 10_000 // 4
    deal[8] = tx.timestamp

    tx = reputation.postResponse(deal, b"\x44" * 32, sender=seller)
    report.record("review.respond", tx)
    deal[10] |= 0x02

    tx = reputation.editReview(deal, (4, 4, 4, 4, 4, b"\x55" * 32), sender=b)
    report.record("review.edit", tx)
    deal[10] |= 0x01

    tx = reputation.report(deal, 0, b"\x66" * 32, sender=seller)
    report.record("review.report", tx)

    # An escrowed order with Reputation wired in: recorded at completion.
    e = fresh_buyer(accounts, owner)
    tx = market.buy(escrow, 1, PRICE, REF, value=PRICE, sender=e)
    report.record("checkout.buy_eth_escrow_with_reputation", tx)
    ev = market.OrderPlaced.from_receipt(tx)[0]
    order = (
        ev.orderId, escrow, seller.address, e.address, ZERO, PRICE, FEE_BPS, 1,
        HANDLING, RELEASE, tx.timestamp, 0, 0, 1,
    )  # fmt: skip
    tx = market.confirmDelivery(order, sender=e)
    report.record("checkout.confirm_delivery_with_reputation", tx)
    seller_deal = deal_of(reputation, tx)
    reputation.postReview(seller_deal, REVIEW, sender=seller)  # the seller now holds credits

    # A voucher redeemed before (its counter is not zero), by a fresh buyer.
    voucher = (seller.address, ZERO, direct, ZERO, True, 1_000, 0, 2**40 - 1, 1_000, 1)
    signature = sign_voucher(chain, book, seller, voucher)
    market.purchaseWithVoucher(
        direct,
        1,
        PRICE,
        REF,
        voucher,
        signature,
        value=PRICE * 9 // 10,
        sender=fresh_buyer(accounts, owner),
    )
    tx = market.purchaseWithVoucher(
        direct,
        1,
        PRICE,
        REF,
        voucher,
        signature,
        value=PRICE * 9 // 10,
        sender=fresh_buyer(accounts, owner),
    )
    report.record("checkout.buy_with_voucher", tx)

    # Credits: `b` spends part of the credits its review earned.
    spend = credits.balanceOf(b) // 2
    tx = market.purchaseWithCredits(direct, 1, PRICE, REF, spend, value=PRICE - spend, sender=b)
    report.record("checkout.buy_with_credits", tx)

    tx = credits.promote(market, direct, credits.balanceOf(seller) // 2, sender=seller)
    report.record("credits.promote", tx)
