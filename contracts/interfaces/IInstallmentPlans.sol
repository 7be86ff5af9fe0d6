// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DeliveryMode, PlanOffer, PlanStatus, PlanTerms} from "../types/Plan.sol";
import {IInstallmentPlansErrors} from "./IInstallmentPlansErrors.sol";
import {IInstallmentPlansEvents} from "./IInstallmentPlansEvents.sol";
import {IPlatformAdmin} from "./IPlatformAdmin.sol";

/// @title IInstallmentPlans
/// @notice Smart EMI: a buyer starts a plan on a seller's terms by paying a down payment,
/// then pays a fixed schedule of installments, by hand or collected by any keeper from an
/// ERC-20 allowance. Late installments carry a capped fee; past the grace period anyone can
/// mark the plan defaulted. The buyer may pay off early with the unearned financing fee
/// rebated. Pay-later plans deliver at start and pay the seller as money arrives; layaway
/// plans deliver after the last payment and hold everything in escrow until then.
/// Every non-terminal state has a path anyone can take, so no funds are held forever.
/// @dev Plan ids carry their buyer: `planId = uint160(buyer) << 96 | sequence`. Errors and
/// events are declared in IInstallmentPlansErrors and IInstallmentPlansEvents; the platform
/// admin (fee, fee recipient, deal recorder, pause, withdrawals) in IPlatformAdmin.
interface IInstallmentPlans is IInstallmentPlansErrors, IInstallmentPlansEvents, IPlatformAdmin {
    /// @notice Lifecycle of a listing.
    enum ListingStatus {
        None,
        Active,
        Closed
    }

    /// @notice A listing as returned by {getListing}.
    struct ListingView {
        address seller;
        ListingStatus status;
        uint32 stock;
        uint16 feeBps;
        PlanTerms terms;
    }

    /// @notice The caps and bounds every plan's terms respect, as returned by {limits}.
    struct Limits {
        uint256 maxFeeBps; //             platform fee: 5 %
        uint256 maxDownPaymentBps; //     down payment: 90 %
        uint256 maxFinancingFeeBps; //    total financing fee, on the financed part: 30 %
        uint256 maxLateFeeBps; //         late fee, of the late installment: 10 %
        uint256 maxForfeitBps; //         layaway share the seller keeps on cancel or default: 10 %
        uint256 minInstallments; //       2
        uint256 maxInstallments; //       24
        uint256 minInterval; //           1 day
        uint256 maxInterval; //           180 days
        uint256 minGracePeriod; //        1 day
        uint256 maxGracePeriod; //        90 days
    }

    /// @notice The admin settings, as returned by {config}.
    struct ConfigView {
        uint16 feeBps; //         platform fee for new listings and offers
        address feeRecipient; //  who may withdraw fees
        address dealRecorder; //  the Reputation contract, address(0) when off
        bool paused; //           whether new listings and plans are paused
        uint64 planCount; //      plans started so far (the last plan's sequence number)
    }

    /// @notice Where a plan stands at the current block's timestamp, as returned by {quote}.
    struct PlanQuote {
        uint256 due; //           installments due and unpaid: what {collect} takes, plus lateFee
        uint256 lateFee; //       late fees any payment made now owes first
        uint256 payoff; //        what {payOff} takes: outstanding - rebate + lateFee
        uint256 rebate; //        financing fee a payoff now waives
        uint256 defaultableAt; // first second at which {markDefault} succeeds
        uint256 balance; //       money held for the plan: an active layaway plan's escrow,
        //                        otherwise the seller's proceeds not yet settled
    }

    /// @notice A plan as returned by {getPlan}; amounts in the plan's token.
    struct PlanView {
        address buyer;
        address seller;
        address token;
        PlanStatus status;
        DeliveryMode mode;
        uint256 downPayment;
        uint256 financingFee;
        uint256 installment; //       every installment but the last
        uint256 lastInstallment; //   installment + rounding dust
        uint256 installments;
        uint256 interval;
        uint256 gracePeriod;
        uint256 lateFeeBps;
        uint256 forfeitBps;
        uint256 feeBps; //            platform fee on what the seller receives
        uint256 startedAt;
        uint256 paid; //              installment payments so far (down payment and late fees excluded)
        uint256 lateMask; //          bit i-1 set: installment i was charged its late fee
        uint256 settled; //           gross already moved to the seller and the platform
    }

    // ------------------------------------------------------------------ listings

    /// @notice List an item on EMI terms. The current platform fee is fixed for the listing.
    /// @return listingId The new listing's id (ids start at 1).
    function createListing(PlanTerms calldata terms, uint32 stock, bytes32 metadataHash)
        external
        returns (uint256 listingId);

    /// @notice Change the stock and metadata of an open listing (seller only). Terms never
    /// change: close the listing and create another.
    function updateListing(uint256 listingId, uint32 stock, bytes32 metadataHash) external;

    /// @notice Close a listing for good (seller only). Running plans are unaffected.
    function closeListing(uint256 listingId) external;

    // ------------------------------------------------------------------ start

    /// @notice Start a plan on a listing's terms and pay the down payment: msg.value equal to
    /// it for ETH, a prior approval and msg.value 0 for ERC-20.
    /// @return planId The new plan's id.
    function startPlan(uint256 listingId, bytes32 shippingRef) external payable returns (uint256 planId);

    /// @notice Start an ERC-20 plan with an EIP-2612 permit. `permitValue` may exceed the
    /// down payment so the remaining allowance lets keepers {collect} the installments.
    function startPlanWithPermit(
        uint256 listingId,
        bytes32 shippingRef,
        uint256 permitValue,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 planId);

    /// @notice Start a plan on a seller's signed EIP-712 offer and pay the down payment. The
    /// offer is the buyer's commitment (all of it is in calldata and signed); it can be
    /// accepted in [signing, expiry): at `expiry` it reverts with {InstallmentPlansTooLate}.
    function acceptOffer(PlanOffer calldata offer, bytes calldata signature, bytes32 shippingRef)
        external
        payable
        returns (uint256 planId);

    /// @notice {acceptOffer} for ERC-20 terms with an EIP-2612 permit (see {startPlanWithPermit}).
    function acceptOfferWithPermit(
        PlanOffer calldata offer,
        bytes calldata signature,
        bytes32 shippingRef,
        uint256 permitValue,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 planId);

    /// @notice Cancel offer nonces so the offers signed with them can never be accepted.
    function cancelNonces(uint256[] calldata nonces) external;

    // ------------------------------------------------------------------ payments

    /// @notice Pay `amount` toward a plan (buyer only). It first pays the late fee of every
    /// overdue installment not charged before, then the installments in order; more than the
    /// next installment pays the following ones. Completing the schedule completes the plan.
    /// ETH: msg.value == amount. The buyer's window ends at the due date of the first unpaid
    /// installment plus the grace period ({quote}'s `defaultableAt`): from that second on it
    /// reverts with {InstallmentPlansTooLate} and {markDefault} is open.
    /// @param amount Everything taken from the buyer: late fees due plus what is applied.
    /// @param expectedPaid The plan's `paid` the buyer saw ({getPlan}); reverts with
    /// {InstallmentPlansPaidChanged} if a collection or payment was mined first, so a buyer
    /// never pays an installment a keeper already collected.
    /// @param maxLateFee The most late fee the buyer accepts ({quote}'s `lateFee` for the
    /// block it expects); reverts with {InstallmentPlansLateFeeAboveMax} above it.
    function pay(uint256 planId, uint256 amount, uint256 expectedPaid, uint256 maxLateFee) external payable;

    /// @notice Collect everything due on an ERC-20 plan (with its late fees) from the buyer's
    /// allowance (anyone). The money goes to the plan, never to the caller. A failing transfer
    /// emits {CollectionFailed} and returns false instead of reverting. It is the buyer's
    /// payment, so it has the buyer's window ({InstallmentPlansTooLate} from `defaultableAt`).
    /// Each token call gets a fixed gas budget (100k for transferFrom, 30k per balance read),
    /// so a hostile token fails only its own collection.
    /// @return collected Whether the payment went through.
    function collect(uint256 planId) external returns (bool collected);

    /// @notice {collect} for many plans; plans with nothing to collect or past their deadline
    /// are skipped, and a plan whose token fails or exhausts its gas budget is reported with
    /// {CollectionFailed} while the batch goes on.
    /// @return collected How many collections went through.
    function collectMany(uint256[] calldata planIds) external returns (uint256 collected);

    /// @notice Pay a plan off now (buyer only): everything outstanding minus the rebate of
    /// the unearned financing fee, plus late fees due. `amount` must equal {quote}'s `payoff`
    /// exactly (the commitment: anything booked or falling due since reverts with
    /// {InstallmentPlansWrongPayoff}). Same window as {pay}.
    function payOff(uint256 planId, uint256 amount) external payable;

    // ------------------------------------------------------------------ exits

    /// @notice Mark a plan defaulted (anyone) from the second the buyer's window closes: the
    /// due date of the first unpaid installment plus the grace period ({quote}'s
    /// `defaultableAt`; {InstallmentPlansTooEarly} before). Records a fact against the buyer.
    function markDefault(uint256 planId) external;

    /// @notice Cancel an active plan and refund the buyer everything paid (seller only).
    /// Proceeds the seller already settled are paid back: msg.value for ETH, pulled for ERC-20.
    /// @param maxRepayment The most settled proceeds the seller will pay back (the plan's
    /// `settled`, which anyone's {settleProceeds} can raise); reverts with
    /// {InstallmentPlansRepaymentAboveMax} above it.
    function cancelBySeller(uint256 planId, uint256 maxRepayment) external payable;

    /// @notice Leave an active layaway plan (buyer only): refunded at once all but the
    /// forfeit share of what was paid. Same window as {pay}.
    /// @param maxForfeit The most the buyer will forfeit (`forfeitBps` of what it has paid;
    /// a collection mined first raises it); reverts with {InstallmentPlansForfeitAboveMax}.
    function cancelByBuyer(uint256 planId, uint256 maxForfeit) external;

    // ------------------------------------------------------------------ payouts

    /// @notice Move plans' unsettled proceeds into their sellers' balances, minus the
    /// platform fee (anyone).
    function settleProceeds(uint256[] calldata planIds) external;

    /// @notice Settle the caller's plans and pay the proceeds out at once (seller only).
    function withdrawProceeds(uint256[] calldata planIds) external;

    // ------------------------------------------------------------------ views

    /// @notice The caps and bounds on terms and on the platform fee (constants).
    function limits() external pure returns (Limits memory);

    /// @notice The listing with id `listingId`.
    function getListing(uint256 listingId) external view returns (ListingView memory);

    /// @notice The plan with id `planId` (status None if it does not exist).
    function getPlan(uint256 planId) external view returns (PlanView memory);

    /// @notice What is due, the late fees, the payoff and the default time of a plan now,
    /// and the money held for it. All zero but `balance` once the plan is not active.
    function quote(uint256 planId) external view returns (PlanQuote memory);

    /// @notice The down payment, financing fee, installment and last installment of `terms`;
    /// reverts like {createListing} when the terms break a cap.
    function previewSchedule(PlanTerms calldata terms)
        external
        view
        returns (uint256 downPayment, uint256 financingFee, uint256 installment, uint256 lastInstallment);

    /// @notice The buyer a plan id belongs to.
    function buyerOf(uint256 planId) external pure returns (address);

    /// @notice The EIP-712 digest a seller signs for `offer`.
    function hashOffer(PlanOffer calldata offer) external view returns (bytes32);

    /// @notice Whether `seller` has used or cancelled offer nonce `nonce`.
    function isNonceUsed(address seller, uint256 nonce) external view returns (bool);

    /// @notice The admin settings and the number of plans started.
    function config() external view returns (ConfigView memory);
}
