// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;


import {MarketplaceBase} from "./MarketplaceBase.sol";
import {IMarketplace} from "../interfaces/IMarketplace.sol";
import {IMarketplaceDiscounts} from "../interfaces/IMarketplaceDiscounts.sol";
import {Order, OrderStatus} from "../types/Order.sol";
import {ListingState, ListingStateLib, ListingStatus} from "../types/ListingState.sol";
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
        (uint16 feeBps_,,) = _requireNotPaused();
        if (price == 0) revert MarketplaceZeroPrice();
        if (escrow) _checkWindows(handlingTime, autoReleaseWindow);
        else (handlingTime, autoReleaseWindow) = (0, 0);

        listingId = _useListingId();
        uint8 flags = uint8(ListingStatus.Active) | (escrow ? _FLAG_ESCROW : 0) | (token == address(0) ? 0 : _FLAG_ERC20);
        // Windows fit in 24 bits: _checkWindows caps them at MAX_WINDOW < 2^24 seconds.
        _setCore(listingId, ListingCore({
            seller: msg.sender,
            feeBps: feeBps_,
            handlingTime: uint24(handlingTime),
            autoReleaseWindow: uint24(autoReleaseWindow)
        }));
        _setState(listingId, ListingStateLib.pack(price, 0, stock, 0, flags));
        if (token != address(0)) _setToken(listingId, token);
        emit ListingCreated(
            listingId,
            msg.sender,
            token,
            price,
            stock,
            escrow,
            feeBps_,
            handlingTime,
            autoReleaseWindow,
            metadataHash
        );
    }

    /// @inheritdoc IMarketplace
    function updateListing(uint256 listingId, uint96 price, uint32 stock, bytes32 metadataHash) external {
        if (price == 0) revert MarketplaceZeroPrice();
        ListingState s = _openListingOf(listingId, msg.sender);
        _setState(listingId, ListingStateLib.pack(price, s.unsettled(), stock, s.orderCount(), s.flags()));
        emit ListingUpdated(listingId, price, stock, metadataHash);
    }

    /// @inheritdoc IMarketplace
    function setListingPaused(uint256 listingId, bool paused_) external {
        ListingState s = _openListingOf(listingId, msg.sender);
        ListingStatus status = paused_ ? ListingStatus.Paused : ListingStatus.Active;
        _setFlags(listingId, s, _withStatus(s.flags(), status));
        emit ListingStatusChanged(listingId, status);
    }

    /// @inheritdoc IMarketplace
    function closeListing(uint256 listingId) external {
        ListingState s = _openListingOf(listingId, msg.sender);
        _setFlags(listingId, s, _withStatus(s.flags(), ListingStatus.Closed));
        emit ListingStatusChanged(listingId, ListingStatus.Closed);
    }

    /// @inheritdoc IMarketplaceDiscounts
    function setCreditCap(uint256 listingId, uint16 creditCapBps) external {
        if (creditCapBps > 10_000) revert MarketplaceInvalidCreditCap(creditCapBps);
        ListingState s = _openListingOf(listingId, msg.sender);
        if (s.flags() & _FLAG_ESCROW != 0) revert MarketplaceCreditsOnEscrowListing(listingId);
        _setCreditCap(listingId, creditCapBps);
        emit CreditCapUpdated(listingId, creditCapBps);
    }

    /// @inheritdoc IMarketplace
    function publishEncryptionKey(bytes32 key) external {
        _setEncryptionKey(msg.sender, key);
        emit EncryptionKeyPublished(msg.sender, key);
    }

    // ------------------------------------------------------------------ checkout

    /// @inheritdoc IMarketplace
    /// @dev An ETH purchase makes no external call, so it only checks that no guarded call is
    /// in progress; an ERC-20 purchase collects the tokens under the full reentrancy guard.
    function buy(uint256 listingId, uint32 quantity, uint256 maxPrice, bytes32 shippingRef)
        external
        payable
        returns (uint256 orderId)
    {
        if (_reentrancyGuardEntered()) revert ReentrancyGuardReentrantCall();
        address token;
        uint256 amount;
        (token, amount, orderId) = _checkout(listingId, quantity, maxPrice, shippingRef, 0);
        if (token == address(0)) {
            if (msg.value != amount) revert Payments.PaymentsWrongValue(msg.value, amount);
        } else {
            _pullGuarded(token, amount);
        }
    }

    /// @inheritdoc IMarketplace
    function buyWithPermit(
        uint256 listingId,
        uint32 quantity,
        uint256 maxPrice,
        bytes32 shippingRef,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 orderId) {
        address token;
        uint256 amount;
        (token, amount, orderId) = _checkout(listingId, quantity, maxPrice, shippingRef, 0);
        Payments.pullWithPermit(token, msg.sender, amount, deadline, v, r, s);
    }

    function _pullGuarded(address token, uint256 amount) private nonReentrant {
        Payments.pullExact(token, msg.sender, amount);
    }

    /// @dev Effects of a purchase from a listing; the caller collects `amount` of `token` after.
    /// A direct purchase touches two slots (config, listing state); an escrowed one also reads
    /// the listing's fixed terms and writes the order commitment. `discount` (already checked
    /// to be below the subtotal) comes off what the buyer pays, and so off what the seller is
    /// credited and the fee. `buy` passes 0: with the unchecked subtraction below, `buy`
    /// costs exactly what it did before discounts existed (bench/gas/test_gas_checkout.py).
    /// `maxPrice` is the buyer's commitment: the unit price it saw. A seller raising the price
    /// in front of a pending purchase makes it revert instead of charging more.
    function _checkout(uint256 listingId, uint32 quantity, uint256 maxPrice, bytes32 shippingRef, uint256 discount)
        internal
        returns (address token, uint256 amount, uint256 orderId)
    {
        (, address recorder,) = _requireNotPaused();
        if (quantity == 0) revert MarketplaceZeroQuantity();
        ListingState s = _state(listingId);
        uint8 flags = s.flags();
        ListingStatus status = _statusOf(flags);
        if (status != ListingStatus.Active) _revertInactive(listingId, status);
        uint32 stock = s.stock();
        if (stock < quantity) revert MarketplaceInsufficientStock(listingId, stock, quantity);
        if (s.price() > maxPrice) _revertPriceAboveLimit(listingId, s.price(), maxPrice);
        token = _tokenOf(listingId, flags);
        amount = uint256(s.price()) * quantity;
        // The discounted entry points check discount < amount before calling.
        unchecked {
            amount -= discount;
        }
        uint24 count = s.orderCount() + 1;
        orderId = (listingId << 32) | count;
        // stock - quantity cannot underflow: checked above.
        uint96 unsettled = s.unsettled();

        if (flags & _FLAG_ESCROW == 0) {
            uint256 total = uint256(unsettled) + amount;
            bool fits = total <= type(uint96).max;
            // A sale too large for the packed field is settled to the ledgers at once.
            if (fits) unsettled = uint96(total);
            _setState(listingId, ListingStateLib.pack(s.price(), unsettled, stock - quantity, count, flags));
            emit Purchased(listingId, msg.sender, orderId, quantity, amount, shippingRef);
            if (!fits || recorder != address(0)) _afterDirectSale(listingId, orderId, token, amount, fits);
            return (token, amount, orderId);
        }

        _setState(listingId, ListingStateLib.pack(s.price(), unsettled, stock - quantity, count, flags));
        ListingCore memory core = _core(listingId);
        // Same bytes as abi.encode(Order{...}) (Order is all static fields), without building
        // the struct in memory first, low bit cleared (no refunds yet). tests/contracts check
        // it against hashOrder().
        _setOrder(orderId, ~_REFUND_BIT & keccak256(
            abi.encode(
                orderId,
                listingId,
                core.seller,
                msg.sender,
                token,
                amount,
                core.feeBps,
                quantity,
                core.handlingTime,
                core.autoReleaseWindow,
                uint40(block.timestamp), // paidAt
                uint40(0), // shippedAt
                uint40(0), // disputedAt
                OrderStatus.Paid
            )
        ));
        emit OrderPlaced(listingId, msg.sender, orderId, quantity, amount, shippingRef);
    }

    /// @dev The rare parts of a direct sale, kept off the hot path: settling a sale too large
    /// for `unsettled`, and reporting the deal to the recorder.
    function _afterDirectSale(uint256 listingId, uint256 orderId, address token, uint256 amount, bool fits)
        private
    {
        ListingCore memory terms = _core(listingId);
        uint256 fee = Payments.feeOf(amount, terms.feeBps);
        if (!fits) {
            _creditLedger(terms.seller, token, amount, fee);
            emit ProceedsSettled(listingId, terms.seller, amount - fee, fee);
        }
        _recordDeal(orderId, msg.sender, terms.seller, token, amount, fee);
    }

    // ------------------------------------------------------------------ proceeds

    /// @inheritdoc IMarketplace
    function settleProceeds(uint256[] calldata listingIds) external {
        for (uint256 i; i < listingIds.length; ++i) {
            uint256 listingId = listingIds[i];
            (address seller, address token, uint256 net) = _settle(listingId);
            if (net != 0) _owedLedger()[seller][token] += net;
        }
    }

    /// @inheritdoc IMarketplace
    function withdrawProceeds(uint256[] calldata listingIds) external nonReentrant {
        bool paid;
        for (uint256 i; i < listingIds.length; ++i) {
            uint256 listingId = listingIds[i];
            address seller = _core(listingId).seller;
            if (seller != msg.sender) revert MarketplaceNotSeller(msg.sender, seller);
            (, address token, uint256 net) = _settle(listingId);
            if (net == 0) continue;
            paid = true;
            emit Withdrawn(seller, token, net);
            Payments.push(token, seller, net);
        }
        if (!paid) revert PlatformNothingToWithdraw(msg.sender, address(0));
    }

    /// @dev Split a listing's unsettled gross into the seller's net and the platform fee.
    function _settle(uint256 listingId) private returns (address seller, address token, uint256 net) {
        ListingState s = _state(listingId);
        uint256 gross = s.unsettled();
        ListingCore memory core = _core(listingId);
        seller = core.seller;
        token = _tokenOf(listingId, s.flags());
        if (gross == 0) return (seller, token, 0);
        uint256 fee = Payments.feeOf(gross, core.feeBps);
        _setState(listingId, ListingStateLib.pack(s.price(), 0, s.stock(), s.orderCount(), s.flags()));
        _feeLedger()[token] += fee;
        net = gross - fee;
        emit ProceedsSettled(listingId, seller, net, fee);
    }

    // ------------------------------------------------------------------ helpers

    function _setFlags(uint256 listingId, ListingState s, uint8 flags) private {
        _setState(listingId, ListingStateLib.pack(s.price(), s.unsettled(), s.stock(), s.orderCount(), flags));
    }

    function _openListingOf(uint256 listingId, address caller) private view returns (ListingState s) {
        address seller = _core(listingId).seller;
        if (seller == address(0)) revert MarketplaceUnknownListing(listingId);
        if (seller != caller) revert MarketplaceNotSeller(caller, seller);
        s = _state(listingId);
        if (_statusOf(s.flags()) == ListingStatus.Closed) {
            revert MarketplaceListingNotActive(listingId, ListingStatus.Closed);
        }
    }

    function _revertPriceAboveLimit(uint256 listingId, uint256 price, uint256 maxPrice) private pure {
        revert MarketplacePriceAboveLimit(listingId, price, maxPrice);
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
