// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IDealRecorder
/// @notice The hook through which deal sources (Marketplace, RentalEscrow, InstallmentPlans)
/// report completed deals and negative facts to the Reputation contract. A deal recorded
/// here is what makes a review possible. Sources call it inside a try/catch so that a broken
/// recorder can never lock funds.
interface IDealRecorder {
    /// @notice What kind of deal was completed.
    enum DealKind {
        Purchase,
        Rental,
        Installment
    }

    /// @notice Negative facts a source can report about a party.
    enum Fact {
        DisputeLost,
        Default
    }

    /// @notice Record a completed deal between `buyer` and `seller`.
    /// @dev For `DealKind.Rental` both parties may review each other: the renter (`buyer`)
    /// reviews the lender (`seller`) and the lender reviews the renter. A source reports each
    /// `dealId` once (RentalEscrow: when a rental finishes after its handover).
    /// @param kind Purchase, rental or installment plan.
    /// @param dealId The source's own id for the deal (order id, rental id, plan id).
    /// @param buyer The buyer, renter or borrower.
    /// @param seller The seller or lender.
    /// @param token Payment token, address(0) for ETH.
    /// @param value What the seller received, before the platform fee.
    /// @param fee The platform fee the deal paid.
    function recordDeal(
        DealKind kind,
        uint256 dealId,
        address buyer,
        address seller,
        address token,
        uint256 value,
        uint256 fee
    ) external;

    /// @notice Record a negative fact (a lost dispute, a default) against `party`.
    function recordFact(Fact fact, uint256 dealId, address party, uint256 amount) external;
}
