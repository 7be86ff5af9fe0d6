"""Property tests of the schedule arithmetic: the Python mirror (chain/installments/schedule.py)
against the definitions written out independently in helpers and against the contract's
previewSchedule and quote views."""

from __future__ import annotations

import random
from typing import Any

import ape
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chain.installments import schedule

from .helpers import ANY, BPS, DAY, LAYAWAY, Terms, paid_of, split

terms_fields = st.fixed_dictionaries(
    {
        "price": st.integers(min_value=1, max_value=2**88),
        "down_payment_bps": st.integers(min_value=0, max_value=9_000),
        "financing_fee_bps": st.integers(min_value=0, max_value=3_000),
        "installments": st.integers(min_value=2, max_value=24),
    }
)
FAST = settings(max_examples=500, deadline=None)
CHAIN = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _split(fields: dict[str, int]) -> schedule.Split:
    return schedule.split(**fields)


@FAST
@given(terms_fields)
def test_down_payment_plus_installments_is_price_plus_fee(fields: dict[str, int]) -> None:
    s = _split(fields)
    rows = [
        schedule.amount_of(s.installment, s.installments, s.dust, i)
        for i in range(1, s.installments + 1)
    ]

    assert s.down_payment + sum(rows) == fields["price"] + s.financing_fee
    assert s.total == sum(rows)
    assert (s.down_payment, s.financing_fee, s.installment, s.dust) == split(Terms(**fields))


@FAST
@given(terms_fields)
def test_installments_are_positive_and_dust_is_in_the_last(fields: dict[str, int]) -> None:
    s = _split(fields)
    assume(s.installment > 0)  # the contract rejects these terms (InstallmentTooSmall)
    rows = [
        schedule.amount_of(s.installment, s.installments, s.dust, i)
        for i in range(1, s.installments + 1)
    ]

    assert min(rows) > 0
    assert 0 <= s.dust < s.installments
    assert set(rows[:-1]) == {s.installment} and rows[-1] == s.installment + s.dust
    assert max(rows) - min(rows) < s.installments  # rounding never distorts the plan


@FAST
@given(terms_fields)
def test_fee_and_down_payment_round_in_the_buyers_favour(fields: dict[str, int]) -> None:
    s = _split(fields)
    price = fields["price"]

    assert s.down_payment * BPS <= price * fields["down_payment_bps"]
    assert s.financing_fee * BPS <= (price - s.down_payment) * fields["financing_fee_bps"]
    assert s.financing_fee <= (price - s.down_payment) * 3 // 10


@FAST
@given(
    st.integers(min_value=0, max_value=2**40),
    st.integers(min_value=DAY, max_value=180 * DAY),
    st.integers(min_value=2, max_value=24),
    st.integers(min_value=0, max_value=30 * 180 * DAY),
)
def test_due_and_overdue_counts(start: int, interval: int, count: int, elapsed: int) -> None:
    due, overdue = schedule.counts(start, interval, count, start + elapsed)

    assert 0 <= overdue <= due <= count
    assert due == sum(
        1 for i in range(1, count + 1) if schedule.due_at(start, interval, i) <= start + elapsed
    )
    late_from = start + elapsed - schedule.PAYMENT_WINDOW  # overdue: due before this second
    assert overdue == sum(
        1 for i in range(1, count + 1) if schedule.due_at(start, interval, i) < late_from
    )


@FAST
@given(terms_fields, st.data())
def test_paid_count_counts_whole_installments(fields: dict[str, int], data: Any) -> None:
    s = _split(fields)
    assume(s.installment > 0)
    k = data.draw(st.integers(min_value=0, max_value=s.installments))
    paid = schedule.cumulative(s.installment, s.installments, s.dust, k)

    assert schedule.paid_count(s.installment, s.installments, s.dust, paid) == k
    if paid:
        assert schedule.paid_count(s.installment, s.installments, s.dust, paid - 1) == k - 1


@FAST
@given(terms_fields, st.integers(min_value=0, max_value=1_000), st.data())
def test_late_fees_are_charged_once(fields: dict[str, int], bps: int, data: Any) -> None:
    s = _split(fields)
    assume(s.installment > 0)
    first = data.draw(st.integers(min_value=1, max_value=s.installments))
    last = data.draw(st.integers(min_value=first - 1, max_value=s.installments))

    fee, mask = schedule.late_fees(s.installment, s.installments, s.dust, bps, 0, first, last)
    again, same = schedule.late_fees(s.installment, s.installments, s.dust, bps, mask, first, last)

    assert (again, same) == (0, mask)
    if bps:
        assert mask == sum(1 << (i - 1) for i in range(first, last + 1))
    assert fee == schedule.late_fees_charged(s.installment, s.installments, s.dust, bps, mask)
    assert fee * BPS <= bps * schedule.cumulative(s.installment, s.installments, s.dust, last)


@FAST
@given(terms_fields, st.data())
def test_rebate_is_the_fee_share_of_what_is_neither_due_nor_paid(
    fields: dict[str, int], data: Any
) -> None:
    s = _split(fields)
    assume(s.installment > 0)
    total = s.total
    paid = data.draw(st.integers(min_value=0, max_value=total - 1))
    due_total = schedule.cumulative(
        s.installment, s.installments, s.dust, data.draw(st.integers(0, s.installments))
    )

    rebate = schedule.rebate(s.financing_fee, total, paid, due_total)

    assert 0 <= rebate <= s.financing_fee
    assert rebate < total - paid  # an early payoff always pays something
    assert rebate == s.financing_fee * (total - max(paid, due_total)) // total
    assert schedule.rebate(s.financing_fee, total, total, 0) == 0


# ------------------------------------------------------------------ against the contract


@CHAIN
@given(terms_fields)
def test_contract_preview_matches_python(plans: Any, fields: dict[str, int]) -> None:
    terms = Terms(**fields)
    s = _split(fields)
    if s.installment == 0:
        with ape.reverts(plans.InstallmentPlansInstallmentTooSmall):
            plans.previewSchedule(terms.abi())
        return

    assert tuple(plans.previewSchedule(terms.abi())) == (
        s.down_payment,
        s.financing_fee,
        s.installment,
        s.last_installment,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_contract_quote_matches_python_through_a_random_plan_life(
    plans: Any, buyer: Any, start_plan: Any, mine_at: Any, chain: Any, seed: int
) -> None:
    rng = random.Random(seed)
    terms = Terms(
        price=rng.randrange(10**15, 10**19),
        installments=rng.randrange(2, 25),
        interval=rng.randrange(DAY, 60 * DAY),
        grace_period=rng.randrange(DAY, 90 * DAY),
        late_fee_bps=rng.randrange(0, 1_001),
        financing_fee_bps=rng.randrange(0, 3_001),
    )
    plan_id, _ = start_plan(terms)
    now = chain.blocks.head.timestamp
    for _ in range(12):
        now += rng.randrange(0, 2 * terms.interval)
        mine_at(now)
        plan = plans.getPlan(plan_id)
        if plan.status != 1:
            break
        local = schedule.quote(
            started_at=plan.startedAt,
            interval=plan.interval,
            grace_period=plan.gracePeriod,
            installment=plan.installment,
            installments=plan.installments,
            dust=plan.lastInstallment - plan.installment,
            late_fee_bps=plan.lateFeeBps,
            late_mask=plan.lateMask,
            paid=plan.paid,
            financing_fee=plan.financingFee,
            timestamp=now,
        )
        quote = plans.quote(plan_id)
        assert (quote.due, quote.lateFee, quote.payoff, quote.rebate, quote.defaultableAt) == (
            local.due,
            local.late_fee,
            local.payoff,
            local.rebate,
            local.defaultable_at,
        )
        outstanding = local.total - plan.paid
        amount = local.late_fee + rng.randrange(1, outstanding + 1)
        chain.pending_timestamp = now  # pay in the same second the quote was taken
        if now >= local.defaultable_at:  # the buyer's window has closed: default's turn
            with ape.reverts(plans.InstallmentPlansTooLate, deadline=local.defaultable_at):
                plans.pay(plan_id, amount, plan.paid, local.late_fee, sender=buyer, value=amount)
            break
        receipt = plans.pay(
            plan_id, amount, paid_of(plans, plan_id), ANY, sender=buyer, value=amount
        )
        charged = list(plans.LateFeeCharged.from_receipt(receipt))
        assert (charged[0].fee if charged else 0) == local.late_fee
        assert plans.getPlan(plan_id).lateMask == local.late_mask


# ------------------------------------------------------------------ docs/installments.md

EXAMPLE = {
    "price": 1_000_000_000,
    "down_payment_bps": 1_000,
    "installments": 11,
    "interval": 30 * DAY,
    "financing_fee_bps": 1_200,
    "grace_period": 5 * DAY,
    "late_fee_bps": 200,
}


def test_docs_worked_example(
    plans: Any,
    seller: Any,
    buyer: Any,
    keeper: Any,
    token: Any,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    plan_id, _ = start_plan(Terms(token=token.address, **EXAMPLE))
    plan = plans.getPlan(plan_id)
    assert (plan.downPayment, plan.financingFee) == (100_000_000, 108_000_000)
    assert (plan.installment, plan.lastInstallment) == (91_636_363, 91_636_370)
    for index in (1, 2, 3, 4):
        late = 2 * DAY if index == 3 else 0
        travel(due(plan_id, index) + late)
        fee = 1_832_727 if index == 3 else 0
        receipt = plans.pay(plan_id, 91_636_363 + fee, paid_of(plans, plan_id), ANY, sender=buyer)
        charged = plans.LateFeeCharged.from_receipt(receipt)
        assert (charged[0].fee if charged else 0) == fee
    travel(plan.startedAt + 130 * DAY)

    receipt = plans.payOff(plan_id, 572_727_275, sender=buyer)

    paid_off = plans.PlanPaidOff.from_receipt(receipt)[0]
    completed = plans.PlanCompleted.from_receipt(receipt)[0]
    assert (paid_off.amount, paid_off.rebate) == (572_727_275, 68_727_273)
    assert (completed.received, completed.platformFee) == (1_041_105_454, 26_027_636)
    plans.settleProceeds([plan_id], sender=keeper)
    assert plans.owed(seller, token) == 1_015_077_818


def test_docs_layaway_example(
    plans: Any, buyer: Any, keeper: Any, token: Any, start_plan: Any, due: Any, travel: Any
) -> None:
    terms = Terms(token=token.address, mode=LAYAWAY, forfeit_bps=1_000, **EXAMPLE)
    plan_id, _ = start_plan(terms)
    plans.pay(plan_id, 3 * 91_636_363, paid_of(plans, plan_id), ANY, sender=buyer)
    available = due(plan_id, 4) + 5 * DAY
    assert plans.quote(plan_id).defaultableAt == available
    travel(available)

    receipt = plans.markDefault(plan_id, sender=keeper)

    defaulted = plans.PlanDefaulted.from_receipt(receipt)[0]
    assert (defaulted.sellerAmount, defaulted.refund) == (37_490_908, 337_418_181)
