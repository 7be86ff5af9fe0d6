// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RentalListingStatus, RentalTerms} from "../types/Rental.sol";

/// @title IRentalEscrowEvents
/// @notice Every event of the RentalEscrow. Together they rebuild each listing and each
/// {Rental} struct off chain: {RentalBooked} plus the listing's latest terms give the struct
/// at booking, and each later event is one status transition (chain/rentals/rebuild.py).
/// Every rental event indexes the rental id first, so one log filter finds a rental's history.
/// @dev Listing events are prefixed `Rental` so their names never collide with the
/// Marketplace's in the shared event registry; admin and withdrawal events are the platform
/// admin's, in IPlatformAdminEvents.
interface IRentalEscrowEvents {
    // ------------------------------------------------------------------ listings

    /// @notice Emitted when a lender creates a rental listing.
    /// @param listingId The new listing's id.
    /// @param lender The lender, who receives rent, late fees and damages.
    /// @param token Payment token, address(0) for ETH (also in `terms`, indexed for filters).
    /// @param terms Rates, deposit, day limits and windows.
    /// @param feeBps Platform fee on the rent of every rental of this listing, fixed for its life.
    /// @param metadataHash Hash of the listing's metadata document (stored off chain).
    event RentalListingCreated(
        uint256 indexed listingId,
        address indexed lender,
        address indexed token,
        RentalTerms terms,
        uint256 feeBps,
        bytes32 metadataHash
    );

    /// @notice Emitted when a lender replaces the terms and metadata of a listing.
    /// @param listingId The listing.
    /// @param terms The new terms, which apply to bookings from now on.
    /// @param metadataHash The new metadata hash.
    event RentalListingUpdated(uint256 indexed listingId, RentalTerms terms, bytes32 metadataHash);

    /// @notice Emitted when a listing is paused, resumed or closed.
    /// @param listingId The listing.
    /// @param status Its new status.
    event RentalListingStatusChanged(uint256 indexed listingId, RentalListingStatus status);

    // ------------------------------------------------------------------ rentals

    /// @notice Emitted when a renter books a listing and pays rent plus deposit (status Booked).
    /// With the listing's latest terms and the block timestamp (`bookedAt`) this rebuilds the
    /// {Rental}.
    /// @param rentalId The rental's id, listingId << 32 | sequence; its deal id for reviews.
    /// @param listingId The listing booked.
    /// @param renter The paying renter.
    /// @param rentalDays Days booked.
    /// @param rent Rent paid, dailyRate * rentalDays.
    /// @param deposit Deposit paid.
    event RentalBooked(
        uint256 indexed rentalId,
        uint256 indexed listingId,
        address indexed renter,
        uint256 rentalDays,
        uint256 rent,
        uint256 deposit
    );

    /// @notice Emitted when a booking is cancelled before handover (status Cancelled).
    /// @param rentalId The rental.
    /// @param by The lender declining, or anyone after the handover window.
    /// @param refund Rent plus deposit returned to the renter.
    event BookingCancelled(uint256 indexed rentalId, address indexed by, uint256 refund);

    /// @notice Emitted when the lender hands the item over (status Active, `startedAt` is the
    /// block timestamp, `paidDays` becomes `minDays`).
    /// @param rentalId The rental.
    /// @param endsAt When the rental ends: startedAt + rentalDays days.
    /// @param lenderAmount Minimum days' rent credited to the lender, after the fee.
    /// @param fee Platform fee on that rent.
    event HandoverConfirmed(uint256 indexed rentalId, uint256 endsAt, uint256 lenderAmount, uint256 fee);

    /// @notice Emitted when the renter marks the item returned (status Returned, `returnedAt`
    /// is the block timestamp).
    /// @param rentalId The rental.
    /// @param paidDays Days of rent the lender earned in total (the struct's new `paidDays`).
    /// @param refund Rent paid back to the renter for unused whole days.
    /// @param lenderAmount Rent credited to the lender now, after the fee.
    /// @param fee Platform fee on that rent.
    /// @param lateFee Taken from the deposit and credited to the lender (the struct's `lateFee`).
    event RentalReturned(
        uint256 indexed rentalId,
        uint256 paidDays,
        uint256 refund,
        uint256 lenderAmount,
        uint256 fee,
        uint256 lateFee
    );

    /// @notice Emitted when the lender inspects the returned item. A zero claim completes the
    /// rental (status Completed); otherwise the status is Claimed and `claimedAt` is the block
    /// timestamp.
    /// @param rentalId The rental.
    /// @param claim Damages claimed from the deposit.
    /// @param renterAmount Deposit credited back to the renter now: all that was left of it
    /// minus the claim.
    /// @param evidenceHash Hash of the lender's evidence, stored off chain.
    event ReturnConfirmed(uint256 indexed rentalId, uint256 claim, uint256 renterAmount, bytes32 evidenceHash);

    /// @notice Emitted when the deposit is released to the renter because the lender let the
    /// inspection window pass (status Completed).
    /// @param rentalId The rental.
    /// @param by Whoever settled it.
    /// @param renterAmount The deposit left after the late fee.
    event DepositReleased(uint256 indexed rentalId, address indexed by, uint256 renterAmount);

    /// @notice Emitted when the renter disputes the damage claim (status Disputed,
    /// `disputedAt` is the block timestamp).
    /// @param rentalId The rental.
    /// @param reasonHash Hash of the renter's reasons, stored off chain.
    event ClaimDisputed(uint256 indexed rentalId, bytes32 reasonHash);

    /// @notice Emitted when the damage claim goes to the lender, accepted by the renter or
    /// left unanswered past the response window (status Completed).
    /// @param rentalId The rental.
    /// @param by The renter accepting, or anyone after the response window.
    /// @param lenderAmount The claim, credited to the lender.
    event ClaimSettled(uint256 indexed rentalId, address indexed by, uint256 lenderAmount);

    /// @notice Emitted when a damage dispute is resolved (status Resolved).
    /// @param rentalId The rental.
    /// @param renterBps Share of the claim that went back to the renter, in basis points.
    /// @param renterAmount Credited to the renter.
    /// @param lenderAmount Credited to the lender.
    /// @param byTimeout True for the timeout fallback, false for the arbiter's ruling.
    event RentalDisputeResolved(
        uint256 indexed rentalId, uint256 renterBps, uint256 renterAmount, uint256 lenderAmount, bool byTimeout
    );

    /// @notice Emitted when a rental that was never returned is settled (status Lost).
    /// @param rentalId The rental.
    /// @param by Whoever settled it.
    /// @param lenderAmount Remaining rent credited to the lender, after the fee.
    /// @param fee Platform fee on that rent.
    /// @param deposit The whole deposit, credited to the lender.
    event RentalLost(uint256 indexed rentalId, address indexed by, uint256 lenderAmount, uint256 fee, uint256 deposit);
}
