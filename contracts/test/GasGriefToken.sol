// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title GasGriefToken
/// @notice Attack fixture for InstallmentPlans.collectMany: a seller-chosen ERC-20 that, on
/// demand, makes every call the keeper's batch sends it as expensive or as large as it can.
contract GasGriefToken is ERC20 {
    /// @notice What the next calls do: Honest behaves like any ERC-20.
    enum Mode {
        Honest,
        BurnGasOnTransfer, //   transferFrom loops until it runs out of gas
        BurnGasOnBalance, //    balanceOf loops until it runs out of gas
        RevertHugeData, //      transferFrom reverts with 1 MB of revert data
        ReturnHugeData //       transferFrom moves the tokens and returns 1 MB of data
    }

    Mode public mode;
    uint256 private _sink;

    constructor() ERC20("Gas Grief Token", "GRIEF") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setMode(Mode mode_) external {
        mode = mode_;
    }

    function balanceOf(address account) public view override returns (uint256) {
        if (mode == Mode.BurnGasOnBalance) _burnAllGas();
        return super.balanceOf(account);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        Mode m = mode;
        if (m == Mode.BurnGasOnTransfer) {
            while (true) _sink = uint256(keccak256(abi.encode(_sink)));
        }
        if (m == Mode.RevertHugeData) {
            assembly {
                revert(0, 0x100000)
            }
        }
        bool ok = super.transferFrom(from, to, value);
        if (m == Mode.ReturnHugeData) {
            assembly {
                mstore(0, 1)
                return(0, 0x100000)
            }
        }
        return ok;
    }

    function _burnAllGas() private view {
        uint256 x;
        while (gasleft() > 0) x = uint256(keccak256(abi.encode(x, gasleft())));
    }
}
