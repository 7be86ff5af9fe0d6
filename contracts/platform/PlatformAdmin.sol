// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IPlatformAdmin} from "../interfaces/IPlatformAdmin.sol";
import {Payments} from "../libraries/Payments.sol";

/// @title PlatformAdmin
/// @notice The platform admin shared by the Marketplace, the RentalEscrow and InstallmentPlans:
/// the capped fee, the fee recipient, the deal recorder, the pause and the pull-payment
/// ledger (credited balances and fees, and their withdrawals). Like Uniswap v4's
/// ProtocolFees, it owns its storage and exposes to the contract that inherits it only the
/// internal functions that contract needs.
/// @dev The settings every purchase, booking or plan start reads are packed into one slot,
/// {PlatformConfig}, with 64 bits the inheriting contract owns (`extra`): the escrows keep
/// their dispute timeout there (PlatformArbitration), InstallmentPlans its plan counter, so
/// the hot path still reads one slot and writes it at most once.
abstract contract PlatformAdmin is IPlatformAdmin, Ownable2Step, ReentrancyGuardTransient {
    /// @dev Hard cap on the platform fee: 5 %.
    uint16 internal constant _MAX_FEE_BPS = 500;

    /// @dev Global settings, packed into one slot.
    struct PlatformConfig {
        address dealRecorder;
        bool paused;
        uint16 feeBps;
        uint64 extra; // owned by the inheriting contract, see the contract's notes
    }

    PlatformConfig private _config;
    address private _recipient;
    mapping(address account => mapping(address token => uint256)) private _owed;
    mapping(address token => uint256) private _fees;

    constructor(address owner_, address feeRecipient_, uint16 feeBps_) Ownable(owner_) {
        _setFeeRecipient(feeRecipient_);
        _setFee(feeBps_);
    }

    // ------------------------------------------------------------------ admin

    /// @inheritdoc IPlatformAdmin
    function setFee(uint16 feeBps_) external onlyOwner {
        _setFee(feeBps_);
    }

    /// @inheritdoc IPlatformAdmin
    function setFeeRecipient(address feeRecipient_) external onlyOwner {
        _setFeeRecipient(feeRecipient_);
    }

    /// @inheritdoc IPlatformAdmin
    function setDealRecorder(address dealRecorder_) external onlyOwner {
        _config.dealRecorder = dealRecorder_;
        emit DealRecorderUpdated(dealRecorder_);
    }

    /// @inheritdoc IPlatformAdmin
    function pause() external onlyOwner {
        _config.paused = true;
        emit Paused(msg.sender);
    }

    /// @inheritdoc IPlatformAdmin
    function unpause() external onlyOwner {
        _config.paused = false;
        emit Unpaused(msg.sender);
    }

    function _setFee(uint16 feeBps_) private {
        if (feeBps_ > _MAX_FEE_BPS) revert PlatformFeeTooHigh(feeBps_, _MAX_FEE_BPS);
        _config.feeBps = feeBps_;
        emit FeeUpdated(feeBps_);
    }

    function _setFeeRecipient(address feeRecipient_) private {
        if (feeRecipient_ == address(0)) revert PlatformZeroAddress();
        _recipient = feeRecipient_;
        emit FeeRecipientUpdated(feeRecipient_);
    }

    // ------------------------------------------------------------------ ledger

    /// @inheritdoc IPlatformAdmin
    function withdraw(address token) external nonReentrant {
        uint256 amount = _owed[msg.sender][token];
        if (amount == 0) revert PlatformNothingToWithdraw(msg.sender, token);
        _owed[msg.sender][token] = 0;
        emit Withdrawn(msg.sender, token, amount);
        Payments.push(token, msg.sender, amount);
    }

    /// @inheritdoc IPlatformAdmin
    function withdrawFees(address token) external nonReentrant {
        address recipient = _recipient;
        if (msg.sender != recipient) revert PlatformNotFeeRecipient(msg.sender, recipient);
        uint256 amount = _fees[token];
        if (amount == 0) revert PlatformNothingToWithdraw(recipient, token);
        _fees[token] = 0;
        emit FeesWithdrawn(recipient, token, amount);
        Payments.push(token, recipient, amount);
    }

    /// @inheritdoc IPlatformAdmin
    function owed(address account, address token) external view returns (uint256) {
        return _owed[account][token];
    }

    /// @inheritdoc IPlatformAdmin
    function feesOwed(address token) external view returns (uint256) {
        return _fees[token];
    }

    // ------------------------------------------------------------------ for the inheriting contract

    /// @dev Guard for new business (listings, purchases, bookings, plans); returns the rest of
    /// the config slot it read, as stack values (a memory struct would cost an allocation on
    /// every purchase).
    function _requireNotPaused() internal view returns (uint16 feeBps_, address dealRecorder_, uint64 extra) {
        PlatformConfig storage cfg = _config;
        if (cfg.paused) revert PlatformPaused();
        return (cfg.feeBps, cfg.dealRecorder, cfg.extra);
    }

    /// @dev The config slot, read once.
    function _platformConfig() internal view returns (PlatformConfig memory) {
        return _config;
    }

    /// @dev The deal recorder, address(0) when recording is off.
    function _dealRecorder() internal view returns (address) {
        return _config.dealRecorder;
    }

    /// @dev Who may withdraw fees.
    function _feeRecipient() internal view returns (address) {
        return _recipient;
    }

    /// @dev Write the inheriting contract's 64 bits of the config slot.
    function _setConfigExtra(uint64 extra) internal {
        _config.extra = extra;
    }

    /// @dev The withdrawable balances, for crediting: `_owedLedger()[account][token] += amount`.
    /// A storage pointer rather than a credit function, so the compiler inlines it at every
    /// call site (a shared credit function cost refunds about 60 gas).
    function _owedLedger() internal view returns (mapping(address => mapping(address => uint256)) storage) {
        return _owed;
    }

    /// @dev The platform's fees, for crediting: `_feeLedger()[token] += amount`.
    function _feeLedger() internal view returns (mapping(address => uint256) storage) {
        return _fees;
    }
}
