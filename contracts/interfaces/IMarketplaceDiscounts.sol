// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Voucher} from "../types/Voucher.sol";

/// @title IMarketplaceDiscounts
/// @notice The Marketplace's discounted checkouts: seller vouchers (checked and counted by the
/// Marketplace's {IVoucherBook}, which sellers sign for) and review credits. Both are separate
/// entry points next to `buy`, so a plain purchase pays nothing for them. In both the seller
/// funds the discount: the buyer pays, and the fee is charged on, the amount left in the
/// payment token; credits spent go to the seller at once, which is why only direct listings
/// accept them (docs/reviews.md).
interface IMarketplaceDiscounts {
    // ------------------------------------------------------------------ errors

    /// @notice Thrown when credits would leave nothing to pay in the payment token.
    error MarketplaceDiscountTooLarge(uint256 discount, uint256 subtotal);
    /// @notice Thrown when a listing does not accept credits, or no credits exist for its token.
    error MarketplaceCreditsNotAccepted(uint256 listingId);
    /// @notice Thrown when the credits offered are zero or above the listing's credit cap.
    error MarketplaceInvalidCredits(uint256 credits, uint256 maxCredits);
    /// @notice Thrown when a credit cap is set above 10,000 basis points.
    error MarketplaceInvalidCreditCap(uint256 creditCapBps);
    /// @notice Thrown when a credit cap is set on an escrowed listing (credits are paid to
    /// the seller at checkout, so only direct listings accept them).
    error MarketplaceCreditsOnEscrowListing(uint256 listingId);

    // ------------------------------------------------------------------ events

    /// @notice Emitted when a seller sets a listing's credit cap: the share of its price a
    /// buyer may pay in credits, in basis points.
    event CreditCapUpdated(uint256 indexed listingId, uint256 creditCapBps);

    /// @notice Emitted when a buyer pays part of a purchase in credits, right after the
    /// purchase's `Purchased`, whose `amount` is what was paid in the token besides.
    /// @param orderId The purchase.
    /// @param buyer Who spent the credits.
    /// @param credits The ReviewCredits contract of the listing's payment token.
    /// @param seller The listing's seller, who received the credits.
    /// @param amount Credits spent.
    event CreditsSpent(
        uint256 indexed orderId, address indexed buyer, address indexed credits, address seller, uint256 amount
    );

    // ------------------------------------------------------------------ checkout

    /// @notice Buy `quantity` units with a seller's signed voucher (see {vouchersBook} for its
    /// checks, errors and the `VoucherRedeemed` event). The buyer pays the subtotal minus the
    /// discount (ETH as msg.value, or an approved ERC-20).
    /// @param maxPrice The unit price the buyer saw: reverts `MarketplacePriceAboveLimit` if the
    /// listing's price is above it, so a seller cannot raise it under a pending purchase.
    /// @return orderId The purchase's id, as for `buy`.
    function purchaseWithVoucher(
        uint256 listingId,
        uint32 quantity,
        uint256 maxPrice,
        bytes32 shippingRef,
        Voucher calldata voucher,
        bytes calldata signature
    ) external payable returns (uint256 orderId);

    /// @notice Buy `quantity` units of a direct listing paying `credits` of the subtotal in
    /// review credits of the listing's payment token (at most the listing's credit cap) and
    /// the rest in the token. The credits go to the seller at once.
    /// @param maxPrice The unit price the buyer saw, as for `purchaseWithVoucher`.
    /// @return orderId The purchase's id, as for `buy`.
    function purchaseWithCredits(
        uint256 listingId,
        uint32 quantity,
        uint256 maxPrice,
        bytes32 shippingRef,
        uint256 credits
    ) external payable returns (uint256 orderId);

    /// @notice Set a listing's credit cap: the share of the price a buyer may pay in credits,
    /// in basis points, 0 to stop accepting them (seller only, open direct listings).
    function setCreditCap(uint256 listingId, uint16 creditCapBps) external;

    // ------------------------------------------------------------------ views

    /// @notice The VoucherBook this Marketplace created: the EIP-712 verifying contract of
    /// its vouchers, where they are counted and where sellers cancel them.
    /// @dev The four functions of this interface are named so their selectors sort after
    /// those of every checkout function: under via-IR the dispatcher compares selectors in
    /// ascending order, so a smaller selector would add 22 gas to each `buy`.
    function vouchersBook() external view returns (address);
}
