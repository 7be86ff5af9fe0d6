// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealRecorder} from "../interfaces/IDealRecorder.sol";

/// @title RevertingDealRecorder
/// @notice Test fixture: a broken deal recorder that reverts on every call. The Marketplace
/// must keep moving money regardless.
contract RevertingDealRecorder is IDealRecorder {
    /// @notice Thrown by every call.
    error RevertingDealRecorderBroken();

    /// @inheritdoc IDealRecorder
    function recordDeal(DealKind, uint256, address, address, address, uint256, uint256) external pure {
        revert RevertingDealRecorderBroken();
    }

    /// @inheritdoc IDealRecorder
    function recordFact(Fact, uint256, address, uint256) external pure {
        revert RevertingDealRecorderBroken();
    }
}
