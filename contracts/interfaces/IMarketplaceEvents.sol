// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Offer} from "../types/Order.sol";
import {ListingStatus} from "../types/ListingState.sol";

/// @title IMarketplaceEvents
/// @notice Every event of the Marketplace. {ListingCreated}, the purchase events and each
/// later order event rebuild listings and {Order} structs off chain; withdrawal and admin
/// events are the platform admin's, in IPlatformAdminEvents.
interface IMarketplaceEvents {
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



    /// @notice Emitted when a seller publishes an X25519 key for shipping-detail encryption.
    event EncryptionKeyPublished(address indexed seller, bytes32 key);

    /// @notice Emitted when a seller cancels an offer nonce.
    event NonceCancelled(address indexed seller, uint256 nonce);

}
