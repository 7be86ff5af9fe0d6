// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InstallmentPlansPayments} from "./InstallmentPlansPayments.sol";
import {IInstallmentPlans} from "../interfaces/IInstallmentPlans.sol";
import {DeliveryMode, PlanState, PlanStatus} from "../types/Plan.sol";
import {Payments} from "../libraries/Payments.sol";
import {Schedule} from "../libraries/Schedule.sol";

/// @title InstallmentPlansExits
/// @notice The ways a plan ends other than being paid (default, cancellation) and the
/// seller's proceeds: settled into the pull ledger by anyone, or withdrawn by the seller.
abstract contract InstallmentPlansExits is InstallmentPlansPayments {
    /// @inheritdoc IInstallmentPlans
    function markDefault(uint256 planId) external nonReentrant {
        PlanState s = _plan(planId).state;
        _requireActive(planId, s);
        PlanCore memory core = _plan(planId).core;
        uint256 availableAt = _defaultableAt(s, core.installment);
        if (block.timestamp < availableAt) revert InstallmentPlansTooEarly(block.timestamp, availableAt);

        uint256 outstanding = Schedule.total(core.installment, s.installments(), s.dust()) - s.paid();
        s = s.withStatus(PlanStatus.Defaulted);
        _plan(planId).state = s;
        PlanBook memory book = _plan(planId).book;
        uint256 received = _received(s, core.installment, _plan(planId).parties.downPayment);
        uint256 sellerAmount = _sellerGross(s, received, book);
        // sellerAmount <= received: the forfeit share is at most 10 % of it.
        uint256 refund = received - sellerAmount;
        if (refund != 0) _owedLedger()[_buyerOf(planId)][core.token] += refund;
        emit PlanDefaulted(planId, msg.sender, outstanding, sellerAmount, refund);
        _recordDefault(planId, outstanding);
    }

    /// @inheritdoc IInstallmentPlans
    function cancelBySeller(uint256 planId, uint256 maxRepayment) external payable nonReentrant {
        PlanState s = _plan(planId).state;
        _requireActive(planId, s);
        PlanParties memory parties = _plan(planId).parties;
        if (msg.sender != parties.seller) revert InstallmentPlansNotSeller(msg.sender, parties.seller);
        PlanCore memory core = _plan(planId).core;
        uint256 repaid = _plan(planId).book.settled;
        // Anyone can settle a pay-later plan's proceeds at any time, which raises what the
        // seller must pay back: the seller commits to the most it will repay.
        if (repaid > maxRepayment) revert InstallmentPlansRepaymentAboveMax(planId, repaid, maxRepayment);

        s = s.withStatus(PlanStatus.CancelledBySeller);
        _plan(planId).state = s;
        uint256 refund = _received(s, core.installment, parties.downPayment);
        _owedLedger()[_buyerOf(planId)][core.token] += refund;
        emit PlanCancelled(planId, msg.sender, refund, 0, repaid);
        _pullFromCaller(core.token, repaid);
    }

    /// @inheritdoc IInstallmentPlans
    function cancelByBuyer(uint256 planId, uint256 maxForfeit) external nonReentrant {
        address buyer = _buyerOf(planId);
        if (msg.sender != buyer) revert InstallmentPlansNotBuyer(msg.sender, buyer);
        PlanState s = _plan(planId).state;
        _requireActive(planId, s);
        if (s.mode() != DeliveryMode.Layaway) revert InstallmentPlansNotLayaway(planId);
        PlanCore memory core = _plan(planId).core;
        // Past the deadline the plan belongs to markDefault (which records the default).
        _requireBeforeDefault(s, core.installment);

        s = s.withStatus(PlanStatus.CancelledByBuyer);
        _plan(planId).state = s;
        uint256 received = _received(s, core.installment, _plan(planId).parties.downPayment);
        uint256 sellerAmount = _sellerGross(s, received, _plan(planId).book);
        // A keeper's collect mined first raises `received` and with it the forfeit: the
        // buyer commits to the most it will forfeit.
        if (sellerAmount > maxForfeit) revert InstallmentPlansForfeitAboveMax(planId, sellerAmount, maxForfeit);
        uint256 refund = received - sellerAmount;
        emit PlanCancelled(planId, msg.sender, refund, sellerAmount, 0);
        _refundBuyer(buyer, core.token, refund);
    }

    // ------------------------------------------------------------------ proceeds

    /// @inheritdoc IInstallmentPlans
    function settleProceeds(uint256[] calldata planIds) external nonReentrant {
        for (uint256 i; i < planIds.length; ++i) {
            (address seller, address token, uint256 net) = _settle(planIds[i]);
            if (net != 0) _owedLedger()[seller][token] += net;
        }
    }

    /// @inheritdoc IInstallmentPlans
    function withdrawProceeds(uint256[] calldata planIds) external nonReentrant {
        bool paid;
        for (uint256 i; i < planIds.length; ++i) {
            uint256 planId = planIds[i];
            address seller = _plan(planId).parties.seller;
            if (seller != msg.sender) revert InstallmentPlansNotSeller(msg.sender, seller);
            (, address token, uint256 net) = _settle(planId);
            if (net == 0) continue;
            paid = true;
            emit Withdrawn(seller, token, net);
            Payments.push(token, seller, net);
        }
        if (!paid) revert PlatformNothingToWithdraw(msg.sender, address(0));
    }

    /// @dev Split what the seller is entitled to but has not settled into its net and the
    /// platform fee. The fee is taken cumulatively, fee(entitled) - fee(settled), so the
    /// total fee is the same however the proceeds are chunked.
    function _settle(uint256 planId) private returns (address seller, address token, uint256 net) {
        PlanState s = _plan(planId).state;
        if (s.status() == PlanStatus.None) revert InstallmentPlansUnknownPlan(planId);
        PlanCore memory core = _plan(planId).core;
        PlanParties memory parties = _plan(planId).parties;
        PlanBook memory book = _plan(planId).book;
        seller = parties.seller;
        token = core.token;
        uint256 gross = _sellerGross(s, _received(s, core.installment, parties.downPayment), book);
        if (gross <= book.settled) return (seller, token, 0);
        uint256 fee = Payments.feeOf(gross, book.feeBps) - Payments.feeOf(book.settled, book.feeBps);
        net = gross - book.settled - fee;
        // gross fits 96 bits: it is at most what the plan can receive, capped by _checkTerms.
        _plan(planId).book.settled = uint96(gross);
        _feeLedger()[token] += fee;
        emit PlanProceedsSettled(planId, seller, net, fee);
    }
}
