// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IInstallmentPlans} from "../interfaces/IInstallmentPlans.sol";
import {IDealRecorder} from "../interfaces/IDealRecorder.sol";
import {DeliveryMode, PlanState, PlanStatus, PlanTerms} from "../types/Plan.sol";
import {Payments} from "../libraries/Payments.sol";
import {DealRecording} from "../libraries/DealRecording.sol";
import {Schedule} from "../libraries/Schedule.sol";
import {PlatformAdmin} from "../platform/PlatformAdmin.sol";

/// @title InstallmentPlansBase
/// @notice Storage layout, caps and the money arithmetic shared by the listing, payment, exit
/// and offer parts of InstallmentPlans. The platform admin (fee, fee recipient, pause) and the
/// pull-payment ledger are {PlatformAdmin}'s (contracts/platform/); the plan counter is this
/// contract's 64 bits of PlatformAdmin's config slot, so starting a plan reads and writes one
/// slot for the pause flag, the fee and the counter.
/// @dev A plan is four slots (docs/installments.md, "Storage and gas"). A payment reads the
/// two hot ones, `core` (token, installment) and `state` (packed PlanState), and writes
/// `state` once. `parties` and `book` are read only when a plan ends or is settled.
abstract contract InstallmentPlansBase is IInstallmentPlans, PlatformAdmin {
    // The caps are constants, published together by {limits} (one getter instead of eleven
    // keeps the function dispatcher short, which every payment pays for); the fee cap is
    // PlatformAdmin's `_MAX_FEE_BPS`.

    /// @dev Cap on the down payment, so something is always financed: 90 %.
    uint16 internal constant _MAX_DOWN_PAYMENT_BPS = 9_000;
    /// @dev Cap on the total financing fee, on the financed part of the price: 30 %.
    uint16 internal constant _MAX_FINANCING_FEE_BPS = 3_000;
    /// @dev Cap on the late fee, per installment: 10 % of that installment.
    uint16 internal constant _MAX_LATE_FEE_BPS = 1_000;
    /// @dev Cap on what a layaway seller keeps when the buyer cancels or defaults: 10 %.
    uint16 internal constant _MAX_FORFEIT_BPS = 1_000;
    /// @dev Bounds on the number of installments.
    uint8 internal constant _MIN_INSTALLMENTS = 2;
    uint8 internal constant _MAX_INSTALLMENTS = 24;
    /// @dev Bounds on the interval between due dates (the maximum fits PlanState's 24 bits).
    uint32 internal constant _MIN_INTERVAL = 1 days;
    uint32 internal constant _MAX_INTERVAL = 180 days;
    /// @dev Bounds on the grace period after a due date (the maximum fits 24 bits).
    uint32 internal constant _MIN_GRACE_PERIOD = 1 days;
    uint32 internal constant _MAX_GRACE_PERIOD = 90 days;

    /// @dev A listing's mutable part; its terms live in `_listingTerms`.
    struct Listing {
        address seller;
        uint32 stock;
        ListingStatus status;
        uint16 feeBps;
    }

    /// @dev A plan: four slots under one mapping key (one keccak for all of them). A payment
    /// reads `core` and `state` and writes `state`; `parties` and `book` are cold.
    struct Plan {
        PlanCore core;
        PlanState state;
        PlanParties parties;
        PlanBook book;
    }

    /// @dev Plan slot 1 (hot): what a payment needs besides the PlanState.
    struct PlanCore {
        address token;
        uint96 installment;
    }

    /// @dev Plan slot 3 (cold): the seller and the down payment.
    struct PlanParties {
        address seller;
        uint96 downPayment;
    }

    /// @dev Plan slot 4 (cold): the seller's settlement and the fee terms.
    struct PlanBook {
        uint96 settled; //       gross already split into the seller's balance and the fee
        uint96 financingFee;
        uint16 feeBps;
        uint16 forfeitBps;
    }

    uint256 private _nextListingId = 1;

    mapping(uint256 listingId => Listing) private _listings;
    mapping(uint256 listingId => PlanTerms) private _listingTerms;
    mapping(uint256 planId => Plan) private _plans;
    mapping(address seller => mapping(uint256 word => uint256)) private _nonceBitmap;

    constructor(address owner_, address feeRecipient_, uint16 feeBps_) PlatformAdmin(owner_, feeRecipient_, feeBps_) {}

    // ------------------------------------------------------------------ admin

    /// @inheritdoc IInstallmentPlans
    function limits() external pure returns (Limits memory) {
        return Limits({
            maxFeeBps: _MAX_FEE_BPS,
            maxDownPaymentBps: _MAX_DOWN_PAYMENT_BPS,
            maxFinancingFeeBps: _MAX_FINANCING_FEE_BPS,
            maxLateFeeBps: _MAX_LATE_FEE_BPS,
            maxForfeitBps: _MAX_FORFEIT_BPS,
            minInstallments: _MIN_INSTALLMENTS,
            maxInstallments: _MAX_INSTALLMENTS,
            minInterval: _MIN_INTERVAL,
            maxInterval: _MAX_INTERVAL,
            minGracePeriod: _MIN_GRACE_PERIOD,
            maxGracePeriod: _MAX_GRACE_PERIOD
        });
    }

    // ------------------------------------------------------------------ storage accessors
    // The storage above is private; the listing, payment, exit and offer parts reach it only
    // through these (docs/platform.md, "Storage visibility"). They are inlined, so they cost
    // no gas.

    /// @dev Take the next listing id.
    function _useListingId() internal returns (uint256 listingId) {
        listingId = _nextListingId++;
    }

    function _listing(uint256 listingId) internal view returns (Listing storage) {
        return _listings[listingId];
    }

    function _setListing(uint256 listingId, Listing memory listing) internal {
        _listings[listingId] = listing;
    }

    function _termsOf(uint256 listingId) internal view returns (PlanTerms storage) {
        return _listingTerms[listingId];
    }

    function _setTerms(uint256 listingId, PlanTerms calldata terms) internal {
        _listingTerms[listingId] = terms;
    }

    function _plan(uint256 planId) internal view returns (Plan storage) {
        return _plans[planId];
    }

    function _isNonceUsed(address seller, uint256 nonce) internal view returns (bool) {
        return _nonceBitmap[seller][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    /// @dev Unordered nonces in a bitmap (as Permit2): any nonce can be used or cancelled once.
    function _useNonce(address seller, uint256 nonce) internal {
        uint256 bit = 1 << (nonce & 0xff);
        uint256 word = _nonceBitmap[seller][nonce >> 8];
        if (word & bit != 0) revert InstallmentPlansNonceUsed(seller, nonce);
        _nonceBitmap[seller][nonce >> 8] = word | bit;
    }

    // ------------------------------------------------------------------ internals

    /// @dev Guard: the plan exists and is Active.
    function _requireActive(uint256 planId, PlanState s) internal pure {
        PlanStatus status = s.status();
        if (status == PlanStatus.Active) return;
        if (status == PlanStatus.None) revert InstallmentPlansUnknownPlan(planId);
        revert InstallmentPlansNotActive(planId, status);
    }

    /// @dev The buyer is the top 160 bits of the plan id (set by _open from msg.sender).
    function _buyerOf(uint256 planId) internal pure returns (address) {
        return address(uint160(planId >> 96));
    }

    /// @dev Check terms against every cap and return the schedule they produce.
    function _checkTerms(PlanTerms memory t)
        internal
        view
        returns (uint256 down, uint256 financingFee, uint256 installment, uint256 dust)
    {
        if (t.token != address(0) && t.token.code.length == 0) revert InstallmentPlansTokenNotContract(t.token);
        if (t.price == 0) revert InstallmentPlansZeroPrice();
        if (t.downPaymentBps > _MAX_DOWN_PAYMENT_BPS) {
            revert InstallmentPlansDownPaymentTooHigh(t.downPaymentBps, _MAX_DOWN_PAYMENT_BPS);
        }
        if (t.installments < _MIN_INSTALLMENTS || t.installments > _MAX_INSTALLMENTS) {
            revert InstallmentPlansInvalidInstallments(t.installments, _MIN_INSTALLMENTS, _MAX_INSTALLMENTS);
        }
        if (t.interval < _MIN_INTERVAL || t.interval > _MAX_INTERVAL) {
            revert InstallmentPlansInvalidInterval(t.interval, _MIN_INTERVAL, _MAX_INTERVAL);
        }
        if (t.gracePeriod < _MIN_GRACE_PERIOD || t.gracePeriod > _MAX_GRACE_PERIOD) {
            revert InstallmentPlansInvalidGracePeriod(t.gracePeriod, _MIN_GRACE_PERIOD, _MAX_GRACE_PERIOD);
        }
        if (t.financingFeeBps > _MAX_FINANCING_FEE_BPS) {
            revert InstallmentPlansFinancingFeeTooHigh(t.financingFeeBps, _MAX_FINANCING_FEE_BPS);
        }
        if (t.lateFeeBps > _MAX_LATE_FEE_BPS) revert InstallmentPlansLateFeeTooHigh(t.lateFeeBps, _MAX_LATE_FEE_BPS);
        uint256 maxForfeit = t.mode == DeliveryMode.Layaway ? _MAX_FORFEIT_BPS : 0;
        if (t.forfeitBps > maxForfeit) revert InstallmentPlansForfeitTooHigh(t.forfeitBps, maxForfeit);

        (down, financingFee, installment, dust) =
            Schedule.split(t.price, t.downPaymentBps, t.financingFeeBps, t.installments);
        uint256 total = Schedule.total(installment, t.installments, dust);
        if (installment == 0) revert InstallmentPlansInstallmentTooSmall(total, t.installments);
        // Late fees round down per installment, so their sum is at most total * lateFeeBps / BPS.
        uint256 maxReceivable = down + total + total * t.lateFeeBps / Schedule.BPS;
        if (maxReceivable > type(uint96).max) revert InstallmentPlansAmountTooLarge(maxReceivable, type(uint96).max);
    }

    /// @dev Everything the buyer has paid into a plan: down payment, installments, late fees.
    function _received(PlanState s, uint256 installment, uint256 downPayment) internal pure returns (uint256) {
        return downPayment + s.paid()
            + Schedule.lateFeesCharged(installment, s.installments(), s.dust(), s.lateFeeBps(), s.lateMask());
    }

    /// @dev Gross the seller is entitled to, given the plan's status and mode. A pay-later
    /// seller is entitled to everything paid as it arrives; a layaway seller to nothing while
    /// the plan runs, everything on completion, the forfeit share if the buyer walks away.
    function _sellerGross(PlanState s, uint256 received, PlanBook memory book) internal pure returns (uint256) {
        PlanStatus status = s.status();
        if (status == PlanStatus.CancelledBySeller) return book.settled;
        if (s.mode() == DeliveryMode.PayLater || status == PlanStatus.Completed) return received;
        if (status == PlanStatus.Active) return 0;
        return received * book.forfeitBps / Schedule.BPS;
    }

    /// @dev Collect exactly `amount` from the caller; a zero ERC-20 amount moves nothing
    /// (some tokens reject zero transfers) but still requires msg.value == 0.
    function _pullFromCaller(address token, uint256 amount) internal {
        if (amount == 0 && token != address(0)) {
            if (msg.value != 0) revert Payments.PaymentsWrongValue(msg.value, 0);
            return;
        }
        Payments.pullExact(token, msg.sender, amount);
    }

    /// @dev A refund goes straight to the buyer when it is the caller (it can only block
    /// itself), and to its pull balance otherwise.
    function _refundBuyer(address buyer, address token, uint256 amount) internal {
        if (amount == 0) return;
        if (msg.sender == buyer) Payments.push(token, buyer, amount);
        else _owedLedger()[buyer][token] += amount;
    }

    /// @dev Report a completed plan to the Reputation contract, if one is set. A failing
    /// recorder never blocks the money flow; DealRecording reserves its gas budget so that
    /// wallet and keeper gas estimates include it.
    function _recordDeal(uint256 planId, address seller, address token, uint256 value, uint256 fee) internal {
        DealRecording.recordDeal(
            _dealRecorder(), IDealRecorder.DealKind.Installment, planId, _buyerOf(planId), seller, token, value, fee
        );
    }

    /// @dev Report a default against the buyer; failures are ignored like in _recordDeal.
    function _recordDefault(uint256 planId, uint256 outstanding) internal {
        DealRecording.recordFact(
            _dealRecorder(), IDealRecorder.Fact.Default, planId, _buyerOf(planId), outstanding
        );
    }
}
