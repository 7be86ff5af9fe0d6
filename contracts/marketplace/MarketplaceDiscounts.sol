// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketplaceEscrow} from "./MarketplaceEscrow.sol";
import {IMarketplaceDiscounts} from "../interfaces/IMarketplaceDiscounts.sol";
import {IReputation} from "../interfaces/IReputation.sol";
import {IReviewCredits} from "../interfaces/IReviewCredits.sol";
import {IVoucherBook} from "../interfaces/IVoucherBook.sol";
import {ListingState, ListingStatus} from "../types/ListingState.sol";
import {Voucher} from "../types/Voucher.sol";
import {Payments} from "../libraries/Payments.sol";
import {VoucherBook} from "../VoucherBook.sol";

/// @title MarketplaceDiscounts
/// @notice Checkout with a seller's voucher or with review credits. Both quote the listing,
/// check the discount, then run the same internal checkout as `buy` with the discount taken
/// off what the buyer pays. Vouchers are verified and counted by a VoucherBook this contract
/// creates, which keeps the Marketplace's runtime code under the EIP-170 size limit.
/// @dev The seller funds every discount: the buyer pays, the listing accrues and the fee is
/// charged on the amount left in the payment token, and credits spent go to the seller. The
/// deal reported to Reputation carries that amount and that fee, so credits minted for its
/// reviews stay a fraction of fees actually paid (docs/reviews.md).
abstract contract MarketplaceDiscounts is MarketplaceEscrow {
    IVoucherBook internal immutable _voucherBook;

    constructor() {
        _voucherBook = new VoucherBook();
    }

    // ------------------------------------------------------------------ checkout

    /// @inheritdoc IMarketplaceDiscounts
    function purchaseWithVoucher(
        uint256 listingId,
        uint32 quantity,
        uint256 maxPrice,
        bytes32 shippingRef,
        Voucher calldata voucher,
        bytes calldata signature
    ) external payable nonReentrant returns (uint256 orderId) {
        (address seller, address token, uint256 subtotal, uint256 nextOrderId) = _quote(listingId, quantity);
        uint256 discount = _redeem(seller, token, subtotal, nextOrderId);
        uint256 amount;
        (, amount, orderId) = _checkout(listingId, quantity, maxPrice, shippingRef, discount);
        Payments.pullExact(token, msg.sender, amount);
    }

    /// @inheritdoc IMarketplaceDiscounts
    /// @dev Only direct listings have a credit cap ({setCreditCap} refuses escrowed ones),
    /// so the credits can go to the seller at once: no escrow exit ever has to return them.
    function purchaseWithCredits(
        uint256 listingId,
        uint32 quantity,
        uint256 maxPrice,
        bytes32 shippingRef,
        uint256 credits
    )
        external
        payable
        nonReentrant
        returns (uint256 orderId)
    {
        (address seller, address token, uint256 subtotal,) = _quote(listingId, quantity);
        uint256 capBps = _creditCap(listingId);
        address recorder = _dealRecorder();
        if (capBps == 0 || recorder == address(0)) revert MarketplaceCreditsNotAccepted(listingId);
        address creditsToken = IReputation(recorder).creditsOf(token);
        if (creditsToken == address(0)) revert MarketplaceCreditsNotAccepted(listingId);
        uint256 maxCredits = subtotal * capBps / 10_000;
        if (credits == 0 || credits > maxCredits) revert MarketplaceInvalidCredits(credits, maxCredits);
        if (credits >= subtotal) revert MarketplaceDiscountTooLarge(credits, subtotal);

        uint256 amount;
        (, amount, orderId) = _checkout(listingId, quantity, maxPrice, shippingRef, credits);
        emit CreditsSpent(orderId, msg.sender, creditsToken, seller, credits);
        IReviewCredits(creditsToken).spend(msg.sender, seller, credits);
        Payments.pullExact(token, msg.sender, amount);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IMarketplaceDiscounts
    function vouchersBook() external view returns (address) {
        return address(_voucherBook);
    }

    // ------------------------------------------------------------------ internals

    /// @dev `IVoucherBook.redeem` with this call's calldata forwarded unchanged but for the
    /// selector, and the purchase context appended (see IVoucherBook). Done in assembly so
    /// the signature is not ABI-encoded again: that encoding would add the sixth copy of the
    /// `not(31)` rounding mask to this contract, past which the optimizer stores the mask in
    /// 3 bytes costing 6 gas instead of 33 bytes costing 3, making ship and confirm dearer.
    /// Safe: it writes only past the free memory pointer (never allocated), reads back one
    /// returned word, and bubbles any revert of the book unchanged.
    function _redeem(address seller, address token, uint256 subtotal, uint256 orderId)
        private
        returns (uint256 discount)
    {
        bytes4 selector = IVoucherBook.redeem.selector;
        address book = address(_voucherBook);
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, 0, calldatasize())
            mstore(ptr, or(selector, and(mload(ptr), 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffff)))
            let context := add(ptr, calldatasize())
            mstore(context, caller())
            mstore(add(context, 0x20), seller)
            mstore(add(context, 0x40), token)
            mstore(add(context, 0x60), subtotal)
            mstore(add(context, 0x80), orderId)
            if iszero(call(gas(), book, 0, ptr, add(calldatasize(), 0xa0), 0x00, 0x20)) {
                returndatacopy(ptr, 0, returndatasize())
                revert(ptr, returndatasize())
            }
            if lt(returndatasize(), 0x20) { revert(0, 0) }
            discount := mload(0x00)
        }
    }

    /// @dev What a discount is checked against: the listing's seller, payment token and
    /// subtotal (price × quantity), and the id the purchase will get (the checkout computes
    /// the same id from the same listing word). Status and stock are checked again by the
    /// checkout; checking the status here first makes an unknown or closed listing fail as
    /// such rather than as a discount that does not apply.
    /// Returns a tuple rather than a struct, and uses unchecked arithmetic, on purpose: a
    /// 4-word memory struct or a checked uint24 increment here would share Yul helpers with
    /// `buy`'s checkout and make the optimizer outline them, adding gas to every `buy`.
    function _quote(uint256 listingId, uint32 quantity)
        private
        view
        returns (address seller, address token, uint256 subtotal, uint256 nextOrderId)
    {
        ListingState s = _state(listingId);
        uint8 flags = s.flags();
        ListingStatus status = _statusOf(flags);
        if (status != ListingStatus.Active) _revertInactive(listingId, status);
        seller = _core(listingId).seller;
        token = _tokenOf(listingId, flags);
        // price < 2^96 and quantity < 2^32, so the product fits; orderCount < 2^24, so the
        // sequence + 1 fits (the checkout reverts if it would overflow its 24 bits).
        unchecked {
            subtotal = uint256(s.price()) * quantity;
            nextOrderId = (listingId << 32) | (uint256(s.orderCount()) + 1);
        }
    }
}
