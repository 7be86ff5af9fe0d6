"""Front-running InstallmentPlans, from the attacker's side: the attacker's transaction is
mined first, then the victim's, signed against the state it saw before. The victim gets
exactly what it committed to or a custom-error revert naming the mismatch
(docs/installments.md, "What the caller commits to")."""

from __future__ import annotations

from typing import Any

import ape

from .helpers import (
    ANY,
    BPS,
    DAY,
    LATE,
    LAYAWAY,
    Terms,
    addr,
    event,
    paid_of,
)


def test_keeper_collect_mined_first_does_not_make_the_buyer_pay_twice(
    plans: Any, token: Any, buyer: Any, keeper: Any, token_terms: Terms, start_plan: Any, due: Any
) -> None:
    plan_id, _ = start_plan(token_terms)
    installment = plans.getPlan(plan_id).installment
    # The buyer reads the plan at the due date and signs a payment of installment 1.
    seen_paid = paid_of(plans, plan_id)
    ape.chain.pending_timestamp = due(plan_id, 1)
    # The attacker (any keeper) collects installment 1 from the allowance first.
    assert event(plans, plans.collect(plan_id, sender=keeper), "InstallmentPaid").amount == (
        installment
    )
    balance = token.balanceOf(buyer)

    with ape.reverts(
        plans.InstallmentPlansPaidChanged,
        planId=plan_id,
        expectedPaid=seen_paid,
        paid=installment,
    ):
        plans.pay(plan_id, installment, seen_paid, 0, sender=buyer)

    assert token.balanceOf(buyer) == balance
    assert plans.getPlan(plan_id).paid == installment


def test_late_fee_appearing_before_mining_is_not_taken_from_the_payment(
    plans: Any, buyer: Any, start_plan: Any, due: Any, travel: Any
) -> None:
    plan_id, _ = start_plan()
    installment = plans.getPlan(plan_id).installment
    # Signed on time (no late fee quoted) but mined at the first late second.
    travel(due(plan_id, 1) + LATE)
    fee = installment * Terms().late_fee_bps // BPS

    with ape.reverts(
        plans.InstallmentPlansLateFeeAboveMax, planId=plan_id, lateFee=fee, maxLateFee=0
    ):
        plans.pay(plan_id, installment, 0, 0, sender=buyer, value=installment)

    # Committing to the fee it now sees, the buyer pays it on top and the installment in full.
    receipt = plans.pay(plan_id, installment + fee, 0, fee, sender=buyer, value=installment + fee)
    assert event(plans, receipt, "InstallmentPaid").amount == installment
    assert event(plans, receipt, "LateFeeCharged").fee == fee


def test_collect_mined_first_does_not_raise_a_leaving_buyers_forfeit(
    plans: Any, token: Any, buyer: Any, keeper: Any, token_terms: Terms, start_plan: Any, due: Any
) -> None:
    terms = token_terms.but(mode=LAYAWAY, forfeit_bps=1_000)
    plan_id, _ = start_plan(terms)
    plan = plans.getPlan(plan_id)
    seen_forfeit = plan.downPayment * terms.forfeit_bps // BPS
    ape.chain.pending_timestamp = due(plan_id, 1)
    plans.collect(plan_id, sender=keeper)  # received grows by an installment
    forfeit = (plan.downPayment + plan.installment) * terms.forfeit_bps // BPS

    with ape.reverts(
        plans.InstallmentPlansForfeitAboveMax,
        planId=plan_id,
        forfeit=forfeit,
        maxForfeit=seen_forfeit,
    ):
        plans.cancelByBuyer(plan_id, seen_forfeit, sender=buyer)

    receipt = plans.cancelByBuyer(plan_id, forfeit, sender=buyer)
    cancelled = event(plans, receipt, "PlanCancelled")
    assert cancelled.sellerAmount == forfeit


def test_settlement_mined_first_does_not_raise_a_cancelling_sellers_repayment(
    plans: Any, token: Any, seller: Any, keeper: Any, token_terms: Terms, start_plan: Any
) -> None:
    plan_id, _ = start_plan(token_terms)
    seen_settled = plans.getPlan(plan_id).settled  # nothing settled yet
    plans.settleProceeds([plan_id], sender=keeper)  # anyone may settle, at any time
    settled = plans.getPlan(plan_id).settled
    assert settled > seen_settled
    balance = token.balanceOf(seller)

    with ape.reverts(
        plans.InstallmentPlansRepaymentAboveMax,
        planId=plan_id,
        repayment=settled,
        maxRepayment=seen_settled,
    ):
        plans.cancelBySeller(plan_id, seen_settled, sender=seller)

    assert token.balanceOf(seller) == balance


def test_seller_cancel_before_the_final_payment_refunds_the_down_payment_too(
    plans: Any, buyer: Any, seller: Any, start_plan: Any
) -> None:
    """Not a hole (it passed before the fix too): cancelling refunds everything received."""
    terms = Terms(installments=2)
    plan_id, _ = start_plan(terms)
    plan = plans.getPlan(plan_id)
    plans.pay(plan_id, plan.installment, 0, 0, sender=buyer, value=plan.installment)
    seen_paid = paid_of(plans, plan_id)

    plans.cancelBySeller(plan_id, 0, sender=seller)  # the attacker's move, mined first

    with ape.reverts(plans.InstallmentPlansNotActive, planId=plan_id):
        plans.pay(
            plan_id,
            plan.lastInstallment,
            seen_paid,
            0,
            sender=buyer,
            value=plan.lastInstallment,
        )
    assert plans.owed(buyer, addr("0x" + "00" * 20)) == plan.downPayment + plan.installment


def test_collect_mined_first_makes_an_exact_payoff_revert(
    plans: Any, buyer: Any, keeper: Any, token_terms: Terms, start_plan: Any, due: Any
) -> None:
    """Not a hole (payOff already takes the exact amount): the payoff quoted before a
    collection no longer matches after it, and the buyer pays nothing."""
    plan_id, _ = start_plan(token_terms)
    ape.chain.pending_timestamp = due(plan_id, 1) - DAY
    ape.chain.mine()
    seen = plans.quote(plan_id).payoff
    ape.chain.pending_timestamp = due(plan_id, 1)
    plans.collect(plan_id, sender=keeper)

    with ape.reverts(plans.InstallmentPlansWrongPayoff, amount=seen):
        plans.payOff(plan_id, seen, sender=buyer)


def test_commitments_accept_exactly_what_the_chain_holds(
    plans: Any, buyer: Any, start_plan: Any
) -> None:
    plan_id, _ = start_plan()
    installment = plans.getPlan(plan_id).installment

    with ape.reverts(plans.InstallmentPlansPaidChanged, expectedPaid=1, paid=0):
        plans.pay(plan_id, installment, 1, ANY, sender=buyer, value=installment)
    plans.pay(plan_id, installment, 0, 0, sender=buyer, value=installment)
    assert paid_of(plans, plan_id) == installment
