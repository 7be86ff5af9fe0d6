// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealRecorder} from "../interfaces/IDealRecorder.sol";

/// @title DealRecording
/// @notice How a deal source calls the deal recorder (Reputation): with a fixed gas budget,
/// inside try/catch, after checking that the budget is really available. Shared by every
/// source (Marketplace, RentalEscrow, InstallmentPlans).
/// @dev Why the check: `eth_estimateGas` searches for the lowest gas limit at which the
/// transaction succeeds. With a bare try/catch that limit is the one at which the recorder
/// runs out of gas and the failure is swallowed, so every wallet-estimated checkout would
/// silently skip recording. Reverting when less than the budget is left makes estimation
/// include it. The budget also caps what a broken recorder can burn, so a recorder can never
/// block a completion, a refund or a ruling: money never depends on it.
library DealRecording {
    /// @notice Gas forwarded to the recorder. Reputation's `recordDeal` uses about 29,400
    /// (a cold registration read, one new slot, one event); the rest is headroom.
    uint256 internal constant RECORD_GAS = 60_000;
    /// @dev Gas the caller spends between the check and the CALL (argument encoding, the cold
    /// account access) on top of the 1/64 that EIP-150 withholds.
    uint256 private constant _CALL_RESERVE = 5_000;

    /// @notice Thrown when the transaction's gas limit leaves less than the recorder's budget.
    error DealRecordingOutOfGas(uint256 gasLeft, uint256 needed);

    /// @notice Report a completed deal to `recorder`; a failing recorder is ignored.
    function recordDeal(
        address recorder,
        IDealRecorder.DealKind kind,
        uint256 dealId,
        address buyer,
        address seller,
        address token,
        uint256 value,
        uint256 fee
    ) internal {
        // try/catch cannot catch Solidity's code-size check on the callee, so a recorder
        // without code (an EOA set by mistake) is skipped here instead of blocking the deal.
        if (recorder.code.length == 0) return;
        _requireBudget();
        try IDealRecorder(recorder).recordDeal{gas: RECORD_GAS}(kind, dealId, buyer, seller, token, value, fee) {}
            catch {}
    }

    /// @notice Report a negative fact to `recorder`; a failing recorder is ignored.
    function recordFact(address recorder, IDealRecorder.Fact fact, uint256 dealId, address party, uint256 amount)
        internal
    {
        if (recorder.code.length == 0) return;
        _requireBudget();
        try IDealRecorder(recorder).recordFact{gas: RECORD_GAS}(fact, dealId, party, amount) {} catch {}
    }

    function _requireBudget() private view {
        uint256 needed = RECORD_GAS + RECORD_GAS / 63 + _CALL_RESERVE;
        uint256 left = gasleft();
        if (left < needed) revert DealRecordingOutOfGas(left, needed);
    }
}
