// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";

import {IMarketplace} from "./interfaces/IMarketplace.sol";
import {IReviewCredits} from "./interfaces/IReviewCredits.sol";

/// @title ReviewCredits
/// @notice Review credits for deals paid in one token (deploy one per payment token that
/// earns credits: ETH, USDC, ...). An ERC-20 for wallets and indexers, but not freely
/// transferable: the only moves are {mint} by Reputation, {spend} by a registered market at
/// checkout, and the seller's burn in {promote}.
/// @dev Denominating credits in the payment token keeps the wash-trade argument free of any
/// price oracle: credits minted for a deal are a fraction of the fee paid in the same unit,
/// and a credit can only ever buy a discount of one unit of that token (docs/reviews.md).
contract ReviewCredits is IReviewCredits, ERC20, Ownable2Step {
    /// @inheritdoc IReviewCredits
    address public immutable reputation;
    /// @inheritdoc IReviewCredits
    address public immutable underlying;
    uint8 private immutable _decimals;

    mapping(address spender => bool) private _spenders;

    /// @param owner_ Who registers markets as spenders.
    /// @param reputation_ The Reputation contract, the only minter.
    /// @param underlying_ The payment token credits are denominated in, address(0) for ETH.
    /// @param decimals_ The decimals of `underlying_` (18 for ETH), so one credit unit
    /// displays like one unit of the token.
    constructor(
        address owner_,
        address reputation_,
        address underlying_,
        string memory name_,
        string memory symbol_,
        uint8 decimals_
    ) ERC20(name_, symbol_) Ownable(owner_) {
        if (reputation_ == address(0)) revert ReviewCreditsZeroAddress();
        reputation = reputation_;
        underlying = underlying_;
        _decimals = decimals_;
    }

    // ------------------------------------------------------------------ allowed moves

    /// @inheritdoc IReviewCredits
    function mint(address to, uint256 amount) external {
        if (msg.sender != reputation) revert ReviewCreditsNotMinter(msg.sender);
        _mint(to, amount);
    }

    /// @inheritdoc IReviewCredits
    /// @dev The market is trusted to spend only from its caller (the buyer) or from credits
    /// it holds itself for an escrowed order; only the owner can register a market.
    function spend(address from, address to, uint256 amount) external {
        if (!_spenders[msg.sender]) revert ReviewCreditsNotSpender(msg.sender);
        _transfer(from, to, amount);
    }

    /// @inheritdoc IReviewCredits
    function promote(address market, uint256 listingId, uint256 amount) external {
        if (amount == 0) revert ReviewCreditsZeroAmount();
        if (!_spenders[market]) revert ReviewCreditsUnknownMarket(market);
        address seller = IMarketplace(market).getListing(listingId).seller;
        if (msg.sender != seller) revert ReviewCreditsNotSeller(msg.sender, seller);
        _burn(msg.sender, amount);
        emit ListingPromoted(market, listingId, msg.sender, amount);
    }

    // ------------------------------------------------------------------ blocked moves

    /// @notice Always reverts: credits are not freely transferable.
    function transfer(address, uint256) public pure override(ERC20, IERC20) returns (bool) {
        revert ReviewCreditsNonTransferable();
    }

    /// @notice Always reverts: credits are not freely transferable.
    function transferFrom(address, address, uint256) public pure override(ERC20, IERC20) returns (bool) {
        revert ReviewCreditsNonTransferable();
    }

    /// @notice Always reverts: nobody can be allowed to move someone else's credits.
    function approve(address, uint256) public pure override(ERC20, IERC20) returns (bool) {
        revert ReviewCreditsNonTransferable();
    }

    // ------------------------------------------------------------------ admin

    /// @inheritdoc IReviewCredits
    function setSpender(address spender, bool allowed) external onlyOwner {
        if (spender == address(0)) revert ReviewCreditsZeroAddress();
        _spenders[spender] = allowed;
        emit SpenderUpdated(spender, allowed);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IERC20Metadata
    function decimals() public view override(ERC20, IERC20Metadata) returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc IReviewCredits
    function isSpender(address spender) external view returns (bool) {
        return _spenders[spender];
    }
}
