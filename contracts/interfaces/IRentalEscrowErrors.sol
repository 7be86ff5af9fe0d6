// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RentalListingStatus, RentalStatus} from "../types/Rental.sol";

/// @title IRentalEscrowErrors
/// @notice Every custom error of the RentalEscrow, with the values needed to diagnose it.
/// Payment errors (wrong msg.value, fee-on-transfer tokens) come from the Payments library,
/// the admin's (fee cap, pause, withdrawals, arbiter) from IPlatformAdminErrors.
interface IRentalEscrowErrors {
    /// @notice Thrown when a listing id does not exist.
    error RentalEscrowUnknownListing(uint256 listingId);
    /// @notice Thrown when a listing is not in a status that allows the action.
    error RentalEscrowListingNotActive(uint256 listingId, RentalListingStatus status);
    /// @notice Thrown when a listing has an open rental (booked, out, or its deposit unsettled).
    error RentalEscrowListingRented(uint256 listingId);
    /// @notice Thrown when listing terms set a daily rate of zero.
    error RentalEscrowZeroRate();
    /// @notice Thrown when listing terms set day limits outside 1 <= minDays <= maxDays <= max.
    error RentalEscrowInvalidDayLimits(uint256 minDays, uint256 maxDays, uint256 max);
    /// @notice Thrown when a time window of the listing terms is outside its allowed range.
    error RentalEscrowInvalidWindow(uint256 value, uint256 min, uint256 max);
    /// @notice Thrown when a booking asks for a number of days the listing does not allow.
    error RentalEscrowDaysOutOfRange(uint256 rentalDays, uint256 minDays, uint256 maxDays);
    /// @notice Thrown when a booking's terms hash is not the hash of the listing's current terms:
    /// the lender changed them after the renter read them (`expected` is the renter's).
    error RentalEscrowTermsChanged(uint256 listingId, bytes32 expected, bytes32 actual);
    /// @notice Thrown when the lender tries to book their own listing.
    error RentalEscrowLenderCannotRent(uint256 listingId, address lender);
    /// @notice Thrown when a permit booking targets an ETH listing.
    error RentalEscrowNotTokenListing(uint256 listingId);
    /// @notice Thrown when the caller is not the lender of the listing or rental.
    error RentalEscrowNotLender(address caller, address lender);
    /// @notice Thrown when the caller is not the renter of the rental.
    error RentalEscrowNotRenter(address caller, address renter);
    /// @notice Thrown when the rental passed does not match its listing's stored commitment.
    error RentalEscrowUnknownRental(uint256 rentalId);
    /// @notice Thrown when a rental is not in a status that allows the action.
    error RentalEscrowInvalidStatus(uint256 rentalId, RentalStatus status);
    /// @notice Thrown when a permissionless settlement is attempted before its deadline.
    error RentalEscrowTooEarly(uint256 nowTimestamp, uint256 availableAt);
    /// @notice Thrown when a party acts after the window it had has closed.
    error RentalEscrowTooLate(uint256 nowTimestamp, uint256 deadline);
    /// @notice Thrown when a damage claim exceeds what is left of the deposit.
    error RentalEscrowClaimTooLarge(uint256 claim, uint256 available);
    /// @notice Thrown when a dispute split is given above 10,000 basis points.
    error RentalEscrowInvalidSplit(uint256 renterBps);
}
