"""The arithmetic of an installment plan, in Python, identical to contracts/libraries/Schedule.sol.

Every function here mirrors one in the Solidity library (same names in snake_case, same
integer divisions, same rounding), plus :func:`quote`, which mirrors the contract's
time-dependent views (``_quote``, ``_payoffNow``, ``_defaultableAt``). Clients use it to
show a schedule or a payoff before asking the chain; tests check it against the contract.

Installments are numbered 1..count. Installment i is ``installment`` for i < count and
``installment + dust`` for i == count; it falls due at ``started_at + i * interval``, is due
from that second on and overdue (late) from :data:`PAYMENT_WINDOW` after it (the on-time
window is ``[due, due + PAYMENT_WINDOW)``), so that a keeper collecting in the next block
does not make the buyer late. The buyer's window closes at ``defaultable_at`` (the first
unpaid installment's due date plus the grace period): paying then reverts with
``InstallmentPlansTooLate`` and ``markDefault`` opens.

Example:
    >>> s = split(price=1_000, down_payment_bps=1_000, financing_fee_bps=1_200, installments=11)
    >>> (s.down_payment, s.financing_fee, s.installment, s.last_installment)
    (100, 108, 91, 98)
    >>> s.down_payment + s.total == 1_000 + s.financing_fee
    True
"""

from __future__ import annotations

from dataclasses import dataclass

BPS = 10_000
PAYMENT_WINDOW = 24 * 60 * 60  # Schedule.PAYMENT_WINDOW: paid this long after due is on time


@dataclass(frozen=True)
class Split:
    """How a price splits into a down payment and installments (``Schedule.split``)."""

    down_payment: int
    financing_fee: int
    installment: int
    dust: int
    installments: int

    @property
    def last_installment(self) -> int:
        """The last installment, which carries the rounding dust."""
        return self.installment + self.dust

    @property
    def total(self) -> int:
        """Sum of all installments (the down payment excluded)."""
        return total(self.installment, self.installments, self.dust)


@dataclass(frozen=True)
class Installment:
    """One row of a schedule."""

    index: int
    due_at: int
    amount: int


@dataclass(frozen=True)
class Quote:
    """Where an active plan stands at a timestamp (the contract's ``quote`` view).

    Attributes:
        total: Sum of all installments.
        due_total: Sum of the installments due by then.
        due: Due and unpaid: what a keeper's ``collect`` takes, plus ``late_fee``.
        late_fee: Late fees any payment made then owes first.
        late_mask: The late-fee mask after charging them.
        payoff: What ``payOff`` takes: outstanding - rebate + late fee.
        rebate: Financing fee an early payoff then waives.
        defaultable_at: First second at which the plan can be marked defaulted.
    """

    total: int
    due_total: int
    due: int
    late_fee: int
    late_mask: int
    payoff: int
    rebate: int
    defaultable_at: int


def split(*, price: int, down_payment_bps: int, financing_fee_bps: int, installments: int) -> Split:
    """Split ``price`` into down payment, financing fee and installments.

    Every division rounds down. The down payment's remainder stays in the financed part and
    the financed total's remainder (``dust < installments``) goes to the last installment,
    so ``down_payment + total == price + financing_fee`` exactly.
    """
    down = price * down_payment_bps // BPS
    financed = price - down
    fee = financed * financing_fee_bps // BPS
    financed_total = financed + fee
    return Split(
        down_payment=down,
        financing_fee=fee,
        installment=financed_total // installments,
        dust=financed_total % installments,
        installments=installments,
    )


def total(installment: int, count: int, dust: int) -> int:
    """Sum of all installments."""
    return installment * count + dust


def amount_of(installment: int, count: int, dust: int, index: int) -> int:
    """Amount of installment ``index`` (1-based)."""
    return installment + dust if index == count else installment


def cumulative(installment: int, count: int, dust: int, k: int) -> int:
    """Sum of the first ``k`` installments."""
    return installment * count + dust if k == count else installment * k


def due_at(started_at: int, interval: int, index: int) -> int:
    """When installment ``index`` falls due."""
    return started_at + index * interval


def counts(started_at: int, interval: int, count: int, timestamp: int) -> tuple[int, int]:
    """How many installments are due (due date <= timestamp) and overdue (due date +
    ``PAYMENT_WINDOW`` <= timestamp)."""
    if timestamp <= started_at:
        return 0, 0
    elapsed = timestamp - started_at
    overdue = (elapsed - PAYMENT_WINDOW) // interval if elapsed >= PAYMENT_WINDOW else 0
    return min(elapsed // interval, count), min(overdue, count)


def paid_count(installment: int, count: int, dust: int, paid: int) -> int:
    """How many installments ``paid`` covers in full, in order."""
    if paid >= installment * count + dust:
        return count
    return min(paid // installment, count - 1)


def late_fees(
    installment: int,
    count: int,
    dust: int,
    late_fee_bps: int,
    late_mask: int,
    first: int,
    last: int,
) -> tuple[int, int]:
    """Late fees of installments ``first..last`` not charged before, and the new mask."""
    if late_fee_bps == 0:
        return 0, late_mask
    fee, mask = 0, late_mask
    for index in range(first, last + 1):
        bit = 1 << (index - 1)
        if mask & bit:
            continue
        mask |= bit
        fee += amount_of(installment, count, dust, index) * late_fee_bps // BPS
    return fee, mask


def late_fees_charged(
    installment: int, count: int, dust: int, late_fee_bps: int, late_mask: int
) -> int:
    """Sum of the late fees charged so far (the installments whose bit is set)."""
    return sum(
        amount_of(installment, count, dust, index) * late_fee_bps // BPS
        for index in range(1, count + 1)
        if late_mask >> (index - 1) & 1
    )


def rebate(financing_fee: int, total_: int, paid: int, due_total: int) -> int:
    """Financing fee an early payoff waives: the share of installments neither due nor paid."""
    return financing_fee * (total_ - max(paid, due_total)) // total_


def schedule(
    *, started_at: int, interval: int, installment: int, installments: int, dust: int
) -> list[Installment]:
    """Every installment of a plan with its due date and amount."""
    return [
        Installment(
            index=i,
            due_at=due_at(started_at, interval, i),
            amount=amount_of(installment, installments, dust, i),
        )
        for i in range(1, installments + 1)
    ]


def quote(
    *,
    started_at: int,
    interval: int,
    grace_period: int,
    installment: int,
    installments: int,
    dust: int,
    late_fee_bps: int,
    late_mask: int,
    paid: int,
    financing_fee: int,
    timestamp: int,
) -> Quote:
    """Where an active plan stands at ``timestamp``: due, late fees, payoff, default time."""
    n = installments
    k_due, k_overdue = counts(started_at, interval, n, timestamp)
    total_ = total(installment, n, dust)
    due_total = cumulative(installment, n, dust, k_due)
    fee, mask = 0, late_mask
    if k_overdue and late_fee_bps and paid < cumulative(installment, n, dust, k_overdue):
        first = paid_count(installment, n, dust, paid) + 1
        fee, mask = late_fees(installment, n, dust, late_fee_bps, late_mask, first, k_overdue)
    waived = rebate(financing_fee, total_, paid, due_total)
    next_index = paid_count(installment, n, dust, paid) + 1
    return Quote(
        total=total_,
        due_total=due_total,
        due=max(due_total - paid, 0),
        late_fee=fee,
        late_mask=mask,
        payoff=total_ - paid - waived + fee,
        rebate=waived,
        defaultable_at=due_at(started_at, interval, next_index) + grace_period,
    )
