// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPlatformArbitration} from "../interfaces/IPlatformArbitration.sol";
import {PlatformAdmin} from "./PlatformAdmin.sol";

/// @title PlatformArbitration
/// @notice The platform admin of the escrows (Marketplace, RentalEscrow): {PlatformAdmin}
/// plus the dispute arbiter and the time it has to rule, and one public getter per setting
/// and cap. InstallmentPlans has no disputes and publishes its settings through `config()`
/// and its caps through `limits()` (one getter instead of many keeps its dispatcher short),
/// so it inherits PlatformAdmin directly.
/// @dev The dispute timeout lives in the low 32 bits of {PlatformConfig}'s `extra`.
abstract contract PlatformArbitration is IPlatformArbitration, PlatformAdmin {
    /// @notice Hard cap on the platform fee: 5 %.
    uint16 public constant MAX_FEE_BPS = _MAX_FEE_BPS;
    /// @notice Shortest time the arbiter may be given to rule before the timeout fallback.
    uint32 public constant MIN_DISPUTE_TIMEOUT = 1 days;
    /// @notice Longest time the arbiter may be given to rule before the timeout fallback.
    uint32 public constant MAX_DISPUTE_TIMEOUT = 90 days;

    address private _arbiter;

    constructor(address arbiter_, uint32 disputeTimeout_) {
        _setArbiter(arbiter_);
        _setDisputeTimeout(disputeTimeout_);
    }

    /// @inheritdoc IPlatformArbitration
    function setArbiter(address arbiter_) external onlyOwner {
        _setArbiter(arbiter_);
    }

    /// @inheritdoc IPlatformArbitration
    function setDisputeTimeout(uint32 disputeTimeout_) external onlyOwner {
        _setDisputeTimeout(disputeTimeout_);
    }

    function _setArbiter(address arbiter_) private {
        if (arbiter_ == address(0)) revert PlatformZeroAddress();
        _arbiter = arbiter_;
        emit ArbiterUpdated(arbiter_);
    }

    function _setDisputeTimeout(uint32 timeout) private {
        if (timeout < MIN_DISPUTE_TIMEOUT || timeout > MAX_DISPUTE_TIMEOUT) {
            revert PlatformInvalidDisputeTimeout(timeout, MIN_DISPUTE_TIMEOUT, MAX_DISPUTE_TIMEOUT);
        }
        _setConfigExtra(timeout);
        emit DisputeTimeoutUpdated(timeout);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IPlatformArbitration
    function feeBps() external view returns (uint16) {
        return _platformConfig().feeBps;
    }

    /// @inheritdoc IPlatformArbitration
    function feeRecipient() external view returns (address) {
        return _feeRecipient();
    }

    /// @inheritdoc IPlatformArbitration
    function arbiter() external view returns (address) {
        return _arbiter;
    }

    /// @inheritdoc IPlatformArbitration
    function disputeTimeout() external view returns (uint32) {
        return _disputeTimeout();
    }

    /// @inheritdoc IPlatformArbitration
    function dealRecorder() external view returns (address) {
        return _dealRecorder();
    }

    /// @inheritdoc IPlatformArbitration
    function paused() external view returns (bool) {
        return _platformConfig().paused;
    }

    // ------------------------------------------------------------------ for the inheriting contract

    /// @dev Guard: the caller is the arbiter.
    function _requireArbiter() internal view {
        address arbiter_ = _arbiter;
        if (msg.sender != arbiter_) revert PlatformNotArbiter(msg.sender, arbiter_);
    }

    /// @dev Seconds the arbiter has to rule before the timeout fallback applies.
    function _disputeTimeout() internal view returns (uint32) {
        return uint32(_platformConfig().extra);
    }
}
