"""Gas of the installment-plan path (issue 4, Smart-EMI). Run with `make bench-gas`.

Scenario: steady state. The seller already has listings and running plans; every measured
plan already has payments behind it. `emi.pay_installment` is the buyer paying the next
installment of an ETH plan on its due date; `emi.pay_installment_erc20` the same from an
allowance; `emi.collect` a keeper collecting a due installment of an ERC-20 plan whose
earlier installment was collected too (finite allowance, so the token writes it).
`emi.start` starts a plan on an ETH listing from a fresh buyer; `emi.pay_off` pays an ETH
plan off mid-schedule; `emi.mark_default` defaults a plan past its grace period. No deal
recorder is set (the Reputation contract is not deployed yet); a recorder adds its own cost
to `emi.mark_default` and to the payment that completes a plan.
"""

from __future__ import annotations

import pytest
from gasreport import GasReport

TARGETS = {
    "emi.pay_installment": 45_000,
    "emi.collect": 55_000,
}
DAY = 86_400
INTERVAL = 30 * DAY
GRACE = 5 * DAY
PRICE = 12 * 10**17
ZERO = "0x" + "00" * 20
REF = b"\x11" * 32


def terms(token: str = ZERO, *, mode: int = 0) -> tuple[object, ...]:
    """10 % down, 12 monthly installments, 12 % financing fee, 2 % late fee."""
    return (token, PRICE, 1_000, 12, INTERVAL, 1_200, GRACE, 200, 0, mode)


@pytest.fixture(scope="module")
def report():
    r = GasReport(TARGETS)
    yield r
    r.write()


@pytest.fixture(scope="module")
def owner(accounts):
    return accounts[0]


@pytest.fixture(scope="module")
def seller(accounts):
    return accounts[1]


@pytest.fixture(scope="module")
def plans(project, owner, accounts):
    return owner.deploy(project.InstallmentPlans, owner, accounts[8], 100)


@pytest.fixture(scope="module")
def token(project, owner):
    return owner.deploy(project.TestToken, "Test Dollar", "TUSD", 18)


def fresh_buyer(accounts, owner, token=None):
    buyer = accounts.generate_test_account()
    owner.transfer(buyer, 10**19)
    if token is not None:
        token.mint(buyer, 10**21, sender=owner)
    return buyer


def started(plans, receipt) -> tuple[int, int]:
    event = plans.PlanStarted.from_receipt(receipt)[0]
    return event.planId, event.downPayment


def test_emi_gas(plans, token, owner, seller, accounts, chain, report):
    plans.createListing(terms(), 1000, b"\x01" * 32, sender=seller)
    eth_listing = 1
    plans.createListing(terms(token.address), 1000, b"\x02" * 32, sender=seller)
    erc_listing = 2

    # Warm-up: earlier plans on both listings.
    for listing_id in (eth_listing, erc_listing):
        warm = fresh_buyer(accounts, owner, token)
        token.approve(plans, 10**20, sender=warm)
        value = 0 if listing_id == erc_listing else PRICE // 10
        plans.startPlan(listing_id, REF, sender=warm, value=value)

    buyer = fresh_buyer(accounts, owner)
    tx = plans.startPlan(eth_listing, REF, sender=buyer, value=PRICE // 10)
    report.record("emi.start", tx)
    eth_plan, _ = started(plans, tx)

    erc_buyer = fresh_buyer(accounts, owner, token)
    token.approve(plans, 10**20, sender=erc_buyer)
    erc_plan, _ = started(plans, plans.startPlan(erc_listing, REF, sender=erc_buyer))

    keeper_buyer = fresh_buyer(accounts, owner, token)
    token.approve(plans, 10**20, sender=keeper_buyer)
    kept_plan, _ = started(plans, plans.startPlan(erc_listing, REF, sender=keeper_buyer))

    payoff_buyer = fresh_buyer(accounts, owner)
    payoff_plan, _ = started(
        plans, plans.startPlan(eth_listing, REF, sender=payoff_buyer, value=PRICE // 10)
    )
    default_buyer = fresh_buyer(accounts, owner)
    default_plan, _ = started(
        plans, plans.startPlan(eth_listing, REF, sender=default_buyer, value=PRICE // 10)
    )

    installment = plans.getPlan(eth_plan).installment
    keeper = accounts[7]

    def commit(plan_id: int) -> tuple[int, int]:
        # What a client commits to (chain.installments.client.pay): the plan's paid and the late
        # fee it reads, so the calldata costs what a real payment's does.
        return plans.getPlan(plan_id).paid, plans.quote(plan_id).lateFee

    def due(plan_id: int, index: int) -> int:
        plan = plans.getPlan(plan_id)
        return plan.startedAt + index * plan.interval

    # First installment: everyone pays (or is collected) on time.
    for plan_id, sender in ((eth_plan, buyer), (erc_plan, erc_buyer), (payoff_plan, payoff_buyer)):
        chain.pending_timestamp = due(plan_id, 1) - 3600
        value = 0 if plan_id == erc_plan else installment
        plans.pay(plan_id, installment, *commit(plan_id), sender=sender, value=value)
    chain.pending_timestamp = due(kept_plan, 1)
    plans.collect(kept_plan, sender=keeper)

    # Second installment, measured: buyers pay an hour before the due date, the keeper
    # collects at the due date. Nothing is late, so no late fee is charged.
    chain.pending_timestamp = due(eth_plan, 2) - 3600
    tx = plans.pay(eth_plan, installment, *commit(eth_plan), sender=buyer, value=installment)
    report.record("emi.pay_installment", tx)
    chain.pending_timestamp = due(erc_plan, 2) - 3600
    report.record(
        "emi.pay_installment_erc20",
        plans.pay(erc_plan, installment, *commit(erc_plan), sender=erc_buyer),
    )
    chain.pending_timestamp = due(payoff_plan, 2) - 3600
    amount = plans.quote(payoff_plan).payoff
    report.record(
        "emi.pay_off", plans.payOff(payoff_plan, amount, sender=payoff_buyer, value=amount)
    )
    chain.pending_timestamp = due(kept_plan, 2)
    tx = plans.collect(kept_plan, sender=keeper)
    assert plans.InstallmentPaid.from_receipt(tx)
    assert not plans.LateFeeCharged.from_receipt(tx)
    report.record("emi.collect", tx)

    # The default plan never paid: its first installment is past due plus grace by now.
    assert plans.quote(default_plan).defaultableAt <= chain.pending_timestamp
    report.record("emi.mark_default", plans.markDefault(default_plan, sender=keeper))
