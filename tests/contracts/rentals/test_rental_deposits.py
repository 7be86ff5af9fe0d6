"""RentalEscrow deposits: inspection, release by a keeper, withdrawals, the pause rule and the
deals reported to the Reputation hook."""

from __future__ import annotations

from typing import Any

import ape

from core.constants import ZERO_ADDRESS

from .fixtures import *  # noqa: F403
from .fixtures import FEE_BPS
from .helpers import DAY, ZERO32, DealKind, Terms, assert_event, assert_no_event, b32, fee_of

DEPOSIT = Terms().deposit
RATE = Terms().daily_rate
CLAIM = 4 * 10**15  # the claimed_rental fixture's default


def _deal(escrow: Any, rental: Any, renter: Any, lender: Any, lender_value: int) -> dict[str, Any]:
    """The DealRecorded arguments of a completed 5-day ETH rental returned on time."""
    return {
        "source": escrow,
        "kind": DealKind.RENTAL,
        "dealId": rental.id,
        "buyer": renter,
        "seller": lender,
        "token": ZERO_ADDRESS,
        "value": 5 * RATE + lender_value,
        "fee": fee_of(5 * RATE, FEE_BPS),
    }


# ------------------------------------------------------------------ confirmReturn


def test_no_claim_releases_the_deposit_at_once_and_records_the_deal(
    escrow: Any, returned_rental: Any, lender: Any, renter: Any, warp: Any, spy: Any
) -> None:
    rental = returned_rental()
    warp(rental.returned_at + 60)

    receipt = escrow.confirmReturn(rental.as_tuple(), 0, b32("fine"), sender=lender)

    assert_event(
        escrow.ReturnConfirmed,
        receipt,
        rentalId=rental.id,
        claim=0,
        renterAmount=DEPOSIT,
        evidenceHash=b32("fine"),
    )
    assert escrow.owed(renter, ZERO_ADDRESS) == DEPOSIT
    assert escrow.rentalHash(rental.listing_id) == ZERO32
    assert_event(spy.DealRecorded, receipt, **_deal(escrow, rental, renter, lender, 0))
    assert_no_event(spy.FactRecorded, receipt)


def test_late_return_then_no_claim_releases_what_is_left(
    escrow: Any, returned_rental: Any, lender: Any, renter: Any, warp: Any, spy: Any
) -> None:
    terms = Terms()
    rental = returned_rental(terms, 5, 5 * DAY + terms.grace_period + DAY)  # two late days
    assert rental.late_fee == 2 * terms.late_fee_per_day
    warp(rental.returned_at + 60)

    receipt = escrow.confirmReturn(rental.as_tuple(), 0, ZERO32, sender=lender)

    assert escrow.owed(renter, ZERO_ADDRESS) == DEPOSIT - rental.late_fee
    assert spy.DealRecorded.from_receipt(receipt)[0].value == 5 * RATE + rental.late_fee


def test_a_claim_holds_the_claim_and_releases_the_rest(
    escrow: Any, returned_rental: Any, lender: Any, renter: Any, warp: Any, spy: Any
) -> None:
    rental = returned_rental()
    warp(rental.returned_at + 60)

    receipt = escrow.confirmReturn(rental.as_tuple(), CLAIM, b32("photos"), sender=lender)

    assert_event(
        escrow.ReturnConfirmed,
        receipt,
        rentalId=rental.id,
        claim=CLAIM,
        renterAmount=DEPOSIT - CLAIM,
        evidenceHash=b32("photos"),
    )
    assert escrow.owed(renter, ZERO_ADDRESS) == DEPOSIT - CLAIM
    claimed = rental.claimed(CLAIM, rental.returned_at + 60)
    assert escrow.rentalHash(rental.listing_id) == claimed.hash()
    assert_no_event(spy.DealRecorded, receipt)


def test_a_claim_of_the_whole_deposit_releases_nothing(
    escrow: Any, returned_rental: Any, lender: Any, renter: Any, warp: Any
) -> None:
    rental = returned_rental()
    warp(rental.returned_at + 60)

    receipt = escrow.confirmReturn(rental.as_tuple(), DEPOSIT, ZERO32, sender=lender)

    assert escrow.ReturnConfirmed.from_receipt(receipt)[0].renterAmount == 0
    assert escrow.owed(renter, ZERO_ADDRESS) == 0


def test_claim_above_the_remaining_deposit_reverts(
    escrow: Any, returned_rental: Any, lender: Any, warp: Any
) -> None:
    terms = Terms()
    rental = returned_rental(terms, 5, 5 * DAY + terms.grace_period)  # one late day
    held = DEPOSIT - terms.late_fee_per_day
    warp(rental.returned_at + 60)

    with ape.reverts(escrow.RentalEscrowClaimTooLarge, claim=held + 1, available=held):
        escrow.confirmReturn(rental.as_tuple(), held + 1, ZERO32, sender=lender)


def test_confirm_return_is_lender_only_and_needs_a_returned_rental(
    escrow: Any,
    active_rental: Any,
    returned_rental: Any,
    lender: Any,
    renter: Any,
    stranger: Any,
) -> None:
    active = active_rental()
    with ape.reverts(escrow.RentalEscrowInvalidStatus, rentalId=active.id, status=2):
        escrow.confirmReturn(active.as_tuple(), 0, ZERO32, sender=lender)

    rental = returned_rental()
    for caller in (renter, stranger):
        with ape.reverts(escrow.RentalEscrowNotLender, caller=caller, lender=lender):
            escrow.confirmReturn(rental.as_tuple(), 0, ZERO32, sender=caller)


# ------------------------------------------------------------------ releaseDeposit


def test_silent_lender_lets_anyone_release_the_deposit(
    escrow: Any,
    returned_rental: Any,
    lender: Any,
    renter: Any,
    stranger: Any,
    warp: Any,
    spy: Any,
) -> None:
    rental = returned_rental()
    warp(rental.returned_at + rental.inspection_window)

    receipt = escrow.releaseDeposit(rental.as_tuple(), sender=stranger)

    assert_event(
        escrow.DepositReleased, receipt, rentalId=rental.id, by=stranger, renterAmount=DEPOSIT
    )
    assert escrow.owed(renter, ZERO_ADDRESS) == DEPOSIT
    assert escrow.getListing(rental.listing_id).rented is False
    assert_event(spy.DealRecorded, receipt, **_deal(escrow, rental, renter, lender, 0))


def test_renter_releasing_the_deposit_is_paid_at_once(
    escrow: Any, returned_rental: Any, renter: Any, warp: Any, eth_balance: Any
) -> None:
    rental = returned_rental()
    warp(rental.returned_at + rental.inspection_window)
    before = eth_balance(renter)

    receipt = escrow.releaseDeposit(rental.as_tuple(), sender=renter)

    assert eth_balance(renter) == before + DEPOSIT - receipt.total_fees_paid
    assert escrow.owed(renter, ZERO_ADDRESS) == 0


def test_release_needs_a_returned_rental(
    escrow: Any, claimed_rental: Any, stranger: Any, warp: Any
) -> None:
    rental = claimed_rental()
    warp(rental.returned_at + rental.inspection_window)

    with ape.reverts(escrow.RentalEscrowInvalidStatus, rentalId=rental.id, status=4):
        escrow.releaseDeposit(rental.as_tuple(), sender=stranger)


# ------------------------------------------------------------------ withdrawals


def test_parties_withdraw_what_they_are_owed(
    escrow: Any, claimed_rental: Any, renter: Any, lender: Any, eth_balance: Any
) -> None:
    rental = claimed_rental()
    escrow.acceptClaim(rental.as_tuple(), sender=renter)
    owed = escrow.owed(lender, ZERO_ADDRESS)
    assert owed == 5 * RATE - fee_of(5 * RATE, FEE_BPS) + CLAIM
    before = eth_balance(lender)

    receipt = escrow.withdraw(ZERO_ADDRESS, sender=lender)

    assert_event(escrow.Withdrawn, receipt, account=lender, token=ZERO_ADDRESS, amount=owed)
    assert eth_balance(lender) == before + owed - receipt.total_fees_paid
    assert escrow.owed(lender, ZERO_ADDRESS) == 0
    with ape.reverts(escrow.PlatformNothingToWithdraw, account=lender, token=ZERO_ADDRESS):
        escrow.withdraw(ZERO_ADDRESS, sender=lender)


def test_fee_recipient_withdraws_fees(
    escrow: Any, active_rental: Any, fee_recipient: Any, stranger: Any, eth_balance: Any
) -> None:
    active_rental(Terms(min_days=2))
    fee = fee_of(2 * RATE, FEE_BPS)
    with ape.reverts(escrow.PlatformNotFeeRecipient, caller=stranger, feeRecipient=fee_recipient):
        escrow.withdrawFees(ZERO_ADDRESS, sender=stranger)
    before = eth_balance(fee_recipient)

    receipt = escrow.withdrawFees(ZERO_ADDRESS, sender=fee_recipient)

    assert_event(
        escrow.FeesWithdrawn, receipt, recipient=fee_recipient, token=ZERO_ADDRESS, amount=fee
    )
    assert eth_balance(fee_recipient) == before + fee - receipt.total_fees_paid
    with ape.reverts(escrow.PlatformNothingToWithdraw, account=fee_recipient, token=ZERO_ADDRESS):
        escrow.withdrawFees(ZERO_ADDRESS, sender=fee_recipient)


def test_erc20_rental_settles_and_withdraws_in_tokens(
    escrow: Any,
    active_rental: Any,
    token: Any,
    token_terms: Terms,
    renter: Any,
    lender: Any,
    fee_recipient: Any,
    warp: Any,
) -> None:
    rental = active_rental(token_terms, 3)
    warp(rental.end)
    escrow.markReturned(rental.as_tuple(), sender=renter)
    warp(rental.end + 60)
    escrow.confirmReturn(rental.returned(rental.end).as_tuple(), 0, ZERO32, sender=lender)

    for account in (renter, lender):
        escrow.withdraw(token, sender=account)
    escrow.withdrawFees(token, sender=fee_recipient)

    fee = fee_of(3 * token_terms.daily_rate, FEE_BPS)
    assert token.balanceOf(lender) == 3 * token_terms.daily_rate - fee
    assert token.balanceOf(fee_recipient) == fee
    assert token.balanceOf(escrow) == 0


# ------------------------------------------------------------------ the pause


def test_pause_never_blocks_an_open_rental_or_a_withdrawal(
    escrow: Any,
    create_listing: Any,
    book: Any,
    handover: Any,
    owner: Any,
    renter: Any,
    lender: Any,
    arbiter: Any,
    warp: Any,
) -> None:
    rental, _ = book(create_listing(), 5)
    escrow.pause(sender=owner)

    rental, _ = handover(rental)
    warp(rental.end)
    escrow.markReturned(rental.as_tuple(), sender=renter)
    rental = rental.returned(rental.end)
    warp(rental.returned_at + 60)
    escrow.confirmReturn(rental.as_tuple(), CLAIM, ZERO32, sender=lender)
    rental = rental.claimed(CLAIM, rental.returned_at + 60)
    warp(rental.claimed_at + 60)
    escrow.disputeClaim(rental.as_tuple(), ZERO32, sender=renter)
    rental = rental.disputed(rental.claimed_at + 60)
    escrow.resolveDispute(rental.as_tuple(), 5_000, sender=arbiter)
    escrow.withdraw(ZERO_ADDRESS, sender=renter)
    escrow.withdraw(ZERO_ADDRESS, sender=lender)

    assert escrow.paused() is True
    assert escrow.getListing(rental.listing_id).rented is False


def test_no_deal_is_recorded_when_recording_is_off(
    escrow: Any, returned_rental: Any, owner: Any, lender: Any, spy: Any, warp: Any
) -> None:
    escrow.setDealRecorder(ZERO_ADDRESS, sender=owner)
    rental = returned_rental()
    warp(rental.returned_at + 60)

    receipt = escrow.confirmReturn(rental.as_tuple(), 0, ZERO32, sender=lender)

    assert_no_event(spy.DealRecorded, receipt)
