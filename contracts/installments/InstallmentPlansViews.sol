// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InstallmentPlansBase} from "./InstallmentPlansBase.sol";
import {IInstallmentPlans} from "../interfaces/IInstallmentPlans.sol";
import {DeliveryMode, PlanState, PlanStatus, PlanTerms} from "../types/Plan.sol";
import {Schedule} from "../libraries/Schedule.sol";

/// @title InstallmentPlansViews
/// @notice Read access to listings, plans and schedules, and the time-dependent quantities
/// (what is due, the late fees, the payoff) that payments and views share.
abstract contract InstallmentPlansViews is InstallmentPlansBase {
    // ------------------------------------------------------------------ views

    /// @inheritdoc IInstallmentPlans
    function getListing(uint256 listingId) external view returns (ListingView memory) {
        Listing memory l = _listing(listingId);
        return
            ListingView({seller: l.seller, status: l.status, stock: l.stock, feeBps: l.feeBps, terms: _termsOf(listingId)});
    }

    /// @inheritdoc IInstallmentPlans
    function getPlan(uint256 planId) external view returns (PlanView memory v) {
        PlanState s = _plan(planId).state;
        if (s.status() == PlanStatus.None) return v;
        PlanCore memory core = _plan(planId).core;
        PlanParties memory parties = _plan(planId).parties;
        PlanBook memory book = _plan(planId).book;
        uint256 n = s.installments();
        v = PlanView({
            buyer: _buyerOf(planId),
            seller: parties.seller,
            token: core.token,
            status: s.status(),
            mode: s.mode(),
            downPayment: parties.downPayment,
            financingFee: book.financingFee,
            installment: core.installment,
            lastInstallment: uint256(core.installment) + s.dust(),
            installments: n,
            interval: s.interval(),
            gracePeriod: s.gracePeriod(),
            lateFeeBps: s.lateFeeBps(),
            forfeitBps: book.forfeitBps,
            feeBps: book.feeBps,
            startedAt: s.startedAt(),
            paid: s.paid(),
            lateMask: s.lateMask(),
            settled: book.settled
        });
    }

    /// @inheritdoc IInstallmentPlans
    function quote(uint256 planId) external view returns (PlanQuote memory q) {
        Plan storage p = _plan(planId);
        PlanState s = p.state;
        PlanBook memory book = p.book;
        uint256 installment = p.core.installment;
        uint256 received = _received(s, installment, p.parties.downPayment);
        if (s.status() != PlanStatus.Active) {
            q.balance = _sellerGross(s, received, book) - book.settled;
            return q;
        }
        q.balance = s.mode() == DeliveryMode.Layaway ? received : received - book.settled;
        (, uint256 dueTotal,,,) = _quote(s, installment);
        if (dueTotal > s.paid()) q.due = dueTotal - s.paid();
        (q.payoff, q.rebate, q.lateFee,,) = _payoffNow(s, installment, book.financingFee);
        q.defaultableAt = _defaultableAt(s, installment);
    }

    /// @inheritdoc IInstallmentPlans
    function previewSchedule(PlanTerms calldata terms)
        external
        view
        returns (uint256 downPayment, uint256 financingFee, uint256 installment, uint256 lastInstallment)
    {
        uint256 dust;
        (downPayment, financingFee, installment, dust) = _checkTerms(terms);
        lastInstallment = installment + dust;
    }

    /// @inheritdoc IInstallmentPlans
    function buyerOf(uint256 planId) external pure returns (address) {
        return _buyerOf(planId);
    }

    /// @inheritdoc IInstallmentPlans
    function isNonceUsed(address seller, uint256 nonce) external view returns (bool) {
        return _isNonceUsed(seller, nonce);
    }

    /// @inheritdoc IInstallmentPlans
    function config() external view returns (ConfigView memory) {
        PlatformConfig memory cfg = _platformConfig();
        return ConfigView({
            feeBps: cfg.feeBps,
            feeRecipient: _feeRecipient(),
            dealRecorder: cfg.dealRecorder,
            paused: cfg.paused,
            planCount: cfg.extra
        });
    }

    // ------------------------------------------------------------------ shared arithmetic

    /// @dev Where a plan stands now: the schedule's total, the sum of the installments due,
    /// the late fees a payment made now owes, the late-fee mask after charging them, and
    /// `lapsedAt`: the buyer's deadline (see _defaultableAt) if it has passed, else 0.
    /// This is the hot path of every payment, so it skips the late-fee scan and the deadline
    /// when nothing overdue is unpaid (a passed deadline implies that: grace >= the payment
    /// window) and does its arithmetic unchecked where the bounds are proven.
    function _quote(PlanState s, uint256 installment)
        internal
        view
        returns (uint256 total, uint256 dueTotal, uint256 lateFee, uint256 mask, uint256 lapsedAt)
    {
        uint256 n = s.installments();
        uint256 dust = s.dust();
        (uint256 kDue, uint256 kOverdue) = Schedule.counts(s.startedAt(), s.interval(), n, block.timestamp);
        // Cannot overflow: _checkTerms capped installment * n + dust at type(uint96).max, and
        // kDue <= n.
        unchecked {
            total = installment * n + dust;
            dueTotal = kDue == n ? total : installment * kDue;
        }
        mask = s.lateMask();
        if (kOverdue == 0) return (total, dueTotal, 0, mask, 0);
        // Every overdue installment paid in full (the usual case): no late fee, no scan.
        uint256 paid = s.paid();
        if (paid >= Schedule.cumulative(installment, n, dust, kOverdue)) return (total, dueTotal, 0, mask, 0);
        uint256 first = Schedule.paidCount(installment, n, dust, paid) + 1;
        uint256 deadline = Schedule.dueAt(s.startedAt(), s.interval(), first) + s.gracePeriod();
        if (block.timestamp >= deadline) lapsedAt = deadline;
        if (s.lateFeeBps() != 0) {
            (lateFee, mask) = Schedule.lateFees(installment, n, dust, s.lateFeeBps(), mask, first, kOverdue);
        }
    }

    /// @dev An early payoff now: the amount to pay, the rebate, the late fees in it and the
    /// late-fee mask after charging them.
    function _payoffNow(PlanState s, uint256 installment, uint256 financingFee)
        internal
        view
        returns (uint256 amount, uint256 rebate, uint256 lateFee, uint256 mask, uint256 lapsedAt)
    {
        uint256 total;
        uint256 dueTotal;
        (total, dueTotal, lateFee, mask, lapsedAt) = _quote(s, installment);
        rebate = Schedule.rebate(financingFee, total, s.paid(), dueTotal);
        amount = total - s.paid() - rebate + lateFee;
    }

    /// @dev Due date of the first installment not paid in full (0 once all are paid).
    function _nextDueAt(PlanState s, uint256 installment) internal pure returns (uint256) {
        uint256 n = s.installments();
        uint256 k = Schedule.paidCount(installment, n, s.dust(), s.paid());
        return k == n ? 0 : Schedule.dueAt(s.startedAt(), s.interval(), k + 1);
    }

    /// @dev The buyer's deadline, at which an active plan can be marked defaulted: the due
    /// date of the first installment not paid in full plus the grace period. The buyer's
    /// window (pay, payOff, cancelByBuyer, and keepers' collect for it) is [start, deadline).
    function _defaultableAt(PlanState s, uint256 installment) internal pure returns (uint256) {
        return _nextDueAt(s, installment) + s.gracePeriod();
    }

    /// @dev Guard: the buyer's window is still open (see _defaultableAt).
    function _requireBeforeDefault(PlanState s, uint256 installment) internal view {
        uint256 deadline = _defaultableAt(s, installment);
        if (block.timestamp >= deadline) revert InstallmentPlansTooLate(block.timestamp, deadline);
    }
}
