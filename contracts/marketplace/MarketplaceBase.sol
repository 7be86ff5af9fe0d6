// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarketplace} from "../interfaces/IMarketplace.sol";
import {IDealRecorder} from "../interfaces/IDealRecorder.sol";
import {Order, OrderStatus} from "../types/Order.sol";
import {ListingState, ListingStateLib, ListingStatus} from "../types/ListingState.sol";
import {Payments} from "../libraries/Payments.sol";
import {PlatformAdmin} from "../platform/PlatformAdmin.sol";
import {PlatformArbitration} from "../platform/PlatformArbitration.sol";
import {DealRecording} from "../libraries/DealRecording.sol";

/// @title MarketplaceBase
/// @notice Storage layout and views shared by the listing, escrow and offer parts of the
/// Marketplace. The platform admin (fee, fee recipient, arbiter, dispute timeout, pause) and
/// the pull-payment ledger are {PlatformArbitration}'s (contracts/platform/).
/// @dev Storage is laid out for the checkout hot path (see docs/marketplace.md, "Gas"):
/// a purchase reads the global config slot and the listing's core slot, and reads and writes
/// the listing's state slot once. An escrowed order is one slot: the hash of its struct.
abstract contract MarketplaceBase is IMarketplace, PlatformArbitration {
    /// @notice Longest handling time or auto-release window a listing may set.
    uint32 public constant MAX_WINDOW = 180 days;
    /// @notice Shortest auto-release window, so a buyer always has time to react.
    uint32 public constant MIN_AUTO_RELEASE = 1 hours;

    /// @dev ListingState.flags: bits 0-1 hold the ListingStatus, then one bit per option.
    uint8 internal constant _STATUS_MASK = 0x03;
    uint8 internal constant _FLAG_ESCROW = 0x04;
    uint8 internal constant _FLAG_ERC20 = 0x08;
    uint256 internal constant _OFFER_ORDER_BIT = 1 << 255;
    /// @dev Low bit of an order's stored commitment: set once the order had a partial refund,
    /// whose running total is then in `_refunds` (docs/marketplace.md, "Partial refunds").
    bytes32 internal constant _REFUND_BIT = bytes32(uint256(1));

    /// @dev Listing slot 1: the terms that never change after creation. Read by escrowed
    /// purchases (to fix the order's terms) and by seller-only functions, not by direct buys.
    struct ListingCore {
        address seller;
        uint16 feeBps;
        uint24 handlingTime;
        uint24 autoReleaseWindow;
    }

    uint256 private _nextListingId = 1;

    mapping(uint256 listingId => ListingCore) private _cores;
    /// @dev Listing slot 2: price, unsettled proceeds, stock, order count and flags, packed
    /// (types/ListingState.sol). `unsettled` is the gross of completed sales not yet split.
    mapping(uint256 listingId => ListingState) private _states;
    /// @dev Only written for ERC-20 listings; ETH listings leave it empty and skip the read.
    mapping(uint256 listingId => address) private _tokens;
    /// @dev keccak256(abi.encode(order)) with the low bit replaced by _REFUND_BIT.
    mapping(uint256 orderId => bytes32) private _orders;
    mapping(address seller => mapping(uint256 word => uint256)) private _nonceBitmap;
    mapping(address seller => bytes32) private _encryptionKeys;
    /// @dev Share of a direct listing's price payable in credits, in basis points (0: none).
    /// Its own slot, read only by credit purchases: a field in ListingCore's spare bits would
    /// make createListing too deep for the stack under via-IR.
    mapping(uint256 listingId => uint16) private _creditCaps;
    /// @dev Partial refunds of an open order so far, kept out of its commitment so refunding
    /// never changes what the buyer's or the arbiter's pending call must pass.
    mapping(uint256 orderId => uint256) private _refunds;

    constructor(address owner_, address feeRecipient_, address arbiter_, uint16 feeBps_, uint32 disputeTimeout_)
        PlatformAdmin(owner_, feeRecipient_, feeBps_)
        PlatformArbitration(arbiter_, disputeTimeout_)
    {}

    // ------------------------------------------------------------------ storage accessors
    // The storage above is private; the listing, escrow and offer parts reach it only through
    // these (docs/platform.md, "Storage visibility"). They are inlined, so they cost no gas.

    /// @dev Take the next listing id.
    function _useListingId() internal returns (uint256 listingId) {
        listingId = _nextListingId++;
    }

    function _core(uint256 listingId) internal view returns (ListingCore storage) {
        return _cores[listingId];
    }

    function _setCore(uint256 listingId, ListingCore memory core) internal {
        _cores[listingId] = core;
    }

    function _state(uint256 listingId) internal view returns (ListingState) {
        return _states[listingId];
    }

    function _setState(uint256 listingId, ListingState s) internal {
        _states[listingId] = s;
    }

    function _setToken(uint256 listingId, address token) internal {
        _tokens[listingId] = token;
    }

    /// @dev An order's stored commitment (see {_REFUND_BIT}); 0 when there is no open order.
    function _order(uint256 orderId) internal view returns (bytes32) {
        return _orders[orderId];
    }

    function _setOrder(uint256 orderId, bytes32 commitment) internal {
        _orders[orderId] = commitment;
    }

    function _deleteOrder(uint256 orderId) internal {
        delete _orders[orderId];
    }

    function _isNonceUsed(address seller, uint256 nonce) internal view returns (bool) {
        return _nonceBitmap[seller][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    /// @dev Unordered nonces in a bitmap (as Permit2): any nonce can be used or cancelled once.
    function _useNonce(address seller, uint256 nonce) internal {
        uint256 bit = 1 << (nonce & 0xff);
        uint256 word = _nonceBitmap[seller][nonce >> 8];
        if (word & bit != 0) revert MarketplaceNonceUsed(seller, nonce);
        _nonceBitmap[seller][nonce >> 8] = word | bit;
    }

    function _setEncryptionKey(address seller, bytes32 key) internal {
        _encryptionKeys[seller] = key;
    }

    function _creditCap(uint256 listingId) internal view returns (uint16) {
        return _creditCaps[listingId];
    }

    function _setCreditCap(uint256 listingId, uint16 capBps) internal {
        _creditCaps[listingId] = capBps;
    }

    /// @dev Partial refunds of an open order so far (see {_refunds}).
    function _refunded(uint256 orderId) internal view returns (uint256) {
        return _refunds[orderId];
    }

    function _setRefunded(uint256 orderId, uint256 amount) internal {
        _refunds[orderId] = amount;
    }

    function _deleteRefunded(uint256 orderId) internal {
        delete _refunds[orderId];
    }

    // ------------------------------------------------------------------ internals

    function _tokenOf(uint256 listingId, uint8 flags) internal view returns (address) {
        return flags & _FLAG_ERC20 == 0 ? address(0) : _tokens[listingId];
    }

    function _statusOf(uint8 flags) internal pure returns (ListingStatus) {
        return ListingStatus(flags & _STATUS_MASK);
    }

    function _withStatus(uint8 flags, ListingStatus status) internal pure returns (uint8) {
        return (flags & ~_STATUS_MASK) | uint8(status);
    }

    /// @dev Pay `gross` to the seller of an order: listing orders accumulate in the listing's
    /// `unsettled` (split at settlement with the listing's fee, which equals the order's), offer
    /// orders, and listing orders too large for the packed `unsettled` field, are split now
    /// into the seller's ledger and the fees. Never reverts on size, so completion cannot be
    /// blocked. Returns the fee and whether a listing order was settled at once (the caller
    /// then emits {ProceedsSettled} after its own event, so indexers see add-then-settle).
    function _creditSeller(Order memory o, uint256 gross) internal returns (uint256 fee, bool settledNow) {
        fee = Payments.feeOf(gross, o.feeBps);
        if (gross == 0) return (0, false);
        if (o.id & _OFFER_ORDER_BIT == 0) {
            ListingState st = _states[o.listingId];
            uint256 total = uint256(st.unsettled()) + gross;
            if (total <= type(uint96).max) {
                _states[o.listingId] =
                    ListingStateLib.pack(st.price(), uint96(total), st.stock(), st.orderCount(), st.flags());
            } else {
                _creditLedger(o.seller, o.token, gross, fee);
                settledNow = true;
            }
        } else {
            _creditLedger(o.seller, o.token, gross, fee);
        }
        _recordDeal(o.id, o.buyer, o.seller, o.token, gross, fee);
    }

    /// @dev Credit a seller's net and the platform's fee to the pull ledgers.
    function _creditLedger(address seller, address token, uint256 gross, uint256 fee) internal {
        _owedLedger()[seller][token] += gross - fee;
        _feeLedger()[token] += fee;
    }

    /// @dev Report a completed deal to the Reputation contract, if one is set, with a fixed
    /// gas budget (libraries/DealRecording.sol). A failing recorder never blocks the money flow.
    function _recordDeal(uint256 dealId, address buyer, address seller, address token, uint256 value, uint256 fee)
        internal
    {
        address recorder = _dealRecorder();
        if (recorder == address(0)) return;
        DealRecording.recordDeal(recorder, IDealRecorder.DealKind.Purchase, dealId, buyer, seller, token, value, fee);
    }

    function _recordFact(IDealRecorder.Fact fact, uint256 dealId, address party, uint256 amount) internal {
        address recorder = _dealRecorder();
        if (recorder == address(0)) return;
        DealRecording.recordFact(recorder, fact, dealId, party, amount);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IMarketplace
    function getListing(uint256 listingId) external view returns (ListingView memory v) {
        ListingCore memory core = _cores[listingId];
        ListingState s = _states[listingId];
        v = ListingView({
            seller: core.seller,
            token: _tokenOf(listingId, s.flags()),
            price: s.price(),
            stock: s.stock(),
            orderCount: s.orderCount(),
            status: _statusOf(s.flags()),
            escrow: s.flags() & _FLAG_ESCROW != 0,
            feeBps: core.feeBps,
            handlingTime: core.handlingTime,
            autoReleaseWindow: core.autoReleaseWindow,
            unsettled: s.unsettled(),
            creditCapBps: _creditCaps[listingId]
        });
    }

    /// @inheritdoc IMarketplace
    function orderHash(uint256 orderId) external view returns (bytes32) {
        return _orders[orderId];
    }

    /// @inheritdoc IMarketplace
    function hashOrder(Order calldata order) external pure returns (bytes32) {
        return keccak256(abi.encode(order)) & ~_REFUND_BIT;
    }

    /// @inheritdoc IMarketplace
    function encryptionKeyOf(address seller) external view returns (bytes32) {
        return _encryptionKeys[seller];
    }
}
