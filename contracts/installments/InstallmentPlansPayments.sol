// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {InstallmentPlansListings} from "./InstallmentPlansListings.sol";
import {IInstallmentPlans} from "../interfaces/IInstallmentPlans.sol";
import {PlanState, PlanStatus} from "../types/Plan.sol";
import {Payments} from "../libraries/Payments.sol";

/// @title InstallmentPlansPayments
/// @notice Installment payments: by the buyer, collected by keepers, or all at once as an
/// early payoff. The hot path reads two slots (a plan's `core` and `state`) and writes one.
abstract contract InstallmentPlansPayments is InstallmentPlansListings {
    /// @dev Gas each token call of a collection may use at most: the transferFrom, and each
    /// of the two balance reads around it. A seller chooses the token, so a hostile one
    /// (burning all gas, reverting with or returning huge data) costs a keeper's batch at
    /// most these per plan and is reported as a failed collection; the batch goes on. An
    /// ordinary ERC-20, even a proxied one with cold storage, needs well under half.
    uint256 internal constant _TRANSFER_GAS = 100_000;
    uint256 internal constant _BALANCE_GAS = 30_000;

    /// @dev Why a plan had nothing to collect: {collect} reverts with the matching error,
    /// {collectMany} moves on to the next plan.
    enum Skip {
        None,
        NotActive,
        NotErc20,
        NothingDue,
        TooLate
    }

    /// @inheritdoc IInstallmentPlans
    function pay(uint256 planId, uint256 amount, uint256 expectedPaid, uint256 maxLateFee)
        external
        payable
        nonReentrant
    {
        address buyer = _buyerOf(planId);
        if (msg.sender != buyer) revert InstallmentPlansNotBuyer(msg.sender, buyer);
        Plan storage p = _plan(planId);
        PlanState s = p.state;
        _requireActive(planId, s);
        // The buyer's commitment: the schedule as it saw it (a keeper's collect mined first
        // must not make this a second payment) and the late fee it saw (a fee that appears
        // between signing and mining must not be taken out of the payment).
        if (s.paid() != expectedPaid) revert InstallmentPlansPaidChanged(planId, expectedPaid, s.paid());
        (address token, uint256 installment) = (p.core.token, p.core.installment);
        (uint256 total,, uint256 lateFee, uint256 mask, uint256 lapsedAt) = _quote(s, installment);
        if (lapsedAt != 0) revert InstallmentPlansTooLate(block.timestamp, lapsedAt);
        if (lateFee > maxLateFee) revert InstallmentPlansLateFeeAboveMax(planId, lateFee, maxLateFee);
        if (amount <= lateFee) revert InstallmentPlansPaymentTooSmall(amount, lateFee + 1);
        uint256 outstanding = total - s.paid();
        // Cannot underflow: amount > lateFee, checked above.
        uint256 applied;
        unchecked {
            applied = amount - lateFee;
        }
        if (applied > outstanding) revert InstallmentPlansOverpayment(amount, lateFee + outstanding);

        _book(p, planId, s, token, installment, applied, lateFee, mask, applied == outstanding);
        Payments.pullExact(token, msg.sender, amount);
    }

    /// @inheritdoc IInstallmentPlans
    function collect(uint256 planId) external nonReentrant returns (bool collected) {
        Skip skip;
        (collected, skip) = _collect(planId);
        if (skip != Skip.None) _revertSkipped(planId, skip);
    }

    /// @inheritdoc IInstallmentPlans
    /// @dev Each plan's token calls are capped (_TRANSFER_GAS, _BALANCE_GAS), so one hostile
    /// token costs the batch a bounded amount of gas and only its own collection; the
    /// guard set here covers every token call of the batch (none can reenter).
    function collectMany(uint256[] calldata planIds) external nonReentrant returns (uint256 collected) {
        for (uint256 i; i < planIds.length; ++i) {
            (bool ok,) = _collect(planIds[i]);
            if (ok) ++collected;
        }
    }

    /// @inheritdoc IInstallmentPlans
    function payOff(uint256 planId, uint256 amount) external payable nonReentrant {
        address buyer = _buyerOf(planId);
        if (msg.sender != buyer) revert InstallmentPlansNotBuyer(msg.sender, buyer);
        Plan storage p = _plan(planId);
        PlanState s = p.state;
        _requireActive(planId, s);
        (address token, uint256 installment) = (p.core.token, p.core.installment);
        (uint256 expected, uint256 rebate, uint256 lateFee, uint256 mask, uint256 lapsedAt) =
            _payoffNow(s, installment, p.book.financingFee);
        if (lapsedAt != 0) revert InstallmentPlansTooLate(block.timestamp, lapsedAt);
        if (amount != expected) revert InstallmentPlansWrongPayoff(amount, expected);

        // Cannot underflow: expected includes lateFee.
        uint256 applied = amount - lateFee;
        if (mask != s.lateMask()) emit LateFeeCharged(planId, lateFee, mask);
        s = s.withPayment(s.paid() + applied, mask, PlanStatus.Completed);
        p.state = s;
        emit PlanPaidOff(planId, applied, rebate);
        _complete(planId, s, token, installment);
        Payments.pullExact(token, msg.sender, amount);
    }

    /// @dev One collection of everything due (and its late fees) from the buyer's allowance.
    /// Nothing here reverts because of the token: a failed transfer is a missed payment.
    /// The transfer runs before the booking (the money must be in first); the caller's
    /// reentrancy guard covers the token calls, the only external code that runs before it.
    /// If the token moves the amount but the contract receives a different one (a fee on
    /// transfer), nothing is booked and what arrived is credited back to the buyer.
    /// @return collected Whether the payment was booked.
    /// @return skip Why nothing was attempted (None when a transfer was attempted).
    function _collect(uint256 planId) private returns (bool collected, Skip skip) {
        Plan storage p = _plan(planId);
        PlanState s = p.state;
        if (s.status() != PlanStatus.Active) return (false, Skip.NotActive);
        (address token, uint256 installment) = (p.core.token, p.core.installment);
        if (token == address(0)) return (false, Skip.NotErc20);
        (uint256 total, uint256 dueTotal, uint256 lateFee, uint256 mask, uint256 lapsedAt) = _quote(s, installment);
        uint256 paid = s.paid();
        if (dueTotal <= paid) return (false, Skip.NothingDue);
        // Past the buyer's deadline the plan is the permissionless default's, not a keeper's.
        if (lapsedAt != 0) return (false, Skip.TooLate);
        uint256 due;
        // Cannot underflow: dueTotal > paid, checked above. due + lateFee is at most what
        // the plan can ever receive, capped at type(uint96).max by _checkTerms.
        unchecked {
            due = dueTotal - paid;
        }
        uint256 amount = due + lateFee;
        address buyer = _buyerOf(planId);

        (bool ok, uint256 balanceBefore) = _balanceOf(token);
        if (ok) ok = _tryTransferFrom(token, buyer, amount);
        if (!ok) {
            emit CollectionFailed(planId, msg.sender, amount, _revertSelector());
            return (false, Skip.None);
        }
        (bool counted, uint256 balanceAfter) = _balanceOf(token);
        // Unchecked: both balances are whatever the token reports; a sum that wraps cannot
        // match a real balance, so it is reported as a mismatch like any other.
        bool exact;
        unchecked {
            exact = counted && balanceAfter == balanceBefore + amount;
        }
        if (!exact) {
            _refundShortfall(planId, token, buyer, amount, counted, balanceBefore, balanceAfter);
            return (false, Skip.None);
        }
        _book(p, planId, s, token, installment, due, lateFee, mask, dueTotal == total);
        return (true, Skip.None);
    }

    /// @dev A transfer went through but delivered a different amount than asked: book
    /// nothing, credit the buyer with what arrived (at most `amount`; everything asked if the
    /// balance cannot be read back), and report the collection failed.
    function _refundShortfall(
        uint256 planId,
        address token,
        address buyer,
        uint256 amount,
        bool counted,
        uint256 balanceBefore,
        uint256 balanceAfter
    ) private {
        uint256 arrived = amount;
        if (counted) arrived = balanceAfter > balanceBefore ? balanceAfter - balanceBefore : 0;
        if (arrived > amount) arrived = amount;
        if (arrived != 0) _owedLedger()[buyer][token] += arrived;
        emit CollectionFailed(planId, msg.sender, amount, Payments.PaymentsFeeOnTransferToken.selector);
    }

    /// @dev Book a payment of `applied` (plus `lateFee`) and complete the plan if it is paid in full.
    function _book(
        Plan storage p,
        uint256 planId,
        PlanState s,
        address token,
        uint256 installment,
        uint256 applied,
        uint256 lateFee,
        uint256 mask,
        bool paidInFull
    ) private {
        // Cannot overflow: paid + applied is at most the schedule's total (< 2^96).
        uint256 paid;
        unchecked {
            paid = s.paid() + applied;
        }
        if (mask != s.lateMask()) emit LateFeeCharged(planId, lateFee, mask);
        s = s.withPayment(paid, mask, paidInFull ? PlanStatus.Completed : PlanStatus.Active);
        p.state = s;
        emit InstallmentPaid(planId, msg.sender, applied);
        if (paidInFull) _complete(planId, s, token, installment);
    }

    /// @dev A plan was paid in full: announce it and record the deal for reviews. The
    /// seller's proceeds (a layaway plan's whole escrow) become settleable through _sellerGross.
    function _complete(uint256 planId, PlanState s, address token, uint256 installment) private {
        PlanParties memory parties = _plan(planId).parties;
        uint256 received = _received(s, installment, parties.downPayment);
        uint256 fee = Payments.feeOf(received, _plan(planId).book.feeBps);
        emit PlanCompleted(planId, received, fee);
        _recordDeal(planId, parties.seller, token, received, fee);
    }

    /// @dev Revert with the error that explains why {collect} had nothing to collect.
    function _revertSkipped(uint256 planId, Skip skip) private view {
        PlanState s = _plan(planId).state;
        if (skip == Skip.NotActive) _requireActive(planId, s);
        if (skip == Skip.NotErc20) revert InstallmentPlansNotErc20Plan(planId);
        if (skip == Skip.TooLate) _requireBeforeDefault(s, _plan(planId).core.installment);
        revert InstallmentPlansNothingDue(planId, _nextDueAt(s, _plan(planId).core.installment));
    }

    /// @dev This contract's balance of `token`, or ok = false if the call fails or returns
    /// less than a word (so a broken token cannot make a keeper's batch revert).
    function _balanceOf(address token) private view returns (bool ok, uint256 amount) {
        bytes4 selector = IERC20.balanceOf.selector;
        // Safe: the 36-byte calldata (selector, then this address from 0x04 to 0x23) and the
        // one returned word (0x00-0x1f) stay inside the scratch space (0x00-0x3f), which
        // inline assembly may use freely; nothing else in memory is touched.
        assembly ("memory-safe") {
            mstore(0x00, selector)
            mstore(0x04, address())
            // Two statements: Yul evaluates arguments right to left, so returndatasize() must
            // be read after the call, not inside the same and().
            ok := staticcall(_BALANCE_GAS, token, 0x00, 0x24, 0x00, 0x20)
            ok := and(ok, gt(returndatasize(), 0x1f))
            amount := mload(0x00)
        }
    }

    /// @dev `token.transferFrom(from, this, amount)` with at most _TRANSFER_GAS, judged like
    /// OpenZeppelin's trySafeTransferFrom (success: the call succeeded and returned true, or
    /// returned nothing from an address with code), without copying more than one returned
    /// word, so neither the gas nor the return data is the token's to choose.
    function _tryTransferFrom(address token, address from, uint256 amount) private returns (bool ok) {
        bytes4 selector = IERC20.transferFrom.selector;
        // Safe: the 100 bytes of calldata are written at the free memory pointer without
        // moving it (scratch use past it is allowed), the one returned word goes to the
        // scratch space at 0x00, and only that word is read.
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), from)
            mstore(add(ptr, 0x24), address())
            mstore(add(ptr, 0x44), amount)
            mstore(0x00, 0)
            ok := call(_TRANSFER_GAS, token, 0, ptr, 0x64, 0x00, 0x20)
            // After the call: returndatasize() describes it. EXTCODESIZE only when nothing was
            // returned (a token that returns true, the usual case, does not pay for it).
            switch returndatasize()
            case 0 { ok := and(ok, gt(extcodesize(token), 0)) }
            default { ok := and(ok, and(gt(returndatasize(), 0x1f), eq(mload(0x00), 1))) }
        }
    }

    /// @dev The first four bytes of the last call's revert data (zero if shorter), without
    /// copying the rest: a token cannot make a keeper pay for a huge revert reason.
    function _revertSelector() private pure returns (bytes4 selector) {
        // Safe: copies 4 bytes of returndata, only when they exist, into the scratch space at
        // 0x00, which inline assembly may use freely, and keeps only those 4 (high) bytes.
        assembly ("memory-safe") {
            if gt(returndatasize(), 3) {
                returndatacopy(0, 0, 4)
                selector := and(mload(0), shl(224, 0xffffffff))
            }
        }
    }
}
