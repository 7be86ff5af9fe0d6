// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {MarketplaceBase} from "./MarketplaceBase.sol";
import {IMarketplace} from "../interfaces/IMarketplace.sol";
import {Order, OrderStatus} from "../types/Order.sol";
import {Payments} from "../libraries/Payments.sol";

/// @title MarketplaceListings
/// @notice Listings, anonymous checkout and the seller's proceeds.
abstract contract MarketplaceListings is MarketplaceBase {
    // ------------------------------------------------------------------ listings

    /// @inheritdoc IMarketplace
    function createListing(
        address token,
        uint96 price,
        uint32 stock,
        bool escrow,
        uint32 handlingTime,
        uint32 autoReleaseWindow,
        bytes32 metadataHash
    ) external returns (uint256 listingId) {
        Config memory cfg = _requireNotPaused();
        if (price == 0) revert MarketplaceZeroPrice();
        if (escrow) _checkWindows(handlingTime, autoReleaseWindow);
        else (handlingTime, autoReleaseWindow) = (0, 0);

        listingId = _nextListingId++;
        uint8 flags = (escrow ? _FLAG_ESCROW : 0) | (token == address(0) ? 0 : _FLAG_ERC20);
        _cores[listingId] = ListingCore({seller: msg.sender, price: price});
        _states[listingId] = ListingState({
            stock: stock,
            orderCount: 0,
            status: ListingStatus.Active,
            flags: flags,
            feeBps: cfg.feeBps,
            handlingTime: uint24(handlingTime),
            autoReleaseWindow: uint24(autoReleaseWindow),
            unsettled: 0
        });
        if (token != address(0)) _tokens[listingId] = token;
        emit ListingCreated(
            listingId,
            msg.sender,
            token,
            price,
            stock,
            escrow,
            cfg.feeBps,
            handlingTime,
            autoReleaseWindow,
            metadataHash
        );
    }

    /// @inheritdoc IMarketplace
    function updateListing(uint256 listingId, uint96 price, uint32 stock, bytes32 metadataHash) external {
        if (price == 0) revert MarketplaceZeroPrice();
        ListingState storage s = _openListingOf(listingId, msg.sender);
        _cores[listingId].price = price;
        s.stock = stock;
        emit ListingUpdated(listingId, price, stock, metadataHash);
    }

    /// @inheritdoc IMarketplace
    function setListingPaused(uint256 listingId, bool paused_) external {
        ListingState storage s = _openListingOf(listingId, msg.sender);
        ListingStatus status = paused_ ? ListingStatus.Paused : ListingStatus.Active;
        s.status = status;
        emit ListingStatusChanged(listingId, status);
    }

    /// @inheritdoc IMarketplace
    function closeListing(uint256 listingId) external {
        ListingState storage s = _openListingOf(listingId, msg.sender);
        s.status = ListingStatus.Closed;
        emit ListingStatusChanged(listingId, ListingStatus.Closed);
    }

    /// @inheritdoc IMarketplace
    function publishEncryptionKey(bytes32 key) external {
        _encryptionKeys[msg.sender] = key;
        emit EncryptionKeyPublished(msg.sender, key);
    }

    // ------------------------------------------------------------------ checkout

    /// @inheritdoc IMarketplace
    function buy(uint256 listingId, uint32 quantity, bytes32 shippingRef)
        external
        payable
        nonReentrant
        returns (uint256 orderId)
    {
        (address token, uint256 amount, uint256 id) = _checkout(listingId, quantity, shippingRef);
        Payments.pullExact(token, msg.sender, amount);
        return id;
    }

    /// @inheritdoc IMarketplace
    function buyWithPermit(
        uint256 listingId,
        uint32 quantity,
        bytes32 shippingRef,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 orderId) {
        (address token, uint256 amount, uint256 id) = _checkout(listingId, quantity, shippingRef);
        Payments.pullWithPermit(token, msg.sender, amount, deadline, v, r, s);
        return id;
    }

    /// @dev Effects of a purchase from a listing; the caller collects `amount` of `token` after.
    function _checkout(uint256 listingId, uint32 quantity, bytes32 shippingRef)
        private
        returns (address token, uint256 amount, uint256 orderId)
    {
        Config memory cfg = _requireNotPaused();
        if (quantity == 0) revert MarketplaceZeroQuantity();
        ListingState memory s = _states[listingId];
        if (s.status != ListingStatus.Active) _revertInactive(listingId, s.status);
        if (s.stock < quantity) revert MarketplaceInsufficientStock(listingId, s.stock, quantity);
        ListingCore memory core = _cores[listingId];
        token = _tokenOf(listingId, s.flags);
        amount = uint256(core.price) * quantity;
        unchecked {
            s.stock -= quantity; // checked above
        }

        orderId = (listingId << 32) | ++s.orderCount;

        if (s.flags & _FLAG_ESCROW == 0) {
            s.unsettled += SafeCast.toUint112(amount);
            _states[listingId] = s;
            uint256 fee = Payments.feeOf(amount, s.feeBps);
            emit Purchased(orderId, listingId, msg.sender, quantity, amount, fee, shippingRef);
            if (cfg.dealRecorder != address(0)) _recordDeal(orderId, msg.sender, core.seller, token, amount, fee);
            return (token, amount, orderId);
        }

        _states[listingId] = s;
        Order memory o = Order({
            id: orderId,
            listingId: listingId,
            seller: core.seller,
            buyer: msg.sender,
            token: token,
            amount: amount,
            refunded: 0,
            feeBps: s.feeBps,
            quantity: quantity,
            handlingTime: s.handlingTime,
            autoReleaseWindow: s.autoReleaseWindow,
            paidAt: uint40(block.timestamp),
            shippedAt: 0,
            disputedAt: 0,
            status: OrderStatus.Paid
        });
        _orders[orderId] = keccak256(abi.encode(o));
        emit OrderPlaced(orderId, listingId, msg.sender, quantity, amount, shippingRef);
    }

    // ------------------------------------------------------------------ proceeds

    /// @inheritdoc IMarketplace
    function settleProceeds(uint256[] calldata listingIds) external {
        for (uint256 i; i < listingIds.length; ++i) {
            uint256 listingId = listingIds[i];
            (address seller, address token, uint256 net) = _settle(listingId);
            if (net != 0) _owed[seller][token] += net;
        }
    }

    /// @inheritdoc IMarketplace
    function withdrawProceeds(uint256[] calldata listingIds) external nonReentrant {
        bool paid;
        for (uint256 i; i < listingIds.length; ++i) {
            uint256 listingId = listingIds[i];
            address seller = _cores[listingId].seller;
            if (seller != msg.sender) revert MarketplaceNotSeller(msg.sender, seller);
            (, address token, uint256 net) = _settle(listingId);
            if (net == 0) continue;
            paid = true;
            emit Withdrawn(seller, token, net);
            Payments.push(token, seller, net);
        }
        if (!paid) revert MarketplaceNothingToWithdraw(msg.sender, address(0));
    }

    /// @dev Split a listing's unsettled gross into the seller's net and the platform fee.
    function _settle(uint256 listingId) private returns (address seller, address token, uint256 net) {
        ListingState storage s = _states[listingId];
        uint256 gross = s.unsettled;
        seller = _cores[listingId].seller;
        token = _tokenOf(listingId, s.flags);
        if (gross == 0) return (seller, token, 0);
        uint256 fee = Payments.feeOf(gross, s.feeBps);
        s.unsettled = 0;
        _fees[token] += fee;
        net = gross - fee;
        emit ProceedsSettled(listingId, seller, net, fee);
    }

    // ------------------------------------------------------------------ helpers

    function _openListingOf(uint256 listingId, address caller) private view returns (ListingState storage s) {
        address seller = _cores[listingId].seller;
        if (seller == address(0)) revert MarketplaceUnknownListing(listingId);
        if (seller != caller) revert MarketplaceNotSeller(caller, seller);
        s = _states[listingId];
        if (s.status == ListingStatus.Closed) revert MarketplaceListingNotActive(listingId, ListingStatus.Closed);
    }

    function _revertInactive(uint256 listingId, ListingStatus status) internal pure {
        if (status == ListingStatus.None) revert MarketplaceUnknownListing(listingId);
        revert MarketplaceListingNotActive(listingId, status);
    }

    function _checkWindows(uint32 handlingTime, uint32 autoReleaseWindow) internal pure {
        if (handlingTime == 0 || handlingTime > MAX_WINDOW) {
            revert MarketplaceInvalidWindow(handlingTime, 1, MAX_WINDOW);
        }
        if (autoReleaseWindow < MIN_AUTO_RELEASE || autoReleaseWindow > MAX_WINDOW) {
            revert MarketplaceInvalidWindow(autoReleaseWindow, MIN_AUTO_RELEASE, MAX_WINDOW);
        }
    }
}
