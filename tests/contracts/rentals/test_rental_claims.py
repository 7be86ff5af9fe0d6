"""RentalEscrow damage claims and disputes: accept, dispute, settle by a keeper, the arbiter's
ruling and the timeout fallback, with the facts reported to the Reputation hook."""

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
    ZERO32,
    DealKind,
    Fact,
    Terms,
    assert_event,
    assert_no_event,
    b32,
    fee_of,
)

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


# ------------------------------------------------------------------ claims


def test_renter_accepts_the_claim(
    escrow: Any, claimed_rental: Any, lender: Any, renter: Any, spy: Any
) -> None:
    rental = claimed_rental()
    lender_before = escrow.owed(lender, ZERO_ADDRESS)

    receipt = escrow.acceptClaim(rental.as_tuple(), sender=renter)

    assert_event(escrow.ClaimSettled, receipt, rentalId=rental.id, by=renter, lenderAmount=CLAIM)
    assert escrow.owed(lender, ZERO_ADDRESS) == lender_before + CLAIM
    assert escrow.getListing(rental.listing_id).rented is False
    assert_event(spy.DealRecorded, receipt, **_deal(escrow, rental, renter, lender, CLAIM))


def test_accept_claim_is_renter_only(
    escrow: Any, claimed_rental: Any, returned_rental: Any, lender: Any, renter: Any
) -> None:
    rental = claimed_rental()
    with ape.reverts(escrow.RentalEscrowNotRenter, caller=lender, renter=renter):
        escrow.acceptClaim(rental.as_tuple(), sender=lender)

    returned = returned_rental()
    with ape.reverts(escrow.RentalEscrowInvalidStatus, rentalId=returned.id, status=3):
        escrow.acceptClaim(returned.as_tuple(), sender=renter)


def test_renter_disputes_the_claim(
    escrow: Any, claimed_rental: Any, renter: Any, warp: Any
) -> None:
    rental = claimed_rental()
    at = rental.claimed_at + CLAIM_RESPONSE_WINDOW - 1
    warp(at)

    receipt = escrow.disputeClaim(rental.as_tuple(), b32("it was like that"), sender=renter)

    assert_event(
        escrow.ClaimDisputed, receipt, rentalId=rental.id, reasonHash=b32("it was like that")
    )
    assert escrow.rentalHash(rental.listing_id) == rental.disputed(at).hash()


def test_dispute_claim_is_renter_only_within_the_window(
    escrow: Any, claimed_rental: Any, lender: Any, renter: Any, warp: Any
) -> None:
    rental = claimed_rental()
    with ape.reverts(escrow.RentalEscrowNotRenter, caller=lender, renter=renter):
        escrow.disputeClaim(rental.as_tuple(), ZERO32, sender=lender)

    deadline = rental.claimed_at + CLAIM_RESPONSE_WINDOW
    warp(deadline)
    with ape.reverts(escrow.RentalEscrowTooLate, nowTimestamp=deadline, deadline=deadline):
        escrow.disputeClaim(rental.as_tuple(), ZERO32, sender=renter)


def test_unanswered_claim_is_settled_for_the_lender_by_anyone(
    escrow: Any,
    claimed_rental: Any,
    lender: Any,
    renter: Any,
    stranger: Any,
    warp: Any,
    spy: Any,
) -> None:
    rental = claimed_rental()
    deadline = rental.claimed_at + CLAIM_RESPONSE_WINDOW
    warp(deadline - 1)
    with ape.reverts(escrow.RentalEscrowTooEarly, nowTimestamp=deadline - 1, availableAt=deadline):
        escrow.settleClaim(rental.as_tuple(), sender=stranger)
    warp(deadline)

    receipt = escrow.settleClaim(rental.as_tuple(), sender=stranger)

    assert_event(escrow.ClaimSettled, receipt, rentalId=rental.id, by=stranger, lenderAmount=CLAIM)
    assert_event(spy.DealRecorded, receipt, **_deal(escrow, rental, renter, lender, CLAIM))


def test_a_disputed_claim_cannot_be_accepted_or_settled(
    escrow: Any, disputed_rental: Any, renter: Any, stranger: Any, warp: Any
) -> None:
    rental = disputed_rental()
    warp(rental.claimed_at + CLAIM_RESPONSE_WINDOW)

    with ape.reverts(escrow.RentalEscrowInvalidStatus, rentalId=rental.id, status=5):
        escrow.acceptClaim(rental.as_tuple(), sender=renter)
    with ape.reverts(escrow.RentalEscrowInvalidStatus, rentalId=rental.id, status=5):
        escrow.settleClaim(rental.as_tuple(), sender=stranger)


# ------------------------------------------------------------------ disputes


@pytest.mark.parametrize(
    ("renter_bps", "loser"),
    [(10_000, "lender"), (7_500, "lender"), (5_000, None), (2_500, "renter"), (0, "renter")],
)
def test_arbiter_splits_the_claim(
    escrow: Any,
    disputed_rental: Any,
    arbiter: Any,
    lender: Any,
    renter: Any,
    spy: Any,
    renter_bps: int,
    loser: str | None,
    request: Any,
) -> None:
    rental = disputed_rental()
    renter_before = escrow.owed(renter, ZERO_ADDRESS)
    lender_before = escrow.owed(lender, ZERO_ADDRESS)

    receipt = escrow.resolveDispute(rental.as_tuple(), renter_bps, sender=arbiter)

    renter_amount = CLAIM * renter_bps // 10_000
    lender_amount = CLAIM - renter_amount
    assert_event(
        escrow.RentalDisputeResolved,
        receipt,
        rentalId=rental.id,
        renterBps=renter_bps,
        renterAmount=renter_amount,
        lenderAmount=lender_amount,
        byTimeout=False,
    )
    assert escrow.owed(renter, ZERO_ADDRESS) == renter_before + renter_amount
    assert escrow.owed(lender, ZERO_ADDRESS) == lender_before + lender_amount
    assert escrow.getListing(rental.listing_id).rented is False
    assert_event(spy.DealRecorded, receipt, **_deal(escrow, rental, renter, lender, lender_amount))
    if loser is None:
        assert_no_event(spy.FactRecorded, receipt)
    else:
        assert_event(
            spy.FactRecorded,
            receipt,
            source=escrow,
            fact=Fact.DISPUTE_LOST,
            dealId=rental.id,
            party=request.getfixturevalue(loser),
            amount=CLAIM,
        )


def test_resolve_dispute_is_arbiter_only_with_a_valid_split(
    escrow: Any,
    disputed_rental: Any,
    claimed_rental: Any,
    arbiter: Any,
    lender: Any,
    renter: Any,
) -> None:
    rental = disputed_rental()
    for caller in (lender, renter):
        with ape.reverts(escrow.PlatformNotArbiter, caller=caller, arbiter=arbiter):
            escrow.resolveDispute(rental.as_tuple(), 5_000, sender=caller)
    with ape.reverts(escrow.RentalEscrowInvalidSplit, renterBps=10_001):
        escrow.resolveDispute(rental.as_tuple(), 10_001, sender=arbiter)

    claimed = claimed_rental()
    with ape.reverts(escrow.RentalEscrowInvalidStatus, rentalId=claimed.id, status=4):
        escrow.resolveDispute(claimed.as_tuple(), 5_000, sender=arbiter)


def test_unruled_dispute_falls_back_to_an_even_split(
    escrow: Any,
    disputed_rental: Any,
    lender: Any,
    renter: Any,
    stranger: Any,
    warp: Any,
    spy: Any,
) -> None:
    rental = disputed_rental()
    expires = rental.disputed_at + DISPUTE_TIMEOUT
    warp(expires - 1)
    with ape.reverts(escrow.RentalEscrowTooEarly, nowTimestamp=expires - 1, availableAt=expires):
        escrow.resolveExpiredDispute(rental.as_tuple(), sender=stranger)
    warp(expires)

    receipt = escrow.resolveExpiredDispute(rental.as_tuple(), sender=stranger)

    assert_event(
        escrow.RentalDisputeResolved,
        receipt,
        rentalId=rental.id,
        renterBps=5_000,
        renterAmount=CLAIM // 2,
        lenderAmount=CLAIM - CLAIM // 2,
        byTimeout=True,
    )
    assert_event(spy.DealRecorded, receipt, **_deal(escrow, rental, renter, lender, CLAIM // 2))
    assert_no_event(spy.FactRecorded, receipt)


def test_a_new_dispute_timeout_applies_to_open_disputes(
    escrow: Any, disputed_rental: Any, owner: Any, stranger: Any, warp: Any
) -> None:
    rental = disputed_rental()
    escrow.setDisputeTimeout(DAY, sender=owner)
    warp(rental.disputed_at + DAY)

    escrow.resolveExpiredDispute(rental.as_tuple(), sender=stranger)

    assert escrow.getListing(rental.listing_id).rented is False


def test_the_arbiter_cannot_rule_once_the_timeout_fallback_is_open(
    escrow: Any, disputed_rental: Any, arbiter: Any, stranger: Any, warp: Any
) -> None:
    """The arbiter's window closes where the even split opens: no race at the timeout."""
    rental = disputed_rental()
    expires = rental.disputed_at + DISPUTE_TIMEOUT
    warp(expires)

    with ape.reverts(escrow.RentalEscrowTooLate, nowTimestamp=expires, deadline=expires):
        escrow.resolveDispute(rental.as_tuple(), 10_000, sender=arbiter)
    receipt = escrow.resolveExpiredDispute(rental.as_tuple(), sender=stranger)

    assert escrow.RentalDisputeResolved.from_receipt(receipt)[0].byTimeout
