"""A reference model of InstallmentPlans for the invariant run: every plan's state and the
pull ledger, updated by the rules in docs/installments.md on top of chain/installments/schedule.py.

The model predicts whether each random operation succeeds and what every balance becomes;
the invariant test checks the chain against it after every step.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from chain.installments import schedule

from .helpers import (
    ACTIVE,
    BPS,
    CANCELLED_BY_BUYER,
    CANCELLED_BY_SELLER,
    COMPLETED,
    DEFAULTED,
    LAYAWAY,
    Terms,
    split,
)


def fee_of(amount: int, bps: int) -> int:
    return amount * bps // BPS


@dataclass
class PlanModel:
    """One plan as the model sees it."""

    plan_id: int
    buyer: str
    seller: str
    terms: Terms
    fee_bps: int
    started_at: int
    down: int = 0
    financing_fee: int = 0
    installment: int = 0
    dust: int = 0
    status: int = ACTIVE
    paid: int = 0
    late_mask: int = 0
    settled: int = 0

    def __post_init__(self) -> None:
        self.down, self.financing_fee, self.installment, self.dust = split(self.terms)

    @property
    def token(self) -> str:
        return self.terms.token

    @property
    def n(self) -> int:
        return self.terms.installments

    @property
    def total(self) -> int:
        return schedule.total(self.installment, self.n, self.dust)

    def late_fees_paid(self) -> int:
        return schedule.late_fees_charged(
            self.installment, self.n, self.dust, self.terms.late_fee_bps, self.late_mask
        )

    def received(self) -> int:
        return self.down + self.paid + self.late_fees_paid()

    def quote(self, now: int) -> schedule.Quote:
        return schedule.quote(
            started_at=self.started_at,
            interval=self.terms.interval,
            grace_period=self.terms.grace_period,
            installment=self.installment,
            installments=self.n,
            dust=self.dust,
            late_fee_bps=self.terms.late_fee_bps,
            late_mask=self.late_mask,
            paid=self.paid,
            financing_fee=self.financing_fee,
            timestamp=now,
        )

    def seller_gross(self) -> int:
        if self.status == CANCELLED_BY_SELLER:
            return self.settled
        if self.terms.mode != LAYAWAY or self.status == COMPLETED:
            return self.received()
        if self.status == ACTIVE:
            return 0
        return self.received() * self.terms.forfeit_bps // BPS

    def balance(self) -> int:
        """Money held for the plan (the contract's quote().balance)."""
        if self.status == ACTIVE and self.terms.mode == LAYAWAY:
            return self.received()
        return self.seller_gross() - self.settled


@dataclass
class Model:
    """All plans plus the pull ledger and the fees, per token."""

    plans: dict[int, PlanModel] = field(default_factory=dict)
    owed: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    fees: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def book(self, plan: PlanModel, applied: int, mask: int) -> bool:
        """A payment of `applied` (plus the late fees behind `mask`); True if it completes."""
        plan.paid += applied
        plan.late_mask = mask
        if plan.paid == plan.total:
            plan.status = COMPLETED
        return plan.status == COMPLETED

    def pay_off(self, plan: PlanModel, now: int) -> int:
        quote = plan.quote(now)
        plan.paid = plan.total - quote.rebate
        plan.late_mask = quote.late_mask
        plan.status = COMPLETED
        return quote.payoff

    def default(self, plan: PlanModel) -> None:
        plan.status = DEFAULTED
        refund = plan.received() - plan.seller_gross()
        self.owed[(plan.buyer, plan.token)] += refund

    def cancel_by_seller(self, plan: PlanModel) -> int:
        """Returns what the seller must pay back."""
        plan.status = CANCELLED_BY_SELLER
        self.owed[(plan.buyer, plan.token)] += plan.received()
        return plan.settled

    def cancel_by_buyer(self, plan: PlanModel) -> int:
        """Returns the refund paid straight to the buyer."""
        plan.status = CANCELLED_BY_BUYER
        return plan.received() - plan.seller_gross()

    def settle(self, plan: PlanModel) -> int:
        """Settle a plan's proceeds; returns the seller's net."""
        gross = plan.seller_gross()
        if gross <= plan.settled:
            return 0
        fee = fee_of(gross, plan.fee_bps) - fee_of(plan.settled, plan.fee_bps)
        net = gross - plan.settled - fee
        plan.settled = gross
        self.fees[plan.token] += fee
        return net

    def totals(self, token: str) -> tuple[int, int, int]:
        held = sum(p.balance() for p in self.plans.values() if p.token == token)
        owed = sum(v for (_, t), v in self.owed.items() if t == token)
        return held, owed, self.fees[token]
