// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Order, Offer} from "../types/Order.sol";
import {ListingStatus} from "../types/ListingState.sol";
import {IMarketplaceDiscounts} from "./IMarketplaceDiscounts.sol";
import {IMarketplaceErrors} from "./IMarketplaceErrors.sol";
import {IMarketplaceEvents} from "./IMarketplaceEvents.sol";
import {IPlatformArbitration} from "./IPlatformArbitration.sol";

/// @title IMarketplace
/// @notice Anonymous checkout with optional escrow. A buyer pays from any address, in ETH
/// or an ERC-20, with no registration and no personal data on chain. Direct listings pay
/// the seller at once; escrowed listings hold the money until delivery is confirmed, the
/// auto-release window passes, or a dispute is resolved. Every non-terminal state has a
/// deadline after which anyone can move it on, so no funds can be held forever.
/// Vouchers and review credits are in {IMarketplaceDiscounts}.
/// @dev Errors and events are declared, with their docs, in {IMarketplaceErrors} and
/// {IMarketplaceEvents}, the platform admin (fee, arbiter, pause, withdrawals) in
/// {IPlatformArbitration}; this interface inherits them, so its ABI carries the whole API.
interface IMarketplace is IMarketplaceErrors, IMarketplaceEvents, IMarketplaceDiscounts, IPlatformArbitration {
    /// @notice A listing as returned by {getListing}.
    struct ListingView {
        address seller;
        address token;
        uint96 price;
        uint32 stock;
        uint32 orderCount;
        ListingStatus status;
        bool escrow;
        uint16 feeBps;
        uint32 handlingTime;
        uint32 autoReleaseWindow;
        uint96 unsettled;
        uint16 creditCapBps;
    }

    // ------------------------------------------------------------------ listings

    /// @notice Create a listing. The current platform fee is fixed for the listing's life.
    /// @return listingId The new listing's id (ids start at 1).
    function createListing(
        address token,
        uint96 price,
        uint32 stock,
        bool escrow,
        uint32 handlingTime,
        uint32 autoReleaseWindow,
        bytes32 metadataHash
    ) external returns (uint256 listingId);

    /// @notice Change price, stock and metadata of an open listing (seller only).
    function updateListing(uint256 listingId, uint96 price, uint32 stock, bytes32 metadataHash) external;

    /// @notice Pause or resume sales of a listing (seller only).
    function setListingPaused(uint256 listingId, bool paused) external;

    /// @notice Close a listing for good (seller only). Open orders are unaffected.
    function closeListing(uint256 listingId) external;

    // ------------------------------------------------------------------ checkout

    /// @notice Buy `quantity` units. ETH listings need msg.value == price * quantity;
    /// ERC-20 listings need a prior approval and msg.value == 0.
    /// @param maxPrice The unit price the buyer saw (its commitment): reverts
    /// {MarketplacePriceAboveLimit} if the listing's price is above it, so a seller raising the
    /// price in front of a pending purchase cannot charge a standing ERC-20 allowance more.
    /// @return orderId The order's id, listingId << 32 | sequence. Direct purchases get one too
    /// (it is their deal id for reviews); only escrowed orders are stored.
    function buy(uint256 listingId, uint32 quantity, uint256 maxPrice, bytes32 shippingRef)
        external
        payable
        returns (uint256 orderId);

    /// @notice Buy from an ERC-20 listing with an EIP-2612 permit in the same transaction.
    /// A permit that fails (for example front-run) is ignored if the allowance suffices.
    /// `maxPrice` as for {buy}.
    function buyWithPermit(
        uint256 listingId,
        uint32 quantity,
        uint256 maxPrice,
        bytes32 shippingRef,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 orderId);

    /// @notice Accept a seller's signed EIP-712 offer and pay for it, before `offer.expiry`
    /// (the first second the offer is void, as every deadline in this contract).
    /// @return orderId The id of the deal (an escrowed order when `offer.escrow`).
    function acceptOffer(Offer calldata offer, bytes calldata signature, bytes32 shippingRef)
        external
        payable
        returns (uint256 orderId);

    /// @notice Cancel offer nonces so the offers signed with them can never be accepted.
    function cancelNonces(uint256[] calldata nonces) external;

    // ------------------------------------------------------------------ escrow

    /// @notice Mark an escrowed order shipped (seller only, status Paid), before
    /// `paidAt + handlingTime`; from then on it reverts {MarketplaceTooLate} and the buyer may cancel.
    function ship(Order calldata order, bytes32 trackingHash) external;

    /// @notice Confirm delivery and release the funds to the seller (buyer only, Paid or Shipped).
    function confirmDelivery(Order calldata order) external;

    /// @notice Release a shipped order's funds once the auto-release window has passed (anyone).
    function release(Order calldata order) external;

    /// @notice Cancel an unshipped order for a full refund: the buyer once the handling time
    /// has passed, anyone once the handling time plus the auto-release window has passed.
    function cancel(Order calldata order) external;

    /// @notice Refund `amount` to the buyer before completion (seller only). Refunding all
    /// that remains closes the order.
    function refund(Order calldata order, uint256 amount) external;

    /// @notice Open a dispute (buyer or seller) on a Paid or Shipped order, inside the
    /// caller's window; at or after its end it reverts {MarketplaceTooLate}. Shipped: before
    /// `shippedAt + autoReleaseWindow` (when release opens). Paid: the seller before
    /// `paidAt + handlingTime` (when the buyer's cancel opens), the buyer before
    /// `paidAt + handlingTime + autoReleaseWindow` (when anyone's cancel opens).
    function openDispute(Order calldata order, bytes32 reasonHash) external;

    /// @notice Rule a dispute: `buyerBps` of what remains goes to the buyer, the rest to the
    /// seller minus the fee (arbiter only), before `disputedAt + disputeTimeout`; from then on
    /// it reverts {MarketplaceTooLate} and only {resolveExpiredDispute} applies.
    function resolveDispute(Order calldata order, uint16 buyerBps) external;

    /// @notice Apply the timeout fallback to a dispute the arbiter left unruled (anyone, after
    /// the dispute timeout): full refund if the order never shipped, otherwise an even split.
    function resolveExpiredDispute(Order calldata order) external;

    // ------------------------------------------------------------------ payouts

    /// @notice Split listings' unsettled proceeds into the seller's balance and the fees (anyone).
    function settleProceeds(uint256[] calldata listingIds) external;

    /// @notice Settle the caller's listings and pay the proceeds out at once (seller only).
    function withdrawProceeds(uint256[] calldata listingIds) external;

    /// @notice Publish the caller's X25519 public key for shipping-detail encryption.
    function publishEncryptionKey(bytes32 key) external;

    // ------------------------------------------------------------------ views

    /// @notice The listing with id `listingId`.
    function getListing(uint256 listingId) external view returns (ListingView memory);

    /// @notice The stored commitment of an order (zero if none).
    function orderHash(uint256 orderId) external view returns (bytes32);

    /// @notice The commitment an order struct hashes to.
    function hashOrder(Order calldata order) external pure returns (bytes32);

    /// @notice The EIP-712 digest a seller signs for `offer`.
    function hashOffer(Offer calldata offer) external view returns (bytes32);

    /// @notice Whether `seller` has used or cancelled offer nonce `nonce`.
    function isNonceUsed(address seller, uint256 nonce) external view returns (bool);

    /// @notice The X25519 key `seller` published, zero if none.
    function encryptionKeyOf(address seller) external view returns (bytes32);
}
