// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/// @title Payments
/// @notice Exact pay-in and pay-out of ETH (token == address(0)) and ERC-20 tokens, shared by
/// every Bazaar contract that holds money.
library Payments {
    using SafeERC20 for IERC20;

    /// @notice Thrown when msg.value does not match the amount due (zero for ERC-20 payments).
    error PaymentsWrongValue(uint256 sent, uint256 expected);
    /// @notice Thrown when a token delivers less than the amount transferred (fee-on-transfer).
    error PaymentsFeeOnTransferToken(address token, uint256 received, uint256 expected);

    /// @notice Collect exactly `amount` of `token` from `from` into this contract.
    /// @dev For ETH the payment is msg.value and must match exactly. For ERC-20 the balance
    /// delta must equal `amount`, which rejects fee-on-transfer and rebasing-on-transfer tokens.
    function pullExact(address token, address from, uint256 amount) internal {
        if (token == address(0)) {
            if (msg.value != amount) revert PaymentsWrongValue(msg.value, amount);
            return;
        }
        if (msg.value != 0) revert PaymentsWrongValue(msg.value, 0);
        IERC20 erc20 = IERC20(token);
        uint256 before = erc20.balanceOf(address(this));
        erc20.safeTransferFrom(from, address(this), amount);
        uint256 received = erc20.balanceOf(address(this)) - before;
        if (received != amount) revert PaymentsFeeOnTransferToken(token, received, amount);
    }

    /// @notice Collect an ERC-20 payment that may first need an EIP-2612 permit.
    /// @dev The permit is wrapped in try/catch: if someone front-ran it, the allowance is
    /// already in place and the transfer goes through; otherwise transferFrom fails clearly.
    function pullWithPermit(
        address token,
        address from,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) internal {
        try IERC20Permit(token).permit(from, address(this), amount, deadline, v, r, s) {}
        catch {
            // Tolerate a front-run permit; pullExact reverts if the allowance is missing.
        }
        pullExact(token, from, amount);
    }

    /// @notice Send `amount` of `token` to `to`. Only used to pay the caller of the current
    /// call or the owner of a pull balance, never a third party that could block others.
    function push(address token, address to, uint256 amount) internal {
        if (token == address(0)) {
            Address.sendValue(payable(to), amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }

    /// @notice The fee in `amount` at `feeBps` basis points, rounded down (in the payer's favour).
    function feeOf(uint256 amount, uint256 feeBps) internal pure returns (uint256) {
        return amount * feeBps / 10_000;
    }
}
