"""Listings and the seller's proceeds (contracts/marketplace/MarketplaceListings.sol):
createListing, updateListing, setListingPaused, closeListing, publishEncryptionKey,
settleProceeds, withdrawProceeds."""

from __future__ import annotations

import ape
import pytest

from core.constants import ZERO_ADDRESS

from ..helpers import (
    ANY_PRICE,
    AUTO_RELEASE,
    FEE_BPS,
    HANDLING_TIME,
    MAX_WINDOW,
    MIN_AUTO_RELEASE,
    PRICE,
    TOKEN_PRICE,
    ListingStatus,
    addr,
    assert_event,
    assert_events,
    assert_no_event,
    b32,
    fee_of,
    gas_cost,
)


def buy_direct(marketplace, listing_id, buyer, quantity=1):
    listing = marketplace.getListing(listing_id)
    value = listing.price * quantity if listing.token == ZERO_ADDRESS else 0
    return marketplace.buy(listing_id, quantity, ANY_PRICE, b32("ship"), value=value, sender=buyer)


# ------------------------------------------------------------------ createListing


def test_create_listing_stores_terms_and_emits_listing_created(marketplace, seller):
    receipt = marketplace.createListing(
        ZERO_ADDRESS, PRICE, 7, True, HANDLING_TIME, AUTO_RELEASE, b32("meta"), sender=seller
    )

    assert receipt.return_value == 1
    assert_event(
        marketplace.ListingCreated,
        receipt,
        listingId=1,
        seller=seller,
        token=ZERO_ADDRESS,
        price=PRICE,
        stock=7,
        escrow=True,
        feeBps=FEE_BPS,
        handlingTime=HANDLING_TIME,
        autoReleaseWindow=AUTO_RELEASE,
        metadataHash=b32("meta"),
    )
    listing = marketplace.getListing(1)
    assert listing.seller == seller.address
    assert listing.token == ZERO_ADDRESS
    assert listing.price == PRICE
    assert listing.stock == 7
    assert listing.orderCount == 0
    assert listing.status == ListingStatus.ACTIVE
    assert listing.escrow is True
    assert listing.feeBps == FEE_BPS
    assert listing.handlingTime == HANDLING_TIME
    assert listing.autoReleaseWindow == AUTO_RELEASE
    assert listing.unsettled == 0


def test_create_listing_direct_erc20_ignores_windows(marketplace, seller, token):
    receipt = marketplace.createListing(
        token, TOKEN_PRICE, 3, False, 5, 6, b32("meta"), sender=seller
    )

    assert_event(
        marketplace.ListingCreated,
        receipt,
        listingId=1,
        seller=seller,
        token=token,
        price=TOKEN_PRICE,
        stock=3,
        escrow=False,
        feeBps=FEE_BPS,
        handlingTime=0,
        autoReleaseWindow=0,
        metadataHash=b32("meta"),
    )
    listing = marketplace.getListing(1)
    assert listing.token == token.address
    assert listing.escrow is False
    assert (listing.handlingTime, listing.autoReleaseWindow) == (0, 0)


def test_create_listing_ids_count_up_from_one(create_listing, seller2):
    assert [create_listing(), create_listing(sender=seller2), create_listing()] == [1, 2, 3]


def test_create_listing_fixes_the_fee_at_creation(marketplace, owner, create_listing):
    before = create_listing()
    marketplace.setFee(100, sender=owner)
    after = create_listing()

    assert marketplace.getListing(before).feeBps == FEE_BPS
    assert marketplace.getListing(after).feeBps == 100


def test_create_listing_accepts_window_bounds(marketplace, create_listing):
    low = create_listing(handling_time=1, auto_release=MIN_AUTO_RELEASE)
    high = create_listing(handling_time=MAX_WINDOW, auto_release=MAX_WINDOW)

    assert marketplace.getListing(low).handlingTime == 1
    assert marketplace.getListing(low).autoReleaseWindow == MIN_AUTO_RELEASE
    assert marketplace.getListing(high).handlingTime == MAX_WINDOW
    assert marketplace.getListing(high).autoReleaseWindow == MAX_WINDOW


def test_create_listing_reverts_when_price_zero(marketplace, create_listing):
    with ape.reverts(marketplace.MarketplaceZeroPrice):
        create_listing(price=0)


@pytest.mark.parametrize("handling_time", [0, MAX_WINDOW + 1])
def test_create_listing_reverts_on_invalid_handling_time(
    marketplace, create_listing, handling_time
):
    with ape.reverts(
        marketplace.MarketplaceInvalidWindow, value=handling_time, min=1, max=MAX_WINDOW
    ):
        create_listing(handling_time=handling_time)


@pytest.mark.parametrize("auto_release", [0, MIN_AUTO_RELEASE - 1, MAX_WINDOW + 1])
def test_create_listing_reverts_on_invalid_auto_release_window(
    marketplace, create_listing, auto_release
):
    with ape.reverts(
        marketplace.MarketplaceInvalidWindow,
        value=auto_release,
        min=MIN_AUTO_RELEASE,
        max=MAX_WINDOW,
    ):
        create_listing(auto_release=auto_release)


def test_create_listing_reverts_when_paused(marketplace, owner, create_listing):
    marketplace.pause(sender=owner)
    with ape.reverts(marketplace.PlatformPaused):
        create_listing()


# ------------------------------------------------------------------ updateListing


def test_update_listing_changes_price_stock_and_emits(marketplace, seller, create_listing):
    listing_id = create_listing()

    receipt = marketplace.updateListing(listing_id, 42, 9, b32("v2"), sender=seller)

    assert_event(
        marketplace.ListingUpdated,
        receipt,
        listingId=listing_id,
        price=42,
        stock=9,
        metadataHash=b32("v2"),
    )
    listing = marketplace.getListing(listing_id)
    assert (listing.price, listing.stock, listing.status) == (42, 9, ListingStatus.ACTIVE)


def test_update_listing_new_price_applies_to_next_purchase(
    marketplace, seller, buyer, create_listing
):
    listing_id = create_listing(escrow=False)
    marketplace.updateListing(listing_id, 77, 5, b32("v2"), sender=seller)

    with ape.reverts(marketplace.PaymentsWrongValue, sent=PRICE, expected=77):
        marketplace.buy(listing_id, 1, ANY_PRICE, b32("x"), value=PRICE, sender=buyer)
    marketplace.buy(listing_id, 1, ANY_PRICE, b32("x"), value=77, sender=buyer)
    assert marketplace.getListing(listing_id).unsettled == 77


def test_update_listing_works_while_listing_paused(marketplace, seller, create_listing):
    listing_id = create_listing()
    marketplace.setListingPaused(listing_id, True, sender=seller)

    marketplace.updateListing(listing_id, 5, 5, b32("v2"), sender=seller)

    listing = marketplace.getListing(listing_id)
    assert (listing.price, listing.status) == (5, ListingStatus.PAUSED)


def test_update_listing_reverts_when_price_zero(marketplace, seller, create_listing):
    listing_id = create_listing()
    with ape.reverts(marketplace.MarketplaceZeroPrice):
        marketplace.updateListing(listing_id, 0, 5, b32("v2"), sender=seller)


def test_update_listing_reverts_when_unknown(marketplace, seller):
    with ape.reverts(marketplace.MarketplaceUnknownListing, listingId=99):
        marketplace.updateListing(99, 1, 5, b32("v2"), sender=seller)


def test_update_listing_reverts_when_not_seller(marketplace, seller, stranger, create_listing):
    listing_id = create_listing()
    with ape.reverts(marketplace.MarketplaceNotSeller, caller=stranger, seller=seller):
        marketplace.updateListing(listing_id, 1, 5, b32("v2"), sender=stranger)


def test_update_listing_reverts_when_closed(marketplace, seller, create_listing):
    listing_id = create_listing()
    marketplace.closeListing(listing_id, sender=seller)
    with ape.reverts(
        marketplace.MarketplaceListingNotActive,
        listingId=listing_id,
        status=ListingStatus.CLOSED,
    ):
        marketplace.updateListing(listing_id, 1, 5, b32("v2"), sender=seller)


# ------------------------------------------------------------------ setListingPaused / closeListing


def test_set_listing_paused_pauses_and_resumes_sales(marketplace, seller, buyer, create_listing):
    listing_id = create_listing(escrow=False)

    receipt = marketplace.setListingPaused(listing_id, True, sender=seller)
    assert_event(
        marketplace.ListingStatusChanged,
        receipt,
        listingId=listing_id,
        status=ListingStatus.PAUSED,
    )
    assert marketplace.getListing(listing_id).status == ListingStatus.PAUSED
    with ape.reverts(
        marketplace.MarketplaceListingNotActive,
        listingId=listing_id,
        status=ListingStatus.PAUSED,
    ):
        buy_direct(marketplace, listing_id, buyer)

    receipt = marketplace.setListingPaused(listing_id, False, sender=seller)
    assert_event(
        marketplace.ListingStatusChanged,
        receipt,
        listingId=listing_id,
        status=ListingStatus.ACTIVE,
    )
    buy_direct(marketplace, listing_id, buyer)
    assert marketplace.getListing(listing_id).orderCount == 1


def test_set_listing_paused_reverts_when_not_seller(marketplace, seller, stranger, create_listing):
    listing_id = create_listing()
    with ape.reverts(marketplace.MarketplaceNotSeller, caller=stranger, seller=seller):
        marketplace.setListingPaused(listing_id, True, sender=stranger)


def test_set_listing_paused_reverts_when_unknown(marketplace, seller):
    with ape.reverts(marketplace.MarketplaceUnknownListing, listingId=5):
        marketplace.setListingPaused(5, True, sender=seller)


def test_set_listing_paused_cannot_reopen_a_closed_listing(marketplace, seller, create_listing):
    listing_id = create_listing()
    marketplace.closeListing(listing_id, sender=seller)
    with ape.reverts(
        marketplace.MarketplaceListingNotActive,
        listingId=listing_id,
        status=ListingStatus.CLOSED,
    ):
        marketplace.setListingPaused(listing_id, False, sender=seller)


def test_close_listing_stops_sales_and_emits(marketplace, seller, buyer, create_listing):
    listing_id = create_listing()

    receipt = marketplace.closeListing(listing_id, sender=seller)

    assert_event(
        marketplace.ListingStatusChanged,
        receipt,
        listingId=listing_id,
        status=ListingStatus.CLOSED,
    )
    assert marketplace.getListing(listing_id).status == ListingStatus.CLOSED
    with ape.reverts(
        marketplace.MarketplaceListingNotActive,
        listingId=listing_id,
        status=ListingStatus.CLOSED,
    ):
        buy_direct(marketplace, listing_id, buyer)


def test_close_listing_leaves_open_orders_and_proceeds_alone(
    marketplace, seller, buyer, create_listing, place_order
):
    listing_id = create_listing()
    order, _ = place_order(listing_id)

    marketplace.closeListing(listing_id, sender=seller)
    marketplace.confirmDelivery(order.as_tuple(), sender=buyer)
    receipt = marketplace.withdrawProceeds([listing_id], sender=seller)

    fee = fee_of(PRICE, FEE_BPS)
    assert_event(
        marketplace.Withdrawn, receipt, account=seller, token=ZERO_ADDRESS, amount=PRICE - fee
    )
    assert marketplace.feesOwed(ZERO_ADDRESS) == fee


def test_close_listing_reverts_when_not_seller(marketplace, seller, stranger, create_listing):
    listing_id = create_listing()
    with ape.reverts(marketplace.MarketplaceNotSeller, caller=stranger, seller=seller):
        marketplace.closeListing(listing_id, sender=stranger)


def test_close_listing_reverts_when_unknown(marketplace, seller):
    with ape.reverts(marketplace.MarketplaceUnknownListing, listingId=3):
        marketplace.closeListing(3, sender=seller)


def test_close_listing_reverts_when_already_closed(marketplace, seller, create_listing):
    listing_id = create_listing()
    marketplace.closeListing(listing_id, sender=seller)
    with ape.reverts(
        marketplace.MarketplaceListingNotActive,
        listingId=listing_id,
        status=ListingStatus.CLOSED,
    ):
        marketplace.closeListing(listing_id, sender=seller)


# ------------------------------------------------------------------ publishEncryptionKey


def test_publish_encryption_key_stores_and_replaces_key(marketplace, seller):
    assert marketplace.encryptionKeyOf(seller) == b"\x00" * 32

    receipt = marketplace.publishEncryptionKey(b32("x25519-1"), sender=seller)
    assert_event(marketplace.EncryptionKeyPublished, receipt, seller=seller, key=b32("x25519-1"))
    assert marketplace.encryptionKeyOf(seller) == b32("x25519-1")

    marketplace.publishEncryptionKey(b32("x25519-2"), sender=seller)
    assert marketplace.encryptionKeyOf(seller) == b32("x25519-2")


# ------------------------------------------------------------------ settleProceeds


def test_settle_proceeds_splits_unsettled_into_seller_and_fee(
    marketplace, seller, buyer, stranger, create_listing
):
    listing_id = create_listing(escrow=False)
    buy_direct(marketplace, listing_id, buyer, quantity=3)
    gross = 3 * PRICE
    fee = fee_of(gross, FEE_BPS)
    assert marketplace.getListing(listing_id).unsettled == gross

    receipt = marketplace.settleProceeds([listing_id], sender=stranger)

    assert_event(
        marketplace.ProceedsSettled,
        receipt,
        listingId=listing_id,
        seller=seller,
        sellerAmount=gross - fee,
        fee=fee,
    )
    assert marketplace.getListing(listing_id).unsettled == 0
    assert marketplace.owed(seller, ZERO_ADDRESS) == gross - fee
    assert marketplace.feesOwed(ZERO_ADDRESS) == fee


def test_settle_proceeds_handles_several_listings_and_tokens(
    marketplace, seller, seller2, buyer, token, create_listing
):
    eth_listing = create_listing(escrow=False)
    token_listing = create_listing(escrow=False, token=token, sender=seller2)
    buy_direct(marketplace, eth_listing, buyer, quantity=2)
    buy_direct(marketplace, token_listing, buyer)

    receipt = marketplace.settleProceeds([eth_listing, token_listing], sender=buyer)

    eth_fee, token_fee = fee_of(2 * PRICE, FEE_BPS), fee_of(TOKEN_PRICE, FEE_BPS)
    assert_events(
        marketplace.ProceedsSettled,
        receipt,
        [
            {
                "listingId": eth_listing,
                "seller": seller,
                "sellerAmount": 2 * PRICE - eth_fee,
                "fee": eth_fee,
            },
            {
                "listingId": token_listing,
                "seller": seller2,
                "sellerAmount": TOKEN_PRICE - token_fee,
                "fee": token_fee,
            },
        ],
    )
    assert marketplace.owed(seller, ZERO_ADDRESS) == 2 * PRICE - eth_fee
    assert marketplace.owed(seller2, token) == TOKEN_PRICE - token_fee
    assert marketplace.owed(seller2, ZERO_ADDRESS) == 0
    assert marketplace.feesOwed(token) == token_fee


def test_settle_proceeds_is_a_no_op_for_empty_and_unknown_listings(
    marketplace, stranger, create_listing
):
    listing_id = create_listing(escrow=False)

    receipt = marketplace.settleProceeds([listing_id, 999, listing_id], sender=stranger)

    assert_no_event(marketplace.ProceedsSettled, receipt)
    assert marketplace.feesOwed(ZERO_ADDRESS) == 0


def test_settle_proceeds_twice_credits_once(marketplace, seller, buyer, create_listing):
    listing_id = create_listing(escrow=False)
    buy_direct(marketplace, listing_id, buyer)

    receipt = marketplace.settleProceeds([listing_id, listing_id], sender=buyer)

    assert len(marketplace.ProceedsSettled.from_receipt(receipt)) == 1
    assert marketplace.owed(seller, ZERO_ADDRESS) == PRICE - fee_of(PRICE, FEE_BPS)


def test_settle_proceeds_takes_the_fee_once_on_the_summed_gross(
    marketplace, seller, buyer, create_listing
):
    """docs/marketplace.md: the fee is computed once per settlement on the summed gross, so
    the per-sale fees an indexer derives (each rounded down) may add up to less."""
    listing_id = create_listing(escrow=False, price=39)  # 2.5 % of 39 is 0.975
    buy_direct(marketplace, listing_id, buyer)
    buy_direct(marketplace, listing_id, buyer)
    assert 2 * fee_of(39, FEE_BPS) == 0

    receipt = marketplace.settleProceeds([listing_id], sender=buyer)

    assert_event(
        marketplace.ProceedsSettled,
        receipt,
        listingId=listing_id,
        seller=seller,
        sellerAmount=77,
        fee=1,
    )


# ------------------------------------------------------------------ withdrawProceeds


def test_withdraw_proceeds_pays_the_seller_in_eth(
    marketplace, seller, buyer, create_listing, eth_balance
):
    listing_id = create_listing(escrow=False)
    buy_direct(marketplace, listing_id, buyer, quantity=2)
    gross, fee = 2 * PRICE, fee_of(2 * PRICE, FEE_BPS)
    before = eth_balance(seller)

    receipt = marketplace.withdrawProceeds([listing_id], sender=seller)

    assert_event(
        marketplace.ProceedsSettled,
        receipt,
        listingId=listing_id,
        seller=seller,
        sellerAmount=gross - fee,
        fee=fee,
    )
    assert_event(
        marketplace.Withdrawn, receipt, account=seller, token=ZERO_ADDRESS, amount=gross - fee
    )
    assert eth_balance(seller) - before == gross - fee - gas_cost(receipt)
    assert eth_balance(marketplace) == fee
    assert marketplace.feesOwed(ZERO_ADDRESS) == fee
    assert marketplace.owed(seller, ZERO_ADDRESS) == 0
    assert marketplace.getListing(listing_id).unsettled == 0


def test_withdraw_proceeds_pays_the_seller_in_tokens_and_skips_empty_listings(
    marketplace, seller, buyer, token, create_listing
):
    empty = create_listing(escrow=False, token=token)
    listing_id = create_listing(escrow=False, token=token)
    buy_direct(marketplace, listing_id, buyer)
    fee = fee_of(TOKEN_PRICE, FEE_BPS)

    receipt = marketplace.withdrawProceeds([empty, listing_id], sender=seller)

    assert_event(
        marketplace.Withdrawn, receipt, account=seller, token=token, amount=TOKEN_PRICE - fee
    )
    assert token.balanceOf(seller) == TOKEN_PRICE - fee
    assert token.balanceOf(marketplace) == fee == marketplace.feesOwed(token)


def test_withdraw_proceeds_reverts_when_nothing_to_withdraw(marketplace, seller, create_listing):
    listing_id = create_listing(escrow=False)
    with ape.reverts(marketplace.PlatformNothingToWithdraw, account=seller, token=ZERO_ADDRESS):
        marketplace.withdrawProceeds([listing_id], sender=seller)


def test_withdraw_proceeds_reverts_for_another_sellers_listing(
    marketplace, seller, seller2, buyer, create_listing
):
    mine = create_listing(escrow=False, sender=seller2)
    theirs = create_listing(escrow=False)
    buy_direct(marketplace, mine, buyer)
    buy_direct(marketplace, theirs, buyer)

    with ape.reverts(marketplace.MarketplaceNotSeller, caller=seller2, seller=seller):
        marketplace.withdrawProceeds([mine, theirs], sender=seller2)
    with ape.reverts(marketplace.MarketplaceNotSeller, caller=seller2, seller=ZERO_ADDRESS):
        marketplace.withdrawProceeds([42], sender=seller2)


def test_withdraw_proceeds_after_settlement_leaves_the_pull_balance(
    marketplace, seller, buyer, create_listing
):
    listing_id = create_listing(escrow=False)
    buy_direct(marketplace, listing_id, buyer)
    marketplace.settleProceeds([listing_id], sender=buyer)

    with ape.reverts(marketplace.PlatformNothingToWithdraw):
        marketplace.withdrawProceeds([listing_id], sender=seller)

    receipt = marketplace.withdraw(ZERO_ADDRESS, sender=seller)
    net = PRICE - fee_of(PRICE, FEE_BPS)
    assert_event(marketplace.Withdrawn, receipt, account=seller, token=ZERO_ADDRESS, amount=net)
    assert marketplace.owed(seller, ZERO_ADDRESS) == 0


def test_listing_views_of_unknown_listing_are_empty(marketplace):
    listing = marketplace.getListing(12345)
    assert listing.seller == ZERO_ADDRESS
    assert listing.status == ListingStatus.NONE
    assert addr(listing.token) == ZERO_ADDRESS
