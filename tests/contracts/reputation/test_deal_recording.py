"""The deal hook between the Marketplace and Reputation (contracts/libraries/DealRecording.sol,
MarketplaceBase._recordDeal/_recordFact): which deals and facts are recorded, the gas budget
that makes estimation include recording, and recorders that fail."""

from __future__ import annotations

import ape
import pytest
from eth_account import Account

from core.constants import ZERO_ADDRESS

from .conftest import FEE_BPS
from .helpers import (
    ANY_PRICE,
    DealKind,
    Fact,
    addr,
    assert_event,
    assert_no_event,
    b32,
    deals_from_receipt,
)

PRICE = 10**18
HANDLING, RELEASE = 2 * 24 * 3600, 3 * 24 * 3600
RECORD_GAS = 60_000

OFFER_TYPES = {
    "Offer": [
        {"name": "seller", "type": "address"},
        {"name": "buyer", "type": "address"},
        {"name": "listingId", "type": "uint256"},
        {"name": "token", "type": "address"},
        {"name": "amount", "type": "uint256"},
        {"name": "quantity", "type": "uint32"},
        {"name": "escrow", "type": "bool"},
        {"name": "handlingTime", "type": "uint32"},
        {"name": "autoReleaseWindow", "type": "uint32"},
        {"name": "expiry", "type": "uint40"},
        {"name": "nonce", "type": "uint256"},
        {"name": "metadataHash", "type": "bytes32"},
    ]
}


def place(marketplace, listing_id, buyer):
    receipt = marketplace.buy(listing_id, 1, ANY_PRICE, b32("s"), value=PRICE, sender=buyer)
    ev = marketplace.OrderPlaced.from_receipt(receipt)[0]
    listing = marketplace.getListing(listing_id)
    order = [
        ev.orderId, listing_id, listing.seller, addr(buyer), ZERO_ADDRESS, PRICE, FEE_BPS, 1,
        HANDLING, RELEASE, receipt.timestamp, 0, 0, 1,
    ]  # fmt: skip
    return order


# ------------------------------------------------------------------ what is recorded


def test_direct_purchase_records_the_deal(marketplace, reputation, list_item, seller, buyer):
    listing = list_item()

    receipt = marketplace.buy(listing, 2, ANY_PRICE, b32("s"), value=2 * PRICE, sender=buyer)

    assert_event(
        reputation.DealRecorded,
        receipt,
        source=marketplace,
        dealId=(listing << 32) | 1,
        buyer=buyer,
        seller=seller,
        kind=DealKind.PURCHASE,
        token=ZERO_ADDRESS,
        value=2 * PRICE,
        fee=2 * PRICE * FEE_BPS // 10_000,
    )
    (deal,) = deals_from_receipt(reputation, receipt)
    assert reputation.dealHash(marketplace, deal.id) == deal.hash()


def test_escrowed_order_records_on_completion_not_on_payment(
    marketplace, reputation, list_item, seller, buyer, stranger, chain
):
    listing = list_item(escrow=True)
    order = place(marketplace, listing, buyer)
    assert reputation.dealHash(marketplace, order[0]) == b"\x00" * 32
    shipped = marketplace.ship(order, b32("t"), sender=seller)
    order[11], order[13] = shipped.timestamp, 2  # shippedAt, Shipped
    chain.pending_timestamp = shipped.timestamp + RELEASE

    released = marketplace.release(order, sender=stranger)  # anyone, after the window

    (deal,) = deals_from_receipt(reputation, released)
    assert (deal.id, deal.buyer, deal.seller, deal.value) == (
        order[0],
        buyer.address,
        seller.address,
        PRICE,
    )


def test_cancelled_and_fully_refunded_orders_record_nothing(
    marketplace, reputation, list_item, seller, buyer, chain
):
    listing = list_item(escrow=True)
    refunded = place(marketplace, listing, buyer)
    receipt = marketplace.refund(refunded, PRICE, sender=seller)
    assert_no_event(reputation.DealRecorded, receipt)

    cancelled = place(marketplace, listing, buyer)
    chain.pending_timestamp = cancelled[10] + HANDLING
    receipt = marketplace.cancel(cancelled, sender=buyer)
    assert_no_event(reputation.DealRecorded, receipt)


@pytest.mark.parametrize(
    ("buyer_bps", "loser", "seller_share"),
    [
        (7_000, "seller", True),
        (10_000, "seller", False),
        (3_000, "buyer", True),
        (5_000, None, True),
    ],
)
def test_rulings_record_the_lost_dispute_and_the_sellers_deal(
    marketplace, reputation, list_item, arbiter, seller, buyer, buyer_bps, loser, seller_share
):
    listing = list_item(escrow=True)
    order = place(marketplace, listing, buyer)
    opened = marketplace.openDispute(order, b32("why"), sender=buyer)
    order[12], order[13] = opened.timestamp, 3

    receipt = marketplace.resolveDispute(order, buyer_bps, sender=arbiter)

    facts = reputation.FactRecorded.from_receipt(receipt)
    if loser is None:
        assert facts == []
    else:
        assert_event(
            reputation.FactRecorded,
            receipt,
            source=marketplace,
            dealId=order[0],
            party={"seller": seller, "buyer": buyer}[loser],
            fact=Fact.DISPUTE_LOST,
            amount=PRICE,
        )
    deals = deals_from_receipt(reputation, receipt)
    if seller_share:
        gross = PRICE - PRICE * buyer_bps // 10_000
        assert [(d.value, d.fee) for d in deals] == [(gross, gross * FEE_BPS // 10_000)]
    else:
        assert deals == []


def test_a_direct_offer_records_the_deal_under_its_digest_id(
    marketplace, reputation, seller, buyer, chain
):
    offer = {
        "seller": addr(seller), "buyer": addr(buyer), "listingId": 0, "token": ZERO_ADDRESS,
        "amount": 3 * PRICE, "quantity": 1, "escrow": False, "handlingTime": 0,
        "autoReleaseWindow": 0, "expiry": 2**40 - 1, "nonce": 7, "metadataHash": b32("quote"),
    }  # fmt: skip
    domain = {
        "name": "Bazaar Marketplace",
        "version": "1",
        "chainId": chain.chain_id,
        "verifyingContract": marketplace.address,
    }
    signed = Account.sign_typed_data(seller.private_key, domain, OFFER_TYPES, offer)

    receipt = marketplace.acceptOffer(
        tuple(offer.values()), signed.signature, b32("s"), value=3 * PRICE, sender=buyer
    )

    (deal,) = deals_from_receipt(reputation, receipt)
    assert deal.id == int.from_bytes(signed.message_hash, "big") | (1 << 255)
    assert (deal.value, deal.fee) == (3 * PRICE, 3 * PRICE * FEE_BPS // 10_000)


def test_a_self_purchase_is_not_a_deal_but_still_a_purchase(
    marketplace, reputation, list_item, seller
):
    listing = list_item()

    receipt = marketplace.buy(listing, 1, ANY_PRICE, b32("s"), value=PRICE, sender=seller)

    assert_no_event(reputation.DealRecorded, receipt)
    assert marketplace.getListing(listing).unsettled == PRICE


# ------------------------------------------------------------------ the gas budget


def test_a_gas_limit_below_the_recording_budget_reverts_instead_of_skipping(
    marketplace, reputation, list_item, buyer
):
    listing = list_item()

    with ape.reverts(marketplace.DealRecordingOutOfGas):
        marketplace.buy(listing, 1, ANY_PRICE, b32("s"), value=PRICE, sender=buyer, gas=70_000)


def test_the_estimated_gas_limit_records_the_deal(marketplace, reputation, list_item, buyer):
    listing = list_item()
    estimate = marketplace.buy.estimate_gas_cost(
        listing, 1, ANY_PRICE, b32("s"), value=PRICE, sender=buyer
    )

    receipt = marketplace.buy(
        listing, 1, ANY_PRICE, b32("s"), value=PRICE, sender=buyer, gas=estimate
    )

    assert len(deals_from_receipt(reputation, receipt)) == 1
    # The budget is reserved, not spent: the purchase uses far less than its limit.
    assert receipt.gas_used < estimate - RECORD_GAS // 2


def test_a_recorder_that_burns_all_gas_costs_its_budget_and_blocks_nothing(
    project, marketplace, list_item, owner, seller, buyer
):
    burner = owner.deploy(project.GasBurningDealRecorder)
    marketplace.setDealRecorder(burner, sender=owner)
    listing = list_item(escrow=True)
    order = place(marketplace, listing, buyer)

    receipt = marketplace.confirmDelivery(order, sender=buyer)

    assert_event(
        marketplace.OrderCompleted,
        receipt,
        orderId=order[0],
        by=buyer,
        sellerAmount=PRICE - PRICE * FEE_BPS // 10_000,
        fee=PRICE * FEE_BPS // 10_000,
    )
    assert receipt.gas_used < 45_000 + RECORD_GAS + 5_000
    direct = list_item()
    marketplace.buy(direct, 1, ANY_PRICE, b32("s"), value=PRICE, sender=buyer)
