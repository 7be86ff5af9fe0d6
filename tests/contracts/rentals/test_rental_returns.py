"""RentalEscrow returns: early refunds, late fees, the lost-item settlement and the views
that preview them."""

from __future__ import annotations

from typing import Any

import ape
import pytest

from core.constants import ZERO_ADDRESS

from .fixtures import *  # noqa: F403
from .fixtures import DISPUTE_TIMEOUT, FEE_BPS
from .helpers import (
    CLAIM_RESPONSE_WINDOW,
    DAY,
    HOUR,
    MAX_LATE_PERIOD,
    DealKind,
    Fact,
    RentalStatus,
    Terms,
    assert_event,
    assert_no_event,
    fee_of,
    rent_split,
)

TERMS = Terms(min_days=2, max_days=30, grace_period=6 * HOUR)


def _return_at(escrow: Any, renter: Any, warp: Any, rental: Any, at: int) -> Any:
    warp(at)
    return escrow.markReturned(rental.as_tuple(), sender=renter)


# ------------------------------------------------------------------ markReturned


def test_on_time_return_pays_the_lender_all_rent(
    escrow: Any, active_rental: Any, renter: Any, lender: Any, warp: Any, spy: Any
) -> None:
    rental = active_rental(TERMS, 5)
    min_net, min_fee = rent_split(TERMS.daily_rate, FEE_BPS, 0, 2)

    receipt = _return_at(escrow, renter, warp, rental, rental.end)

    net, fee = rent_split(TERMS.daily_rate, FEE_BPS, 2, 5)
    assert_event(
        escrow.RentalReturned,
        receipt,
        rentalId=rental.id,
        paidDays=5,
        refund=0,
        lenderAmount=net,
        fee=fee,
        lateFee=0,
    )
    assert escrow.owed(lender, ZERO_ADDRESS) == min_net + net
    assert escrow.feesOwed(ZERO_ADDRESS) == fee_of(5 * TERMS.daily_rate, FEE_BPS) == min_fee + fee
    assert escrow.rentalHash(rental.listing_id) == rental.returned(rental.end).hash()
    assert_no_event(spy.DealRecorded, receipt)  # the deal completes when the deposit settles


@pytest.mark.parametrize(
    ("offset", "paid_days"),
    [
        (0, 2),  # returned at once: the minimum is kept, the rest refunded
        (DAY + 1, 2),  # two started days, still the minimum
        (2 * DAY + 1, 3),  # a third day started
        (4 * DAY - 1, 4),  # a fourth day started: one unused whole day
        (4 * DAY, 4),  # exactly one whole day left
        (4 * DAY + 1, 5),  # less than a whole day left: nothing to refund
    ],
)
def test_early_return_refunds_unused_whole_days_beyond_the_minimum(
    escrow: Any,
    active_rental: Any,
    renter: Any,
    warp: Any,
    eth_balance: Any,
    offset: int,
    paid_days: int,
) -> None:
    rental = active_rental(TERMS, 5)
    before = eth_balance(renter)

    receipt = _return_at(escrow, renter, warp, rental, rental.started_at + offset)

    refund = (5 - paid_days) * TERMS.daily_rate
    net, fee = rent_split(TERMS.daily_rate, FEE_BPS, 2, paid_days)
    assert_event(
        escrow.RentalReturned,
        receipt,
        rentalId=rental.id,
        paidDays=paid_days,
        refund=refund,
        lenderAmount=net,
        fee=fee,
        lateFee=0,
    )
    assert eth_balance(renter) == before + refund - receipt.total_fees_paid
    assert escrow.previewReturn(rental.as_tuple(), rental.started_at + offset) == (
        paid_days,
        refund,
        0,
    )


@pytest.mark.parametrize(
    ("late_by", "late_days"),
    [
        (1, 0),  # inside the grace period
        (6 * HOUR - 1, 0),  # the last second of the grace period
        (6 * HOUR, 1),  # grace over: the first started day costs
        (DAY, 1),
        (DAY + 1, 2),
        (3 * DAY, 3),
    ],
)
def test_late_return_takes_a_fee_per_started_day_from_the_deposit(
    escrow: Any,
    active_rental: Any,
    renter: Any,
    lender: Any,
    warp: Any,
    late_by: int,
    late_days: int,
) -> None:
    rental = active_rental(TERMS, 3)
    lender_before = escrow.owed(lender, ZERO_ADDRESS)

    receipt = _return_at(escrow, renter, warp, rental, rental.end + late_by)

    late_fee = late_days * TERMS.late_fee_per_day
    net, fee = rent_split(TERMS.daily_rate, FEE_BPS, 2, 3)
    assert_event(
        escrow.RentalReturned,
        receipt,
        rentalId=rental.id,
        paidDays=3,
        refund=0,
        lenderAmount=net,
        fee=fee,
        lateFee=late_fee,
    )
    assert escrow.owed(lender, ZERO_ADDRESS) == lender_before + net + late_fee
    returned = rental.returned(rental.end + late_by)
    assert returned.late_fee == late_fee
    assert escrow.rentalHash(rental.listing_id) == returned.hash()


def test_late_fees_stop_at_the_deposit(
    escrow: Any, active_rental: Any, renter: Any, warp: Any
) -> None:
    rental = active_rental(TERMS, 2)

    receipt = _return_at(escrow, renter, warp, rental, rental.end + 20 * DAY)

    assert escrow.RentalReturned.from_receipt(receipt)[0].lateFee == TERMS.deposit
    assert escrow.previewReturn(rental.as_tuple(), rental.end + 20 * DAY)[2] == TERMS.deposit


def test_zero_grace_charges_from_the_first_second(
    escrow: Any, active_rental: Any, renter: Any, warp: Any
) -> None:
    rental = active_rental(TERMS.replace(grace_period=0), 2)

    receipt = _return_at(escrow, renter, warp, rental, rental.end + 1)

    assert escrow.RentalReturned.from_receipt(receipt)[0].lateFee == TERMS.late_fee_per_day


def test_return_in_erc20_refunds_tokens(
    escrow: Any, active_rental: Any, renter: Any, warp: Any, token: Any, token_terms: Terms
) -> None:
    rental = active_rental(token_terms.replace(min_days=1), 4)
    before = token.balanceOf(renter)

    _return_at(escrow, renter, warp, rental, rental.started_at + HOUR)

    assert token.balanceOf(renter) == before + 3 * token_terms.daily_rate


def test_mark_returned_is_renter_only_and_needs_an_active_rental(
    escrow: Any,
    create_listing: Any,
    book: Any,
    active_rental: Any,
    lender: Any,
    stranger: Any,
    renter: Any,
) -> None:
    booked, _ = book(create_listing())
    with ape.reverts(escrow.RentalEscrowInvalidStatus, rentalId=booked.id, status=1):
        escrow.markReturned(booked.as_tuple(), sender=renter)

    rental = active_rental()
    for caller in (lender, stranger):
        with ape.reverts(escrow.RentalEscrowNotRenter, caller=caller, renter=renter):
            escrow.markReturned(rental.as_tuple(), sender=caller)

    escrow.markReturned(rental.as_tuple(), sender=renter)
    with ape.reverts(escrow.RentalEscrowUnknownRental, rentalId=rental.id):
        escrow.markReturned(rental.as_tuple(), sender=renter)


def test_preview_return_needs_an_active_rental_and_a_time_after_the_start(
    escrow: Any, create_listing: Any, book: Any, active_rental: Any
) -> None:
    booked, _ = book(create_listing())
    with ape.reverts(escrow.RentalEscrowInvalidStatus, rentalId=booked.id, status=1):
        escrow.previewReturn(booked.as_tuple(), booked.booked_at)

    rental = active_rental()
    with ape.reverts(
        escrow.RentalEscrowTooEarly,
        nowTimestamp=rental.started_at - 1,
        availableAt=rental.started_at,
    ):
        escrow.previewReturn(rental.as_tuple(), rental.started_at - 1)


# ------------------------------------------------------------------ settleLate


def test_an_item_never_returned_goes_to_the_lender_with_all_rent_and_the_deposit(
    escrow: Any,
    active_rental: Any,
    lender: Any,
    renter: Any,
    stranger: Any,
    warp: Any,
    spy: Any,
) -> None:
    rental = active_rental(TERMS, 4)
    lost_at = rental.end + TERMS.grace_period + MAX_LATE_PERIOD
    before = escrow.owed(lender, ZERO_ADDRESS)
    warp(lost_at)

    receipt = escrow.settleLate(rental.as_tuple(), sender=stranger)

    net, fee = rent_split(TERMS.daily_rate, FEE_BPS, 2, 4)
    assert_event(
        escrow.RentalLost,
        receipt,
        rentalId=rental.id,
        by=stranger,
        lenderAmount=net,
        fee=fee,
        deposit=TERMS.deposit,
    )
    assert escrow.owed(lender, ZERO_ADDRESS) == before + net + TERMS.deposit
    assert escrow.owed(renter, ZERO_ADDRESS) == 0
    assert escrow.getListing(rental.listing_id).rented is False
    assert_event(
        spy.DealRecorded,
        receipt,
        source=escrow,
        kind=DealKind.RENTAL,
        dealId=rental.id,
        buyer=renter,
        seller=lender,
        token=ZERO_ADDRESS,
        value=4 * TERMS.daily_rate + TERMS.deposit,
        fee=fee_of(4 * TERMS.daily_rate, FEE_BPS),
    )
    assert_event(
        spy.FactRecorded,
        receipt,
        source=escrow,
        fact=Fact.DEFAULT,
        dealId=rental.id,
        party=renter,
        amount=TERMS.deposit,
    )


def test_settle_late_before_the_lost_deadline_reverts(
    escrow: Any, active_rental: Any, stranger: Any, warp: Any
) -> None:
    rental = active_rental(TERMS, 4)
    lost_at = rental.end + TERMS.grace_period + MAX_LATE_PERIOD
    warp(lost_at - 1)

    with ape.reverts(escrow.RentalEscrowTooEarly, nowTimestamp=lost_at - 1, availableAt=lost_at):
        escrow.settleLate(rental.as_tuple(), sender=stranger)


def test_a_renter_cannot_return_once_the_item_counts_as_lost(
    escrow: Any, active_rental: Any, renter: Any, stranger: Any, warp: Any
) -> None:
    """The renter's window closes where settleLate's opens: no race at the lost deadline."""
    rental = active_rental(TERMS, 2)
    lost_at = rental.end + TERMS.grace_period + MAX_LATE_PERIOD
    warp(lost_at)

    with ape.reverts(escrow.RentalEscrowTooLate, nowTimestamp=lost_at, deadline=lost_at):
        escrow.markReturned(rental.as_tuple(), sender=renter)
    escrow.settleLate(rental.as_tuple(), sender=stranger)


def test_a_renter_may_return_one_second_before_the_item_counts_as_lost(
    escrow: Any, active_rental: Any, renter: Any, stranger: Any, warp: Any
) -> None:
    rental = active_rental(TERMS, 2)
    at = rental.end + TERMS.grace_period + MAX_LATE_PERIOD - 1

    _return_at(escrow, renter, warp, rental, at)

    with ape.reverts(escrow.RentalEscrowInvalidStatus, rentalId=rental.id, status=3):
        escrow.settleLate(rental.returned(at).as_tuple(), sender=stranger)


def test_settle_late_of_a_booking_reverts(
    escrow: Any, create_listing: Any, book: Any, stranger: Any
) -> None:
    rental, _ = book(create_listing())

    with ape.reverts(escrow.RentalEscrowInvalidStatus, rentalId=rental.id, status=1):
        escrow.settleLate(rental.as_tuple(), sender=stranger)


# ------------------------------------------------------------------ deadlineOf


def test_deadline_of_every_status(
    escrow: Any,
    create_listing: Any,
    book: Any,
    active_rental: Any,
    returned_rental: Any,
    claimed_rental: Any,
    disputed_rental: Any,
) -> None:
    booked, _ = book(create_listing())
    rentals = [
        booked,
        active_rental(),
        returned_rental(),
        claimed_rental(),
        disputed_rental(),
    ]
    expected = [
        booked.booked_at + booked.handover_window,
        rentals[1].end + rentals[1].grace_period + MAX_LATE_PERIOD,
        rentals[2].returned_at + rentals[2].inspection_window,
        rentals[3].claimed_at + CLAIM_RESPONSE_WINDOW,
        rentals[4].disputed_at + DISPUTE_TIMEOUT,
    ]
    assert [escrow.deadlineOf(r.as_tuple()) for r in rentals] == expected
    assert [r.deadline(DISPUTE_TIMEOUT) for r in rentals] == expected
    for status in (RentalStatus.NONE, RentalStatus.COMPLETED, RentalStatus.LOST):
        assert escrow.deadlineOf(booked.replace(status=status).as_tuple()) == 0
