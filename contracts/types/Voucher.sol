// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A seller's signed discount voucher (EIP-712), redeemed by a buyer at checkout.
/// The seller funds the discount: the buyer pays, and the seller receives, the discounted
/// amount. Each voucher may be redeemed `maxRedemptions` times in total.
struct Voucher {
    address seller;
    address buyer; //          address(0): any buyer
    uint256 listingId; //      0: any listing of the seller paid in `token`
    address token; //          the payment token of the listings it applies to
    bool percent; //           true: `discount` is in basis points of the subtotal
    uint256 discount; //       amount of `token` off, or basis points when `percent`
    uint256 minSpend; //       minimum subtotal (price × quantity) before the discount
    uint40 expiry; //          first second the voucher can no longer be redeemed
    uint32 maxRedemptions; //  redemptions allowed in total
    uint256 nonce; //          tells otherwise identical vouchers apart
}
