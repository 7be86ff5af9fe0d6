// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealRecorder} from "../interfaces/IDealRecorder.sol";

/// @title RecordingDealRecorder
/// @notice Test fixture: a deal recorder that accepts every call and emits it as an event,
/// so tests can assert exactly what the Marketplace reported.
contract RecordingDealRecorder is IDealRecorder {
    /// @notice Emitted for every {recordDeal} call, with its arguments and the caller.
    event DealRecorded(
        address indexed source,
        DealKind kind,
        uint256 indexed dealId,
        address buyer,
        address seller,
        address token,
        uint256 value,
        uint256 fee
    );

    /// @notice Emitted for every {recordFact} call, with its arguments and the caller.
    event FactRecorded(address indexed source, Fact fact, uint256 indexed dealId, address party, uint256 amount);

    /// @inheritdoc IDealRecorder
    function recordDeal(
        DealKind kind,
        uint256 dealId,
        address buyer,
        address seller,
        address token,
        uint256 value,
        uint256 fee
    ) external {
        emit DealRecorded(msg.sender, kind, dealId, buyer, seller, token, value, fee);
    }

    /// @inheritdoc IDealRecorder
    function recordFact(Fact fact, uint256 dealId, address party, uint256 amount) external {
        emit FactRecorded(msg.sender, fact, dealId, party, amount);
    }
}
