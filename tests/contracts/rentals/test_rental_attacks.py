"""Attacks on the RentalEscrow: reentrancy, receivers that refuse payment, fee-on-transfer
and non-standard tokens, forged or replayed rental structs, calls by non-parties and a
broken Reputation hook."""

from __future__ import annotations

import dataclasses
from typing import Any

import ape
import pytest
from eth_utils import keccak

from core.constants import ZERO_ADDRESS

from .fixtures import *  # noqa: F403
from .helpers import DAY, HOUR, ZERO32, Rental, Terms, addr, rental_from_booking

REENTRANCY_ERROR = keccak(text="ReentrancyGuardReentrantCall()")[:4]
TERMS = Terms(min_days=1)


@pytest.fixture
def contract_renter(escrow: Any, create_listing: Any, receiver: Any, lender: Any) -> Any:
    """Book a fresh listing from the ReentrantReceiver and hand it over; returns the Active
    rental (the receiver is its renter)."""

    def _rent(days: int = 4, *, handover: bool = True) -> Rental:
        listing_id = create_listing(TERMS)
        data = escrow.rent.encode_input(listing_id, days, TERMS.hash())
        receipt = receiver.execute(data, TERMS.cost(days), sender=lender)
        rental = rental_from_booking(escrow, receipt)
        assert rental.renter == addr(receiver)
        if not handover:
            return rental
        at = rental.booked_at + HOUR
        ape.chain.pending_timestamp = at
        escrow.confirmHandover(rental.as_tuple(), sender=lender)
        return rental.started(at)

    return _rent


# ------------------------------------------------------------------ reentrancy


def test_refund_receiver_cannot_reenter_mark_returned(
    escrow: Any, receiver: Any, contract_renter: Any, owner: Any, warp: Any
) -> None:
    rental = contract_renter(4)
    call = escrow.markReturned.encode_input(rental.as_tuple())
    receiver.configure(escrow, call, False, sender=owner)
    warp(rental.started_at + HOUR)

    receiver.execute(call, 0, sender=owner)

    assert receiver.reentryAttempts() == 1
    assert receiver.lastReentrySucceeded() is False
    assert receiver.lastReentryError() == REENTRANCY_ERROR
    assert ape.chain.provider.get_balance(receiver.address) > 0


def test_refund_receiver_cannot_reenter_withdraw_or_book(
    escrow: Any,
    receiver: Any,
    contract_renter: Any,
    create_listing: Any,
    owner: Any,
    warp: Any,
) -> None:
    for reentry in (
        escrow.withdraw.encode_input(ZERO_ADDRESS),
        escrow.rent.encode_input(create_listing(TERMS), 1, TERMS.hash()),
    ):
        rental = contract_renter(4)
        receiver.configure(escrow, reentry, False, sender=owner)
        warp(rental.started_at + HOUR)

        receiver.execute(escrow.markReturned.encode_input(rental.as_tuple()), 0, sender=owner)

        assert receiver.lastReentryError() == REENTRANCY_ERROR


def test_cancellation_receiver_cannot_reenter(
    escrow: Any, receiver: Any, contract_renter: Any, owner: Any, warp: Any
) -> None:
    rental = contract_renter(2, handover=False)
    call = escrow.cancelBooking.encode_input(rental.as_tuple())
    receiver.configure(escrow, call, False, sender=owner)
    warp(rental.booked_at + rental.handover_window)

    receiver.execute(call, 0, sender=owner)

    assert receiver.lastReentryError() == REENTRANCY_ERROR
    assert escrow.owed(receiver, ZERO_ADDRESS) == 0


def test_withdraw_cannot_be_reentered(
    escrow: Any, receiver: Any, contract_renter: Any, lender: Any, owner: Any
) -> None:
    rental = contract_renter(2, handover=False)
    escrow.cancelBooking(rental.as_tuple(), sender=lender)  # credits the receiver
    owed = escrow.owed(receiver, ZERO_ADDRESS)
    call = escrow.withdraw.encode_input(ZERO_ADDRESS)
    receiver.configure(escrow, call, False, sender=owner)

    receiver.execute(call, 0, sender=owner)

    assert receiver.lastReentryError() == REENTRANCY_ERROR
    assert escrow.owed(receiver, ZERO_ADDRESS) == 0
    assert owed == TERMS.cost(2)


# ------------------------------------------------------------------ blocking receivers


def test_a_renter_refusing_eth_blocks_only_itself(
    escrow: Any,
    receiver: Any,
    contract_renter: Any,
    owner: Any,
    lender: Any,
    stranger: Any,
    warp: Any,
) -> None:
    receiver.configure(escrow, b"", True, sender=owner)
    declined = contract_renter(2, handover=False)
    escrow.cancelBooking(declined.as_tuple(), sender=lender)
    expired = contract_renter(2, handover=False)
    warp(expired.booked_at + expired.handover_window)
    escrow.cancelBooking(expired.as_tuple(), sender=stranger)

    rental = contract_renter(2)
    warp(rental.end)
    receiver.execute(escrow.markReturned.encode_input(rental.as_tuple()), 0, sender=owner)
    returned = rental.returned(rental.end)
    warp(returned.returned_at + 60)
    escrow.confirmReturn(returned.as_tuple(), 10**15, ZERO32, sender=lender)

    owed = escrow.owed(receiver, ZERO_ADDRESS)
    assert owed == 2 * TERMS.cost(2) + TERMS.deposit - 10**15
    with ape.reverts("ReentrantReceiver: refusing payment"):
        receiver.execute(escrow.withdraw.encode_input(ZERO_ADDRESS), 0, sender=owner)
    escrow.withdraw(ZERO_ADDRESS, sender=lender)


def test_a_renter_refusing_its_early_refund_cannot_return(
    escrow: Any, receiver: Any, contract_renter: Any, owner: Any, stranger: Any, warp: Any
) -> None:
    """The refund is paid to the caller, so refusing it only stops the refuser: the item then
    counts as late, and the lost-item settlement still frees the money."""
    receiver.configure(escrow, b"", True, sender=owner)
    rental = contract_renter(4)
    warp(rental.started_at + HOUR)

    with ape.reverts():
        receiver.execute(escrow.markReturned.encode_input(rental.as_tuple()), 0, sender=owner)

    warp(escrow.deadlineOf(rental.as_tuple()))
    escrow.settleLate(rental.as_tuple(), sender=stranger)
    assert ape.chain.provider.get_balance(escrow.address) == escrow.owed(
        rental.lender, ZERO_ADDRESS
    ) + escrow.feesOwed(ZERO_ADDRESS)


# ------------------------------------------------------------------ tokens


def test_fee_on_transfer_tokens_are_rejected(
    escrow: Any, project: Any, owner: Any, create_listing: Any, renter: Any
) -> None:
    fot = owner.deploy(project.FeeOnTransferToken)
    fot.mint(renter, 10**24, sender=owner)
    fot.approve(escrow, 2**256 - 1, sender=renter)
    terms = Terms(token=addr(fot), daily_rate=10**18, deposit=10**19)
    listing_id = create_listing(terms)
    due = terms.cost(2)

    with ape.reverts(
        escrow.PaymentsFeeOnTransferToken, token=fot, received=due - due // 100, expected=due
    ):
        escrow.rent(listing_id, 2, terms.hash(), sender=renter)


def test_tokens_without_return_values_work_end_to_end(
    escrow: Any,
    project: Any,
    owner: Any,
    create_listing: Any,
    book: Any,
    handover: Any,
    renter: Any,
    lender: Any,
    warp: Any,
) -> None:
    nrt = owner.deploy(project.NoReturnToken)
    nrt.mint(renter, 10**15, sender=owner)
    nrt.approve(escrow, 2**256 - 1, sender=renter)
    terms = Terms(token=addr(nrt), daily_rate=10**6, deposit=5 * 10**6, min_days=1)
    rental, _ = book(create_listing(terms), 3)
    rental, _ = handover(rental)
    warp(rental.started_at + HOUR)
    escrow.markReturned(rental.as_tuple(), sender=renter)  # refund via transfer()
    returned = rental.returned(rental.started_at + HOUR)
    warp(returned.returned_at + 60)
    escrow.confirmReturn(returned.as_tuple(), 0, ZERO32, sender=lender)

    escrow.withdraw(nrt, sender=renter)
    escrow.withdraw(nrt, sender=lender)

    assert nrt.balanceOf(renter) == 10**15 - 10**6
    assert nrt.balanceOf(escrow) == escrow.feesOwed(nrt)


# ------------------------------------------------------------------ forged and replayed structs


def test_every_field_of_the_struct_is_checked(
    escrow: Any, active_rental: Any, renter: Any, stranger: Any
) -> None:
    rental = active_rental(TERMS, 4)
    for field in dataclasses.fields(Rental):
        value = getattr(rental, field.name)
        if isinstance(value, str):
            forged = rental.replace(**{field.name: addr(stranger)})
        else:
            forged = rental.replace(**{field.name: int(value) + 1})
        with ape.reverts(escrow.RentalEscrowUnknownRental, rentalId=forged.id):
            escrow.markReturned(forged.as_tuple(), sender=renter)
    escrow.markReturned(rental.as_tuple(), sender=renter)


def test_a_finished_rental_cannot_be_replayed(
    escrow: Any, returned_rental: Any, lender: Any, renter: Any, warp: Any
) -> None:
    rental = returned_rental()
    warp(rental.returned_at + 60)
    escrow.confirmReturn(rental.as_tuple(), 0, ZERO32, sender=lender)

    with ape.reverts(escrow.RentalEscrowUnknownRental, rentalId=rental.id):
        escrow.confirmReturn(rental.as_tuple(), 0, ZERO32, sender=lender)
    with ape.reverts(escrow.RentalEscrowUnknownRental, rentalId=rental.id):
        escrow.releaseDeposit(rental.as_tuple(), sender=renter)


def test_a_rental_of_one_listing_is_unknown_to_another(
    escrow: Any, active_rental: Any, renter: Any
) -> None:
    first = active_rental()
    second = active_rental()
    moved = first.replace(id=(second.listing_id << 32) | (first.id & 0xFFFFFFFF))

    with ape.reverts(escrow.RentalEscrowUnknownRental, rentalId=moved.id):
        escrow.markReturned(moved.as_tuple(), sender=renter)


def test_an_old_rental_of_a_listing_is_unknown_after_the_next_booking(
    escrow: Any, create_listing: Any, book: Any, lender: Any, renter2: Any
) -> None:
    listing_id = create_listing()
    first, _ = book(listing_id)
    escrow.cancelBooking(first.as_tuple(), sender=lender)
    book(listing_id, sender=renter2)

    with ape.reverts(escrow.RentalEscrowUnknownRental, rentalId=first.id):
        escrow.cancelBooking(first.as_tuple(), sender=lender)


# ------------------------------------------------------------------ non-party calls


@pytest.mark.parametrize(
    ("method", "extra", "status_fixture", "error"),
    [
        ("confirmHandover", (), "booked", "RentalEscrowNotLender"),
        ("markReturned", (), "active_rental", "RentalEscrowNotRenter"),
        ("confirmReturn", (0, ZERO32), "returned_rental", "RentalEscrowNotLender"),
        ("acceptClaim", (), "claimed_rental", "RentalEscrowNotRenter"),
        ("disputeClaim", (ZERO32,), "claimed_rental", "RentalEscrowNotRenter"),
        ("resolveDispute", (0,), "disputed_rental", "PlatformNotArbiter"),
        ("cancelBooking", (), "booked", "RentalEscrowTooEarly"),
        ("settleLate", (), "active_rental", "RentalEscrowTooEarly"),
        ("releaseDeposit", (), "returned_rental", "RentalEscrowTooEarly"),
        ("settleClaim", (), "claimed_rental", "RentalEscrowTooEarly"),
        ("resolveExpiredDispute", (), "disputed_rental", "RentalEscrowTooEarly"),
    ],
)
def test_non_parties_are_turned_away(
    escrow: Any,
    stranger: Any,
    request: Any,
    method: str,
    extra: tuple[Any, ...],
    status_fixture: str,
    error: str,
) -> None:
    if status_fixture == "booked":
        listing_id = request.getfixturevalue("create_listing")()
        rental = request.getfixturevalue("book")(listing_id)[0]
    else:
        rental = request.getfixturevalue(status_fixture)()

    with ape.reverts(getattr(escrow, error)):
        getattr(escrow, method)(rental.as_tuple(), *extra, sender=stranger)


def test_nobody_but_the_fee_recipient_takes_fees(
    escrow: Any, active_rental: Any, lender: Any, renter: Any, fee_recipient: Any
) -> None:
    active_rental()
    for caller in (lender, renter):
        with ape.reverts(escrow.PlatformNotFeeRecipient, caller=caller):
            escrow.withdrawFees(ZERO_ADDRESS, sender=caller)


# ------------------------------------------------------------------ the Reputation hook


def test_a_broken_recorder_never_blocks_the_money(
    escrow: Any,
    spy: Any,
    owner: Any,
    active_rental: Any,
    disputed_rental: Any,
    arbiter: Any,
    stranger: Any,
    warp: Any,
) -> None:
    spy.setBroken(True, sender=owner)
    lost = active_rental(TERMS, 2)
    warp(lost.end + lost.grace_period + 30 * DAY)
    receipt = escrow.settleLate(lost.as_tuple(), sender=stranger)
    assert spy.DealRecorded.from_receipt(receipt) == []
    assert escrow.RentalLost.from_receipt(receipt)

    disputed = disputed_rental()
    receipt = escrow.resolveDispute(disputed.as_tuple(), 0, sender=arbiter)
    assert spy.FactRecorded.from_receipt(receipt) == []
    assert escrow.getListing(disputed.listing_id).rented is False


def test_an_eoa_recorder_is_tolerated(
    escrow: Any, owner: Any, stranger: Any, returned_rental: Any, lender: Any, warp: Any
) -> None:
    escrow.setDealRecorder(stranger, sender=owner)  # no code: the call fails, is caught
    rental = returned_rental()
    warp(rental.returned_at + 60)

    escrow.confirmReturn(rental.as_tuple(), 0, ZERO32, sender=lender)

    assert escrow.getListing(rental.listing_id).rented is False
