// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RentalEscrowBase} from "./rental/RentalEscrowBase.sol";
import {RentalEscrowDeposits} from "./rental/RentalEscrowDeposits.sol";
import {IRentalEscrow} from "./interfaces/IRentalEscrow.sol";
import {Rental, RentalListingStatus, RentalStatus, RentalTerms} from "./types/Rental.sol";
import {RentalListingState} from "./types/RentalListingState.sol";
import {RentalMath} from "./libraries/RentalMath.sol";

/// @title RentalEscrow
/// @notice Bazaar's escrowed rentals: listings, bookings paid in ETH or ERC-20 (with EIP-2612
/// permits), handover, early and late returns, damage claims ruled by an arbiter, and a
/// permissionless settlement for every deadline (docs/rentals.md).
/// @dev Listings and bookings live in RentalEscrowListings, the item's side of the state
/// machine in RentalEscrowLifecycle, the deposit's side in RentalEscrowDeposits, storage and
/// admin in RentalEscrowBase. This file adds the views.
contract RentalEscrow is RentalEscrowDeposits {
    /// @notice How long past the end, after the grace period, before an item still out counts
    /// as lost and anyone may settle the rental for the lender.
    uint256 public constant MAX_LATE_PERIOD = RentalMath.MAX_LATE_PERIOD;

    constructor(address owner_, address feeRecipient_, address arbiter_, uint16 feeBps_, uint32 disputeTimeout_)
        RentalEscrowBase(owner_, feeRecipient_, arbiter_, feeBps_, disputeTimeout_)
    {}

    /// @inheritdoc IRentalEscrow
    function getListing(uint256 listingId) external view returns (ListingView memory v) {
        RentalListingState s = _state(listingId);
        ListingCore memory core = _core(listingId);
        ListingPayment memory payment = _payment(listingId);
        v = ListingView({
            lender: core.lender,
            token: payment.token,
            dailyRate: s.dailyRate(),
            deposit: s.deposit(),
            lateFeePerDay: payment.lateFeePerDay,
            minDays: s.minDays(),
            maxDays: s.maxDays(),
            gracePeriod: core.gracePeriod,
            handoverWindow: core.handoverWindow,
            inspectionWindow: core.inspectionWindow,
            feeBps: core.feeBps,
            rentalCount: s.rentalCount(),
            status: RentalListingStatus(s.status()),
            rented: _isRented(listingId)
        });
    }

    /// @inheritdoc IRentalEscrow
    function rentalHash(uint256 listingId) external view returns (bytes32) {
        bytes32 stored = _rentalHash(listingId);
        return stored == _IDLE ? bytes32(0) : stored;
    }

    /// @inheritdoc IRentalEscrow
    function termsHashOf(uint256 listingId) external view returns (bytes32) {
        return _termsHash(_state(listingId), _core(listingId), _payment(listingId));
    }

    /// @inheritdoc IRentalEscrow
    function hashTerms(RentalTerms calldata terms) external pure returns (bytes32) {
        return keccak256(abi.encode(terms));
    }

    /// @inheritdoc IRentalEscrow
    function hashRental(Rental calldata rental) external pure returns (bytes32) {
        return keccak256(abi.encode(rental));
    }

    /// @inheritdoc IRentalEscrow
    function previewReturn(Rental calldata rental, uint256 at)
        external
        pure
        returns (uint256 paidDays, uint256 refund, uint256 lateFee)
    {
        _requireStatus(rental, RentalStatus.Active);
        if (at < rental.startedAt) revert RentalEscrowTooEarly(at, rental.startedAt);
        paidDays = RentalMath.lenderDays(rental.startedAt, rental.rentalDays, rental.minDays, at);
        refund = (rental.rentalDays - paidDays) * rental.dailyRate;
        uint256 end = RentalMath.endOf(rental.startedAt, rental.rentalDays);
        lateFee = RentalMath.lateFee(end, rental.gracePeriod, rental.lateFeePerDay, rental.deposit, at);
    }

    /// @inheritdoc IRentalEscrow
    function deadlineOf(Rental calldata rental) external view returns (uint256) {
        RentalStatus status = rental.status;
        if (status == RentalStatus.Booked) return uint256(rental.bookedAt) + rental.handoverWindow;
        if (status == RentalStatus.Active) {
            return RentalMath.lostAt(RentalMath.endOf(rental.startedAt, rental.rentalDays), rental.gracePeriod);
        }
        if (status == RentalStatus.Returned) return uint256(rental.returnedAt) + rental.inspectionWindow;
        if (status == RentalStatus.Claimed) return uint256(rental.claimedAt) + CLAIM_RESPONSE_WINDOW;
        if (status == RentalStatus.Disputed) return uint256(rental.disputedAt) + _disputeTimeout();
        return 0;
    }
}
