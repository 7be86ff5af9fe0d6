// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";

/// @title IReviewCredits
/// @notice Review credits denominated in one payment token: one credit unit is a discount of
/// one base unit of `underlying()` (wei for ETH). Minted only by the Reputation contract for
/// verified reviews; they cannot be transferred, approved or redeemed for money. They move
/// only three ways: minted to a review's author, spent at checkout by a registered market
/// (moving from the buyer to the seller who accepted them as a discount), and burned by a
/// seller to promote a listing.
interface IReviewCredits is IERC20Metadata {
    // ------------------------------------------------------------------ errors

    /// @notice Thrown by transfer, transferFrom and approve: credits are not freely transferable.
    error ReviewCreditsNonTransferable();
    /// @notice Thrown when a caller other than the Reputation contract mints.
    error ReviewCreditsNotMinter(address caller);
    /// @notice Thrown when a caller that is not a registered market spends credits.
    error ReviewCreditsNotSpender(address caller);
    /// @notice Thrown when a listing is promoted on a contract that is not a registered market.
    error ReviewCreditsUnknownMarket(address market);
    /// @notice Thrown when someone other than the listing's seller promotes it.
    error ReviewCreditsNotSeller(address caller, address seller);
    /// @notice Thrown when a promotion burns nothing.
    error ReviewCreditsZeroAmount();
    /// @notice Thrown when an address parameter must not be zero.
    error ReviewCreditsZeroAddress();

    // ------------------------------------------------------------------ events

    /// @notice Emitted when the owner allows or forbids a market to spend credits at checkout.
    event SpenderUpdated(address indexed spender, bool allowed);

    /// @notice Emitted when a seller burns credits to promote a listing; the feed ranks by it.
    /// @param market The Marketplace the listing belongs to.
    /// @param listingId The promoted listing.
    /// @param seller The listing's seller, who burned the credits.
    /// @param amount Credits burned.
    event ListingPromoted(address indexed market, uint256 indexed listingId, address indexed seller, uint256 amount);

    // ------------------------------------------------------------------ moves

    /// @notice Mint `amount` credits to `to` (the Reputation contract only).
    function mint(address to, uint256 amount) external;

    /// @notice Move `amount` credits from `from` to `to` at checkout (registered markets only:
    /// the buyer pays the seller part of a price in credits, or a market releases credits it
    /// holds for an escrowed order).
    function spend(address from, address to, uint256 amount) external;

    /// @notice Burn `amount` of the caller's credits to promote listing `listingId` of the
    /// registered market `market`; the caller must be the listing's seller.
    function promote(address market, uint256 listingId, uint256 amount) external;

    // ------------------------------------------------------------------ admin

    /// @notice Allow or forbid `spender` (a market) to spend credits at checkout (owner only).
    function setSpender(address spender, bool allowed) external;

    // ------------------------------------------------------------------ views

    /// @notice The Reputation contract, the only minter.
    function reputation() external view returns (address);

    /// @notice The payment token credits are denominated in, address(0) for ETH.
    function underlying() external view returns (address);

    /// @notice Whether `spender` may spend credits at checkout.
    function isSpender(address spender) external view returns (bool);
}
