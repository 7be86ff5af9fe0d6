// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IMarketplace} from "../interfaces/IMarketplace.sol";

/// @title MarketplaceProbe
/// @notice Test fixture: reads everything the solvency invariant needs from a Marketplace in a
/// single eth_call, so a randomized run can check it after every operation.
contract MarketplaceProbe {
    /// @notice Everything the Marketplace holds and owes, as seen on chain.
    /// @param tokens Tokens to inspect, address(0) for ETH.
    /// @param accounts Accounts whose pull balances to read.
    /// @param listingIds Listings whose unsettled proceeds to read.
    /// @param orderIds Orders whose stored commitments to read.
    /// @return balances The Marketplace's balance of each token.
    /// @return owed `owed(accounts[i], tokens[j])` at index `i * tokens.length + j`.
    /// @return fees `feesOwed(tokens[j])`.
    /// @return unsettled `getListing(listingIds[k]).unsettled`.
    /// @return hashes `orderHash(orderIds[k])`.
    function snapshot(
        IMarketplace market,
        address[] calldata tokens,
        address[] calldata accounts,
        uint256[] calldata listingIds,
        uint256[] calldata orderIds
    )
        external
        view
        returns (
            uint256[] memory balances,
            uint256[] memory owed,
            uint256[] memory fees,
            uint256[] memory unsettled,
            bytes32[] memory hashes
        )
    {
        balances = new uint256[](tokens.length);
        fees = new uint256[](tokens.length);
        owed = new uint256[](accounts.length * tokens.length);
        for (uint256 j; j < tokens.length; ++j) {
            address token = tokens[j];
            balances[j] = token == address(0) ? address(market).balance : IERC20(token).balanceOf(address(market));
            fees[j] = market.feesOwed(token);
            for (uint256 i; i < accounts.length; ++i) {
                owed[i * tokens.length + j] = market.owed(accounts[i], token);
            }
        }
        unsettled = new uint256[](listingIds.length);
        for (uint256 k; k < listingIds.length; ++k) {
            unsettled[k] = market.getListing(listingIds[k]).unsettled;
        }
        hashes = new bytes32[](orderIds.length);
        for (uint256 k; k < orderIds.length; ++k) {
            hashes[k] = market.orderHash(orderIds[k]);
        }
    }
}
