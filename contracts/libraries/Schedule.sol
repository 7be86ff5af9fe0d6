// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Schedule
/// @notice The arithmetic of an installment plan, in one place: how a price splits into a
/// down payment and installments, when installments fall due, which late fees apply and what
/// an early payoff rebates. Pure functions over plain numbers; chain/installments/schedule.py mirrors them
/// line for line and tests/contracts check the two against each other.
/// @dev Installments are numbered 1..count. Installment i is `installment` for i < count and
/// `installment + dust` for i == count; it falls due at `startedAt + i * interval`, is *due*
/// from that second on and *overdue* (late) from `PAYMENT_WINDOW` after it: the on-time window
/// is [due, due + PAYMENT_WINDOW), like every window of the contract. The window lets a keeper collect from the allowance after the due date, in whatever
/// block comes next, without the buyer owing a late fee.
library Schedule {
    uint256 internal constant BPS = 10_000;
    /// @notice How long after its due date an installment may still be paid on time. Not more
    /// than the shortest grace period, so a plan is never in default before it is late.
    uint256 internal constant PAYMENT_WINDOW = 1 days;

    /// @notice Split a price into the down payment, the financing fee and the installments.
    /// @dev Every division rounds down. The down payment's remainder stays in the financed
    /// part and the financed total's remainder (`dust < count`) goes to the last installment,
    /// so `down + installment * count + dust == price + financingFee` exactly.
    /// @return down Paid at start.
    /// @return financingFee `financingFeeBps` of the financed part (price - down).
    /// @return installment Each installment but the last.
    /// @return dust Added to the last installment.
    function split(uint256 price, uint256 downPaymentBps, uint256 financingFeeBps, uint256 count)
        internal
        pure
        returns (uint256 down, uint256 financingFee, uint256 installment, uint256 dust)
    {
        down = price * downPaymentBps / BPS;
        uint256 financed = price - down;
        financingFee = financed * financingFeeBps / BPS;
        uint256 total_ = financed + financingFee;
        installment = total_ / count;
        dust = total_ % count;
    }

    /// @notice Sum of all installments (the down payment excluded).
    function total(uint256 installment, uint256 count, uint256 dust) internal pure returns (uint256) {
        return installment * count + dust;
    }

    /// @notice Amount of installment `index` (1-based).
    function amountOf(uint256 installment, uint256 count, uint256 dust, uint256 index)
        internal
        pure
        returns (uint256)
    {
        return index == count ? installment + dust : installment;
    }

    /// @notice Sum of the first `k` installments.
    function cumulative(uint256 installment, uint256 count, uint256 dust, uint256 k) internal pure returns (uint256) {
        return k == count ? installment * count + dust : installment * k;
    }

    /// @notice When installment `index` falls due.
    function dueAt(uint256 startedAt, uint256 interval, uint256 index) internal pure returns (uint256) {
        return startedAt + index * interval;
    }

    /// @notice How many installments have fallen due at `timestamp` (due date <= timestamp)
    /// and how many are overdue (due date + PAYMENT_WINDOW <= timestamp).
    function counts(uint256 startedAt, uint256 interval, uint256 count, uint256 timestamp)
        internal
        pure
        returns (uint256 due, uint256 overdue)
    {
        if (timestamp <= startedAt) return (0, 0);
        // Cannot underflow: timestamp > startedAt, so elapsed >= 1. interval >= 1 day, never 0.
        unchecked {
            uint256 elapsed = timestamp - startedAt;
            due = elapsed / interval;
            overdue = elapsed >= PAYMENT_WINDOW ? (elapsed - PAYMENT_WINDOW) / interval : 0;
        }
        if (due > count) due = count;
        if (overdue > count) overdue = count;
    }

    /// @notice How many installments `paid` covers in full, in order.
    /// @dev When `paid` reaches `count * installment` but not the total, the last installment
    /// (which carries the dust) is still open, so the count stops at `count - 1`.
    function paidCount(uint256 installment, uint256 count, uint256 dust, uint256 paid) internal pure returns (uint256) {
        if (paid >= installment * count + dust) return count;
        uint256 k = paid / installment;
        return k < count ? k : count - 1;
    }

    /// @notice Late fees due with a payment: the fee of every installment from `first` to
    /// `last` (the overdue ones not yet paid in full) that was not charged before.
    /// @dev Each installment is charged at most once, tracked by bit i-1 of `lateMask`. The
    /// loop runs at most `count <= 24` times, and not at all for a payment on time.
    /// @return fee Total late fee, each installment's rounded down.
    /// @return newMask `lateMask` with the charged installments' bits set.
    function lateFees(
        uint256 installment,
        uint256 count,
        uint256 dust,
        uint256 lateFeeBps,
        uint256 lateMask,
        uint256 first,
        uint256 last
    ) internal pure returns (uint256 fee, uint256 newMask) {
        newMask = lateMask;
        if (lateFeeBps == 0) return (0, newMask);
        for (uint256 i = first; i <= last; ++i) {
            uint256 bit = 1 << (i - 1);
            if (newMask & bit != 0) continue;
            newMask |= bit;
            fee += amountOf(installment, count, dust, i) * lateFeeBps / BPS;
        }
    }

    /// @notice Sum of the late fees charged so far (the installments whose bit is set).
    function lateFeesCharged(uint256 installment, uint256 count, uint256 dust, uint256 lateFeeBps, uint256 lateMask)
        internal
        pure
        returns (uint256 fee)
    {
        for (uint256 i = 1; lateMask != 0; ++i) {
            if (lateMask & 1 != 0) fee += amountOf(installment, count, dust, i) * lateFeeBps / BPS;
            lateMask >>= 1;
        }
    }

    /// @notice The financing fee an early payoff waives: the fee's pro-rata share of the
    /// installments that are neither due nor paid yet, rounded down.
    /// @dev The financing fee is spread over the schedule in proportion to the amounts, and
    /// an installment's share counts as earned once it falls due or is paid. `dueTotal` is
    /// the sum of the installments due now; what is unearned is `total - max(paid, dueTotal)`.
    function rebate(uint256 financingFee, uint256 total_, uint256 paid, uint256 dueTotal)
        internal
        pure
        returns (uint256)
    {
        uint256 earned = paid > dueTotal ? paid : dueTotal;
        return financingFee * (total_ - earned) / total_;
    }
}
