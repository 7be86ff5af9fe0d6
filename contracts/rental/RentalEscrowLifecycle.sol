// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RentalEscrowListings} from "./RentalEscrowListings.sol";
import {IRentalEscrow} from "../interfaces/IRentalEscrow.sol";
import {IDealRecorder} from "../interfaces/IDealRecorder.sol";
import {Rental, RentalStatus} from "../types/Rental.sol";
import {RentalMath} from "../libraries/RentalMath.sol";
import {Payments} from "../libraries/Payments.sol";

/// @title RentalEscrowLifecycle
/// @notice The item's side of the state machine: Booked → Active → Returned, with the
/// cancellation of a booking and the settlement of an item that never comes back.
/// @dev Rent payout (docs/rentals.md, "When the lender is paid"): the minimum days' rent,
/// which no early return refunds, is credited at handover; the rest stays in escrow until the
/// return, when the started days go to the lender and the unused whole days to the renter.
abstract contract RentalEscrowLifecycle is RentalEscrowListings {
    /// @inheritdoc IRentalEscrow
    function cancelBooking(Rental calldata rental) external nonReentrant {
        Rental memory r = _load(rental);
        _requireStatus(r, RentalStatus.Booked);
        if (msg.sender != r.lender) {
            uint256 deadline = uint256(r.bookedAt) + r.handoverWindow;
            if (block.timestamp < deadline) revert RentalEscrowTooEarly(block.timestamp, deadline);
        }
        _close(r);
        uint256 refund = r.dailyRate * r.rentalDays + r.deposit;
        emit BookingCancelled(r.id, msg.sender, refund);
        _payRenter(r, refund);
    }

    /// @inheritdoc IRentalEscrow
    function confirmHandover(Rental calldata rental) external nonReentrant {
        Rental memory r = _load(rental);
        if (msg.sender != r.lender) revert RentalEscrowNotLender(msg.sender, r.lender);
        _requireStatus(r, RentalStatus.Booked);
        uint256 deadline = uint256(r.bookedAt) + r.handoverWindow;
        if (block.timestamp >= deadline) revert RentalEscrowTooLate(block.timestamp, deadline);
        r.status = RentalStatus.Active;
        r.startedAt = uint40(block.timestamp);
        r.paidDays = r.minDays;
        _store(r);
        (uint256 net, uint256 fee) = _rentSplit(r, 0, r.minDays);
        _creditLender(r, net, fee);
        emit HandoverConfirmed(r.id, RentalMath.endOf(block.timestamp, r.rentalDays), net, fee);
    }

    /// @inheritdoc IRentalEscrow
    function markReturned(Rental calldata rental) external nonReentrant {
        Rental memory r = _load(rental);
        if (msg.sender != r.renter) revert RentalEscrowNotRenter(msg.sender, r.renter);
        _requireStatus(r, RentalStatus.Active);
        uint256 end = RentalMath.endOf(r.startedAt, r.rentalDays);
        // The renter's window closes where settleLate's opens, so the two never race.
        uint256 lostAt = RentalMath.lostAt(end, r.gracePeriod);
        if (block.timestamp >= lostAt) revert RentalEscrowTooLate(block.timestamp, lostAt);
        uint256 paidBefore = r.paidDays;
        // lenderDays() <= rentalDays, which is a uint16.
        uint16 paidDays = uint16(RentalMath.lenderDays(r.startedAt, r.rentalDays, r.minDays, block.timestamp));
        uint256 lateFee = RentalMath.lateFee(end, r.gracePeriod, r.lateFeePerDay, r.deposit, block.timestamp);
        r.status = RentalStatus.Returned;
        r.returnedAt = uint40(block.timestamp);
        r.paidDays = paidDays;
        r.lateFee = lateFee;
        _store(r);
        (uint256 net, uint256 fee) = _rentSplit(r, paidBefore, paidDays);
        _creditLender(r, net + lateFee, fee);
        uint256 refund = (r.rentalDays - paidDays) * r.dailyRate;
        emit RentalReturned(r.id, paidDays, refund, net, fee, lateFee);
        if (refund != 0) Payments.push(r.token, r.renter, refund);
    }

    /// @inheritdoc IRentalEscrow
    function settleLate(Rental calldata rental) external nonReentrant {
        Rental memory r = _load(rental);
        _requireStatus(r, RentalStatus.Active);
        uint256 lostAt = RentalMath.lostAt(RentalMath.endOf(r.startedAt, r.rentalDays), r.gracePeriod);
        if (block.timestamp < lostAt) revert RentalEscrowTooEarly(block.timestamp, lostAt);
        _close(r);
        (uint256 net, uint256 fee) = _rentSplit(r, r.paidDays, r.rentalDays);
        r.paidDays = r.rentalDays;
        _creditLender(r, net + r.deposit, fee);
        emit RentalLost(r.id, msg.sender, net, fee, r.deposit);
        _recordRental(r, r.deposit);
        _recordFact(IDealRecorder.Fact.Default, r.id, r.renter, r.deposit);
    }
}
