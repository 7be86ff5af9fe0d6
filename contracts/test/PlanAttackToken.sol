// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title PlanAttackToken
/// @notice Attack fixture for InstallmentPlans: an ERC-20 that can, on demand, start taking
/// a fee on transfers (as a token with a fee switch would), refuse every transfer, or call
/// back into a target during `transferFrom` to try reentrancy.
contract PlanAttackToken is ERC20 {
    uint256 public feeBps;
    bool public frozen;
    address public hookTarget;
    bytes public hookData;
    bool public hookSucceeded;
    bytes public hookError;
    uint256 public hookCalls;

    constructor() ERC20("Plan Attack Token", "PAT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Burn `feeBps_` of every later transfer (0 turns it off).
    function setFeeBps(uint256 feeBps_) external {
        feeBps = feeBps_;
    }

    /// @notice Make every later transfer revert (true) or work (false).
    function setFrozen(bool frozen_) external {
        frozen = frozen_;
    }

    /// @notice Call `target` with `data` from inside the next `transferFrom` (empty data: off).
    function setHook(address target, bytes calldata data) external {
        hookTarget = target;
        hookData = data;
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (hookData.length != 0) {
            bytes memory data = hookData;
            delete hookData;
            hookCalls++;
            (bool ok, bytes memory err) = hookTarget.call(data);
            hookSucceeded = ok;
            hookError = err;
        }
        return super.transferFrom(from, to, value);
    }

    function _update(address from, address to, uint256 value) internal override {
        require(!frozen, "PlanAttackToken: frozen");
        if (from == address(0) || to == address(0) || feeBps == 0) return super._update(from, to, value);
        uint256 burned = value * feeBps / 10_000;
        super._update(from, address(0), burned);
        super._update(from, to, value - burned);
    }
}
