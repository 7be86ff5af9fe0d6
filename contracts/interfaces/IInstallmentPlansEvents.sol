// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PlanTerms} from "../types/Plan.sol";

/// @title IInstallmentPlansEvents
/// @notice Every event of InstallmentPlans. Each state change emits one, in the past tense,
/// right after the change, carrying what the indexer needs to rebuild the state without
/// reading storage (docs/installments.md, "Events").
interface IInstallmentPlansEvents {
    /// @notice Emitted when a seller lists an item on EMI terms.
    /// @param listingId The new listing's id.
    /// @param seller The seller, who receives the proceeds.
    /// @param token Payment token, address(0) for ETH (also in `terms`, indexed for filters).
    /// @param terms The EMI terms every plan from this listing gets.
    /// @param stock Plans that can be started from it.
    /// @param feeBps Platform fee for every plan from this listing, fixed at creation.
    /// @param metadataHash Hash of the listing's metadata document (stored off chain).
    event PlanListingCreated(
        uint256 indexed listingId,
        address indexed seller,
        address indexed token,
        PlanTerms terms,
        uint256 stock,
        uint256 feeBps,
        bytes32 metadataHash
    );

    /// @notice Emitted when a seller changes the stock or metadata of a listing.
    event PlanListingUpdated(uint256 indexed listingId, uint256 stock, bytes32 metadataHash);

    /// @notice Emitted when a seller closes a listing for good.
    event PlanListingClosed(uint256 indexed listingId);

    /// @notice Emitted when a buyer starts a plan and pays its down payment. With the block
    /// timestamp (`startedAt`) this is everything the schedule follows from.
    /// @param planId The plan's id (its buyer in the top 160 bits), its deal id for reviews.
    /// @param seller The seller.
    /// @param buyer The buyer, who pays and is refunded.
    /// @param listingId The listing the plan came from (0 for an offer without a listing).
    /// @param offerHash The EIP-712 digest of the accepted offer (zero for listing plans).
    /// @param terms The plan's terms.
    /// @param downPayment Paid now.
    /// @param financingFee Total financing fee inside the installments.
    /// @param installment Each installment but the last.
    /// @param lastInstallment The last installment (installment plus the rounding dust).
    /// @param feeBps Platform fee on everything the seller receives from this plan.
    /// @param metadataHash The offer's metadata hash (zero for listing plans: see the listing).
    /// @param shippingRef Opaque reference to encrypted shipping details (never interpreted).
    event PlanStarted(
        uint256 indexed planId,
        address indexed seller,
        address indexed buyer,
        uint256 listingId,
        bytes32 offerHash,
        PlanTerms terms,
        uint256 downPayment,
        uint256 financingFee,
        uint256 installment,
        uint256 lastInstallment,
        uint256 feeBps,
        bytes32 metadataHash,
        bytes32 shippingRef
    );

    /// @notice Emitted for every installment payment, by the buyer or collected by a keeper.
    /// The money always comes from the buyer. A plan's installment payments so far are the
    /// sum of `amount` over these events plus {PlanPaidOff}'s `amount`.
    /// @param planId The plan.
    /// @param by The caller: the buyer paying, or the keeper who collected (not indexed: a
    /// topic costs every payment gas, and the indexer reads every payment anyway).
    /// @param amount Applied to the schedule (late fees are in {LateFeeCharged}).
    event InstallmentPaid(uint256 indexed planId, address by, uint256 amount);

    /// @notice Emitted, just before the payment's {InstallmentPaid} or {PlanPaidOff}, when a
    /// payment is charged the late fee of overdue installments (kept apart so that payments
    /// on time, the usual case, log less).
    /// @param fee Late fees charged with this payment, paid on top of its `amount`.
    /// @param lateMask The plan's late-fee mask after it: bit i-1 set once installment i was charged.
    event LateFeeCharged(uint256 indexed planId, uint256 fee, uint256 lateMask);

    /// @notice Emitted when a keeper's collection fails (no allowance, no balance, a token
    /// that delivers less than sent...). Nothing is booked: it is a missed payment. If the
    /// token delivered a different amount than asked, what arrived is credited back to the
    /// buyer's withdrawable balance and `reason` is PaymentsFeeOnTransferToken's selector.
    /// @param amount What the keeper tried to collect (installments due plus late fees).
    /// @param reason The first four bytes of the token's revert data (an error selector), if any.
    event CollectionFailed(uint256 indexed planId, address indexed keeper, uint256 amount, bytes4 reason);

    /// @notice Emitted when the buyer pays a plan off early (after a {LateFeeCharged} if
    /// installments were overdue). A {PlanCompleted} follows.
    /// @param amount Applied to the schedule: what was outstanding minus the rebate.
    /// @param rebate Financing fee waived (the unearned part); `paid` ends at total - rebate.
    event PlanPaidOff(uint256 indexed planId, uint256 amount, uint256 rebate);

    /// @notice Emitted when a plan is paid in full. A layaway plan's escrow is released to
    /// the seller, who should now deliver.
    /// @param received Everything the buyer paid: down payment, installments and late fees.
    /// @param platformFee The platform fee on `received`.
    event PlanCompleted(uint256 indexed planId, uint256 received, uint256 platformFee);

    /// @notice Emitted when a plan is marked defaulted.
    /// @param by Who marked it (anyone may, after a due date plus the grace period).
    /// @param outstanding What the buyer still owed on the schedule.
    /// @param sellerAmount Gross the seller keeps (pay-later: all paid; layaway: the forfeit share).
    /// @param refund Credited to the buyer's withdrawable balance (layaway only).
    event PlanDefaulted(
        uint256 indexed planId, address indexed by, uint256 outstanding, uint256 sellerAmount, uint256 refund
    );

    /// @notice Emitted when a plan is cancelled by its seller or (layaway) its buyer.
    /// @param by The seller or the buyer.
    /// @param refund Returned to the buyer: paid out at once to a cancelling buyer, credited
    /// to its withdrawable balance when the seller cancels.
    /// @param sellerAmount Gross the seller keeps (the forfeit share when the buyer cancels).
    /// @param repaid What a cancelling seller paid back (proceeds it had already settled).
    event PlanCancelled(
        uint256 indexed planId, address indexed by, uint256 refund, uint256 sellerAmount, uint256 repaid
    );

    /// @notice Emitted when a plan's proceeds are split into the seller's balance and the fee.
    event PlanProceedsSettled(uint256 indexed planId, address indexed seller, uint256 sellerAmount, uint256 fee);



    /// @notice Emitted when a seller cancels an offer nonce.
    event NonceCancelled(address indexed seller, uint256 nonce);

}
