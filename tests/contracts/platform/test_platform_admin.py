"""The shared platform admin (contracts/platform/PlatformAdmin.sol, PlatformArbitration.sol),
once for the three contracts that inherit it, written from the attacker's side: a stranger
cannot set the fee, the fee recipient, the deal recorder, the arbiter or the pause; the fee
cap holds; a credited balance or the fees can be withdrawn once, never twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ape
import pytest

from core.constants import ZERO_ADDRESS

from ..helpers import (
    DAY,
    MAX_DISPUTE_TIMEOUT,
    MAX_FEE_BPS,
    MIN_DISPUTE_TIMEOUT,
    ZERO32,
)
from ..installments.helpers import Terms as PlanTerms
from ..rentals.helpers import Terms as RentalTerms
from ..rentals.helpers import rental_from_booking

FEE_BPS = 250
PRICE = 10**18
ESCROWS = ("Marketplace", "RentalEscrow")
ALL = (*ESCROWS, "InstallmentPlans")


def _deploy(project: Any, name: str, owner: Any, fee_recipient: Any, arbiter: Any) -> Any:
    if name == "InstallmentPlans":
        return owner.deploy(project.InstallmentPlans, owner, fee_recipient, FEE_BPS)
    return owner.deploy(getattr(project, name), owner, fee_recipient, arbiter, FEE_BPS, 7 * DAY)


@pytest.fixture(scope="module")
def platforms(project: Any, owner: Any, fee_recipient: Any, arbiter: Any) -> dict[str, Any]:
    return {name: _deploy(project, name, owner, fee_recipient, arbiter) for name in ALL}


def _credit_marketplace(c: Any, seller: Any, buyer: Any) -> tuple[Any, int]:
    c.createListing(ZERO_ADDRESS, PRICE, 5, False, 0, 0, ZERO32, sender=seller)
    c.buy(1, 1, PRICE, ZERO32, sender=buyer, value=PRICE)
    c.settleProceeds([1], sender=buyer)
    return seller, PRICE - PRICE * FEE_BPS // 10_000


def _credit_rental(c: Any, lender: Any, renter: Any) -> tuple[Any, int]:
    terms = RentalTerms()
    c.createListing(terms.as_tuple(), ZERO32, sender=lender)
    receipt = c.rent(1, 2, terms.hash(), sender=renter, value=terms.cost(2))
    c.cancelBooking(rental_from_booking(c, receipt).as_tuple(), sender=lender)
    return renter, terms.cost(2)  # the lender declined: the renter is owed everything back


def _credit_plans(c: Any, seller: Any, buyer: Any) -> tuple[Any, int]:
    terms = PlanTerms()
    c.createListing(terms.abi(), 5, ZERO32, sender=seller)
    down = terms.price * terms.down_payment_bps // 10_000
    receipt = c.startPlan(1, ZERO32, sender=buyer, value=down)
    (started,) = c.PlanStarted.from_receipt(receipt)
    c.cancelBySeller(started.planId, 2**256 - 1, sender=seller)
    return buyer, down  # the seller cancelled: the buyer is owed the down payment


CREDIT: dict[str, Callable[[Any, Any, Any], tuple[Any, int]]] = {
    "Marketplace": _credit_marketplace,
    "RentalEscrow": _credit_rental,
    "InstallmentPlans": _credit_plans,
}


# ------------------------------------------------------------------ access control


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize(
    ("function", "args"),
    [
        ("setFee", (1,)),
        ("setFeeRecipient", ("stranger",)),
        ("setDealRecorder", ("stranger",)),
        ("pause", ()),
        ("unpause", ()),
    ],
)
def test_stranger_cannot_use_an_admin_power(platforms, stranger, name, function, args):
    contract = platforms[name]
    call_args = [stranger if a == "stranger" else a for a in args]
    with ape.reverts(contract.OwnableUnauthorizedAccount, account=stranger.address):
        getattr(contract, function)(*call_args, sender=stranger)


@pytest.mark.parametrize("name", ESCROWS)
def test_stranger_cannot_set_the_arbiter_or_the_dispute_timeout(platforms, stranger, name):
    contract = platforms[name]
    with ape.reverts(contract.OwnableUnauthorizedAccount, account=stranger.address):
        contract.setArbiter(stranger, sender=stranger)
    with ape.reverts(contract.OwnableUnauthorizedAccount, account=stranger.address):
        contract.setDisputeTimeout(MIN_DISPUTE_TIMEOUT, sender=stranger)
    assert contract.arbiter() != stranger.address


@pytest.mark.parametrize("name", ALL)
def test_pending_owner_has_no_power_until_it_accepts(platforms, owner, stranger, name):
    contract = platforms[name]
    contract.transferOwnership(stranger, sender=owner)
    with ape.reverts(contract.OwnableUnauthorizedAccount, account=stranger.address):
        contract.setFee(0, sender=stranger)
    contract.acceptOwnership(sender=stranger)
    contract.setFee(0, sender=stranger)
    with ape.reverts(contract.OwnableUnauthorizedAccount, account=owner.address):
        contract.setFee(1, sender=owner)


# ------------------------------------------------------------------ caps


@pytest.mark.parametrize("name", ALL)
def test_fee_cap_holds_for_the_owner_too(platforms, owner, name):
    contract = platforms[name]
    contract.setFee(MAX_FEE_BPS, sender=owner)
    with ape.reverts(contract.PlatformFeeTooHigh, feeBps=MAX_FEE_BPS + 1, maxFeeBps=MAX_FEE_BPS):
        contract.setFee(MAX_FEE_BPS + 1, sender=owner)
    with ape.reverts(contract.PlatformFeeTooHigh, feeBps=2**16 - 1, maxFeeBps=MAX_FEE_BPS):
        contract.setFee(2**16 - 1, sender=owner)


@pytest.mark.parametrize("name", ALL)
def test_fee_cap_holds_at_deployment(project, owner, fee_recipient, arbiter, name):
    factory = getattr(project, name)
    args = (
        (owner, fee_recipient, MAX_FEE_BPS + 1)
        if name == "InstallmentPlans"
        else (owner, fee_recipient, arbiter, MAX_FEE_BPS + 1, 7 * DAY)
    )
    with ape.reverts(factory.PlatformFeeTooHigh):
        owner.deploy(factory, *args)


@pytest.mark.parametrize("name", ALL)
def test_fee_recipient_cannot_be_the_zero_address(platforms, owner, fee_recipient, name):
    contract = platforms[name]
    with ape.reverts(contract.PlatformZeroAddress):
        contract.setFeeRecipient(ZERO_ADDRESS, sender=owner)


@pytest.mark.parametrize("name", ESCROWS)
def test_dispute_timeout_stays_in_its_bounds(platforms, owner, name):
    contract = platforms[name]
    for bad in (MIN_DISPUTE_TIMEOUT - 1, MAX_DISPUTE_TIMEOUT + 1):
        with ape.reverts(
            contract.PlatformInvalidDisputeTimeout,
            value=bad,
            min=MIN_DISPUTE_TIMEOUT,
            max=MAX_DISPUTE_TIMEOUT,
        ):
            contract.setDisputeTimeout(bad, sender=owner)
    with ape.reverts(contract.PlatformZeroAddress):
        contract.setArbiter(ZERO_ADDRESS, sender=owner)


# ------------------------------------------------------------------ ledger


@pytest.mark.parametrize("name", ALL)
def test_credited_balance_can_be_withdrawn_once_not_twice(platforms, seller, buyer, stranger, name):
    contract = platforms[name]
    account, amount = CREDIT[name](contract, seller, buyer)
    assert contract.owed(account, ZERO_ADDRESS) == amount
    with ape.reverts(
        contract.PlatformNothingToWithdraw, account=stranger.address, token=ZERO_ADDRESS
    ):
        contract.withdraw(ZERO_ADDRESS, sender=stranger)

    before = account.balance
    receipt = contract.withdraw(ZERO_ADDRESS, sender=account)

    assert account.balance == before + amount - receipt.total_fees_paid
    assert contract.owed(account, ZERO_ADDRESS) == 0
    with ape.reverts(
        contract.PlatformNothingToWithdraw, account=account.address, token=ZERO_ADDRESS
    ):
        contract.withdraw(ZERO_ADDRESS, sender=account)


@pytest.mark.parametrize("name", ["Marketplace"])
def test_fees_go_to_the_fee_recipient_once(platforms, seller, buyer, fee_recipient, stranger, name):
    contract = platforms[name]
    CREDIT[name](contract, seller, buyer)
    fee = PRICE * FEE_BPS // 10_000
    assert contract.feesOwed(ZERO_ADDRESS) == fee
    with ape.reverts(contract.PlatformNotFeeRecipient, caller=stranger.address):
        contract.withdrawFees(ZERO_ADDRESS, sender=stranger)

    receipt = contract.withdrawFees(ZERO_ADDRESS, sender=fee_recipient)

    (withdrawn,) = contract.FeesWithdrawn.from_receipt(receipt)
    assert (withdrawn.recipient, withdrawn.amount) == (fee_recipient.address, fee)
    with ape.reverts(
        contract.PlatformNothingToWithdraw, account=fee_recipient.address, token=ZERO_ADDRESS
    ):
        contract.withdrawFees(ZERO_ADDRESS, sender=fee_recipient)


@pytest.mark.parametrize("name", ALL)
def test_pause_stops_new_business_but_not_withdrawals(platforms, owner, seller, buyer, name):
    contract = platforms[name]
    account, amount = CREDIT[name](contract, seller, buyer)
    contract.pause(sender=owner)
    assert contract.owed(account, ZERO_ADDRESS) == amount

    contract.withdraw(ZERO_ADDRESS, sender=account)

    assert contract.owed(account, ZERO_ADDRESS) == 0
    with ape.reverts(contract.PlatformPaused):
        if name == "Marketplace":
            contract.createListing(ZERO_ADDRESS, PRICE, 5, False, 0, 0, ZERO32, sender=seller)
        elif name == "RentalEscrow":
            contract.createListing(RentalTerms().as_tuple(), ZERO32, sender=seller)
        else:
            contract.createListing(PlanTerms().abi(), 5, ZERO32, sender=seller)
