"""Whole plan lives with time travel, checking every party's money at the end: on time,
late within grace, default, early payoff and cancellation. Each story ends with everyone
withdrawing, and the contract holding nothing: no funds are ever locked."""

from __future__ import annotations

from typing import Any

from core.constants import ZERO_ADDRESS

from .helpers import ANY, BPS, DAY, FEE_BPS, LATE, LAYAWAY, Terms, addr, event, paid_of, split


def fee_of(amount: int) -> int:
    return amount * FEE_BPS // BPS


def drain(plans: Any, token: Any, accounts: list[Any], fee_recipient: Any) -> None:
    """Everyone with a balance withdraws it."""
    for account in accounts:
        if plans.owed(account, token):
            plans.withdraw(token, sender=account)
    if plans.feesOwed(token):
        plans.withdrawFees(token, sender=fee_recipient)


def test_on_time_erc20_plan_paid_by_keeper_collections(
    plans: Any,
    seller: Any,
    buyer: Any,
    keeper: Any,
    fee_recipient: Any,
    token: Any,
    token_terms: Terms,
    recorder: Any,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    terms = token_terms.but(installments=4)
    seller_before, buyer_before = token.balanceOf(seller), token.balanceOf(buyer)
    plan_id, _ = start_plan(terms)
    down, fee, installment, dust = split(terms)
    for index in range(1, 5):
        travel(due(plan_id, index))
        receipt = plans.collect(plan_id, sender=keeper)
        assert event(plans, receipt, "InstallmentPaid").amount == (
            installment + dust if index == 4 else installment
        )
        if index == 2:
            plans.withdrawProceeds([plan_id], sender=seller)  # paid as money arrives
    gross = terms.price + fee

    plans.withdrawProceeds([plan_id], sender=seller)
    drain(plans, token, [seller, buyer], fee_recipient)

    assert buyer_before - token.balanceOf(buyer) == gross
    assert token.balanceOf(seller) - seller_before == gross - fee_of(gross)
    assert token.balanceOf(fee_recipient) == fee_of(gross)
    assert token.balanceOf(plans) == 0
    (deal,) = recorder.DealRecorded.from_receipt(receipt)  # the last collection completed it
    assert deal.value == gross


def test_late_within_grace_pays_late_fees_to_the_seller(
    plans: Any,
    seller: Any,
    buyer: Any,
    fee_recipient: Any,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    terms = Terms(installments=3, late_fee_bps=500)
    plan_id, _ = start_plan(terms)
    down, fee, installment, dust = split(terms)
    late = installment * 500 // BPS
    travel(due(plan_id, 1) + terms.grace_period - 1)  # the last second of grace
    plans.pay(
        plan_id,
        installment + late,
        paid_of(plans, plan_id),
        ANY,
        sender=buyer,
        value=installment + late,
    )
    travel(due(plan_id, 2))
    plans.pay(plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer, value=installment)
    travel(due(plan_id, 3) + LATE)
    last_late = (installment + dust) * 500 // BPS
    plans.pay(
        plan_id,
        installment + dust + last_late,
        paid_of(plans, plan_id),
        ANY,
        sender=buyer,
        value=installment + dust + last_late,
    )
    gross = terms.price + fee + late + last_late

    receipt = plans.withdrawProceeds([plan_id], sender=seller)
    drain(plans, ZERO_ADDRESS, [seller, buyer], fee_recipient)

    assert event(plans, receipt, "Withdrawn").amount == gross - fee_of(gross)
    assert plans.balance == 0


def test_pay_later_default_after_grace(
    plans: Any,
    seller: Any,
    buyer: Any,
    keeper: Any,
    fee_recipient: Any,
    recorder: Any,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    terms = Terms(installments=6)
    plan_id, _ = start_plan(terms)
    down, fee, installment, dust = split(terms)
    travel(due(plan_id, 1))
    plans.pay(plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer, value=installment)
    travel(due(plan_id, 2) + terms.grace_period + 1)

    receipt = plans.markDefault(plan_id, sender=keeper)
    plans.withdrawProceeds([plan_id], sender=seller)
    drain(plans, ZERO_ADDRESS, [seller, buyer], fee_recipient)

    outstanding = installment * 6 + dust - installment
    assert event(plans, receipt, "PlanDefaulted").outstanding == outstanding
    (fact,) = recorder.FactRecorded.from_receipt(receipt)
    assert fact.amount == outstanding
    assert plans.balance == 0


def test_layaway_default_refunds_the_buyer(
    plans: Any,
    seller: Any,
    buyer: Any,
    keeper: Any,
    fee_recipient: Any,
    token: Any,
    token_terms: Terms,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    terms = token_terms.but(mode=LAYAWAY, forfeit_bps=1_000)
    buyer_before = token.balanceOf(buyer)
    plan_id, _ = start_plan(terms)
    down, _fee, installment, _dust = split(terms)
    travel(due(plan_id, 1))
    plans.collect(plan_id, sender=keeper)
    travel(due(plan_id, 2) + terms.grace_period + 1)

    plans.markDefault(plan_id, sender=keeper)
    plans.settleProceeds([plan_id], sender=keeper)
    drain(plans, token, [seller, buyer], fee_recipient)

    paid = down + installment
    kept = paid // 10
    assert buyer_before - token.balanceOf(buyer) == kept  # lost only the forfeit share
    assert token.balanceOf(fee_recipient) == fee_of(kept)
    assert token.balanceOf(plans) == 0


def test_early_payoff(
    plans: Any,
    seller: Any,
    buyer: Any,
    fee_recipient: Any,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    terms = Terms(installments=12, financing_fee_bps=2_400)
    plan_id, _ = start_plan(terms)
    down, fee, installment, dust = split(terms)
    total = installment * 12 + dust
    for index in (1, 2, 3):
        travel(due(plan_id, index))
        plans.pay(
            plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer, value=installment
        )
    travel(due(plan_id, 3) + 10 * DAY)
    rebate = fee * (total - 3 * installment) // total
    payoff = total - 3 * installment - rebate

    receipt = plans.payOff(plan_id, payoff, sender=buyer, value=payoff)
    plans.withdrawProceeds([plan_id], sender=seller)
    drain(plans, ZERO_ADDRESS, [seller, buyer], fee_recipient)

    assert event(plans, receipt, "PlanCompleted").received == down + total - rebate
    assert rebate > fee // 2  # most of the fee was unearned
    assert plans.balance == 0


def test_cancellations(
    plans: Any,
    seller: Any,
    buyer: Any,
    buyer2: Any,
    fee_recipient: Any,
    token: Any,
    token_terms: Terms,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    layaway = token_terms.but(mode=LAYAWAY, forfeit_bps=500)
    before = token.balanceOf(buyer), token.balanceOf(buyer2), token.balanceOf(seller)
    by_seller, _ = start_plan(layaway)
    by_buyer, _ = start_plan(layaway, sender=buyer2)
    pay_later, _ = start_plan(token_terms)
    _down, _fee, installment, _dust = split(layaway)
    travel(due(by_seller, 1))
    for plan_id, sender in ((by_seller, buyer), (by_buyer, buyer2), (pay_later, buyer)):
        plans.pay(plan_id, installment, paid_of(plans, plan_id), ANY, sender=sender)
    plans.withdrawProceeds([pay_later], sender=seller)

    plans.cancelBySeller(by_seller, ANY, sender=seller)
    plans.cancelByBuyer(by_buyer, ANY, sender=buyer2)
    plans.cancelBySeller(pay_later, ANY, sender=seller)  # pays back what it withdrew
    plans.settleProceeds([by_buyer], sender=seller)
    drain(plans, token, [seller, buyer, buyer2], fee_recipient)

    paid = split(layaway)[0] + installment
    kept = paid * 500 // BPS
    fees = fee_of(paid) + fee_of(kept)  # the pay-later plan's settled fee stays earned
    assert token.balanceOf(buyer) == before[0]  # both of buyer's plans fully refunded
    assert before[1] - token.balanceOf(buyer2) == kept
    assert token.balanceOf(seller) - before[2] == kept - fee_of(kept) - fee_of(paid)
    assert token.balanceOf(fee_recipient) == fees
    assert token.balanceOf(plans) == 0
    assert addr(token) != ZERO_ADDRESS
