// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPlatformAdmin} from "./IPlatformAdmin.sol";

/// @title IPlatformArbitration
/// @notice The platform admin of the escrow contracts (Marketplace, RentalEscrow): the shared
/// admin plus the dispute arbiter and the time it has to rule, and one getter per setting.
/// Its errors and events are declared here, so InstallmentPlans' ABI does not carry them.
interface IPlatformArbitration is IPlatformAdmin {
    /// @notice Thrown when the caller is not the arbiter.
    error PlatformNotArbiter(address caller, address arbiter);
    /// @notice Thrown when a dispute timeout is outside its allowed range.
    error PlatformInvalidDisputeTimeout(uint256 value, uint256 min, uint256 max);

    /// @notice Emitted when the arbiter changes.
    event ArbiterUpdated(address arbiter);
    /// @notice Emitted when the dispute timeout changes.
    event DisputeTimeoutUpdated(uint256 disputeTimeout);

    /// @notice Set the dispute arbiter.
    function setArbiter(address arbiter) external;

    /// @notice Set how long the arbiter has before the dispute timeout fallback applies
    /// (between MIN_DISPUTE_TIMEOUT and MAX_DISPUTE_TIMEOUT; applies to open disputes too).
    function setDisputeTimeout(uint32 disputeTimeout) external;

    /// @notice Platform fee applied to new listings and offers, in basis points.
    function feeBps() external view returns (uint16);

    /// @notice The address that may withdraw fees.
    function feeRecipient() external view returns (address);

    /// @notice The dispute arbiter.
    function arbiter() external view returns (address);

    /// @notice Seconds the arbiter has to rule before the timeout fallback applies.
    function disputeTimeout() external view returns (uint32);

    /// @notice The deal recorder, address(0) when off.
    function dealRecorder() external view returns (address);

    /// @notice Whether new business is paused.
    function paused() external view returns (bool);
}
