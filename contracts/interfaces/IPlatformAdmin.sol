// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPlatformAdminErrors} from "./IPlatformAdminErrors.sol";
import {IPlatformAdminEvents} from "./IPlatformAdminEvents.sol";

/// @title IPlatformAdmin
/// @notice The platform's few, capped powers and its pull-payment ledger, the same in every
/// Bazaar contract that takes a fee: a fee of at most 5 % for deals created from now on, who
/// may withdraw fees, the deal recorder, a pause that stops new business only, and
/// withdrawals of credited balances. The owner (two-step transfer) holds the admin powers.
interface IPlatformAdmin is IPlatformAdminErrors, IPlatformAdminEvents {
    /// @notice Set the platform fee for listings, offers and plans created from now on (≤ 5 %).
    function setFee(uint16 feeBps) external;

    /// @notice Set who may withdraw platform fees.
    function setFeeRecipient(address feeRecipient) external;

    /// @notice Set the contract that records completed deals (the Reputation contract);
    /// address(0) turns recording off.
    function setDealRecorder(address dealRecorder) external;

    /// @notice Stop new business. Never blocks refunds, completions, settlements or withdrawals.
    function pause() external;

    /// @notice Lift the pause.
    function unpause() external;

    /// @notice Withdraw the caller's credited balance of `token` (refunds, dispute shares,
    /// settled proceeds).
    function withdraw(address token) external;

    /// @notice Withdraw accumulated platform fees in `token` (fee recipient only).
    function withdrawFees(address token) external;

    /// @notice Balance of `token` credited to `account` and withdrawable with {withdraw}.
    function owed(address account, address token) external view returns (uint256);

    /// @notice Fees in `token` withdrawable by the fee recipient.
    function feesOwed(address token) external view returns (uint256);
}
