"""Installment payments: by the buyer (on time, ahead, late), keeper collection (and its
failures, which never revert), batches, and early payoff with the financing-fee rebate."""

from __future__ import annotations

from typing import Any

import ape
from eth_utils import keccak

from core.constants import ZERO_ADDRESS

from .helpers import (
    ACTIVE,
    ANY,
    BPS,
    COMPLETED,
    DAY,
    FEE_BPS,
    LATE,
    LAYAWAY,
    PAYMENT_WINDOW,
    Terms,
    addr,
    event,
    events,
    paid_of,
    split,
)


def selector(signature: str) -> bytes:
    return keccak(text=signature)[:4]


def total_of(terms: Terms) -> int:
    _down, _fee, installment, dust = split(terms)
    return installment * terms.installments + dust


# ------------------------------------------------------------------ pay


def test_pay_on_time(plans: Any, buyer: Any, start_plan: Any, due: Any, travel: Any) -> None:
    plan_id, _ = start_plan()
    installment = plans.getPlan(plan_id).installment
    travel(due(plan_id, 1) - DAY)

    receipt = plans.pay(
        plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer, value=installment
    )

    paid = event(plans, receipt, "InstallmentPaid")
    assert (paid.planId, paid.by, paid.amount) == (plan_id, buyer, installment)
    assert not events(plans, receipt, "LateFeeCharged")
    assert plans.getPlan(plan_id).paid == installment
    assert plans.quote(plan_id).due == 0


def test_overpayment_applies_to_the_next_installments(
    plans: Any, buyer: Any, start_plan: Any, due: Any, mine_at: Any
) -> None:
    plan_id, _ = start_plan()
    installment = plans.getPlan(plan_id).installment
    amount = 2 * installment + installment // 2

    plans.pay(plan_id, amount, paid_of(plans, plan_id), ANY, sender=buyer, value=amount)

    mine_at(due(plan_id, 2) + DAY)
    quote = plans.quote(plan_id)
    assert (quote.due, quote.lateFee) == (0, 0)  # two installments covered ahead of time
    mine_at(due(plan_id, 3) + LATE)
    quote = plans.quote(plan_id)
    assert quote.due == installment - installment // 2
    assert quote.lateFee == installment * 200 // BPS  # installment 3 was only half paid
    assert quote.defaultableAt == due(plan_id, 3) + Terms().grace_period


def test_paying_everything_completes_the_plan_and_records_the_deal(
    plans: Any, seller: Any, buyer: Any, recorder: Any, start_plan: Any
) -> None:
    terms = Terms(price=10**18 + 5, installments=7)
    plan_id, _ = start_plan(terms)
    down, _fee, _installment, _dust = split(terms)
    total = total_of(terms)

    receipt = plans.pay(plan_id, total, paid_of(plans, plan_id), ANY, sender=buyer, value=total)

    completed = event(plans, receipt, "PlanCompleted")
    assert (completed.received, completed.platformFee) == (
        down + total,
        (down + total) * FEE_BPS // BPS,
    )
    plan = plans.getPlan(plan_id)
    assert (plan.status, plan.paid) == (COMPLETED, total)
    (deal,) = recorder.DealRecorded.from_receipt(receipt)
    assert (deal.kind, deal.dealId, deal.buyer, deal.seller, deal.token) == (
        2,
        plan_id,
        buyer,
        seller,
        ZERO_ADDRESS,
    )
    assert (deal.value, deal.fee) == (down + total, completed.platformFee)
    with ape.reverts(plans.InstallmentPlansNotActive, planId=plan_id, status=COMPLETED):
        plans.pay(plan_id, 1, paid_of(plans, plan_id), ANY, sender=buyer, value=1)


def test_the_last_installment_carries_the_dust(plans: Any, buyer: Any, start_plan: Any) -> None:
    terms = Terms(price=10**18 + 5, installments=7)
    plan_id, _ = start_plan(terms)
    _down, _fee, installment, dust = split(terms)
    assert dust != 0
    plans.pay(
        plan_id, 6 * installment, paid_of(plans, plan_id), ANY, sender=buyer, value=6 * installment
    )

    with ape.reverts(plans.InstallmentPlansOverpayment, amount=installment + dust + 1):
        plans.pay(
            plan_id,
            installment + dust + 1,
            paid_of(plans, plan_id),
            ANY,
            sender=buyer,
            value=installment + dust + 1,
        )
    receipt = plans.pay(
        plan_id,
        installment + dust,
        paid_of(plans, plan_id),
        ANY,
        sender=buyer,
        value=installment + dust,
    )

    assert event(plans, receipt, "PlanCompleted")


def test_pay_guards(plans: Any, buyer: Any, keeper: Any, start_plan: Any) -> None:
    plan_id, _ = start_plan()
    total = total_of(Terms())

    with ape.reverts(plans.InstallmentPlansNotBuyer, caller=keeper, buyer=buyer):
        plans.pay(plan_id, 1, paid_of(plans, plan_id), ANY, sender=keeper, value=1)
    with ape.reverts(plans.InstallmentPlansPaymentTooSmall, amount=0, minimum=1):
        plans.pay(plan_id, 0, paid_of(plans, plan_id), ANY, sender=buyer)
    with ape.reverts(plans.InstallmentPlansOverpayment, amount=total + 1, maximum=total):
        plans.pay(plan_id, total + 1, paid_of(plans, plan_id), ANY, sender=buyer, value=total + 1)
    with ape.reverts(plans.PaymentsWrongValue, sent=1, expected=2):
        plans.pay(plan_id, 2, paid_of(plans, plan_id), ANY, sender=buyer, value=1)
    unknown = (int(buyer.address, 16) << 96) | 999
    with ape.reverts(plans.InstallmentPlansUnknownPlan, planId=unknown):
        plans.pay(unknown, 1, paid_of(plans, unknown), ANY, sender=buyer, value=1)


def test_pay_erc20(plans: Any, buyer: Any, token: Any, token_terms: Terms, start_plan: Any) -> None:
    plan_id, _ = start_plan(token_terms)
    installment = plans.getPlan(plan_id).installment
    before = token.balanceOf(plans)

    plans.pay(plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer)

    assert token.balanceOf(plans) - before == installment
    with ape.reverts(plans.PaymentsWrongValue, sent=1, expected=0):
        plans.pay(plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer, value=1)


# ------------------------------------------------------------------ late fees


def test_late_payment_within_grace_pays_the_late_fee_first(
    plans: Any, buyer: Any, start_plan: Any, due: Any, travel: Any
) -> None:
    terms = Terms(late_fee_bps=500)
    plan_id, _ = start_plan(terms)
    installment = plans.getPlan(plan_id).installment
    fee = installment * 500 // BPS
    travel(due(plan_id, 1) + 2 * DAY)

    with ape.reverts(plans.InstallmentPlansPaymentTooSmall, amount=fee, minimum=fee + 1):
        plans.pay(plan_id, fee, paid_of(plans, plan_id), ANY, sender=buyer, value=fee)
    receipt = plans.pay(
        plan_id,
        installment + fee,
        paid_of(plans, plan_id),
        ANY,
        sender=buyer,
        value=installment + fee,
    )

    charged = event(plans, receipt, "LateFeeCharged")
    assert (charged.fee, charged.lateMask) == (fee, 1)
    assert event(plans, receipt, "InstallmentPaid").amount == installment
    plan = plans.getPlan(plan_id)
    assert (plan.paid, plan.lateMask) == (installment, 1)
    assert plans.quote(plan_id).balance == split(terms)[0] + installment + fee


def test_paying_at_the_due_second_is_on_time(
    plans: Any, buyer: Any, start_plan: Any, due: Any, travel: Any
) -> None:
    plan_id, _ = start_plan()
    installment = plans.getPlan(plan_id).installment
    travel(due(plan_id, 1))

    receipt = plans.pay(
        plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer, value=installment
    )

    assert not events(plans, receipt, "LateFeeCharged")


def test_the_payment_window_ends_a_day_after_the_due_date(
    plans: Any, buyer: Any, start_plan: Any, due: Any, travel: Any
) -> None:
    plan_id, _ = start_plan(Terms(installments=3))
    installment = plans.getPlan(plan_id).installment
    fee = installment * 200 // BPS
    travel(due(plan_id, 1) + PAYMENT_WINDOW - 1)  # the window's last second: still on time

    on_time = plans.pay(
        plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer, value=installment
    )
    travel(due(plan_id, 2) + LATE)  # [due, due + window) is on time; its end is late
    late = plans.pay(
        plan_id,
        installment + fee,
        paid_of(plans, plan_id),
        ANY,
        sender=buyer,
        value=installment + fee,
    )

    assert not events(plans, on_time, "LateFeeCharged")
    assert (event(plans, late, "LateFeeCharged").fee, plans.getPlan(plan_id).lateMask) == (
        fee,
        0b10,
    )


def test_late_fee_is_charged_once_per_installment(
    plans: Any, buyer: Any, start_plan: Any, due: Any, travel: Any
) -> None:
    plan_id, _ = start_plan()
    installment = plans.getPlan(plan_id).installment
    fee = installment * 200 // BPS
    travel(due(plan_id, 1) + LATE)
    plans.pay(
        plan_id,
        fee + installment // 2,
        paid_of(plans, plan_id),
        ANY,
        sender=buyer,
        value=fee + installment // 2,
    )

    travel(due(plan_id, 1) + 3 * DAY)
    rest = installment - installment // 2
    receipt = plans.pay(plan_id, rest, paid_of(plans, plan_id), ANY, sender=buyer, value=rest)

    assert not events(plans, receipt, "LateFeeCharged")
    assert plans.getPlan(plan_id).paid == installment


def test_every_overdue_installment_is_charged(
    plans: Any, buyer: Any, start_plan: Any, due: Any, travel: Any
) -> None:
    terms = Terms(installments=3, price=10**18 + 2, grace_period=90 * DAY, late_fee_bps=1_000)
    plan_id, _ = start_plan(terms)
    _down, _fee, installment, dust = split(terms)
    travel(due(plan_id, 3) + LATE)  # all three overdue, the last carries the dust
    fees = 2 * (installment * 1_000 // BPS) + (installment + dust) * 1_000 // BPS
    total = total_of(terms)

    receipt = plans.pay(
        plan_id, total + fees, paid_of(plans, plan_id), ANY, sender=buyer, value=total + fees
    )

    charged = event(plans, receipt, "LateFeeCharged")
    assert (charged.fee, charged.lateMask) == (fees, 0b111)
    assert event(plans, receipt, "PlanCompleted").received == split(terms)[0] + total + fees


# ------------------------------------------------------------------ collect


def test_collect_takes_the_due_installment_from_the_allowance(
    plans: Any,
    buyer: Any,
    keeper: Any,
    token: Any,
    token_terms: Terms,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    plan_id, _ = start_plan(token_terms)
    installment = plans.getPlan(plan_id).installment
    with ape.reverts(plans.InstallmentPlansNothingDue, planId=plan_id, nextDueAt=due(plan_id, 1)):
        plans.collect(plan_id, sender=keeper)
    travel(due(plan_id, 1))
    keeper_before, buyer_before = token.balanceOf(keeper), token.balanceOf(buyer)

    receipt = plans.collect(plan_id, sender=keeper)

    paid = event(plans, receipt, "InstallmentPaid")
    assert (paid.planId, paid.by, paid.amount) == (plan_id, keeper, installment)
    assert token.balanceOf(keeper) == keeper_before  # the collector never receives funds
    assert buyer_before - token.balanceOf(buyer) == installment
    assert plans.getPlan(plan_id).paid == installment


def test_a_keeper_collecting_hours_after_the_due_date_charges_no_late_fee(
    plans: Any, keeper: Any, token_terms: Terms, start_plan: Any, due: Any, travel: Any
) -> None:
    plan_id, _ = start_plan(token_terms)
    installment = plans.getPlan(plan_id).installment
    travel(due(plan_id, 1) + 6 * 60 * 60)  # a keeper polling every few hours

    receipt = plans.collect(plan_id, sender=keeper)

    assert event(plans, receipt, "InstallmentPaid").amount == installment
    assert not events(plans, receipt, "LateFeeCharged")
    assert plans.getPlan(plan_id).lateMask == 0


def test_collect_takes_everything_due_with_late_fees(
    plans: Any, keeper: Any, token_terms: Terms, start_plan: Any, due: Any, travel: Any
) -> None:
    plan_id, _ = start_plan(token_terms.but(grace_period=40 * DAY))
    installment = plans.getPlan(plan_id).installment
    travel(due(plan_id, 2) + LATE)

    receipt = plans.collect(plan_id, sender=keeper)

    assert event(plans, receipt, "InstallmentPaid").amount == 2 * installment
    assert event(plans, receipt, "LateFeeCharged").fee == 2 * (installment * 200 // BPS)


def test_collect_guards(
    plans: Any, buyer: Any, keeper: Any, token_terms: Terms, start_plan: Any
) -> None:
    eth_plan, _ = start_plan()
    token_plan, _ = start_plan(token_terms)
    plans.pay(token_plan, total_of(token_terms), paid_of(plans, token_plan), ANY, sender=buyer)

    with ape.reverts(plans.InstallmentPlansNotErc20Plan, planId=eth_plan):
        plans.collect(eth_plan, sender=keeper)
    with ape.reverts(plans.InstallmentPlansNotActive, planId=token_plan, status=COMPLETED):
        plans.collect(token_plan, sender=keeper)
    with ape.reverts(plans.InstallmentPlansUnknownPlan, planId=77):
        plans.collect(77, sender=keeper)


def test_collect_without_allowance_is_a_missed_payment(
    plans: Any,
    buyer: Any,
    keeper: Any,
    token: Any,
    token_terms: Terms,
    start_plan: Any,
    due: Any,
    mine_at: Any,
) -> None:
    plan_id, _ = start_plan(token_terms)
    token.approve(plans, 0, sender=buyer)
    mine_at(due(plan_id, 1))
    installment = plans.getPlan(plan_id).installment

    assert plans.collect.call(plan_id, sender=keeper) is False
    receipt = plans.collect(plan_id, sender=keeper)

    failed = event(plans, receipt, "CollectionFailed")
    assert (failed.planId, failed.keeper, failed.amount) == (plan_id, keeper, installment)
    assert failed.reason == selector("ERC20InsufficientAllowance(address,uint256,uint256)")
    assert not events(plans, receipt, "InstallmentPaid")
    assert plans.getPlan(plan_id).paid == 0


def test_collect_without_balance_is_a_missed_payment(
    plans: Any,
    buyer: Any,
    keeper: Any,
    token: Any,
    token_terms: Terms,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    plan_id, _ = start_plan(token_terms)
    token.transfer(keeper, token.balanceOf(buyer), sender=buyer)
    travel(due(plan_id, 1))

    receipt = plans.collect(plan_id, sender=keeper)

    failed = event(plans, receipt, "CollectionFailed")
    assert failed.reason == selector("ERC20InsufficientBalance(address,uint256,uint256)")


def test_collect_from_a_token_that_starts_taking_fees_refunds_what_arrived(
    plans: Any,
    buyer: Any,
    keeper: Any,
    attack_token: Any,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    terms = Terms(token=addr(attack_token), price=10**21)
    plan_id, _ = start_plan(terms)
    installment = plans.getPlan(plan_id).installment
    attack_token.setFeeBps(100, sender=buyer)  # the token turns a fee on after the start
    travel(due(plan_id, 1))
    held = attack_token.balanceOf(plans)

    receipt = plans.collect(plan_id, sender=keeper)

    failed = event(plans, receipt, "CollectionFailed")
    assert failed.reason == selector("PaymentsFeeOnTransferToken(address,uint256,uint256)")
    arrived = installment - installment // 100
    assert plans.owed(buyer, attack_token) == arrived
    assert attack_token.balanceOf(plans) == held + arrived
    assert plans.getPlan(plan_id).paid == 0


def test_collect_from_a_frozen_token_fails_quietly(
    plans: Any,
    buyer: Any,
    keeper: Any,
    attack_token: Any,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    plan_id, _ = start_plan(Terms(token=addr(attack_token), price=10**21))
    attack_token.setFrozen(True, sender=buyer)
    travel(due(plan_id, 1))

    receipt = plans.collect(plan_id, sender=keeper)

    assert event(plans, receipt, "CollectionFailed").reason == selector("Error(string)")


def test_collect_works_with_a_token_that_returns_nothing(
    plans: Any, keeper: Any, no_return_token: Any, start_plan: Any, due: Any, travel: Any
) -> None:
    plan_id, _ = start_plan(Terms(token=addr(no_return_token), price=10**12))
    travel(due(plan_id, 1))

    receipt = plans.collect(plan_id, sender=keeper)

    assert event(plans, receipt, "InstallmentPaid").amount == plans.getPlan(plan_id).installment


def test_collect_many_collects_what_it_can_and_skips_the_rest(
    plans: Any,
    buyer: Any,
    buyer2: Any,
    keeper: Any,
    token: Any,
    token_terms: Terms,
    attack_token: Any,
    start_plan: Any,
    due: Any,
    mine_at: Any,
) -> None:
    good, _ = start_plan(token_terms)
    frozen, _ = start_plan(Terms(token=addr(attack_token), price=10**21), sender=buyer2)
    eth_plan, _ = start_plan()
    done, _ = start_plan(token_terms)
    plans.pay(done, total_of(token_terms), paid_of(plans, done), ANY, sender=buyer)
    not_due, _ = start_plan(token_terms.but(interval=60 * 86400))
    # Each plan started in its own block, and anvil stamps blocks with the wall clock, so on
    # a busy machine the later plans fall due seconds after `good`. Move to the last first
    # due date of the plans that must be due, or `frozen` is skipped as not due yet.
    now = max(due(plan_id, 1) for plan_id in (good, frozen, eth_plan))
    assert due(not_due, 1) > now
    mine_at(now)
    attack_token.setFrozen(True, sender=buyer2)
    batch = [good, frozen, eth_plan, done, not_due, 123]

    assert plans.collectMany.call(batch, sender=keeper) == 1
    receipt = plans.collectMany(batch, sender=keeper)

    assert [e.planId for e in events(plans, receipt, "InstallmentPaid")] == [good]
    assert [e.planId for e in events(plans, receipt, "CollectionFailed")] == [frozen]


# ------------------------------------------------------------------ early payoff


def test_pay_off_rebates_the_unearned_financing_fee(
    plans: Any, buyer: Any, recorder: Any, start_plan: Any, due: Any, mine_at: Any
) -> None:
    terms = Terms(price=10**18 + 3, installments=10, financing_fee_bps=2_500)
    plan_id, _ = start_plan(terms)
    down, fee, installment, _dust = split(terms)
    total = total_of(terms)
    plans.pay(
        plan_id, 3 * installment, paid_of(plans, plan_id), ANY, sender=buyer, value=3 * installment
    )
    mine_at(due(plan_id, 2) + DAY)  # two installments due, three paid
    rebate = fee * (total - 3 * installment) // total
    amount = total - 3 * installment - rebate
    assert (plans.quote(plan_id).payoff, plans.quote(plan_id).rebate) == (amount, rebate)

    with ape.reverts(plans.InstallmentPlansWrongPayoff, amount=amount + 1, expected=amount):
        plans.payOff(plan_id, amount + 1, sender=buyer, value=amount + 1)
    receipt = plans.payOff(plan_id, amount, sender=buyer, value=amount)

    paid_off = event(plans, receipt, "PlanPaidOff")
    assert (paid_off.amount, paid_off.rebate) == (amount, rebate)
    assert event(plans, receipt, "PlanCompleted").received == down + total - rebate
    plan = plans.getPlan(plan_id)
    assert (plan.status, plan.paid) == (COMPLETED, total - rebate)
    (deal,) = recorder.DealRecorded.from_receipt(receipt)
    assert deal.value == down + total - rebate


def test_pay_off_charges_late_fees_and_earns_the_fee_of_due_installments(
    plans: Any, buyer: Any, start_plan: Any, due: Any, travel: Any
) -> None:
    terms = Terms(installments=6, grace_period=40 * DAY)  # installment 1 still in its grace
    plan_id, _ = start_plan(terms)
    _down, fee, installment, _dust = split(terms)
    total = total_of(terms)
    travel(due(plan_id, 2) + LATE)  # two installments late, none paid
    late = 2 * (installment * 200 // BPS)
    rebate = fee * (total - 2 * installment) // total
    amount = total - rebate + late

    receipt = plans.payOff(plan_id, amount, sender=buyer, value=amount)

    assert event(plans, receipt, "LateFeeCharged").fee == late
    assert event(plans, receipt, "PlanPaidOff").rebate == rebate


def test_pay_off_guards(plans: Any, buyer: Any, keeper: Any, start_plan: Any) -> None:
    plan_id, _ = start_plan()
    amount = plans.quote(plan_id).payoff

    with ape.reverts(plans.InstallmentPlansNotBuyer, caller=keeper, buyer=buyer):
        plans.payOff(plan_id, amount, sender=keeper, value=amount)
    with ape.reverts(plans.PaymentsWrongValue, sent=0, expected=amount):
        plans.payOff(plan_id, amount, sender=buyer)
    plans.payOff(plan_id, amount, sender=buyer, value=amount)
    with ape.reverts(plans.InstallmentPlansNotActive, planId=plan_id, status=COMPLETED):
        plans.payOff(plan_id, 0, sender=buyer)


def test_layaway_completion_releases_the_escrow(
    plans: Any, seller: Any, buyer: Any, keeper: Any, start_plan: Any
) -> None:
    terms = Terms(mode=LAYAWAY, forfeit_bps=500, installments=4)
    plan_id, _ = start_plan(terms)
    installment = plans.getPlan(plan_id).installment
    plans.pay(plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer, value=installment)
    plans.settleProceeds([plan_id], sender=keeper)
    assert plans.owed(seller, ZERO_ADDRESS) == 0  # escrowed while the plan runs
    received = split(terms)[0] + installment

    amount = plans.quote(plan_id).payoff
    plans.payOff(plan_id, amount, sender=buyer, value=amount)
    plans.settleProceeds([plan_id], sender=keeper)

    gross = received + amount
    assert plans.owed(seller, ZERO_ADDRESS) == gross - gross * FEE_BPS // BPS
    assert plans.getPlan(plan_id).status == COMPLETED


def test_completion_survives_a_broken_recorder(
    plans: Any, buyer: Any, recorder: Any, start_plan: Any
) -> None:
    plan_id, _ = start_plan()
    recorder.setBroken(True, sender=buyer)
    total = total_of(Terms())

    receipt = plans.pay(plan_id, total, paid_of(plans, plan_id), ANY, sender=buyer, value=total)

    assert event(plans, receipt, "PlanCompleted")
    assert recorder.DealRecorded.from_receipt(receipt) == []
    assert plans.getPlan(plan_id).status == COMPLETED


def test_status_constants(plans: Any, start_plan: Any) -> None:
    plan_id, _ = start_plan()
    assert plans.getPlan(plan_id).status == ACTIVE
