"""Default, cancellation, the seller's proceeds and the pull ledger."""

from __future__ import annotations

from typing import Any

import ape

from core.constants import ZERO_ADDRESS

from .helpers import (
    ACTIVE,
    ANY,
    BPS,
    CANCELLED_BY_BUYER,
    CANCELLED_BY_SELLER,
    DAY,
    DEFAULTED,
    FEE_BPS,
    LAYAWAY,
    Terms,
    addr,
    event,
    gas_cost,
    paid_of,
    split,
)

LAYAWAY_TERMS = Terms(mode=LAYAWAY, forfeit_bps=800)


def fee_of(amount: int) -> int:
    return amount * FEE_BPS // BPS


# ------------------------------------------------------------------ default


def test_default_only_after_due_plus_grace(
    plans: Any, keeper: Any, start_plan: Any, due: Any, travel: Any
) -> None:
    plan_id, _ = start_plan()
    available = due(plan_id, 1) + Terms().grace_period
    assert plans.quote(plan_id).defaultableAt == available
    travel(available - 1)

    with ape.reverts(
        plans.InstallmentPlansTooEarly, nowTimestamp=available - 1, availableAt=available
    ):
        plans.markDefault(plan_id, sender=keeper)
    travel(available)
    plans.markDefault(plan_id, sender=keeper)

    assert plans.getPlan(plan_id).status == DEFAULTED


def test_pay_later_default_keeps_what_was_paid_for_the_seller_and_records_a_fact(
    plans: Any,
    seller: Any,
    buyer: Any,
    keeper: Any,
    recorder: Any,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    terms = Terms()
    plan_id, _ = start_plan(terms)
    down, _fee, installment, dust = split(terms)
    total = installment * terms.installments + dust
    plans.pay(plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer, value=installment)
    travel(due(plan_id, 2) + terms.grace_period + 1)

    receipt = plans.markDefault(plan_id, sender=keeper)

    defaulted = event(plans, receipt, "PlanDefaulted")
    assert (defaulted.planId, defaulted.by, defaulted.outstanding) == (
        plan_id,
        keeper,
        total - installment,
    )
    assert (defaulted.sellerAmount, defaulted.refund) == (down + installment, 0)
    (fact,) = recorder.FactRecorded.from_receipt(receipt)
    assert (fact.fact, fact.dealId, fact.party, fact.amount, fact.source) == (
        1,
        plan_id,
        buyer,
        total - installment,
        plans,
    )
    plans.settleProceeds([plan_id], sender=keeper)
    gross = down + installment
    assert plans.owed(seller, ZERO_ADDRESS) == gross - fee_of(gross)
    assert plans.quote(plan_id).balance == 0


def test_layaway_default_refunds_all_but_the_forfeit_share(
    plans: Any, seller: Any, buyer: Any, keeper: Any, start_plan: Any, due: Any, travel: Any
) -> None:
    plan_id, _ = start_plan(LAYAWAY_TERMS)
    down, _fee, installment, _dust = split(LAYAWAY_TERMS)
    plans.pay(plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer, value=installment)
    travel(due(plan_id, 2) + LAYAWAY_TERMS.grace_period + 1)
    received = down + installment
    kept = received * 800 // BPS

    receipt = plans.markDefault(plan_id, sender=keeper)

    defaulted = event(plans, receipt, "PlanDefaulted")
    assert (defaulted.sellerAmount, defaulted.refund) == (kept, received - kept)
    assert plans.owed(buyer, ZERO_ADDRESS) == received - kept
    assert plans.quote(plan_id).balance == kept
    plans.settleProceeds([plan_id], sender=keeper)
    assert plans.owed(seller, ZERO_ADDRESS) == kept - fee_of(kept)
    # Still all held: the buyer's refund and the seller's share wait in the pull ledger.
    assert plans.balance == received
    assert plans.feesOwed(ZERO_ADDRESS) == fee_of(kept)


def test_default_guards(plans: Any, buyer: Any, keeper: Any, start_plan: Any) -> None:
    plan_id, _ = start_plan()
    total = plans.quote(plan_id).payoff + plans.quote(plan_id).rebate
    plans.pay(plan_id, total, paid_of(plans, plan_id), ANY, sender=buyer, value=total)

    with ape.reverts(plans.InstallmentPlansNotActive, planId=plan_id, status=2):
        plans.markDefault(plan_id, sender=keeper)
    with ape.reverts(plans.InstallmentPlansUnknownPlan, planId=5):
        plans.markDefault(5, sender=keeper)
    assert plans.quote(plan_id).defaultableAt == 0


def test_a_late_buyer_can_cure_inside_the_grace_period_but_not_after_it(
    plans: Any, buyer: Any, keeper: Any, start_plan: Any, due: Any, travel: Any
) -> None:
    plan_id, _ = start_plan()
    installment = plans.getPlan(plan_id).installment
    late = installment * 200 // BPS
    deadline = due(plan_id, 1) + Terms().grace_period
    lapsed, _ = start_plan()  # started in the next block: its deadline is a second later
    travel(deadline - 1)
    plans.pay(
        plan_id,
        installment + late,
        paid_of(plans, plan_id),
        ANY,
        sender=buyer,
        value=installment + late,
    )

    with ape.reverts(plans.InstallmentPlansTooEarly):
        plans.markDefault(plan_id, sender=keeper)
    assert plans.getPlan(plan_id).status == ACTIVE
    # No catching up after the deadline: the plan belongs to markDefault from then on.
    lapsed_deadline = due(lapsed, 1) + Terms().grace_period
    travel(lapsed_deadline + DAY)
    with ape.reverts(plans.InstallmentPlansTooLate, deadline=lapsed_deadline):
        plans.pay(lapsed, installment + late, 0, late, sender=buyer, value=installment + late)
    plans.markDefault(lapsed, sender=keeper)


def test_default_survives_a_broken_recorder(
    plans: Any, keeper: Any, recorder: Any, start_plan: Any, due: Any, travel: Any
) -> None:
    plan_id, _ = start_plan()
    recorder.setBroken(True, sender=keeper)
    travel(due(plan_id, 1) + Terms().grace_period + 1)

    receipt = plans.markDefault(plan_id, sender=keeper)

    assert recorder.FactRecorded.from_receipt(receipt) == []
    assert plans.getPlan(plan_id).status == DEFAULTED


# ------------------------------------------------------------------ cancel


def test_seller_cancels_a_layaway_plan_refunding_everything(
    plans: Any, seller: Any, buyer: Any, start_plan: Any, due: Any, travel: Any
) -> None:
    plan_id, _ = start_plan(LAYAWAY_TERMS)
    down, _fee, installment, _dust = split(LAYAWAY_TERMS)
    fee = installment * 200 // BPS
    travel(due(plan_id, 1) + DAY)
    plans.pay(
        plan_id,
        installment + fee,
        paid_of(plans, plan_id),
        ANY,
        sender=buyer,
        value=installment + fee,
    )

    receipt = plans.cancelBySeller(plan_id, ANY, sender=seller)

    cancelled = event(plans, receipt, "PlanCancelled")
    refund = down + installment + fee  # late fees included
    assert (cancelled.by, cancelled.refund, cancelled.sellerAmount, cancelled.repaid) == (
        seller,
        refund,
        0,
        0,
    )
    assert plans.owed(buyer, ZERO_ADDRESS) == refund
    assert plans.getPlan(plan_id).status == CANCELLED_BY_SELLER
    assert plans.quote(plan_id).balance == 0


def test_seller_cancelling_a_pay_later_plan_pays_back_what_it_settled(
    plans: Any, seller: Any, buyer: Any, start_plan: Any
) -> None:
    plan_id, _ = start_plan()
    down, _fee, installment, _dust = split(Terms())
    plans.pay(plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer, value=installment)
    plans.withdrawProceeds([plan_id], sender=seller)
    settled = down + installment
    assert plans.getPlan(plan_id).settled == settled

    with ape.reverts(plans.PaymentsWrongValue, sent=0, expected=settled):
        plans.cancelBySeller(plan_id, ANY, sender=seller)
    receipt = plans.cancelBySeller(plan_id, ANY, sender=seller, value=settled)

    cancelled = event(plans, receipt, "PlanCancelled")
    assert (cancelled.refund, cancelled.repaid) == (settled, settled)
    assert plans.owed(buyer, ZERO_ADDRESS) == settled
    assert plans.balance == settled + plans.feesOwed(ZERO_ADDRESS)
    with ape.reverts(plans.PlatformNothingToWithdraw):
        plans.withdrawProceeds([plan_id], sender=seller)


def test_seller_cancel_of_an_erc20_plan_pulls_the_repayment(
    plans: Any, seller: Any, buyer: Any, token: Any, token_terms: Terms, start_plan: Any
) -> None:
    plan_id, _ = start_plan(token_terms)
    down = split(token_terms)[0]
    plans.withdrawProceeds([plan_id], sender=seller)
    before = token.balanceOf(seller)

    plans.cancelBySeller(plan_id, ANY, sender=seller)

    assert before - token.balanceOf(seller) == down
    assert plans.owed(buyer, token) == down


def test_cancel_by_seller_guards(plans: Any, buyer: Any, seller: Any, start_plan: Any) -> None:
    plan_id, _ = start_plan()

    with ape.reverts(plans.InstallmentPlansNotSeller, caller=buyer, seller=seller):
        plans.cancelBySeller(plan_id, ANY, sender=buyer)
    plans.cancelBySeller(plan_id, ANY, sender=seller)
    with ape.reverts(plans.InstallmentPlansNotActive, planId=plan_id, status=CANCELLED_BY_SELLER):
        plans.cancelBySeller(plan_id, ANY, sender=seller)


def test_buyer_leaves_a_layaway_plan_for_the_forfeit_share(
    plans: Any, seller: Any, buyer: Any, keeper: Any, start_plan: Any
) -> None:
    plan_id, _ = start_plan(LAYAWAY_TERMS)
    down, _fee, installment, _dust = split(LAYAWAY_TERMS)
    plans.pay(plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer, value=installment)
    received = down + installment
    kept = received * 800 // BPS
    before = buyer.balance

    receipt = plans.cancelByBuyer(plan_id, ANY, sender=buyer)

    cancelled = event(plans, receipt, "PlanCancelled")
    assert (cancelled.by, cancelled.refund, cancelled.sellerAmount) == (
        buyer,
        received - kept,
        kept,
    )
    assert buyer.balance - before == received - kept - gas_cost(receipt)  # paid at once
    assert plans.getPlan(plan_id).status == CANCELLED_BY_BUYER
    plans.settleProceeds([plan_id], sender=keeper)
    assert plans.owed(seller, ZERO_ADDRESS) == kept - fee_of(kept)


def test_cancel_by_buyer_guards(plans: Any, buyer: Any, keeper: Any, start_plan: Any) -> None:
    pay_later, _ = start_plan()
    layaway, _ = start_plan(LAYAWAY_TERMS)

    with ape.reverts(plans.InstallmentPlansNotLayaway, planId=pay_later):
        plans.cancelByBuyer(pay_later, ANY, sender=buyer)
    with ape.reverts(plans.InstallmentPlansNotBuyer, caller=keeper, buyer=buyer):
        plans.cancelByBuyer(layaway, ANY, sender=keeper)
    plans.cancelByBuyer(layaway, ANY, sender=buyer)
    with ape.reverts(plans.InstallmentPlansNotActive, planId=layaway, status=CANCELLED_BY_BUYER):
        plans.cancelByBuyer(layaway, ANY, sender=buyer)


# ------------------------------------------------------------------ proceeds and ledger


def test_pay_later_seller_is_paid_as_installments_arrive(
    plans: Any, seller: Any, buyer: Any, keeper: Any, start_plan: Any
) -> None:
    plan_id, _ = start_plan()
    down, _fee, installment, _dust = split(Terms())

    receipt = plans.settleProceeds([plan_id], sender=keeper)
    settled = event(plans, receipt, "PlanProceedsSettled")
    assert (settled.planId, settled.seller) == (plan_id, seller)
    assert (settled.sellerAmount, settled.fee) == (down - fee_of(down), fee_of(down))
    plans.pay(plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer, value=installment)
    before = seller.balance

    receipt = plans.withdrawProceeds([plan_id], sender=seller)

    gross = down + installment
    net_now = installment - (fee_of(gross) - fee_of(down))  # fee taken cumulatively
    assert seller.balance - before == net_now - gas_cost(receipt)
    assert event(plans, receipt, "Withdrawn").amount == net_now
    assert plans.feesOwed(ZERO_ADDRESS) == fee_of(gross)
    assert plans.getPlan(plan_id).settled == gross


def test_settling_nothing_is_a_no_op_and_unknown_plans_revert(
    plans: Any, keeper: Any, start_plan: Any
) -> None:
    plan_id, _ = start_plan(LAYAWAY_TERMS)

    receipt = plans.settleProceeds([plan_id], sender=keeper)

    assert not list(plans.PlanProceedsSettled.from_receipt(receipt))
    with ape.reverts(plans.InstallmentPlansUnknownPlan, planId=3):
        plans.settleProceeds([3], sender=keeper)


def test_withdraw_proceeds_guards(plans: Any, seller: Any, keeper: Any, start_plan: Any) -> None:
    plan_id, _ = start_plan()
    layaway, _ = start_plan(LAYAWAY_TERMS)

    with ape.reverts(plans.InstallmentPlansNotSeller, caller=keeper, seller=seller):
        plans.withdrawProceeds([plan_id], sender=keeper)
    with ape.reverts(plans.PlatformNothingToWithdraw, account=seller, token=ZERO_ADDRESS):
        plans.withdrawProceeds([layaway], sender=seller)


def test_withdraw_pays_the_ledger_once(
    plans: Any,
    seller: Any,
    buyer: Any,
    keeper: Any,
    token: Any,
    token_terms: Terms,
    start_plan: Any,
) -> None:
    plan_id, _ = start_plan(token_terms.but(mode=LAYAWAY, forfeit_bps=0))
    plans.cancelBySeller(plan_id, ANY, sender=seller)
    down = split(token_terms)[0]
    before = token.balanceOf(buyer)

    receipt = plans.withdraw(token, sender=buyer)

    withdrawn = event(plans, receipt, "Withdrawn")
    assert (withdrawn.account, withdrawn.token, withdrawn.amount) == (buyer, addr(token), down)
    assert token.balanceOf(buyer) - before == down
    with ape.reverts(plans.PlatformNothingToWithdraw, account=buyer, token=token):
        plans.withdraw(token, sender=buyer)
    with ape.reverts(plans.PlatformNothingToWithdraw, account=keeper, token=ZERO_ADDRESS):
        plans.withdraw(ZERO_ADDRESS, sender=keeper)


def test_withdraw_fees(plans: Any, fee_recipient: Any, keeper: Any, start_plan: Any) -> None:
    plan_id, _ = start_plan()
    plans.settleProceeds([plan_id], sender=keeper)
    fee = fee_of(split(Terms())[0])

    with ape.reverts(plans.PlatformNotFeeRecipient, caller=keeper):
        plans.withdrawFees(ZERO_ADDRESS, sender=keeper)
    receipt = plans.withdrawFees(ZERO_ADDRESS, sender=fee_recipient)

    withdrawn = event(plans, receipt, "FeesWithdrawn")
    assert (withdrawn.recipient, withdrawn.token, withdrawn.amount) == (
        fee_recipient,
        ZERO_ADDRESS,
        fee,
    )
    with ape.reverts(plans.PlatformNothingToWithdraw):
        plans.withdrawFees(ZERO_ADDRESS, sender=fee_recipient)


def test_pause_never_blocks_exits_or_withdrawals(
    plans: Any,
    owner: Any,
    seller: Any,
    buyer: Any,
    keeper: Any,
    fee_recipient: Any,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    layaway, _ = start_plan(LAYAWAY_TERMS)
    defaulting, _ = start_plan()
    paying, _ = start_plan()
    plans.pause(sender=owner)

    plans.cancelByBuyer(layaway, ANY, sender=buyer)
    amount = plans.quote(paying).payoff
    plans.payOff(paying, amount, sender=buyer, value=amount)
    travel(due(defaulting, 1) + Terms().grace_period + 1)
    plans.markDefault(defaulting, sender=keeper)
    plans.withdrawProceeds([paying, defaulting], sender=seller)
    plans.withdrawFees(ZERO_ADDRESS, sender=fee_recipient)

    assert plans.getPlan(defaulting).status == DEFAULTED
