"""Time travel over every RentalEscrow deadline: one second before it the party still acts
and the keeper is too early; at it the party is too late and anyone can settle."""

from __future__ import annotations

from typing import Any

import ape
import pytest

from .fixtures import *  # noqa: F403
from .fixtures import DISPUTE_TIMEOUT
from .helpers import ZERO32, RentalStatus

# status → (fixture building a rental in that status, permissionless settle function)
KEEPER_PATHS = {
    RentalStatus.BOOKED: ("booked", "cancelBooking"),
    RentalStatus.ACTIVE: ("active_rental", "settleLate"),
    RentalStatus.RETURNED: ("returned_rental", "releaseDeposit"),
    RentalStatus.CLAIMED: ("claimed_rental", "settleClaim"),
    RentalStatus.DISPUTED: ("disputed_rental", "resolveExpiredDispute"),
}


@pytest.fixture
def booked(create_listing: Any, book: Any) -> Any:
    def _booked() -> Any:
        return book(create_listing())[0]

    return _booked


@pytest.mark.parametrize("status", list(KEEPER_PATHS), ids=lambda s: s.name.lower())
def test_every_waiting_status_has_a_keeper_settlement_at_its_deadline(
    escrow: Any, stranger: Any, warp: Any, request: Any, status: RentalStatus
) -> None:
    fixture, method = KEEPER_PATHS[status]
    rental = request.getfixturevalue(fixture)()
    assert rental.status == status
    deadline = escrow.deadlineOf(rental.as_tuple())
    assert deadline == rental.deadline(DISPUTE_TIMEOUT)
    settle = getattr(escrow, method)

    warp(deadline - 1)
    with ape.reverts(escrow.RentalEscrowTooEarly, nowTimestamp=deadline - 1, availableAt=deadline):
        settle(rental.as_tuple(), sender=stranger)
    warp(deadline)
    receipt = settle(rental.as_tuple(), sender=stranger)

    assert receipt.timestamp == deadline
    assert escrow.getListing(rental.listing_id).rented is False
    with ape.reverts(escrow.RentalEscrowUnknownRental, rentalId=rental.id):
        settle(rental.as_tuple(), sender=stranger)


# status → (fixture, the party's move in that status, who makes it, extra arguments)
PARTY_MOVES = {
    "confirmHandover": ("booked", "lender", ()),
    "markReturned": ("active_rental", "renter", ()),
    "confirmReturn": ("returned_rental", "lender", (1, ZERO32)),
    "acceptClaim": ("claimed_rental", "renter", ()),
    "disputeClaim": ("claimed_rental", "renter", (ZERO32,)),
    "resolveDispute": ("disputed_rental", "arbiter", (2_500,)),
}


@pytest.mark.parametrize("method", list(PARTY_MOVES))
def test_every_party_window_closes_at_the_deadline_the_keeper_path_opens(
    escrow: Any, warp: Any, request: Any, method: str
) -> None:
    """[start, D): the party acts at D - 1, and at D gets TooLate (docs/rentals.md)."""
    fixture, role, extra = PARTY_MOVES[method]
    party = request.getfixturevalue(role)
    move = getattr(escrow, method)
    late = request.getfixturevalue(fixture)()
    deadline = escrow.deadlineOf(late.as_tuple())

    warp(deadline)
    with ape.reverts(escrow.RentalEscrowTooLate, nowTimestamp=deadline, deadline=deadline):
        move(late.as_tuple(), *extra, sender=party)

    in_time = request.getfixturevalue(fixture)()
    deadline = escrow.deadlineOf(in_time.as_tuple())
    warp(deadline - 1)
    receipt = move(in_time.as_tuple(), *extra, sender=party)
    assert receipt.timestamp == deadline - 1


def test_handover_closes_with_its_window(
    escrow: Any, create_listing: Any, book: Any, lender: Any, warp: Any
) -> None:
    late, _ = book(create_listing())
    deadline = late.booked_at + late.handover_window
    warp(deadline)
    with ape.reverts(escrow.RentalEscrowTooLate, nowTimestamp=deadline, deadline=deadline):
        escrow.confirmHandover(late.as_tuple(), sender=lender)

    in_time, _ = book(create_listing())
    warp(in_time.booked_at + in_time.handover_window - 1)
    escrow.confirmHandover(in_time.as_tuple(), sender=lender)


def test_inspection_closes_with_its_window(
    escrow: Any, returned_rental: Any, lender: Any, warp: Any
) -> None:
    late = returned_rental()
    deadline = late.returned_at + late.inspection_window
    warp(deadline)
    with ape.reverts(escrow.RentalEscrowTooLate, nowTimestamp=deadline, deadline=deadline):
        escrow.confirmReturn(late.as_tuple(), 1, ZERO32, sender=lender)

    in_time = returned_rental()
    warp(in_time.returned_at + in_time.inspection_window - 1)
    escrow.confirmReturn(in_time.as_tuple(), 1, ZERO32, sender=lender)


def test_lender_may_decline_a_booking_right_up_to_the_handover(
    escrow: Any, create_listing: Any, book: Any, lender: Any, warp: Any
) -> None:
    rental, _ = book(create_listing())
    warp(rental.booked_at + rental.handover_window - 1)

    escrow.cancelBooking(rental.as_tuple(), sender=lender)
