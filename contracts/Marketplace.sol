// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {MarketplaceBase} from "./marketplace/MarketplaceBase.sol";
import {MarketplaceDiscounts} from "./marketplace/MarketplaceDiscounts.sol";
import {IMarketplace} from "./interfaces/IMarketplace.sol";
import {Order, OrderStatus, Offer} from "./types/Order.sol";
import {Payments} from "./libraries/Payments.sol";
import {ListingState, ListingStateLib, ListingStatus} from "./types/ListingState.sol";

/// @title Marketplace
/// @notice Bazaar's checkout: listings, anonymous purchases in ETH or ERC-20 (with EIP-2612
/// permits), escrow with disputes, EIP-712 signed offers for custom quotes, seller vouchers
/// and review credits.
/// @dev Listing logic lives in MarketplaceListings, the escrow state machine in
/// MarketplaceEscrow, vouchers and credits in MarketplaceDiscounts, storage and admin in
/// MarketplaceBase. This file adds signed offers.
contract Marketplace is MarketplaceDiscounts, EIP712 {
    /// @notice EIP-712 type hash of {Offer}.
    bytes32 public constant OFFER_TYPEHASH = keccak256(
        "Offer(address seller,address buyer,uint256 listingId,address token,uint256 amount,uint32 quantity,"
        "bool escrow,uint32 handlingTime,uint32 autoReleaseWindow,uint40 expiry,uint256 nonce,bytes32 metadataHash)"
    );

    constructor(address owner_, address feeRecipient_, address arbiter_, uint16 feeBps_, uint32 disputeTimeout_)
        MarketplaceBase(owner_, feeRecipient_, arbiter_, feeBps_, disputeTimeout_)
        EIP712("Bazaar Marketplace", "1")
    {}

    /// @inheritdoc IMarketplace
    function acceptOffer(Offer calldata offer, bytes calldata signature, bytes32 shippingRef)
        external
        payable
        nonReentrant
        returns (uint256 orderId)
    {
        (uint16 platformFee,,) = _requireNotPaused();
        if (block.timestamp >= offer.expiry) revert MarketplaceOfferExpired(offer.expiry, block.timestamp);
        if (offer.buyer != address(0) && offer.buyer != msg.sender) {
            revert MarketplaceOfferNotForCaller(offer.buyer, msg.sender);
        }
        if (offer.amount == 0) revert MarketplaceZeroPrice();
        if (offer.quantity == 0) revert MarketplaceZeroQuantity();
        if (offer.escrow) _checkWindows(offer.handlingTime, offer.autoReleaseWindow);
        bytes32 digest = _hashTypedDataV4(_offerStructHash(offer));
        if (!SignatureChecker.isValidSignatureNow(offer.seller, digest, signature)) {
            revert MarketplaceInvalidSignature(offer.seller);
        }
        _useNonce(offer.seller, offer.nonce);
        // An offer tied to a listing sells that listing's stock at that listing's fee, which
        // is fixed at its creation for all its sales; a custom offer pays today's fee.
        uint16 feeBps = offer.listingId != 0 ? _takeStock(offer) : platformFee;

        orderId = uint256(digest) | _OFFER_ORDER_BIT;
        Order memory o = Order({
            id: orderId,
            listingId: offer.listingId,
            seller: offer.seller,
            buyer: msg.sender,
            token: offer.token,
            amount: offer.amount,
            feeBps: feeBps,
            quantity: offer.quantity,
            handlingTime: offer.escrow ? offer.handlingTime : 0,
            autoReleaseWindow: offer.escrow ? offer.autoReleaseWindow : 0,
            paidAt: uint40(block.timestamp),
            shippedAt: 0,
            disputedAt: 0,
            status: offer.escrow ? OrderStatus.Paid : OrderStatus.Completed
        });
        emit OfferAccepted(orderId, offer.seller, msg.sender, offer, feeBps, shippingRef);
        if (offer.escrow) _setOrder(orderId, keccak256(abi.encode(o)) & ~_REFUND_BIT);
        else _creditSeller(o, offer.amount); // offer orders always settle to the ledgers
        Payments.pullExact(offer.token, msg.sender, offer.amount);
    }

    /// @inheritdoc IMarketplace
    function cancelNonces(uint256[] calldata nonces) external {
        for (uint256 i; i < nonces.length; ++i) {
            _useNonce(msg.sender, nonces[i]);
            emit NonceCancelled(msg.sender, nonces[i]);
        }
    }

    /// @inheritdoc IMarketplace
    function hashOffer(Offer calldata offer) external view returns (bytes32) {
        return _hashTypedDataV4(_offerStructHash(offer));
    }

    /// @inheritdoc IMarketplace
    function isNonceUsed(address seller, uint256 nonce) external view returns (bool) {
        return _isNonceUsed(seller, nonce);
    }

    /// @dev An offer tied to a listing sells units of that listing's stock; returns the
    /// listing's fee.
    function _takeStock(Offer calldata offer) private returns (uint16 feeBps) {
        ListingState s = _state(offer.listingId);
        ListingCore memory core = _core(offer.listingId);
        if (core.seller != offer.seller) revert MarketplaceNotSeller(offer.seller, core.seller);
        feeBps = core.feeBps;
        ListingStatus status = _statusOf(s.flags());
        if (status != ListingStatus.Active) _revertInactive(offer.listingId, status);
        uint32 stock = s.stock();
        if (stock < offer.quantity) revert MarketplaceInsufficientStock(offer.listingId, stock, offer.quantity);
        _setState(
            offer.listingId,
            ListingStateLib.pack(s.price(), s.unsettled(), stock - offer.quantity, s.orderCount(), s.flags())
        );
    }

    function _offerStructHash(Offer calldata offer) private pure returns (bytes32) {
        return keccak256(abi.encode(OFFER_TYPEHASH, offer));
    }
}
