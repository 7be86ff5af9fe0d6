// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealRecorder} from "../interfaces/IDealRecorder.sol";

/// @title DealRecorderSpy
/// @notice Test fixture: a deal recorder that emits every call as an event, so tests can
/// assert exactly what a deal source reported, and that can be switched to revert on every
/// call (a broken Reputation contract, which must never block the money).
contract DealRecorderSpy is IDealRecorder {
    /// @notice Whether every call reverts.
    bool public broken;

    /// @notice Thrown by every call while {broken}.
    error DealRecorderSpyBroken();

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

    /// @notice Make every later call revert (or stop doing so).
    function setBroken(bool broken_) external {
        broken = broken_;
    }

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
        if (broken) revert DealRecorderSpyBroken();
        emit DealRecorded(msg.sender, kind, dealId, buyer, seller, token, value, fee);
    }

    /// @inheritdoc IDealRecorder
    function recordFact(Fact fact, uint256 dealId, address party, uint256 amount) external {
        if (broken) revert DealRecorderSpyBroken();
        emit FactRecorded(msg.sender, fact, dealId, party, amount);
    }
}
