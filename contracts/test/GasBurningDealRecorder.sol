// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealRecorder} from "../interfaces/IDealRecorder.sol";

/// @title GasBurningDealRecorder
/// @notice Test fixture: a recorder that burns every unit of gas it is given, to show that a
/// broken recorder costs at most its budget and never blocks the deal source.
contract GasBurningDealRecorder is IDealRecorder {
    uint256 private _sink;

    /// @inheritdoc IDealRecorder
    function recordDeal(DealKind, uint256, address, address, address, uint256, uint256) external {
        _burn();
    }

    /// @inheritdoc IDealRecorder
    function recordFact(Fact, uint256, address, uint256) external {
        _burn();
    }

    function _burn() private {
        // Loops until the call runs out of gas.
        for (uint256 i = 1;; ++i) {
            _sink = i;
        }
    }
}
