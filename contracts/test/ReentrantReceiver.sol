// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ReentrantReceiver
/// @notice Attack fixture: a buyer or seller contract that, when paid ETH, calls back into a
/// target with preset calldata (for example withdraw or cancel again), and can be told to
/// revert on receipt instead (a receiver that tries to block payouts).
contract ReentrantReceiver {
    address public target;
    bytes public reenterData;
    bool public revertOnReceive;
    uint256 public reentryAttempts;
    bool public lastReentrySucceeded;
    bytes public lastReentryError;

    function configure(address target_, bytes calldata reenterData_, bool revertOnReceive_) external {
        target = target_;
        reenterData = reenterData_;
        revertOnReceive = revertOnReceive_;
    }

    /// @notice Forward a call (with value) to the target, as this contract.
    function execute(bytes calldata data, uint256 value) external payable returns (bytes memory) {
        (bool ok, bytes memory ret) = target.call{value: value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }

    receive() external payable {
        if (revertOnReceive) revert("ReentrantReceiver: refusing payment");
        if (reenterData.length != 0 && reentryAttempts == 0) {
            reentryAttempts++;
            (bool ok, bytes memory err) = target.call(reenterData);
            lastReentrySucceeded = ok;
            lastReentryError = err;
        }
    }
}
