// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice When the buyer gets the item, which decides who holds the money meanwhile.
enum DeliveryMode {
    PayLater, // 0: delivered at start; the seller is paid as installments arrive
    Layaway //   1: delivered after the last payment; everything paid stays in escrow until then
}

/// @notice Lifecycle of an installment plan. Every status but Active is terminal.
enum PlanStatus {
    None, //              0: no such plan
    Active, //            1: the schedule is running
    Completed, //         2: paid in full, on schedule or by early payoff
    Defaulted, //         3: an installment stayed unpaid past its grace period
    CancelledBySeller, // 4: the buyer was refunded everything paid
    CancelledByBuyer //   5: layaway only; the buyer was refunded all but the forfeit share
}

/// @notice EMI terms a seller offers, on chain (a listing) or in a signed {PlanOffer}.
/// @dev The schedule follows from these alone (libraries/Schedule.sol): the down payment is
/// `price * downPaymentBps / 10_000`, the financing fee `financingFeeBps` of the rest, and
/// that financed total is split into `installments` equal parts with the rounding dust added
/// to the last one. Installment i (1-based) falls due at start + i * interval.
struct PlanTerms {
    address token; //            address(0) for ETH
    uint96 price; //             cash price of the item
    uint16 downPaymentBps; //    share of the price paid at start
    uint8 installments; //       number of installments after the down payment
    uint32 interval; //          seconds between due dates
    uint16 financingFeeBps; //   total financing fee, on the financed part of the price
    uint32 gracePeriod; //       seconds after a due date before the plan can be defaulted
    uint16 lateFeeBps; //        fee on an installment not paid in full by its due date
    uint16 forfeitBps; //        layaway: share of what was paid the seller keeps if the buyer walks away
    DeliveryMode mode;
}

/// @notice A seller's signed plan offer (EIP-712), started on chain by a buyer.
struct PlanOffer {
    address seller;
    address buyer; //        address(0): anyone may accept
    uint256 listingId; //    0: a custom item; otherwise one unit of that listing's stock is taken
    PlanTerms terms;
    uint40 expiry;
    uint256 nonce;
    bytes32 metadataHash;
}

/// @notice Everything a payment reads or changes about a plan, except its token and
/// installment amount, packed in one word so a payment reads two slots and writes one.
/// Layout (low to high bits): paid 96 | startedAt 40 | interval 24 | gracePeriod 24 |
/// lateFeeBps 16 | lateMask 24 | installments 8 | dust 8 | flags 8.
/// `paid` counts installment payments only (not the down payment, not late fees); bit i-1 of
/// `lateMask` is set once installment i has been charged its late fee; `dust` is the rounding
/// remainder added to the last installment; `flags` bits 0-2 hold the PlanStatus, bit 3 the
/// DeliveryMode.
type PlanState is uint256;

using PlanStateLib for PlanState global;

/// @title PlanStateLib
/// @notice Getters, a constructor and the one update a payment makes to {PlanState}.
library PlanStateLib {
    uint256 private constant _MASK_96 = (1 << 96) - 1;
    uint256 private constant _MASK_40 = (1 << 40) - 1;
    uint256 private constant _MASK_24 = (1 << 24) - 1;
    uint256 private constant _MASK_16 = (1 << 16) - 1;
    uint256 private constant _MASK_8 = (1 << 8) - 1;
    uint256 private constant _STATUS_MASK = 0x07;
    uint256 private constant _MODE_BIT = 0x08;

    uint256 private constant _STARTED_AT = 96;
    uint256 private constant _INTERVAL = 136;
    uint256 private constant _GRACE = 160;
    uint256 private constant _LATE_FEE = 184;
    uint256 private constant _LATE_MASK = 200;
    uint256 private constant _COUNT = 224;
    uint256 private constant _DUST = 232;
    uint256 private constant _FLAGS = 248;

    /// @notice Pack a new plan's state: nothing paid, no late fee charged.
    /// Widths are enforced by the parameter types; `dust < installments <= 24` by the caller.
    function start(
        uint40 startedAt_,
        uint24 interval_,
        uint24 gracePeriod_,
        uint16 lateFeeBps_,
        uint8 installments_,
        uint8 dust_,
        PlanStatus status_,
        DeliveryMode mode_
    ) internal pure returns (PlanState) {
        uint256 flags = uint256(status_) | (mode_ == DeliveryMode.Layaway ? _MODE_BIT : 0);
        return PlanState.wrap(
            (uint256(startedAt_) << _STARTED_AT) | (uint256(interval_) << _INTERVAL)
                | (uint256(gracePeriod_) << _GRACE) | (uint256(lateFeeBps_) << _LATE_FEE)
                | (uint256(installments_) << _COUNT) | (uint256(dust_) << _DUST) | (flags << _FLAGS)
        );
    }

    /// @notice The state after a payment: new `paid`, late-fee mask and status; the rest kept.
    /// @dev `paid_` fits in 96 bits: it never exceeds the financed total, which plan creation
    /// caps at type(uint96).max. `lateMask_` has at most 24 bits (one per installment).
    function withPayment(PlanState s, uint256 paid_, uint256 lateMask_, PlanStatus status_)
        internal
        pure
        returns (PlanState)
    {
        uint256 keep = PlanState.unwrap(s) & ~(_MASK_96 | (_MASK_24 << _LATE_MASK) | (_STATUS_MASK << _FLAGS));
        return PlanState.wrap(keep | paid_ | (lateMask_ << _LATE_MASK) | (uint256(status_) << _FLAGS));
    }

    /// @notice The state with a new status (default and cancellation).
    function withStatus(PlanState s, PlanStatus status_) internal pure returns (PlanState) {
        uint256 keep = PlanState.unwrap(s) & ~(_STATUS_MASK << _FLAGS);
        return PlanState.wrap(keep | (uint256(status_) << _FLAGS));
    }

    function paid(PlanState s) internal pure returns (uint256) {
        return PlanState.unwrap(s) & _MASK_96;
    }

    function startedAt(PlanState s) internal pure returns (uint256) {
        return (PlanState.unwrap(s) >> _STARTED_AT) & _MASK_40;
    }

    function interval(PlanState s) internal pure returns (uint256) {
        return (PlanState.unwrap(s) >> _INTERVAL) & _MASK_24;
    }

    function gracePeriod(PlanState s) internal pure returns (uint256) {
        return (PlanState.unwrap(s) >> _GRACE) & _MASK_24;
    }

    function lateFeeBps(PlanState s) internal pure returns (uint256) {
        return (PlanState.unwrap(s) >> _LATE_FEE) & _MASK_16;
    }

    function lateMask(PlanState s) internal pure returns (uint256) {
        return (PlanState.unwrap(s) >> _LATE_MASK) & _MASK_24;
    }

    function installments(PlanState s) internal pure returns (uint256) {
        return (PlanState.unwrap(s) >> _COUNT) & _MASK_8;
    }

    function dust(PlanState s) internal pure returns (uint256) {
        return (PlanState.unwrap(s) >> _DUST) & _MASK_8;
    }

    function status(PlanState s) internal pure returns (PlanStatus) {
        return PlanStatus((PlanState.unwrap(s) >> _FLAGS) & _STATUS_MASK);
    }

    function mode(PlanState s) internal pure returns (DeliveryMode) {
        return (PlanState.unwrap(s) >> _FLAGS) & _MODE_BIT == 0 ? DeliveryMode.PayLater : DeliveryMode.Layaway;
    }
}
