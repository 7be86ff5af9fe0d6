// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IPlatformAdminEvents
/// @notice The events of the platform admin shared by the Marketplace, the RentalEscrow and
/// InstallmentPlans. Their signatures are the ones the three contracts emitted before the
/// admin was shared, so the indexer's event registry decodes them unchanged.
interface IPlatformAdminEvents {
    /// @notice Emitted when an account withdraws its credited balance of a token.
    event Withdrawn(address indexed account, address indexed token, uint256 amount);
    /// @notice Emitted when the fee recipient withdraws accumulated fees.
    event FeesWithdrawn(address indexed recipient, address indexed token, uint256 amount);
    /// @notice Emitted when the platform fee for new listings and offers changes.
    event FeeUpdated(uint256 feeBps);
    /// @notice Emitted when the fee recipient changes.
    event FeeRecipientUpdated(address feeRecipient);
    /// @notice Emitted when the deal recorder (the Reputation contract) changes.
    event DealRecorderUpdated(address dealRecorder);
    /// @notice Emitted when the owner pauses new business (listings, purchases, bookings, plans).
    event Paused(address account);
    /// @notice Emitted when the owner lifts the pause.
    event Unpaused(address account);
}
