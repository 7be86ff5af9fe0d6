"""RentalEscrow bookings: rent (ETH, ERC-20, permit), cancelBooking and confirmHandover."""

from __future__ import annotations

from typing import Any

import ape
import pytest

from core.constants import ZERO_ADDRESS

from .fixtures import *  # noqa: F403
from .fixtures import FEE_BPS
from .helpers import (
    DAY,
    DealKind,
    RentalStatus,
    Terms,
    addr,
    assert_event,
    assert_no_event,
    fee_of,
    rental_from_booking,
    rental_id,
    sign_permit,
)

# ------------------------------------------------------------------ rent (ETH)


def test_rent_takes_rent_plus_deposit_and_commits_the_rental(
    escrow: Any, create_listing: Any, renter: Any, lender: Any, eth_balance: Any
) -> None:
    terms = Terms()
    listing_id = create_listing(terms)
    before = eth_balance(escrow)

    receipt = escrow.rent(listing_id, 4, terms.hash(), value=terms.cost(4), sender=renter)

    assert receipt.return_value == rental_id(listing_id, 1)
    assert_event(
        escrow.RentalBooked,
        receipt,
        rentalId=rental_id(listing_id, 1),
        listingId=listing_id,
        renter=renter,
        rentalDays=4,
        rent=4 * terms.daily_rate,
        deposit=terms.deposit,
    )
    rental = rental_from_booking(escrow, receipt)
    assert rental.lender == addr(lender)
    assert rental.status == RentalStatus.BOOKED
    assert rental.fee_bps == FEE_BPS
    assert escrow.rentalHash(listing_id) == rental.hash() == escrow.hashRental(rental.as_tuple())
    assert eth_balance(escrow) == before + terms.cost(4)
    listing = escrow.getListing(listing_id)
    assert listing.rented is True
    assert listing.rentalCount == 1


def test_rental_ids_count_up_per_listing(
    escrow: Any, create_listing: Any, book: Any, lender: Any
) -> None:
    listing_id = create_listing()
    first, _ = book(listing_id)
    escrow.cancelBooking(first.as_tuple(), sender=lender)

    second, _ = book(listing_id)

    assert (first.id, second.id) == (rental_id(listing_id, 1), rental_id(listing_id, 2))
    assert second.listing_id == listing_id
    assert escrow.getListing(listing_id).rentalCount == 2


def test_terms_hash_is_the_hash_of_the_listing_terms(
    escrow: Any, create_listing: Any, token_terms: Terms, lender: Any
) -> None:
    eth_terms = Terms(grace_period=0)
    for terms in (eth_terms, token_terms):
        listing_id = create_listing(terms)
        assert escrow.termsHashOf(listing_id) == terms.hash()
        assert escrow.hashTerms(terms.as_tuple()) == terms.hash()
    updated = token_terms.replace(inspection_window=token_terms.inspection_window + 1)
    escrow.updateListing(listing_id, updated.as_tuple(), b"\x00" * 32, sender=lender)
    assert escrow.termsHashOf(listing_id) == updated.hash() != token_terms.hash()


@pytest.mark.parametrize(
    "change",
    [
        {"token": "0x" + "11" * 20},
        {"daily_rate": 10**15 + 1},
        {"deposit": 10**16 + 1},
        {"late_fee_per_day": 1},
        {"min_days": 1},
        {"max_days": 29},
        {"grace_period": 0},
        {"handover_window": 3 * DAY},
        {"inspection_window": 4 * DAY},
    ],
)
def test_rent_reverts_when_any_term_differs_from_the_commitment(
    escrow: Any, create_listing: Any, renter: Any, change: dict[str, Any]
) -> None:
    terms = Terms()
    listing_id = create_listing(terms)
    other = terms.replace(**change)

    with ape.reverts(
        escrow.RentalEscrowTermsChanged,
        listingId=listing_id,
        expected=other.hash(),
        actual=terms.hash(),
    ):
        escrow.rent(listing_id, 2, other.hash(), value=terms.cost(2), sender=renter)
    with ape.reverts(escrow.RentalEscrowTermsChanged):
        escrow.rentWithPermit(
            listing_id, 2, other.hash(), 0, 27, b"\x00" * 32, b"\x00" * 32, sender=renter
        )


@pytest.mark.parametrize("delta", [-1, 1])
def test_rent_reverts_on_wrong_eth_amount(
    escrow: Any, create_listing: Any, renter: Any, delta: int
) -> None:
    terms = Terms()
    listing_id = create_listing(terms)
    due = terms.cost(3)

    with ape.reverts(escrow.PaymentsWrongValue, sent=due + delta, expected=due):
        escrow.rent(listing_id, 3, terms.hash(), value=due + delta, sender=renter)


@pytest.mark.parametrize("days", [1, 31])
def test_rent_reverts_when_days_out_of_range(
    escrow: Any, create_listing: Any, renter: Any, days: int
) -> None:
    terms = Terms(min_days=2, max_days=30)
    listing_id = create_listing(terms)

    with ape.reverts(escrow.RentalEscrowDaysOutOfRange, rentalDays=days, minDays=2, maxDays=30):
        escrow.rent(listing_id, days, terms.hash(), value=terms.cost(days), sender=renter)


def test_rent_accepts_the_exact_day_limits(
    escrow: Any, create_listing: Any, book: Any, lender: Any
) -> None:
    listing_id = create_listing(Terms(min_days=2, max_days=30))
    shortest, _ = book(listing_id, 2)
    escrow.cancelBooking(shortest.as_tuple(), sender=lender)
    longest, _ = book(listing_id, 30)

    assert (shortest.rental_days, longest.rental_days) == (2, 30)


def test_rent_reverts_while_the_listing_is_rented(
    escrow: Any, create_listing: Any, book: Any, renter2: Any
) -> None:
    terms = Terms()
    listing_id = create_listing(terms)
    book(listing_id)

    with ape.reverts(escrow.RentalEscrowListingRented, listingId=listing_id):
        escrow.rent(listing_id, 2, terms.hash(), value=terms.cost(2), sender=renter2)


def test_lender_cannot_rent_own_listing(escrow: Any, create_listing: Any, lender: Any) -> None:
    listing_id = create_listing()

    with ape.reverts(escrow.RentalEscrowLenderCannotRent, listingId=listing_id, lender=lender):
        escrow.rent(listing_id, 2, Terms().hash(), value=Terms().cost(2), sender=lender)


def test_rent_reverts_on_unknown_paused_and_closed_listings(
    escrow: Any, create_listing: Any, renter: Any, lender: Any
) -> None:
    cost = Terms().cost(2)
    with ape.reverts(escrow.RentalEscrowUnknownListing, listingId=99):
        escrow.rent(99, 2, Terms().hash(), value=cost, sender=renter)

    paused = create_listing()
    escrow.setListingPaused(paused, True, sender=lender)
    with ape.reverts(escrow.RentalEscrowListingNotActive, listingId=paused, status=2):
        escrow.rent(paused, 2, Terms().hash(), value=cost, sender=renter)

    closed = create_listing()
    escrow.closeListing(closed, sender=lender)
    with ape.reverts(escrow.RentalEscrowListingNotActive, listingId=closed, status=3):
        escrow.rent(closed, 2, Terms().hash(), value=cost, sender=renter)


def test_rent_reverts_while_the_contract_is_paused(
    escrow: Any, create_listing: Any, renter: Any, owner: Any, token_terms: Terms
) -> None:
    listing_id = create_listing()
    token_listing = create_listing(token_terms)
    escrow.pause(sender=owner)

    with ape.reverts(escrow.PlatformPaused):
        escrow.rent(listing_id, 2, Terms().hash(), value=Terms().cost(2), sender=renter)
    with ape.reverts(escrow.PlatformPaused):
        escrow.rent(token_listing, 2, token_terms.hash(), sender=renter)
    with ape.reverts(escrow.PlatformPaused):
        escrow.rentWithPermit(
            token_listing, 2, token_terms.hash(), 0, 27, b"\x00" * 32, b"\x00" * 32, sender=renter
        )

    escrow.unpause(sender=owner)
    escrow.rent(listing_id, 2, Terms().hash(), value=Terms().cost(2), sender=renter)


# ------------------------------------------------------------------ rent (ERC-20)


def test_rent_in_erc20_pulls_exactly_what_is_due(
    escrow: Any, create_listing: Any, book: Any, token: Any, token_terms: Terms, renter: Any
) -> None:
    listing_id = create_listing(token_terms)
    renter_before = token.balanceOf(renter)

    rental, _ = book(listing_id, 3)

    assert rental.token == addr(token)
    assert token.balanceOf(escrow) == token_terms.cost(3)
    assert token.balanceOf(renter) == renter_before - token_terms.cost(3)


def test_rent_in_erc20_rejects_eth(
    escrow: Any, create_listing: Any, token_terms: Terms, renter: Any
) -> None:
    listing_id = create_listing(token_terms)

    with ape.reverts(escrow.PaymentsWrongValue, sent=1, expected=0):
        escrow.rent(listing_id, 2, token_terms.hash(), value=1, sender=renter)


def test_rent_in_erc20_without_allowance_reverts(
    escrow: Any, create_listing: Any, token: Any, token_terms: Terms, stranger: Any
) -> None:
    listing_id = create_listing(token_terms)

    with ape.reverts(token.ERC20InsufficientAllowance):
        escrow.rent(listing_id, 2, token_terms.hash(), sender=stranger)


def test_rent_with_permit_in_one_transaction(
    escrow: Any, create_listing: Any, token: Any, token_terms: Terms, stranger: Any, chain: Any
) -> None:
    listing_id = create_listing(token_terms)
    due = token_terms.cost(3)
    deadline = chain.pending_timestamp + DAY
    v, r, s = sign_permit(
        stranger.private_key, token, stranger, escrow, due, deadline, chain.chain_id
    )

    receipt = escrow.rentWithPermit(
        listing_id, 3, token_terms.hash(), deadline, v, r, s, sender=stranger
    )

    assert rental_from_booking(escrow, receipt).renter == addr(stranger)
    assert token.balanceOf(escrow) == due
    assert token.allowance(stranger, escrow) == 0


def test_rent_with_permit_tolerates_a_front_run_permit(
    escrow: Any, create_listing: Any, token: Any, token_terms: Terms, stranger: Any, chain: Any
) -> None:
    listing_id = create_listing(token_terms)
    due = token_terms.cost(2)
    deadline = chain.pending_timestamp + DAY
    v, r, s = sign_permit(
        stranger.private_key, token, stranger, escrow, due, deadline, chain.chain_id
    )
    token.permit(stranger, escrow, due, deadline, v, r, s, sender=stranger)  # front-run

    escrow.rentWithPermit(listing_id, 2, token_terms.hash(), deadline, v, r, s, sender=stranger)

    assert token.balanceOf(escrow) == due


def test_rent_with_permit_reverts_on_eth_listings(
    escrow: Any, create_listing: Any, renter: Any
) -> None:
    listing_id = create_listing()

    with ape.reverts(escrow.RentalEscrowNotTokenListing, listingId=listing_id):
        escrow.rentWithPermit(
            listing_id, 2, Terms().hash(), 0, 27, b"\x00" * 32, b"\x00" * 32, sender=renter
        )


def test_rent_with_a_bad_permit_and_no_allowance_reverts(
    escrow: Any, create_listing: Any, token: Any, token_terms: Terms, stranger: Any
) -> None:
    listing_id = create_listing(token_terms)

    with ape.reverts(token.ERC20InsufficientAllowance):
        escrow.rentWithPermit(
            listing_id, 2, token_terms.hash(), 0, 27, b"\x01" * 32, b"\x02" * 32, sender=stranger
        )


# ------------------------------------------------------------------ cancelBooking


def test_lender_can_decline_a_booking_at_once(
    escrow: Any, create_listing: Any, book: Any, lender: Any, renter: Any, spy: Any
) -> None:
    terms = Terms()
    listing_id = create_listing(terms)
    rental, _ = book(listing_id, 3)

    receipt = escrow.cancelBooking(rental.as_tuple(), sender=lender)

    assert_event(
        escrow.BookingCancelled, receipt, rentalId=rental.id, by=lender, refund=terms.cost(3)
    )
    assert escrow.owed(renter, ZERO_ADDRESS) == terms.cost(3)
    assert escrow.rentalHash(listing_id) == b"\x00" * 32
    assert escrow.getListing(listing_id).rented is False
    assert_no_event(spy.DealRecorded, receipt)


def test_renter_cancels_after_the_handover_window_and_is_paid_at_once(
    escrow: Any, create_listing: Any, book: Any, renter: Any, warp: Any, eth_balance: Any
) -> None:
    terms = Terms()
    rental, _ = book(create_listing(terms), 3)
    warp(rental.booked_at + terms.handover_window)
    before = eth_balance(renter)

    receipt = escrow.cancelBooking(rental.as_tuple(), sender=renter)

    assert_event(
        escrow.BookingCancelled, receipt, rentalId=rental.id, by=renter, refund=terms.cost(3)
    )
    assert eth_balance(renter) == before + terms.cost(3) - receipt.total_fees_paid
    assert escrow.owed(renter, ZERO_ADDRESS) == 0
    assert eth_balance(escrow) == 0


def test_keeper_cancels_after_the_handover_window_into_the_renters_balance(
    escrow: Any, create_listing: Any, book: Any, renter: Any, stranger: Any, warp: Any
) -> None:
    terms = Terms()
    rental, _ = book(create_listing(terms), 3)
    warp(rental.booked_at + terms.handover_window)

    receipt = escrow.cancelBooking(rental.as_tuple(), sender=stranger)

    assert_event(
        escrow.BookingCancelled, receipt, rentalId=rental.id, by=stranger, refund=terms.cost(3)
    )
    assert escrow.owed(renter, ZERO_ADDRESS) == terms.cost(3)
    assert escrow.owed(stranger, ZERO_ADDRESS) == 0


@pytest.mark.parametrize("who", ["renter", "stranger"])
def test_cancel_before_the_handover_window_ends_reverts_for_non_lenders(
    escrow: Any, create_listing: Any, book: Any, warp: Any, who: str, request: Any
) -> None:
    rental, _ = book(create_listing())
    deadline = rental.booked_at + rental.handover_window
    warp(deadline - 1)

    with ape.reverts(escrow.RentalEscrowTooEarly, nowTimestamp=deadline - 1, availableAt=deadline):
        escrow.cancelBooking(rental.as_tuple(), sender=request.getfixturevalue(who))


def test_cancel_after_handover_reverts(escrow: Any, active_rental: Any, lender: Any) -> None:
    rental = active_rental()

    with ape.reverts(escrow.RentalEscrowInvalidStatus, rentalId=rental.id, status=2):
        escrow.cancelBooking(rental.as_tuple(), sender=lender)


def test_cancelled_booking_cannot_be_replayed(
    escrow: Any, create_listing: Any, book: Any, lender: Any
) -> None:
    rental, _ = book(create_listing())
    escrow.cancelBooking(rental.as_tuple(), sender=lender)

    with ape.reverts(escrow.RentalEscrowUnknownRental, rentalId=rental.id):
        escrow.cancelBooking(rental.as_tuple(), sender=lender)


def test_erc20_cancellation_refunds_tokens(
    escrow: Any,
    create_listing: Any,
    book: Any,
    token: Any,
    token_terms: Terms,
    renter: Any,
    warp: Any,
) -> None:
    rental, _ = book(create_listing(token_terms), 2)
    before = token.balanceOf(renter)
    warp(rental.booked_at + rental.handover_window)

    escrow.cancelBooking(rental.as_tuple(), sender=renter)

    assert token.balanceOf(renter) == before + token_terms.cost(2)
    assert token.balanceOf(escrow) == 0


# ------------------------------------------------------------------ confirmHandover


def test_handover_starts_the_clock_and_pays_the_minimum_rent(
    escrow: Any, create_listing: Any, book: Any, lender: Any, fee_recipient: Any, warp: Any
) -> None:
    terms = Terms(min_days=2)
    rental, _ = book(create_listing(terms), 5)
    at = rental.booked_at + 7200
    warp(at)

    receipt = escrow.confirmHandover(rental.as_tuple(), sender=lender)

    minimum = 2 * terms.daily_rate
    fee = fee_of(minimum, FEE_BPS)
    assert_event(
        escrow.HandoverConfirmed,
        receipt,
        rentalId=rental.id,
        endsAt=at + 5 * DAY,
        lenderAmount=minimum - fee,
        fee=fee,
    )
    started = rental.started(at)
    assert started.paid_days == 2
    assert escrow.rentalHash(rental.listing_id) == started.hash()
    assert escrow.owed(lender, ZERO_ADDRESS) == minimum - fee
    assert escrow.feesOwed(ZERO_ADDRESS) == fee
    escrow.withdrawFees(ZERO_ADDRESS, sender=fee_recipient)


def test_handover_by_anyone_but_the_lender_reverts(
    escrow: Any, create_listing: Any, book: Any, renter: Any, stranger: Any, lender: Any
) -> None:
    rental, _ = book(create_listing())

    for caller in (renter, stranger):
        with ape.reverts(escrow.RentalEscrowNotLender, caller=caller, lender=lender):
            escrow.confirmHandover(rental.as_tuple(), sender=caller)


def test_handover_twice_reverts(escrow: Any, active_rental: Any, lender: Any) -> None:
    rental = active_rental()

    with ape.reverts(escrow.RentalEscrowInvalidStatus, rentalId=rental.id, status=2):
        escrow.confirmHandover(rental.replace(status=RentalStatus.ACTIVE).as_tuple(), sender=lender)


def test_handover_with_a_stale_struct_reverts(
    escrow: Any, create_listing: Any, book: Any, handover: Any, lender: Any
) -> None:
    rental, _ = book(create_listing())
    handover(rental)

    with ape.reverts(escrow.RentalEscrowUnknownRental, rentalId=rental.id):
        escrow.confirmHandover(rental.as_tuple(), sender=lender)


def test_a_cancelled_listing_can_be_booked_again_and_records_no_deal(
    escrow: Any, create_listing: Any, book: Any, lender: Any, renter2: Any, spy: Any
) -> None:
    listing_id = create_listing()
    first, _ = book(listing_id)
    receipt = escrow.cancelBooking(first.as_tuple(), sender=lender)
    assert spy.DealRecorded.from_receipt(receipt) == []

    second, _ = book(listing_id, sender=renter2)

    assert second.renter == addr(renter2)
    assert DealKind.RENTAL == 1  # the kind every completed rental is recorded with
