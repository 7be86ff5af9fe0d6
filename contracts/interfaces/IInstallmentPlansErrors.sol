// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PlanStatus} from "../types/Plan.sol";

/// @title IInstallmentPlansErrors
/// @notice Every custom error of InstallmentPlans, named component-first with the values
/// that explain the failure. (Payments' PaymentsWrongValue and PaymentsFeeOnTransferToken
/// OpenZeppelin's Ownable and ReentrancyGuard errors and the platform admin's IPlatformAdminErrors
/// can surface too.)
interface IInstallmentPlansErrors {
    /// @notice Thrown when terms name an ERC-20 token address without code.
    error InstallmentPlansTokenNotContract(address token);
    /// @notice Thrown when terms give a price of zero.
    error InstallmentPlansZeroPrice();
    /// @notice Thrown when terms give a down payment above the cap.
    error InstallmentPlansDownPaymentTooHigh(uint256 downPaymentBps, uint256 maxBps);
    /// @notice Thrown when terms give a number of installments outside its range.
    error InstallmentPlansInvalidInstallments(uint256 installments, uint256 min, uint256 max);
    /// @notice Thrown when terms give an interval outside its range.
    error InstallmentPlansInvalidInterval(uint256 interval, uint256 min, uint256 max);
    /// @notice Thrown when terms give a grace period outside its range.
    error InstallmentPlansInvalidGracePeriod(uint256 gracePeriod, uint256 min, uint256 max);
    /// @notice Thrown when terms give a financing fee above the cap.
    error InstallmentPlansFinancingFeeTooHigh(uint256 financingFeeBps, uint256 maxBps);
    /// @notice Thrown when terms give a late fee above the cap.
    error InstallmentPlansLateFeeTooHigh(uint256 lateFeeBps, uint256 maxBps);
    /// @notice Thrown when terms give a forfeit share above the cap (zero for pay-later plans).
    error InstallmentPlansForfeitTooHigh(uint256 forfeitBps, uint256 maxBps);
    /// @notice Thrown when the financed total is smaller than the number of installments,
    /// so an installment would be zero.
    error InstallmentPlansInstallmentTooSmall(uint256 financedTotal, uint256 installments);
    /// @notice Thrown when what a plan could ever receive does not fit the 96-bit amounts.
    error InstallmentPlansAmountTooLarge(uint256 maxReceivable, uint256 limit);
    /// @notice Thrown when a listing id does not exist.
    error InstallmentPlansUnknownListing(uint256 listingId);
    /// @notice Thrown when a listing is closed.
    error InstallmentPlansListingClosed(uint256 listingId);
    /// @notice Thrown when a listing has no stock left.
    error InstallmentPlansOutOfStock(uint256 listingId);
    /// @notice Thrown when a plan id does not exist.
    error InstallmentPlansUnknownPlan(uint256 planId);
    /// @notice Thrown when a plan is not Active (it is terminal).
    error InstallmentPlansNotActive(uint256 planId, PlanStatus status);
    /// @notice Thrown when the caller is not the seller of the listing or plan.
    error InstallmentPlansNotSeller(address caller, address seller);
    /// @notice Thrown when the caller is not the buyer of the plan.
    error InstallmentPlansNotBuyer(address caller, address buyer);
    /// @notice Thrown when a seller tries to start a plan on its own terms.
    error InstallmentPlansSelfDealing(address account);
    /// @notice Thrown when a payment does not cover the late fees due with it plus something.
    error InstallmentPlansPaymentTooSmall(uint256 amount, uint256 minimum);
    /// @notice Thrown when a payment exceeds the late fees due plus everything outstanding.
    error InstallmentPlansOverpayment(uint256 amount, uint256 maximum);
    /// @notice Thrown when an early payoff's amount is not exactly what {payoffAmount} quotes.
    error InstallmentPlansWrongPayoff(uint256 amount, uint256 expected);
    /// @notice Thrown when a payment was signed against a different `paid` than the plan's
    /// now (a collection or another payment was mined first), so it would pay twice.
    error InstallmentPlansPaidChanged(uint256 planId, uint256 expectedPaid, uint256 paid);
    /// @notice Thrown when the late fee due now exceeds the most the payer committed to.
    error InstallmentPlansLateFeeAboveMax(uint256 planId, uint256 lateFee, uint256 maxLateFee);
    /// @notice Thrown when a layaway buyer's forfeit exceeds the most it committed to.
    error InstallmentPlansForfeitAboveMax(uint256 planId, uint256 forfeit, uint256 maxForfeit);
    /// @notice Thrown when a cancelling seller would repay more settled proceeds than it
    /// committed to.
    error InstallmentPlansRepaymentAboveMax(uint256 planId, uint256 repayment, uint256 maxRepayment);
    /// @notice Thrown when nothing is due yet to collect; `nextDueAt` is the next due date.
    error InstallmentPlansNothingDue(uint256 planId, uint256 nextDueAt);
    /// @notice Thrown when collecting from an ETH plan (only ERC-20 plans have allowances).
    error InstallmentPlansNotErc20Plan(uint256 planId);
    /// @notice Thrown when a permit is given for ETH terms.
    error InstallmentPlansPermitForEth();
    /// @notice Thrown when a buyer cancels a pay-later plan (only layaway plans can be left).
    error InstallmentPlansNotLayaway(uint256 planId);
    /// @notice Thrown when an action is attempted before its time, e.g. a default inside
    /// the grace period (it opens at the buyer's deadline).
    error InstallmentPlansTooEarly(uint256 nowTimestamp, uint256 availableAt);
    /// @notice Thrown when a party acts at or after the end of its window [start, deadline):
    /// a buyer paying, paying off or leaving (or a keeper collecting) at or after the due
    /// date of the first unpaid installment plus the grace period, or an offer accepted at
    /// or after its expiry.
    error InstallmentPlansTooLate(uint256 nowTimestamp, uint256 deadline);
    /// @notice Thrown when an offer reserved for one buyer is accepted by another.
    error InstallmentPlansOfferNotForCaller(address buyer, address caller);
    /// @notice Thrown when an offer signature was not made by its seller (EOA or ERC-1271).
    error InstallmentPlansInvalidSignature(address seller);
    /// @notice Thrown when an offer nonce was already used or cancelled.
    error InstallmentPlansNonceUsed(address seller, uint256 nonce);
}
