// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IInstallmentPlans} from "../interfaces/IInstallmentPlans.sol";

/// @title PlansLens
/// @notice Test fixture: InstallmentPlans' whole accounting for one token in one call, so the
/// invariant run can check solvency after every step without hundreds of RPC calls.
contract PlansLens {
    /// @notice What the contract owes in `token` and what it holds.
    /// @return held Sum of {IInstallmentPlans.quote}'s balance over the plans in `token`.
    /// @return owedSum Sum of the pull balances of `accounts`.
    /// @return fees Platform fees not yet withdrawn.
    /// @return balance The contract's actual balance of `token` (ETH for address(0)).
    function totals(
        IInstallmentPlans plans,
        uint256[] calldata planIds,
        address[] calldata accounts,
        address token
    ) external view returns (uint256 held, uint256 owedSum, uint256 fees, uint256 balance) {
        for (uint256 i; i < planIds.length; ++i) {
            if (plans.getPlan(planIds[i]).token == token) held += plans.quote(planIds[i]).balance;
        }
        for (uint256 i; i < accounts.length; ++i) {
            owedSum += plans.owed(accounts[i], token);
        }
        fees = plans.feesOwed(token);
        balance = token == address(0) ? address(plans).balance : IERC20(token).balanceOf(address(plans));
    }
}
