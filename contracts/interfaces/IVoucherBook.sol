// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Voucher} from "../types/Voucher.sol";

/// @title IVoucherBook
/// @notice Seller vouchers for one Marketplace: EIP-712 verification (domain
/// "Bazaar Vouchers", version "1", this contract's address), scope and limits, and the count
/// of redemptions per voucher. The Marketplace creates its book in its constructor and is the
/// only contract that can redeem; sellers cancel their vouchers here.
interface IVoucherBook {
    // ------------------------------------------------------------------ errors

    /// @notice Thrown when a caller other than the book's Marketplace redeems.
    error VoucherBookNotMarketplace(address caller);
    /// @notice Thrown when a voucher is redeemed at or after its expiry.
    error VoucherBookExpired(uint256 expiry, uint256 nowTimestamp);
    /// @notice Thrown when a voucher reserved for one buyer is redeemed by another.
    error VoucherBookNotForBuyer(address buyer, address caller);
    /// @notice Thrown when a voucher does not cover the listing: another seller, another
    /// payment token, or another listing.
    error VoucherBookNotForListing(uint256 listingId, address seller, address token);
    /// @notice Thrown when the purchase's subtotal is below the voucher's minimum spend.
    error VoucherBookMinSpend(uint256 subtotal, uint256 minSpend);
    /// @notice Thrown when a voucher was redeemed `maxRedemptions` times or cancelled.
    error VoucherBookExhausted(bytes32 voucherHash, uint256 maxRedemptions);
    /// @notice Thrown when the signature was not made by the voucher's seller (EOA or ERC-1271).
    error VoucherBookInvalidSignature(address seller);
    /// @notice Thrown when someone other than the voucher's seller cancels it.
    error VoucherBookNotSeller(address caller, address seller);
    /// @notice Thrown when a discount would leave nothing to pay in the payment token.
    error VoucherBookDiscountTooLarge(uint256 discount, uint256 subtotal);

    // ------------------------------------------------------------------ events

    /// @notice Emitted when a buyer redeems a voucher, right before the purchase's
    /// `Purchased` or `OrderPlaced` on the Marketplace, whose `amount` is net of `discount`.
    /// @param voucherHash The voucher's EIP-712 digest ({hashVoucher}).
    /// @param seller The voucher's signer.
    /// @param buyer The redeeming buyer.
    /// @param orderId The Marketplace purchase it was redeemed for.
    /// @param discount Amount of the payment token taken off the subtotal.
    /// @param redemptions Redemptions of this voucher so far, this one included.
    event VoucherRedeemed(
        bytes32 indexed voucherHash,
        address indexed seller,
        address indexed buyer,
        uint256 orderId,
        uint256 discount,
        uint256 redemptions
    );

    /// @notice Emitted when a seller cancels a voucher; it can never be redeemed again.
    event VoucherCancelled(bytes32 indexed voucherHash, address indexed seller);

    // ------------------------------------------------------------------ functions

    /// @notice Check a voucher for a purchase and count one redemption (the Marketplace only).
    /// @dev The Marketplace calls this with its own `purchaseWithVoucher` calldata (the same
    /// parameters, this selector) and five words of context appended, ERC-2771 style: the
    /// buyer, the listing's seller and token, the subtotal (price × quantity) and the id the
    /// purchase will get. Only the Marketplace can call, so the context is trusted; forwarding
    /// the calldata as it came spares the Marketplace re-encoding the signature.
    /// @param listingId The listing bought.
    /// @param voucher The seller's voucher.
    /// @param signature The seller's EIP-712 signature of `voucher` (EOA or ERC-1271).
    /// @return discount Amount of the listing's token off the subtotal, always below it.
    function redeem(
        uint256 listingId,
        uint32 quantity,
        uint256 maxPrice,
        bytes32 shippingRef,
        Voucher calldata voucher,
        bytes calldata signature
    ) external returns (uint256 discount);

    /// @notice Cancel a voucher the caller signed, so it can never be redeemed again.
    function cancel(Voucher calldata voucher) external;

    // ------------------------------------------------------------------ views

    /// @notice The Marketplace this book redeems for.
    function marketplace() external view returns (address);

    /// @notice EIP-712 type hash of {Voucher}.
    function VOUCHER_TYPEHASH() external view returns (bytes32);

    /// @notice The EIP-712 digest a seller signs for `voucher`; also its id.
    function hashVoucher(Voucher calldata voucher) external view returns (bytes32);

    /// @notice How many times the voucher with digest `voucherHash` was redeemed
    /// (type(uint256).max once cancelled).
    function redemptions(bytes32 voucherHash) external view returns (uint256);
}
