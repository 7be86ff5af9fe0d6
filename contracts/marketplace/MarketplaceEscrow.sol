// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketplaceListings} from "./MarketplaceListings.sol";
import {IMarketplace} from "../interfaces/IMarketplace.sol";
import {IDealRecorder} from "../interfaces/IDealRecorder.sol";
import {Order, OrderStatus} from "../types/Order.sol";
import {Payments} from "../libraries/Payments.sol";

/// @title MarketplaceEscrow
/// @notice The escrowed order state machine: Paid → Shipped → Completed, with cancel, refund
/// and dispute exits, and a deadline on every non-terminal state (docs/marketplace.md).
abstract contract MarketplaceEscrow is MarketplaceListings {
    /// @inheritdoc IMarketplace
    function ship(Order calldata order, bytes32 trackingHash) external {
        (Order memory o, uint256 refundBit) = _load(order);
        if (msg.sender != o.seller) revert MarketplaceNotSeller(msg.sender, o.seller);
        if (o.status != OrderStatus.Paid) _revertStatus(o);
        // The seller's window closes when the buyer's cancel opens.
        uint256 shipBy = uint256(o.paidAt) + o.handlingTime;
        _requireBefore(shipBy);
        o.status = OrderStatus.Shipped;
        o.shippedAt = uint40(block.timestamp);
        _store(o, refundBit);
        emit OrderShipped(o.id, trackingHash);
    }

    /// @inheritdoc IMarketplace
    function confirmDelivery(Order calldata order) external nonReentrant {
        (Order memory o, uint256 refundBit) = _load(order);
        if (msg.sender != o.buyer) revert MarketplaceNotBuyer(msg.sender, o.buyer);
        if (o.status != OrderStatus.Paid && o.status != OrderStatus.Shipped) {
            _revertStatus(o);
        }
        _complete(o, refundBit);
    }

    /// @inheritdoc IMarketplace
    function release(Order calldata order) external nonReentrant {
        (Order memory o, uint256 refundBit) = _load(order);
        if (o.status != OrderStatus.Shipped) _revertStatus(o);
        uint256 releaseAt = uint256(o.shippedAt) + o.autoReleaseWindow;
        _requireReached(releaseAt);
        _complete(o, refundBit);
    }

    /// @inheritdoc IMarketplace
    function cancel(Order calldata order) external nonReentrant {
        (Order memory o, uint256 refundBit) = _load(order);
        if (o.status != OrderStatus.Paid) _revertStatus(o);
        uint256 cancelAt = uint256(o.paidAt) + o.handlingTime;
        if (msg.sender != o.buyer) cancelAt += o.autoReleaseWindow;
        _requireReached(cancelAt);
        uint256 amount = o.amount - _close(o.id, refundBit);
        emit OrderCancelled(o.id, msg.sender, amount);
        _payBuyer(o, amount);
    }

    /// @inheritdoc IMarketplace
    /// @dev A partial refund changes neither the order's struct nor its commitment (only the
    /// commitment's low bit, which no caller has to match), so it can never invalidate the
    /// buyer's or the arbiter's pending call.
    function refund(Order calldata order, uint256 amount) external nonReentrant {
        (Order memory o, uint256 refundBit) = _load(order);
        if (msg.sender != o.seller) revert MarketplaceNotSeller(msg.sender, o.seller);
        _requireOpen(o);
        uint256 refunded = refundBit == 0 ? 0 : _refunded(o.id);
        uint256 refundable = o.amount - refunded;
        if (amount == 0 || amount > refundable) revert MarketplaceRefundTooLarge(amount, refundable);
        refunded += amount;
        bool full = amount == refundable;
        if (full) {
            _close(o.id, refundBit);
        } else {
            _setRefunded(o.id, refunded);
            if (refundBit == 0) _setOrder(o.id, _order(o.id) | _REFUND_BIT);
        }
        emit OrderRefunded(o.id, amount, refunded, full);
        _owedLedger()[o.buyer][o.token] += amount;
    }

    /// @inheritdoc IMarketplace
    function openDispute(Order calldata order, bytes32 reasonHash) external {
        (Order memory o, uint256 refundBit) = _load(order);
        if (msg.sender != o.buyer && msg.sender != o.seller) revert MarketplaceNotParty(msg.sender);
        // A dispute must not block the exit the other side (or anyone) is already entitled
        // to: it closes when release opens (Shipped), when the buyer's cancel opens (Paid,
        // seller) or when anyone's cancel opens (Paid, buyer).
        uint256 disputeBy;
        if (o.status == OrderStatus.Shipped) {
            disputeBy = uint256(o.shippedAt) + o.autoReleaseWindow;
        } else if (o.status == OrderStatus.Paid) {
            disputeBy = uint256(o.paidAt) + o.handlingTime;
            if (msg.sender == o.buyer) disputeBy += o.autoReleaseWindow;
        } else {
            _revertStatus(o);
        }
        _requireBefore(disputeBy);
        o.status = OrderStatus.Disputed;
        o.disputedAt = uint40(block.timestamp);
        _store(o, refundBit);
        emit DisputeOpened(o.id, msg.sender, reasonHash);
    }

    /// @inheritdoc IMarketplace
    function resolveDispute(Order calldata order, uint16 buyerBps) external nonReentrant {
        _requireArbiter();
        if (buyerBps > 10_000) revert MarketplaceInvalidSplit(buyerBps);
        (Order memory o, uint256 refundBit) = _load(order);
        if (o.status != OrderStatus.Disputed) _revertStatus(o);
        // The arbiter's window closes when the permissionless fallback opens.
        uint256 ruleBy = uint256(o.disputedAt) + _disputeTimeout();
        _requireBefore(ruleBy);
        _resolve(o, refundBit, buyerBps, false);
        if (buyerBps > 5_000) _recordFact(IDealRecorder.Fact.DisputeLost, o.id, o.seller, o.amount);
        else if (buyerBps < 5_000) _recordFact(IDealRecorder.Fact.DisputeLost, o.id, o.buyer, o.amount);
    }

    /// @inheritdoc IMarketplace
    function resolveExpiredDispute(Order calldata order) external nonReentrant {
        (Order memory o, uint256 refundBit) = _load(order);
        if (o.status != OrderStatus.Disputed) _revertStatus(o);
        uint256 expiresAt = uint256(o.disputedAt) + _disputeTimeout();
        _requireReached(expiresAt);
        _resolve(o, refundBit, o.shippedAt == 0 ? 10_000 : 5_000, true);
    }

    // ------------------------------------------------------------------ internals

    /// @dev Check the calldata struct against the stored commitment and copy it to memory.
    /// The commitment's low bit is not part of the hash: it marks that `_refunds` holds
    /// partial refunds, so only orders that had one pay for reading that slot.
    function _load(Order calldata order) private view returns (Order memory o, uint256 refundBit) {
        o = order;
        bytes32 stored = _order(o.id);
        if (stored == bytes32(0) || stored | _REFUND_BIT != keccak256(abi.encode(o)) | _REFUND_BIT) {
            revert MarketplaceUnknownOrder(o.id);
        }
        refundBit = uint256(stored & _REFUND_BIT);
    }

    /// @dev Delete a terminal order's commitment (and its refund total, if any: both refund
    /// gas) and return what was refunded before.
    function _close(uint256 orderId, uint256 refundBit) private returns (uint256 refunded) {
        _deleteOrder(orderId);
        if (refundBit != 0) {
            refunded = _refunded(orderId);
            _deleteRefunded(orderId);
        }
    }

    /// @dev Shared revert helpers: one copy of the error encoding instead of one per call
    /// site keeps the runtime code under the size budget (docs/marketplace.md, "Gas").
    function _revertStatus(Order memory o) private pure {
        revert MarketplaceInvalidOrderStatus(o.id, o.status);
    }

    /// @dev A party's window is [start, deadline): acting at `deadline` is already too late.
    function _requireBefore(uint256 deadline) private view {
        if (block.timestamp >= deadline) revert MarketplaceTooLate(block.timestamp, deadline);
    }

    /// @dev A permissionless exit opens at its deadline: before it, it is too early.
    function _requireReached(uint256 availableAt) private view {
        if (block.timestamp < availableAt) revert MarketplaceTooEarly(block.timestamp, availableAt);
    }

    function _store(Order memory o, uint256 refundBit) private {
        bytes32 commitment = (keccak256(abi.encode(o)) & ~_REFUND_BIT) | bytes32(refundBit);
        _setOrder(o.id, commitment);
    }

    function _requireOpen(Order memory o) private pure {
        OrderStatus st = o.status;
        if (st != OrderStatus.Paid && st != OrderStatus.Shipped && st != OrderStatus.Disputed) {
            revert MarketplaceInvalidOrderStatus(o.id, st);
        }
    }

    /// @dev Completed is terminal, so the commitment is deleted (gas refund, no replays).
    function _complete(Order memory o, uint256 refundBit) private {
        uint256 gross = o.amount - _close(o.id, refundBit);
        (uint256 fee, bool settledNow) = _creditSeller(o, gross);
        emit OrderCompleted(o.id, msg.sender, gross - fee, fee);
        if (settledNow) emit ProceedsSettled(o.listingId, o.seller, gross - fee, fee);
    }

    function _resolve(Order memory o, uint256 refundBit, uint256 buyerBps, bool byTimeout) private {
        uint256 remaining = o.amount - _close(o.id, refundBit);
        uint256 buyerAmount = remaining * buyerBps / 10_000;
        uint256 sellerGross = remaining - buyerAmount;
        (uint256 fee, bool settledNow) = _creditSeller(o, sellerGross);
        emit DisputeResolved(o.id, buyerBps, buyerAmount, sellerGross - fee, fee, byTimeout);
        if (settledNow) emit ProceedsSettled(o.listingId, o.seller, sellerGross - fee, fee);
        if (buyerAmount != 0) _owedLedger()[o.buyer][o.token] += buyerAmount;
    }

    /// @dev The buyer is paid directly when it is the caller (it can only block itself), and
    /// through its pull balance otherwise.
    function _payBuyer(Order memory o, uint256 amount) private {
        if (amount == 0) return;
        if (msg.sender == o.buyer) Payments.push(o.token, o.buyer, amount);
        else _owedLedger()[o.buyer][o.token] += amount;
    }
}
