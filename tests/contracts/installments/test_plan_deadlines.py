"""Every window of InstallmentPlans is [start, deadline): one second before the deadline the
party may act, at the deadline it gets `InstallmentPlansTooLate(now, deadline)`, and the
permissionless fallback opens at that same second (`InstallmentPlansTooEarly` before it).
docs/installments.md, "Deadlines", lists them."""

from __future__ import annotations

from typing import Any

import ape
import pytest

from .helpers import (
    ACTIVE,
    BPS,
    CANCELLED_BY_BUYER,
    COMPLETED,
    LAYAWAY,
    PAYMENT_WINDOW,
    Terms,
    event,
    events,
)

TERMS = Terms(mode=LAYAWAY, forfeit_bps=1_000)  # ETH; layaway so the buyer can also leave


def _deadline(plans: Any, plan_id: int, due: Any) -> int:
    return due(plan_id, 1) + TERMS.grace_period


def _late_fee(plans: Any, plan_id: int) -> int:
    return plans.getPlan(plan_id).installment * TERMS.late_fee_bps // BPS


@pytest.mark.parametrize("offset", [-1, 0], ids=["deadline-1", "deadline"])
@pytest.mark.parametrize("action", ["pay", "payOff", "cancelByBuyer"])
def test_buyer_window_ends_at_due_plus_grace(
    plans: Any,
    buyer: Any,
    start_plan: Any,
    due: Any,
    travel: Any,
    mine_at: Any,
    action: str,
    offset: int,
) -> None:
    plan_id, _ = start_plan(TERMS)
    deadline = _deadline(plans, plan_id, due)
    plan = plans.getPlan(plan_id)
    fee = _late_fee(plans, plan_id)
    mine_at(deadline - 2)  # views now see installment 1 late, as at the deadline
    payoff = plans.quote(plan_id).payoff
    travel(deadline + offset)

    def act() -> Any:
        if action == "pay":
            amount = plan.installment + fee
            return plans.pay(plan_id, amount, 0, fee, sender=buyer, value=amount)
        if action == "payOff":
            return plans.payOff(plan_id, payoff, sender=buyer, value=payoff)
        return plans.cancelByBuyer(plan_id, plan.downPayment, sender=buyer)

    if offset < 0:
        act()
        after = plans.getPlan(plan_id)
        expected = {"pay": ACTIVE, "payOff": COMPLETED, "cancelByBuyer": CANCELLED_BY_BUYER}
        assert after.status == expected[action]
        if action == "pay":
            assert after.paid == plan.installment
        return
    with ape.reverts(plans.InstallmentPlansTooLate, nowTimestamp=deadline, deadline=deadline):
        act()


@pytest.mark.parametrize("offset", [-1, 0], ids=["deadline-1", "deadline"])
def test_default_opens_at_the_deadline(
    plans: Any, keeper: Any, start_plan: Any, due: Any, travel: Any, offset: int
) -> None:
    plan_id, _ = start_plan(TERMS)
    deadline = _deadline(plans, plan_id, due)
    assert plans.quote(plan_id).defaultableAt == deadline
    travel(deadline + offset)

    if offset < 0:
        with ape.reverts(
            plans.InstallmentPlansTooEarly, nowTimestamp=deadline - 1, availableAt=deadline
        ):
            plans.markDefault(plan_id, sender=keeper)
        return
    assert event(plans, plans.markDefault(plan_id, sender=keeper), "PlanDefaulted")


@pytest.mark.parametrize("offset", [-1, 0], ids=["deadline-1", "deadline"])
def test_keeper_collects_inside_the_buyers_window_only(
    plans: Any,
    keeper: Any,
    token_terms: Terms,
    start_plan: Any,
    due: Any,
    travel: Any,
    offset: int,
) -> None:
    plan_id, _ = start_plan(token_terms)
    deadline = due(plan_id, 1) + token_terms.grace_period
    travel(deadline + offset)

    if offset < 0:
        assert event(plans, plans.collect(plan_id, sender=keeper), "InstallmentPaid")
        return
    with ape.reverts(plans.InstallmentPlansTooLate, nowTimestamp=deadline, deadline=deadline):
        plans.collect(plan_id, sender=keeper)


def test_collect_many_skips_a_plan_past_its_deadline(
    plans: Any, keeper: Any, token_terms: Terms, start_plan: Any, due: Any, travel: Any
) -> None:
    lapsed, _ = start_plan(token_terms)
    travel(due(lapsed, 1) + token_terms.grace_period)

    receipt = plans.collectMany([lapsed], sender=keeper)

    assert receipt.return_value == 0
    assert not events(plans, receipt, "InstallmentPaid")
    assert not events(plans, receipt, "CollectionFailed")
    assert plans.getPlan(lapsed).paid == 0


@pytest.mark.parametrize("offset", [-1, 0], ids=["window-1", "window"])
def test_on_time_window_is_one_day_from_the_due_date(
    plans: Any, buyer: Any, start_plan: Any, due: Any, travel: Any, offset: int
) -> None:
    plan_id, _ = start_plan(TERMS)
    installment = plans.getPlan(plan_id).installment
    fee = _late_fee(plans, plan_id)
    travel(due(plan_id, 1) + PAYMENT_WINDOW + offset)

    if offset < 0:
        receipt = plans.pay(plan_id, installment, 0, 0, sender=buyer, value=installment)
        assert not events(plans, receipt, "LateFeeCharged")
        return
    with ape.reverts(plans.InstallmentPlansLateFeeAboveMax, lateFee=fee, maxLateFee=0):
        plans.pay(plan_id, installment, 0, 0, sender=buyer, value=installment)
