"""EIP-712 signed offers (contracts/Marketplace.sol): acceptOffer, cancelNonces, hashOffer,
isNonceUsed, ERC-1271 sellers. Replay and forgery attempts are in test_marketplace_attacks.py."""

from __future__ import annotations

import ape
import pytest
from eth_utils import keccak

from core.constants import ZERO_ADDRESS

from ..helpers import (
    AUTO_RELEASE,
    DAY,
    FEE_BPS,
    HANDLING_TIME,
    MIN_AUTO_RELEASE,
    OFFER_ORDER_BIT,
    PRICE,
    TOKEN_PRICE,
    ZERO32,
    DealKind,
    ListingStatus,
    Offer,
    OrderStatus,
    addr,
    assert_event,
    assert_events,
    assert_no_event,
    b32,
    event_args,
    fee_of,
    offer_order_id,
    sign_offer,
    struct_values,
)

OFFER_TYPE = (
    "Offer(address seller,address buyer,uint256 listingId,address token,uint256 amount,"
    "uint32 quantity,bool escrow,uint32 handlingTime,uint32 autoReleaseWindow,uint40 expiry,"
    "uint256 nonce,bytes32 metadataHash)"
)


@pytest.fixture
def make_offer(seller, chain):
    def _make(**fields):
        defaults = {
            "seller": seller.address,
            "buyer": ZERO_ADDRESS,
            "listing_id": 0,
            "token": ZERO_ADDRESS,
            "amount": 3 * PRICE,
            "quantity": 2,
            "escrow": False,
            "handling_time": HANDLING_TIME,
            "auto_release_window": AUTO_RELEASE,
            "expiry": chain.pending_timestamp + DAY,
            "nonce": 1,
            "metadata_hash": b32("custom quote"),
        }
        defaults.update(
            {k: addr(v) if k in ("seller", "buyer", "token") else v for k, v in fields.items()}
        )
        return Offer(**defaults)

    return _make


@pytest.fixture
def sign(marketplace, seller, chain):
    def _sign(offer, key=None):
        return sign_offer(key or seller.private_key, offer, chain.chain_id, marketplace)

    return _sign


@pytest.fixture
def accept(marketplace, buyer, sign):
    """Sign `offer` as its seller and accept it; returns (orderId, receipt)."""

    def _accept(offer, sender=None, value=None):
        signature, digest = sign(offer)
        if value is None:
            value = offer.amount if offer.token == ZERO_ADDRESS else 0
        receipt = marketplace.acceptOffer(
            offer.as_tuple(), signature, b32("ship"), value=value, sender=sender or buyer
        )
        assert receipt.return_value == offer_order_id(digest)
        return offer_order_id(digest), receipt

    return _accept


def assert_offer_accepted(marketplace, receipt, order_id, offer, buyer, fee_bps=FEE_BPS):
    logs = marketplace.OfferAccepted.from_receipt(receipt)
    assert len(logs) == 1
    args = event_args(logs[0])
    assert struct_values(args.pop("offer")) == offer.as_tuple()
    assert args == {
        "orderId": order_id,
        "seller": offer.seller,
        "buyer": addr(buyer),
        "feeBps": fee_bps,
        "shippingRef": b32("ship"),
    }


# ------------------------------------------------------------------ hashing


def test_offer_typehash_matches_the_eip712_type(marketplace):
    assert marketplace.OFFER_TYPEHASH() == keccak(text=OFFER_TYPE)


def test_eip712_domain_binds_name_version_chain_and_contract(marketplace, chain):
    domain = marketplace.eip712Domain()
    assert domain.name == "Bazaar Marketplace"
    assert domain.version == "1"
    assert domain.chainId == chain.chain_id
    assert domain.verifyingContract == marketplace.address


def test_hash_offer_matches_the_digest_eth_account_signs(marketplace, make_offer, sign):
    offer = make_offer(buyer=ZERO_ADDRESS, escrow=True, nonce=2**200)
    _, digest = sign(offer)
    assert marketplace.hashOffer(offer.as_tuple()) == digest


# ------------------------------------------------------------------ acceptOffer


def test_accept_direct_eth_offer_credits_seller_ledger_at_once(
    marketplace, seller, buyer, make_offer, accept, eth_balance
):
    offer = make_offer()

    order_id, receipt = accept(offer)

    assert order_id & OFFER_ORDER_BIT
    assert_offer_accepted(marketplace, receipt, order_id, offer, buyer)
    fee = fee_of(offer.amount, FEE_BPS)
    assert marketplace.owed(seller, ZERO_ADDRESS) == offer.amount - fee
    assert marketplace.feesOwed(ZERO_ADDRESS) == fee
    assert marketplace.isNonceUsed(seller, offer.nonce) is True
    assert marketplace.orderHash(order_id) == ZERO32  # direct: no order stored
    assert eth_balance(marketplace) == offer.amount


def test_accept_escrow_erc20_offer_stores_order_then_completes_to_ledger(
    marketplace, seller, buyer, token, make_offer, accept
):
    offer = make_offer(token=token, amount=TOKEN_PRICE, escrow=True)
    before = token.balanceOf(buyer)

    order_id, receipt = accept(offer)

    assert_offer_accepted(marketplace, receipt, order_id, offer, buyer)
    order = offer.order(
        order_id=order_id, buyer=buyer.address, fee_bps=FEE_BPS, paid_at=receipt.timestamp
    )
    assert marketplace.orderHash(order_id) == order.hash()
    assert token.balanceOf(buyer) == before - TOKEN_PRICE
    assert marketplace.owed(seller, token) == 0

    shipped = marketplace.ship(order.as_tuple(), ZERO32, sender=seller)
    order = order.shipped(shipped.timestamp)
    receipt = marketplace.confirmDelivery(order.as_tuple(), sender=buyer)

    fee = fee_of(TOKEN_PRICE, FEE_BPS)
    assert_event(
        marketplace.OrderCompleted,
        receipt,
        orderId=order_id,
        by=buyer,
        sellerAmount=TOKEN_PRICE - fee,
        fee=fee,
    )
    assert marketplace.owed(seller, token) == TOKEN_PRICE - fee
    assert marketplace.feesOwed(token) == fee


def test_accept_escrow_offer_order_can_be_cancelled_by_anyone_after_its_deadline(
    marketplace, buyer, stranger, make_offer, accept, warp
):
    offer = make_offer(escrow=True, handling_time=1, auto_release_window=MIN_AUTO_RELEASE)
    order_id, receipt = accept(offer)
    order = offer.order(
        order_id=order_id, buyer=buyer.address, fee_bps=FEE_BPS, paid_at=receipt.timestamp
    )
    warp(order.deadline(0))

    receipt = marketplace.cancel(order.as_tuple(), sender=stranger)

    assert_event(
        marketplace.OrderCancelled, receipt, orderId=order_id, by=stranger, refund=offer.amount
    )
    assert marketplace.owed(buyer, ZERO_ADDRESS) == offer.amount


def test_accept_offer_for_a_specific_buyer(marketplace, buyer, make_offer, accept):
    offer = make_offer(buyer=buyer)
    order_id, receipt = accept(offer, sender=buyer)
    assert_offer_accepted(marketplace, receipt, order_id, offer, buyer)


def test_accept_offer_tied_to_a_listing_takes_its_stock(
    marketplace, seller, buyer, create_listing, make_offer, accept
):
    listing_id = create_listing(stock=5)
    offer = make_offer(listing_id=listing_id, quantity=3, escrow=True)

    order_id, receipt = accept(offer)

    listing = marketplace.getListing(listing_id)
    assert (listing.stock, listing.orderCount, listing.unsettled) == (2, 0, 0)
    order = offer.order(
        order_id=order_id, buyer=buyer.address, fee_bps=FEE_BPS, paid_at=receipt.timestamp
    )
    marketplace.confirmDelivery(order.as_tuple(), sender=buyer)
    # Offer orders are split into the ledger at completion, never into the listing.
    assert marketplace.getListing(listing_id).unsettled == 0
    assert marketplace.owed(seller, ZERO_ADDRESS) == offer.amount - fee_of(offer.amount, FEE_BPS)


def test_accept_offer_tied_to_a_listing_pays_the_listings_fee_not_todays(
    marketplace, owner, seller, buyer, create_listing, make_offer, accept
):
    listing_id = create_listing(stock=5)  # under FEE_BPS
    marketplace.setFee(500, sender=owner)
    offer = make_offer(listing_id=listing_id, escrow=True)

    order_id, receipt = accept(offer)

    assert_offer_accepted(marketplace, receipt, order_id, offer, buyer, fee_bps=FEE_BPS)
    order = offer.order(
        order_id=order_id, buyer=buyer.address, fee_bps=FEE_BPS, paid_at=receipt.timestamp
    )
    assert marketplace.orderHash(order_id) == order.hash()
    marketplace.confirmDelivery(order.as_tuple(), sender=buyer)
    assert marketplace.feesOwed(ZERO_ADDRESS) == fee_of(offer.amount, FEE_BPS)


def test_accept_custom_offer_applies_the_fee_in_force_at_acceptance(
    marketplace, owner, seller, buyer, make_offer, accept
):
    offer = make_offer()
    marketplace.setFee(500, sender=owner)

    order_id, receipt = accept(offer)

    assert_offer_accepted(marketplace, receipt, order_id, offer, buyer, fee_bps=500)
    assert marketplace.feesOwed(ZERO_ADDRESS) == fee_of(offer.amount, 500)


def test_accept_offer_in_the_last_second_before_its_expiry(
    marketplace, make_offer, accept, warp, chain
):
    offer = make_offer(expiry=chain.pending_timestamp + 100)
    warp(offer.expiry - 1)
    _, receipt = accept(offer)
    assert receipt.timestamp == offer.expiry - 1


def test_accept_direct_offer_records_the_deal(
    marketplace, owner, seller, buyer, recorder, make_offer, accept
):
    marketplace.setDealRecorder(recorder, sender=owner)
    offer = make_offer()

    order_id, receipt = accept(offer)

    assert_event(
        recorder.DealRecorded,
        receipt,
        source=marketplace,
        kind=DealKind.PURCHASE,
        dealId=order_id,
        buyer=buyer,
        seller=seller,
        token=ZERO_ADDRESS,
        value=offer.amount,
        fee=fee_of(offer.amount, FEE_BPS),
    )


def test_accept_escrow_offer_records_no_deal_yet(marketplace, owner, recorder, make_offer, accept):
    marketplace.setDealRecorder(recorder, sender=owner)
    _, receipt = accept(make_offer(escrow=True))
    assert_no_event(recorder.DealRecorded, receipt)


# ------------------------------------------------------------------ acceptOffer reverts


def test_accept_offer_reverts_at_its_expiry(marketplace, buyer, make_offer, sign, warp, chain):
    # Expiry is the first second the offer is void, like every deadline of the Marketplace.
    offer = make_offer(expiry=chain.pending_timestamp + 100)
    signature, _ = sign(offer)
    warp(offer.expiry)
    with ape.reverts(
        marketplace.MarketplaceOfferExpired, expiry=offer.expiry, nowTimestamp=offer.expiry
    ):
        marketplace.acceptOffer(
            offer.as_tuple(), signature, ZERO32, value=offer.amount, sender=buyer
        )


def test_accept_offer_reverts_on_zero_amount(marketplace, buyer, make_offer, sign):
    offer = make_offer(amount=0)
    with ape.reverts(marketplace.MarketplaceZeroPrice):
        marketplace.acceptOffer(offer.as_tuple(), sign(offer)[0], ZERO32, sender=buyer)


def test_accept_offer_reverts_on_zero_quantity(marketplace, buyer, make_offer, sign):
    offer = make_offer(quantity=0)
    with ape.reverts(marketplace.MarketplaceZeroQuantity):
        marketplace.acceptOffer(
            offer.as_tuple(), sign(offer)[0], ZERO32, value=offer.amount, sender=buyer
        )


@pytest.mark.parametrize(
    "handling, auto_release, bad, low",
    [(0, AUTO_RELEASE, 0, 1), (HANDLING_TIME, 60, 60, MIN_AUTO_RELEASE)],
    ids=["handling", "auto-release"],
)
def test_accept_escrow_offer_reverts_on_invalid_windows(
    marketplace, buyer, make_offer, sign, handling, auto_release, bad, low
):
    offer = make_offer(escrow=True, handling_time=handling, auto_release_window=auto_release)
    with ape.reverts(marketplace.MarketplaceInvalidWindow, value=bad, min=low, max=180 * DAY):
        marketplace.acceptOffer(
            offer.as_tuple(), sign(offer)[0], ZERO32, value=offer.amount, sender=buyer
        )


def test_accept_direct_offer_ignores_windows(marketplace, buyer, make_offer, accept):
    offer = make_offer(escrow=False, handling_time=0, auto_release_window=0)
    accept(offer)
    assert marketplace.isNonceUsed(offer.seller, offer.nonce)


@pytest.mark.parametrize("sent", [0, 3 * PRICE - 1, 3 * PRICE + 1])
def test_accept_eth_offer_reverts_on_wrong_value(marketplace, buyer, make_offer, sign, sent):
    offer = make_offer(amount=3 * PRICE)
    with ape.reverts(marketplace.PaymentsWrongValue, sent=sent, expected=3 * PRICE):
        marketplace.acceptOffer(offer.as_tuple(), sign(offer)[0], ZERO32, value=sent, sender=buyer)


def test_accept_erc20_offer_reverts_when_eth_is_sent(marketplace, buyer, token, make_offer, sign):
    offer = make_offer(token=token, amount=TOKEN_PRICE)
    with ape.reverts(marketplace.PaymentsWrongValue, sent=5, expected=0):
        marketplace.acceptOffer(offer.as_tuple(), sign(offer)[0], ZERO32, value=5, sender=buyer)


def test_accept_offer_rejects_fee_on_transfer_token(
    marketplace, seller, buyer, fot_token, make_offer, sign
):
    offer = make_offer(token=fot_token, amount=10_000)
    with ape.reverts(
        marketplace.PaymentsFeeOnTransferToken, token=fot_token, received=9_900, expected=10_000
    ):
        marketplace.acceptOffer(offer.as_tuple(), sign(offer)[0], ZERO32, sender=buyer)
    assert marketplace.isNonceUsed(seller, offer.nonce) is False


def test_accept_offer_reverts_when_marketplace_paused(marketplace, owner, buyer, make_offer, sign):
    offer = make_offer()
    marketplace.pause(sender=owner)
    with ape.reverts(marketplace.PlatformPaused):
        marketplace.acceptOffer(
            offer.as_tuple(), sign(offer)[0], ZERO32, value=offer.amount, sender=buyer
        )


def test_accept_offer_reverts_for_another_sellers_listing(
    marketplace, seller, seller2, buyer, create_listing, make_offer, sign
):
    listing_id = create_listing(sender=seller2)
    offer = make_offer(listing_id=listing_id)
    with ape.reverts(marketplace.MarketplaceNotSeller, caller=seller, seller=seller2):
        marketplace.acceptOffer(
            offer.as_tuple(), sign(offer)[0], ZERO32, value=offer.amount, sender=buyer
        )
    unknown = make_offer(listing_id=999)
    with ape.reverts(marketplace.MarketplaceNotSeller, caller=seller, seller=ZERO_ADDRESS):
        marketplace.acceptOffer(
            unknown.as_tuple(), sign(unknown)[0], ZERO32, value=unknown.amount, sender=buyer
        )


@pytest.mark.parametrize("close", [False, True], ids=["paused", "closed"])
def test_accept_offer_reverts_for_an_inactive_listing(
    marketplace, seller, buyer, create_listing, make_offer, sign, close
):
    listing_id = create_listing()
    if close:
        marketplace.closeListing(listing_id, sender=seller)
    else:
        marketplace.setListingPaused(listing_id, True, sender=seller)
    offer = make_offer(listing_id=listing_id)
    with ape.reverts(
        marketplace.MarketplaceListingNotActive,
        listingId=listing_id,
        status=ListingStatus.CLOSED if close else ListingStatus.PAUSED,
    ):
        marketplace.acceptOffer(
            offer.as_tuple(), sign(offer)[0], ZERO32, value=offer.amount, sender=buyer
        )


def test_accept_offer_reverts_when_listing_stock_is_short(
    marketplace, buyer, create_listing, make_offer, sign
):
    listing_id = create_listing(stock=1)
    offer = make_offer(listing_id=listing_id, quantity=2)
    with ape.reverts(
        marketplace.MarketplaceInsufficientStock, listingId=listing_id, available=1, requested=2
    ):
        marketplace.acceptOffer(
            offer.as_tuple(), sign(offer)[0], ZERO32, value=offer.amount, sender=buyer
        )


# ------------------------------------------------------------------ cancelNonces


def test_cancel_nonces_burns_them_in_any_word(marketplace, seller, seller2):
    nonces = [0, 255, 256, 2**256 - 1]

    receipt = marketplace.cancelNonces(nonces, sender=seller)

    assert_events(
        marketplace.NonceCancelled, receipt, [{"seller": seller, "nonce": n} for n in nonces]
    )
    assert all(marketplace.isNonceUsed(seller, n) for n in nonces)
    assert not marketplace.isNonceUsed(seller, 1)
    assert not marketplace.isNonceUsed(seller, 257)
    assert not any(marketplace.isNonceUsed(seller2, n) for n in nonces)


def test_cancel_nonces_reverts_on_an_already_used_nonce(marketplace, seller, make_offer, accept):
    accept(make_offer(nonce=7))
    with ape.reverts(marketplace.MarketplaceNonceUsed, seller=seller, nonce=7):
        marketplace.cancelNonces([6, 7], sender=seller)
    assert not marketplace.isNonceUsed(seller, 6)  # the whole call reverted


def test_cancel_nonces_reverts_on_a_duplicate(marketplace, seller):
    with ape.reverts(marketplace.MarketplaceNonceUsed, seller=seller, nonce=3):
        marketplace.cancelNonces([3, 3], sender=seller)


# ------------------------------------------------------------------ ERC-1271 sellers


@pytest.fixture
def wallet(project, seller2):
    """A smart-contract wallet owned by seller2's key."""
    return seller2.deploy(project.SmartWalletSeller, seller2)


def test_accept_offer_from_an_erc1271_wallet_seller(
    marketplace, seller2, buyer, wallet, make_offer, sign, eth_balance
):
    offer = make_offer(seller=wallet)
    signature, digest = sign(offer, key=seller2.private_key)

    receipt = marketplace.acceptOffer(
        offer.as_tuple(), signature, b32("ship"), value=offer.amount, sender=buyer
    )

    assert_offer_accepted(marketplace, receipt, offer_order_id(digest), offer, buyer)
    net = offer.amount - fee_of(offer.amount, FEE_BPS)
    assert marketplace.owed(wallet, ZERO_ADDRESS) == net
    wallet.execute(marketplace, marketplace.withdraw.encode_input(ZERO_ADDRESS), sender=seller2)
    assert eth_balance(wallet) == net


def test_accept_offer_from_an_erc1271_wallet_rejects_another_key(
    marketplace, seller, buyer, wallet, make_offer, sign
):
    offer = make_offer(seller=wallet)
    signature, _ = sign(offer, key=seller.private_key)
    with ape.reverts(marketplace.MarketplaceInvalidSignature, seller=wallet):
        marketplace.acceptOffer(
            offer.as_tuple(), signature, ZERO32, value=offer.amount, sender=buyer
        )


def test_erc1271_wallet_escrow_offer_round_trip(
    marketplace, seller2, buyer, wallet, make_offer, sign
):
    offer = make_offer(seller=wallet, escrow=True)
    signature, digest = sign(offer, key=seller2.private_key)
    receipt = marketplace.acceptOffer(
        offer.as_tuple(), signature, ZERO32, value=offer.amount, sender=buyer
    )
    order = offer.order(
        order_id=offer_order_id(digest),
        buyer=buyer.address,
        fee_bps=FEE_BPS,
        paid_at=receipt.timestamp,
    )

    receipt = wallet.execute(
        marketplace, marketplace.ship.encode_input(order.as_tuple(), ZERO32), sender=seller2
    )
    order = order.shipped(receipt.timestamp)
    assert order.status == OrderStatus.SHIPPED
    marketplace.confirmDelivery(order.as_tuple(), sender=buyer)

    assert marketplace.owed(wallet, ZERO_ADDRESS) == offer.amount - fee_of(offer.amount, FEE_BPS)
