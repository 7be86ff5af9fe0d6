// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealRecorder} from "../interfaces/IDealRecorder.sol";

/// @title StoringDealRecorder
/// @notice Test fixture standing in for the Reputation contract: records every deal and
/// fact it is told about, or reverts on demand (a broken recorder must never lock funds).
contract StoringDealRecorder is IDealRecorder {
    struct Deal {
        DealKind kind;
        uint256 dealId;
        address buyer;
        address seller;
        address token;
        uint256 value;
        uint256 fee;
    }

    struct FactRecord {
        Fact fact;
        uint256 dealId;
        address party;
        uint256 amount;
        address source;
    }

    bool public broken;
    Deal[] private _deals;
    FactRecord[] private _facts;

    /// @notice Make every later call revert (true) or succeed (false).
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
        require(!broken, "StoringDealRecorder: broken");
        _deals.push(Deal(kind, dealId, buyer, seller, token, value, fee));
    }

    /// @inheritdoc IDealRecorder
    function recordFact(Fact fact, uint256 dealId, address party, uint256 amount) external {
        require(!broken, "StoringDealRecorder: broken");
        _facts.push(FactRecord(fact, dealId, party, amount, msg.sender));
    }

    function dealCount() external view returns (uint256) {
        return _deals.length;
    }

    function factCount() external view returns (uint256) {
        return _facts.length;
    }

    function deals(uint256 index) external view returns (Deal memory) {
        return _deals[index];
    }

    function facts(uint256 index) external view returns (FactRecord memory) {
        return _facts[index];
    }
}
