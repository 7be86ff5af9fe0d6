// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OrderStatus} from "../types/Order.sol";
import {ListingStatus} from "../types/ListingState.sol";

/// @title IMarketplaceErrors
/// @notice Every custom error of the Marketplace, with the values needed to diagnose it.
/// Payment errors (wrong msg.value, fee-on-transfer tokens) come from the Payments library,
/// the admin's (fee cap, pause, withdrawals, arbiter) from IPlatformAdminErrors, vouchers' and
/// credits' from IMarketplaceDiscounts.
interface IMarketplaceErrors {
    /// @notice Thrown when a listing id does not exist.
    error MarketplaceUnknownListing(uint256 listingId);
    /// @notice Thrown when the caller is not the seller of the listing or order.
    error MarketplaceNotSeller(address caller, address seller);
    /// @notice Thrown when the caller is not the buyer of the order.
    error MarketplaceNotBuyer(address caller, address buyer);
    /// @notice Thrown when the caller is neither buyer nor seller of the order.
    error MarketplaceNotParty(address caller);
    /// @notice Thrown when a listing is not in a status that allows the action.
    error MarketplaceListingNotActive(uint256 listingId, ListingStatus status);
    /// @notice Thrown when a listing has fewer units left than requested.
    error MarketplaceInsufficientStock(uint256 listingId, uint256 available, uint256 requested);
    /// @notice Thrown when a listing's unit price is above the buyer's `maxPrice` (the seller
    /// changed it after the buyer looked).
    error MarketplacePriceAboveLimit(uint256 listingId, uint256 price, uint256 maxPrice);
    /// @notice Thrown when a quantity of zero is requested.
    error MarketplaceZeroQuantity();
    /// @notice Thrown when a listing price or offer amount of zero is given.
    error MarketplaceZeroPrice();
    /// @notice Thrown when the order passed does not match the stored commitment.
    error MarketplaceUnknownOrder(uint256 orderId);
    /// @notice Thrown when an order is not in a status that allows the action.
    error MarketplaceInvalidOrderStatus(uint256 orderId, OrderStatus status);
    /// @notice Thrown when an action is attempted before its deadline.
    error MarketplaceTooEarly(uint256 nowTimestamp, uint256 availableAt);
    /// @notice Thrown when a party acts at or after the end of its window (`deadline` is the
    /// first second it is closed; the permissionless exit of that state opens then).
    error MarketplaceTooLate(uint256 nowTimestamp, uint256 deadline);
    /// @notice Thrown when a refund exceeds what is still refundable.
    error MarketplaceRefundTooLarge(uint256 amount, uint256 refundable);
    /// @notice Thrown when a split is given above 10,000 basis points.
    error MarketplaceInvalidSplit(uint256 buyerBps);
    /// @notice Thrown when a time window is outside its allowed range.
    error MarketplaceInvalidWindow(uint256 value, uint256 min, uint256 max);
    /// @notice Thrown when an offer's expiry has passed.
    error MarketplaceOfferExpired(uint256 expiry, uint256 nowTimestamp);
    /// @notice Thrown when an offer reserved for one buyer is accepted by another.
    error MarketplaceOfferNotForCaller(address buyer, address caller);
    /// @notice Thrown when an offer signature was not made by the offer's seller (EOA or ERC-1271).
    error MarketplaceInvalidSignature(address seller);
    /// @notice Thrown when an offer nonce was already used or cancelled.
    error MarketplaceNonceUsed(address seller, uint256 nonce);
}
