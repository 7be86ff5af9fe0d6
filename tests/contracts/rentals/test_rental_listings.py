"""RentalEscrow listings, admin settings, pause rules and views."""

from __future__ import annotations

from typing import Any

import ape
import pytest

from core.constants import ZERO_ADDRESS

from .fixtures import *  # noqa: F403
from .fixtures import DISPUTE_TIMEOUT, FEE_BPS
from .helpers import (
    DAY,
    HOUR,
    MAX_LATE_PERIOD,
    ZERO32,
    ListingStatus,
    Terms,
    addr,
    assert_event,
    b32,
)

MAX_WINDOW = 180 * DAY

# ------------------------------------------------------------------ deployment and admin


def test_constructor_sets_everything(
    escrow: Any, owner: Any, fee_recipient: Any, arbiter: Any, spy: Any
) -> None:
    assert escrow.owner() == owner
    assert escrow.feeRecipient() == fee_recipient
    assert escrow.arbiter() == arbiter
    assert escrow.feeBps() == FEE_BPS
    assert escrow.disputeTimeout() == DISPUTE_TIMEOUT
    assert escrow.dealRecorder() == spy
    assert escrow.paused() is False
    assert escrow.MAX_FEE_BPS() == 500
    assert escrow.MAX_LATE_PERIOD() == MAX_LATE_PERIOD
    assert escrow.CLAIM_RESPONSE_WINDOW() == 3 * DAY
    assert (escrow.MIN_WINDOW(), escrow.MAX_WINDOW()) == (HOUR, MAX_WINDOW)
    assert escrow.MAX_RENTAL_DAYS() == 3650
    assert (escrow.MIN_DISPUTE_TIMEOUT(), escrow.MAX_DISPUTE_TIMEOUT()) == (DAY, 90 * DAY)


@pytest.mark.parametrize(
    ("args", "error", "inputs"),
    [
        ((100, 501, DAY), "PlatformFeeTooHigh", {"feeBps": 501, "maxFeeBps": 500}),
        ((100, 100, DAY - 1), "PlatformInvalidDisputeTimeout", {"value": DAY - 1}),
        ((100, 100, 90 * DAY + 1), "PlatformInvalidDisputeTimeout", {"value": 90 * DAY + 1}),
    ],
)
def test_constructor_rejects_bad_settings(
    project: Any,
    owner: Any,
    escrow: Any,
    args: tuple[int, int, int],
    error: str,
    inputs: dict[str, int],
) -> None:
    _, fee, timeout = args
    with ape.reverts(getattr(escrow, error), **inputs):
        owner.deploy(project.RentalEscrow, owner, owner, owner, fee, timeout)


def test_constructor_rejects_zero_addresses(project: Any, owner: Any, escrow: Any) -> None:
    with ape.reverts(escrow.PlatformZeroAddress):
        owner.deploy(project.RentalEscrow, owner, ZERO_ADDRESS, owner, 100, DAY)
    with ape.reverts(escrow.PlatformZeroAddress):
        owner.deploy(project.RentalEscrow, owner, owner, ZERO_ADDRESS, 100, DAY)


def test_admin_setters_emit_and_apply(escrow: Any, owner: Any, stranger: Any) -> None:
    assert_event(escrow.FeeUpdated, escrow.setFee(500, sender=owner), feeBps=500)
    assert_event(
        escrow.FeeRecipientUpdated,
        escrow.setFeeRecipient(stranger, sender=owner),
        feeRecipient=stranger,
    )
    assert_event(escrow.ArbiterUpdated, escrow.setArbiter(stranger, sender=owner), arbiter=stranger)
    assert_event(
        escrow.DisputeTimeoutUpdated,
        escrow.setDisputeTimeout(90 * DAY, sender=owner),
        disputeTimeout=90 * DAY,
    )
    assert_event(
        escrow.DealRecorderUpdated,
        escrow.setDealRecorder(ZERO_ADDRESS, sender=owner),
        dealRecorder=ZERO_ADDRESS,
    )
    assert_event(escrow.Paused, escrow.pause(sender=owner), account=owner)
    assert_event(escrow.Unpaused, escrow.unpause(sender=owner), account=owner)

    assert escrow.feeBps() == 500
    assert escrow.feeRecipient() == stranger
    assert escrow.arbiter() == stranger
    assert escrow.disputeTimeout() == 90 * DAY
    assert escrow.dealRecorder() == ZERO_ADDRESS
    assert escrow.paused() is False


def test_admin_setters_enforce_their_bounds(escrow: Any, owner: Any) -> None:
    with ape.reverts(escrow.PlatformFeeTooHigh, feeBps=501, maxFeeBps=500):
        escrow.setFee(501, sender=owner)
    with ape.reverts(escrow.PlatformZeroAddress):
        escrow.setFeeRecipient(ZERO_ADDRESS, sender=owner)
    with ape.reverts(escrow.PlatformZeroAddress):
        escrow.setArbiter(ZERO_ADDRESS, sender=owner)
    with ape.reverts(escrow.PlatformInvalidDisputeTimeout, value=DAY - 1, min=DAY, max=90 * DAY):
        escrow.setDisputeTimeout(DAY - 1, sender=owner)


@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("setFee", (100,)),
        ("setFeeRecipient", ("0x" + "11" * 20,)),
        ("setArbiter", ("0x" + "11" * 20,)),
        ("setDisputeTimeout", (2 * DAY,)),
        ("setDealRecorder", (ZERO_ADDRESS,)),
        ("pause", ()),
        ("unpause", ()),
    ],
)
def test_admin_functions_are_owner_only(
    escrow: Any, stranger: Any, method: str, args: tuple[Any, ...]
) -> None:
    with ape.reverts(escrow.OwnableUnauthorizedAccount, account=stranger):
        getattr(escrow, method)(*args, sender=stranger)


def test_ownership_moves_in_two_steps(escrow: Any, owner: Any, stranger: Any) -> None:
    escrow.transferOwnership(stranger, sender=owner)
    assert escrow.owner() == owner
    assert escrow.pendingOwner() == stranger

    escrow.acceptOwnership(sender=stranger)

    assert escrow.owner() == stranger
    escrow.setFee(0, sender=stranger)


# ------------------------------------------------------------------ createListing


def test_create_listing_stores_terms_and_emits_everything(
    escrow: Any, lender: Any, token: Any
) -> None:
    terms = Terms(
        token=addr(token),
        daily_rate=7,
        deposit=11,
        late_fee_per_day=3,
        min_days=1,
        max_days=3650,
        grace_period=0,
        handover_window=HOUR,
        inspection_window=MAX_WINDOW,
    )

    receipt = escrow.createListing(terms.as_tuple(), b32("metadata"), sender=lender)

    assert receipt.return_value == 1
    assert_event(
        escrow.RentalListingCreated,
        receipt,
        listingId=1,
        lender=lender,
        token=token,
        terms=terms,
        feeBps=FEE_BPS,
        metadataHash=b32("metadata"),
    )
    listing = escrow.getListing(1)
    assert listing.lender == lender
    assert listing.token == token
    assert (listing.dailyRate, listing.deposit, listing.lateFeePerDay) == (7, 11, 3)
    assert (listing.minDays, listing.maxDays) == (1, 3650)
    assert (listing.gracePeriod, listing.handoverWindow, listing.inspectionWindow) == (
        0,
        HOUR,
        MAX_WINDOW,
    )
    assert listing.feeBps == FEE_BPS
    assert listing.rentalCount == 0
    assert listing.status == ListingStatus.ACTIVE
    assert listing.rented is False
    assert escrow.rentalHash(1) == ZERO32


def test_listing_ids_count_up(escrow: Any, create_listing: Any) -> None:
    assert [create_listing() for _ in range(3)] == [1, 2, 3]


def test_unknown_listing_reads_as_none(escrow: Any) -> None:
    listing = escrow.getListing(42)

    assert listing.status == ListingStatus.NONE
    assert listing.lender == ZERO_ADDRESS


@pytest.mark.parametrize(
    ("changes", "error", "inputs"),
    [
        ({"daily_rate": 0}, "RentalEscrowZeroRate", {}),
        ({"min_days": 0}, "RentalEscrowInvalidDayLimits", {"minDays": 0, "maxDays": 30}),
        ({"min_days": 5, "max_days": 4}, "RentalEscrowInvalidDayLimits", {"minDays": 5}),
        ({"max_days": 3651}, "RentalEscrowInvalidDayLimits", {"maxDays": 3651, "max": 3650}),
        ({"grace_period": MAX_WINDOW + 1}, "RentalEscrowInvalidWindow", {"min": 0}),
        ({"handover_window": HOUR - 1}, "RentalEscrowInvalidWindow", {"value": HOUR - 1}),
        ({"handover_window": MAX_WINDOW + 1}, "RentalEscrowInvalidWindow", {"max": MAX_WINDOW}),
        ({"inspection_window": HOUR - 1}, "RentalEscrowInvalidWindow", {"min": HOUR}),
        ({"inspection_window": MAX_WINDOW + 1}, "RentalEscrowInvalidWindow", {}),
    ],
)
def test_create_listing_validates_terms(
    escrow: Any, lender: Any, changes: dict[str, int], error: str, inputs: dict[str, int]
) -> None:
    with ape.reverts(getattr(escrow, error), **inputs):
        escrow.createListing(Terms().replace(**changes).as_tuple(), ZERO32, sender=lender)


def test_create_listing_is_blocked_by_the_pause(escrow: Any, owner: Any, lender: Any) -> None:
    escrow.pause(sender=owner)

    with ape.reverts(escrow.PlatformPaused):
        escrow.createListing(Terms().as_tuple(), ZERO32, sender=lender)


def test_listing_keeps_its_fee_when_the_platform_fee_changes(
    escrow: Any, create_listing: Any, book: Any, owner: Any
) -> None:
    listing_id = create_listing()
    escrow.setFee(500, sender=owner)

    rental, _ = book(listing_id)

    assert escrow.getListing(listing_id).feeBps == FEE_BPS
    assert rental.fee_bps == FEE_BPS
    assert escrow.getListing(create_listing()).feeBps == 500


# ------------------------------------------------------------------ updateListing


def test_update_listing_replaces_terms(
    escrow: Any, create_listing: Any, lender: Any, token: Any
) -> None:
    listing_id = create_listing()
    terms = Terms(
        token=addr(token),
        daily_rate=9,
        deposit=0,
        late_fee_per_day=0,
        min_days=3,
        max_days=3,
        grace_period=DAY,
        handover_window=5 * HOUR,
        inspection_window=7 * HOUR,
    )

    receipt = escrow.updateListing(listing_id, terms.as_tuple(), b32("v2"), sender=lender)

    assert_event(
        escrow.RentalListingUpdated,
        receipt,
        listingId=listing_id,
        terms=terms,
        metadataHash=b32("v2"),
    )
    listing = escrow.getListing(listing_id)
    assert (listing.token, listing.dailyRate, listing.deposit) == (token, 9, 0)
    assert (listing.minDays, listing.maxDays, listing.gracePeriod) == (3, 3, DAY)
    assert (listing.handoverWindow, listing.inspectionWindow) == (5 * HOUR, 7 * HOUR)
    assert listing.lender == lender
    assert listing.status == ListingStatus.ACTIVE


def test_update_keeps_the_rental_count_and_pause(
    escrow: Any, create_listing: Any, book: Any, lender: Any
) -> None:
    listing_id = create_listing()
    rental, _ = book(listing_id)
    escrow.cancelBooking(rental.as_tuple(), sender=lender)
    escrow.setListingPaused(listing_id, True, sender=lender)

    escrow.updateListing(listing_id, Terms(daily_rate=5).as_tuple(), ZERO32, sender=lender)

    listing = escrow.getListing(listing_id)
    assert listing.rentalCount == 1
    assert listing.status == ListingStatus.PAUSED
    assert listing.feeBps == FEE_BPS


def test_update_works_while_the_contract_is_paused(
    escrow: Any, create_listing: Any, owner: Any, lender: Any
) -> None:
    listing_id = create_listing()
    escrow.pause(sender=owner)

    escrow.updateListing(listing_id, Terms(daily_rate=5).as_tuple(), ZERO32, sender=lender)

    assert escrow.getListing(listing_id).dailyRate == 5


def test_update_validates_terms(escrow: Any, create_listing: Any, lender: Any) -> None:
    listing_id = create_listing()

    with ape.reverts(escrow.RentalEscrowZeroRate):
        escrow.updateListing(listing_id, Terms(daily_rate=0).as_tuple(), ZERO32, sender=lender)


# ------------------------------------------------------------------ pause and close


def test_lender_pauses_resumes_and_closes(escrow: Any, create_listing: Any, lender: Any) -> None:
    listing_id = create_listing()

    paused = escrow.setListingPaused(listing_id, True, sender=lender)
    assert_event(escrow.RentalListingStatusChanged, paused, listingId=listing_id, status=2)
    assert escrow.getListing(listing_id).status == ListingStatus.PAUSED

    resumed = escrow.setListingPaused(listing_id, False, sender=lender)
    assert_event(escrow.RentalListingStatusChanged, resumed, listingId=listing_id, status=1)

    closed = escrow.closeListing(listing_id, sender=lender)
    assert_event(escrow.RentalListingStatusChanged, closed, listingId=listing_id, status=3)
    listing = escrow.getListing(listing_id)
    assert listing.status == ListingStatus.CLOSED
    assert listing.dailyRate == Terms().daily_rate  # terms are kept for the record


@pytest.mark.parametrize("action", ["update", "pause", "close"])
def test_lender_changes_revert_for_others_unknown_closed_and_updates_while_rented(
    escrow: Any, create_listing: Any, book: Any, lender: Any, stranger: Any, action: str
) -> None:
    def act(listing_id: int, sender: Any) -> Any:
        if action == "update":
            return escrow.updateListing(listing_id, Terms().as_tuple(), ZERO32, sender=sender)
        if action == "pause":
            return escrow.setListingPaused(listing_id, True, sender=sender)
        return escrow.closeListing(listing_id, sender=sender)

    with ape.reverts(escrow.RentalEscrowUnknownListing, listingId=77):
        act(77, lender)

    listing_id = create_listing()
    with ape.reverts(escrow.RentalEscrowNotLender, caller=stranger, lender=lender):
        act(listing_id, stranger)

    book(listing_id)
    if action == "update":
        with ape.reverts(escrow.RentalEscrowListingRented, listingId=listing_id):
            act(listing_id, lender)

    closed = create_listing()
    escrow.closeListing(closed, sender=lender)
    with ape.reverts(escrow.RentalEscrowListingNotActive, listingId=closed, status=3):
        act(closed, lender)


def test_listing_is_free_again_once_the_deposit_is_settled(
    escrow: Any, returned_rental: Any, lender: Any, warp: Any
) -> None:
    rental = returned_rental()
    assert escrow.getListing(rental.listing_id).rented is True
    with ape.reverts(escrow.RentalEscrowListingRented, listingId=rental.listing_id):
        escrow.updateListing(rental.listing_id, Terms().as_tuple(), ZERO32, sender=lender)

    warp(rental.returned_at + 60)
    escrow.confirmReturn(rental.as_tuple(), 0, ZERO32, sender=lender)

    assert escrow.getListing(rental.listing_id).rented is False
    assert escrow.rentalHash(rental.listing_id) == ZERO32
    escrow.closeListing(rental.listing_id, sender=lender)


def test_a_renter_cannot_block_the_lender_by_booking_again_after_every_decline(
    escrow: Any, create_listing: Any, book: Any, lender: Any, renter: Any
) -> None:
    """The griefer books, the lender declines, the griefer books again before the lender's
    updateListing. Pausing works while rented, so the lender pauses first, then declines,
    and the griefer's next booking fails: the update goes through."""
    terms = Terms()
    listing_id = create_listing(terms)
    griefed, _ = book(listing_id)
    with ape.reverts(escrow.RentalEscrowListingRented, listingId=listing_id):
        escrow.updateListing(listing_id, terms.as_tuple(), ZERO32, sender=lender)

    escrow.setListingPaused(listing_id, True, sender=lender)  # while rented
    escrow.cancelBooking(griefed.as_tuple(), sender=lender)
    with ape.reverts(escrow.RentalEscrowListingNotActive, listingId=listing_id, status=2):
        escrow.rent(listing_id, 2, terms.hash(), value=terms.cost(2), sender=renter)
    new = terms.replace(deposit=2 * terms.deposit)
    escrow.updateListing(listing_id, new.as_tuple(), ZERO32, sender=lender)
    escrow.setListingPaused(listing_id, False, sender=lender)

    assert escrow.termsHashOf(listing_id) == new.hash()
    assert escrow.getListing(listing_id).status == ListingStatus.ACTIVE


def test_closing_a_rented_listing_lets_the_open_rental_run_to_its_end(
    escrow: Any, returned_rental: Any, lender: Any, renter: Any, warp: Any
) -> None:
    rental = returned_rental()
    escrow.closeListing(rental.listing_id, sender=lender)
    warp(rental.returned_at + 60)
    before = escrow.owed(renter, rental.token)

    escrow.confirmReturn(rental.as_tuple(), 0, ZERO32, sender=lender)

    listing = escrow.getListing(rental.listing_id)
    assert (listing.status, listing.rented) == (ListingStatus.CLOSED, False)
    assert escrow.owed(renter, rental.token) - before == rental.deposit - rental.late_fee
