// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IPlatformAdminErrors
/// @notice The errors of the platform admin shared by the Marketplace, the RentalEscrow and
/// InstallmentPlans (contracts/platform/): one name each, whichever contract throws it.
interface IPlatformAdminErrors {
    /// @notice Thrown when the platform fee is set above the hard cap.
    error PlatformFeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice Thrown when an address parameter must not be zero.
    error PlatformZeroAddress();
    /// @notice Thrown when new business is attempted while the contract is paused.
    error PlatformPaused();
    /// @notice Thrown when the caller is not the fee recipient.
    error PlatformNotFeeRecipient(address caller, address feeRecipient);
    /// @notice Thrown when a withdrawal would transfer nothing.
    error PlatformNothingToWithdraw(address account, address token);
}
