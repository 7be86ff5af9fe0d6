// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Order, OrderStatus, Offer} from "../types/Order.sol";
import {IMarketplaceDiscounts} from "./IMarketplaceDiscounts.sol";

/// @title IMarketplace
/// @notice Anonymous checkout with optional escrow. A buyer pays from any address, in ETH
/// or an ERC-20, with no registration and no personal data on chain. Direct listings pay
/// the seller at once; escrowed listings hold the money until delivery is confirmed, the
/// auto-release window passes, or a dispute is resolved. Every non-terminal state has a
/// deadline after which anyone can move it on, so no funds can be held forever.
/// Vouchers and review credits are in {IMarketplaceDiscounts}.
interface IMarketplace is IMarketplaceDiscounts {
    /// @notice Lifecycle of a listing.
    enum ListingStatus {
        None,
        Active,
        Paused,
        Closed
    }

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

    // ------------------------------------------------------------------ errors

    /// @notice Thrown when the platform fee is set above the hard cap.
    error MarketplaceFeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice Thrown when an address parameter must not be zero.
    error MarketplaceZeroAddress();
    /// @notice Thrown when a listing id does not exist.
    error MarketplaceUnknownListing(uint256 listingId);
    /// @notice Thrown when the caller is not the seller of the listing or order.
    error MarketplaceNotSeller(address caller, address seller);
    /// @notice Thrown when the caller is not the buyer of the order.
    error MarketplaceNotBuyer(address caller, address buyer);
    /// @notice Thrown when the caller is neither buyer nor seller of the order.
    error MarketplaceNotParty(address caller);
    /// @notice Thrown when the caller is not the arbiter.
    error MarketplaceNotArbiter(address caller);
    /// @notice Thrown when the caller is not the fee recipient.
    error MarketplaceNotFeeRecipient(address caller);
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
    /// @notice Thrown when a dispute timeout is outside its allowed range.
    error MarketplaceInvalidDisputeTimeout(uint256 value, uint256 min, uint256 max);
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
    /// @notice Thrown when a withdrawal would transfer nothing.
    error MarketplaceNothingToWithdraw(address account, address token);
    /// @notice Thrown when new business is attempted while the marketplace is paused.
    error MarketplacePaused();

    // ------------------------------------------------------------------ events

    /// @notice Emitted when a seller creates a listing.
    /// @param listingId The new listing's id.
    /// @param seller The seller, who receives the proceeds.
    /// @param token Payment token, address(0) for ETH.
    /// @param price Price of one unit.
    /// @param stock Units for sale.
    /// @param escrow True if purchases are held in escrow until delivery.
    /// @param feeBps Platform fee for every sale of this listing, fixed at creation.
    /// @param handlingTime Seconds the seller has to ship an escrowed order.
    /// @param autoReleaseWindow Seconds after shipping until anyone can release the funds.
    /// @param metadataHash Hash of the listing's metadata document (stored off chain).
    event ListingCreated(
        uint256 indexed listingId,
        address indexed seller,
        address indexed token,
        uint256 price,
        uint256 stock,
        bool escrow,
        uint256 feeBps,
        uint256 handlingTime,
        uint256 autoReleaseWindow,
        bytes32 metadataHash
    );

    /// @notice Emitted when a seller changes the price, stock or metadata of a listing.
    event ListingUpdated(uint256 indexed listingId, uint256 price, uint256 stock, bytes32 metadataHash);

    /// @notice Emitted when a listing is paused, resumed or closed.
    event ListingStatusChanged(uint256 indexed listingId, ListingStatus status);

    /// @notice Emitted for a direct-mode purchase: the amount is credited to the listing's
    /// unsettled proceeds at once. The fee is the listing's fixed `feeBps` of `amount`.
    /// @param listingId The listing bought from.
    /// @param buyer The paying address.
    /// @param orderId The purchase's id (listingId << 32 | sequence), its deal id for reviews.
    /// @param quantity Units bought.
    /// @param amount Total paid.
    /// @param shippingRef Opaque reference to encrypted shipping details (never interpreted).
    event Purchased(
        uint256 indexed listingId,
        address indexed buyer,
        uint256 orderId,
        uint256 quantity,
        uint256 amount,
        bytes32 shippingRef
    );

    /// @notice Emitted for an escrowed purchase from a listing. Together with the listing's
    /// fixed terms (see {ListingCreated}) and the block timestamp this rebuilds the {Order}.
    /// @dev `orderId` is not indexed (it saves gas on the hot path); filter by `listingId`,
    /// which is `orderId >> 32`.
    event OrderPlaced(
        uint256 indexed listingId,
        address indexed buyer,
        uint256 orderId,
        uint256 quantity,
        uint256 amount,
        bytes32 shippingRef
    );

    /// @notice Emitted when a buyer accepts a signed offer. Carries every field of the offer.
    /// @param orderId Id of the resulting order (escrowed) or purchase (direct).
    /// @param seller The offer's signer.
    /// @param buyer The accepting buyer.
    /// @param offer The whole offer.
    /// @param feeBps Platform fee applied to the deal: the listing's fee (fixed at its creation)
    /// for an offer tied to a listing, the current platform fee for a custom offer.
    /// @param shippingRef Opaque reference to encrypted shipping details.
    event OfferAccepted(
        uint256 indexed orderId,
        address indexed seller,
        address indexed buyer,
        Offer offer,
        uint256 feeBps,
        bytes32 shippingRef
    );

    /// @notice Emitted when a seller marks an escrowed order shipped.
    event OrderShipped(uint256 indexed orderId, bytes32 trackingHash);

    /// @notice Emitted when an escrowed order completes and the seller is credited.
    /// @param orderId The order.
    /// @param by Who completed it: the buyer confirming, or anyone after the auto-release window.
    /// @param sellerAmount Credited to the seller, after the fee.
    /// @param fee Platform fee.
    event OrderCompleted(uint256 indexed orderId, address indexed by, uint256 sellerAmount, uint256 fee);

    /// @notice Emitted when an unshipped order is cancelled and the buyer refunded in full.
    event OrderCancelled(uint256 indexed orderId, address indexed by, uint256 refund);

    /// @notice Emitted when the seller refunds an order, fully or in part.
    /// @param amount Refunded now.
    /// @param totalRefunded Refunded so far, including `amount`.
    /// @param full True when nothing remains for the seller and the order is closed.
    event OrderRefunded(uint256 indexed orderId, uint256 amount, uint256 totalRefunded, bool full);

    /// @notice Emitted when the buyer or seller opens a dispute.
    event DisputeOpened(uint256 indexed orderId, address indexed by, bytes32 reasonHash);

    /// @notice Emitted when a dispute is resolved, by the arbiter or by the timeout fallback.
    event DisputeResolved(
        uint256 indexed orderId,
        uint256 buyerBps,
        uint256 buyerAmount,
        uint256 sellerAmount,
        uint256 fee,
        bool byTimeout
    );

    /// @notice Emitted when a listing's unsettled proceeds are split into seller and fee.
    event ProceedsSettled(uint256 indexed listingId, address indexed seller, uint256 sellerAmount, uint256 fee);

    /// @notice Emitted when an account withdraws its credited balance of a token.
    event Withdrawn(address indexed account, address indexed token, uint256 amount);

    /// @notice Emitted when the fee recipient withdraws accumulated fees.
    event FeesWithdrawn(address indexed recipient, address indexed token, uint256 amount);

    /// @notice Emitted when a seller publishes an X25519 key for shipping-detail encryption.
    event EncryptionKeyPublished(address indexed seller, bytes32 key);

    /// @notice Emitted when a seller cancels an offer nonce.
    event NonceCancelled(address indexed seller, uint256 nonce);

    /// @notice Emitted when the platform fee for new listings and offers changes.
    event FeeUpdated(uint256 feeBps);
    /// @notice Emitted when the fee recipient changes.
    event FeeRecipientUpdated(address feeRecipient);
    /// @notice Emitted when the arbiter changes.
    event ArbiterUpdated(address arbiter);
    /// @notice Emitted when the dispute timeout changes.
    event DisputeTimeoutUpdated(uint256 disputeTimeout);
    /// @notice Emitted when the deal recorder (the Reputation contract) changes.
    event DealRecorderUpdated(address dealRecorder);
    /// @notice Emitted when the owner pauses new listings and purchases.
    event Paused(address account);
    /// @notice Emitted when the owner lifts the pause.
    event Unpaused(address account);

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

    /// @notice Withdraw the caller's credited balance of `token` (refunds, dispute shares,
    /// settled proceeds).
    function withdraw(address token) external;

    /// @notice Withdraw accumulated platform fees in `token` (fee recipient only).
    function withdrawFees(address token) external;

    /// @notice Publish the caller's X25519 public key for shipping-detail encryption.
    function publishEncryptionKey(bytes32 key) external;

    // ------------------------------------------------------------------ admin

    /// @notice Set the platform fee for listings and offers created from now on (≤ 5 %).
    function setFee(uint16 feeBps) external;

    /// @notice Set who may withdraw platform fees.
    function setFeeRecipient(address feeRecipient) external;

    /// @notice Set the dispute arbiter.
    function setArbiter(address arbiter) external;

    /// @notice Set how long the arbiter has before the dispute timeout fallback applies.
    function setDisputeTimeout(uint32 disputeTimeout) external;

    /// @notice Set the contract that records completed deals (the Reputation contract);
    /// address(0) turns recording off.
    function setDealRecorder(address dealRecorder) external;

    /// @notice Stop new listings and purchases. Never blocks refunds, completions or withdrawals.
    function pause() external;

    /// @notice Lift the pause.
    function unpause() external;

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

    /// @notice Balance of `token` credited to `account` and withdrawable with {withdraw}.
    function owed(address account, address token) external view returns (uint256);

    /// @notice Fees in `token` withdrawable by the fee recipient.
    function feesOwed(address token) external view returns (uint256);

    /// @notice The X25519 key `seller` published, zero if none.
    function encryptionKeyOf(address seller) external view returns (bytes32);

    /// @notice Platform fee applied to new listings and offers, in basis points.
    function feeBps() external view returns (uint16);

    /// @notice The address that may withdraw fees.
    function feeRecipient() external view returns (address);

    /// @notice The dispute arbiter.
    function arbiter() external view returns (address);

    /// @notice Seconds the arbiter has to rule before the timeout fallback applies.
    function disputeTimeout() external view returns (uint32);

    /// @notice The deal recorder, address(0) when off.
    function dealRecorder() external view returns (address);

    /// @notice Whether new listings and purchases are paused.
    function paused() external view returns (bool);
}
