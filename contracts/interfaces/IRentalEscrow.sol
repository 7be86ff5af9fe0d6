// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRentalEscrowErrors} from "./IRentalEscrowErrors.sol";
import {IRentalEscrowEvents} from "./IRentalEscrowEvents.sol";
import {IPlatformArbitration} from "./IPlatformArbitration.sol";
import {Rental, RentalListingStatus, RentalTerms} from "../types/Rental.sol";

/// @title IRentalEscrow
/// @notice Escrowed rentals. A renter pays the rent and a deposit in one transaction; the lender
/// hands the item over, which starts the clock and pays the lender the minimum days' rent; the
/// renter returns it (unused whole days beyond the minimum are refunded, late days cost a fee
/// from the deposit); the lender inspects it and may claim damages from the deposit, which the
/// renter accepts or disputes before the arbiter. Every waiting state has a deadline after
/// which anyone can settle it, so no funds are ever held forever (docs/rentals.md).
/// A rental that finishes after its handover is reported to the deal recorder (the Reputation
/// contract) as `IDealRecorder.DealKind.Rental`, which lets renter and lender review each other.
/// @dev Errors and events are declared, with their docs, in {IRentalEscrowErrors} and
/// {IRentalEscrowEvents}, the platform admin's (fee, arbiter, pause, withdrawals) in
/// {IPlatformArbitration}; this interface inherits them, so its ABI carries the whole API.
interface IRentalEscrow is IRentalEscrowErrors, IRentalEscrowEvents, IPlatformArbitration {
    /// @notice A listing as returned by {getListing}.
    struct ListingView {
        address lender;
        address token;
        uint96 dailyRate;
        uint96 deposit;
        uint96 lateFeePerDay;
        uint16 minDays;
        uint16 maxDays;
        uint32 gracePeriod;
        uint32 handoverWindow;
        uint32 inspectionWindow;
        uint16 feeBps;
        uint32 rentalCount;
        RentalListingStatus status;
        bool rented;
    }

    // ------------------------------------------------------------------ listings

    /// @notice Create a rental listing. The current platform fee is fixed for its life.
    /// @param terms Token, rates, deposit, day limits and windows (validated).
    /// @param metadataHash Hash of the listing's metadata document (stored off chain).
    /// @return listingId The new listing's id (ids start at 1).
    function createListing(RentalTerms calldata terms, bytes32 metadataHash) external returns (uint256 listingId);

    /// @notice Replace the terms and metadata of a listing that is not closed and not rented
    /// (lender only). Works while the contract is paused.
    function updateListing(uint256 listingId, RentalTerms calldata terms, bytes32 metadataHash) external;

    /// @notice Pause or resume bookings of a listing that is not closed (lender only). Works
    /// while it is rented, so a lender can stop bookings before declining one with
    /// {cancelBooking}; the open rental is not affected.
    function setListingPaused(uint256 listingId, bool paused) external;

    /// @notice Close a listing for good (lender only). An open rental runs to its end.
    function closeListing(uint256 listingId) external;

    // ------------------------------------------------------------------ booking

    /// @notice Book an active, free listing for `rentalDays` days, paying rent and deposit now.
    /// ETH listings need msg.value == dailyRate * rentalDays + deposit; ERC-20 listings need a
    /// prior approval of that amount and msg.value == 0.
    /// @dev The renter commits to the terms it read: `termsHash` must equal {termsHashOf} at
    /// execution, so a lender's {updateListing} mined first (a front-run) makes the booking
    /// revert with {RentalEscrowTermsChanged} instead of binding the renter to other terms.
    /// Without it, an equal `dailyRate * rentalDays + deposit` would still match msg.value.
    /// @param termsHash {hashTerms} of the terms the renter agreed to.
    /// @return rentalId The rental's id, listingId << 32 | sequence; rebuild the {Rental} from
    /// the {RentalBooked} event and the listing's terms (see {hashRental}).
    function rent(uint256 listingId, uint16 rentalDays, bytes32 termsHash)
        external
        payable
        returns (uint256 rentalId);

    /// @notice Book an ERC-20 listing with an EIP-2612 permit in the same transaction. A permit
    /// that fails (for example front-run) is ignored if the allowance suffices.
    /// @dev Commits to `termsHash` exactly as {rent} does; the permit's value alone would not
    /// protect a standing allowance larger than the amount due.
    function rentWithPermit(
        uint256 listingId,
        uint16 rentalDays,
        bytes32 termsHash,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 rentalId);

    /// @notice Cancel a booking before handover and refund the renter in full: the lender at
    /// any time (declining), anyone once the handover window has passed. A renter who calls is
    /// paid at once; otherwise the refund is credited to the renter's balance.
    function cancelBooking(Rental calldata rental) external;

    // ------------------------------------------------------------------ rental

    /// @notice Confirm the handover within the handover window (lender only). Starts the
    /// clock and credits the minimum days' rent, minus the platform fee, to the lender.
    function confirmHandover(Rental calldata rental) external;

    /// @notice Mark the item returned (renter only, while active and before the item counts as
    /// lost: end + grace period + MAX_LATE_PERIOD, when {settleLate} opens; at or after it,
    /// {RentalEscrowTooLate}). Settles the rent: the lender is credited every started day (at
    /// least the minimum), the renter is paid back the unused whole days, and a late return's
    /// fee is taken from the deposit for the lender.
    function markReturned(Rental calldata rental) external;

    /// @notice Settle a rental whose item was never returned (anyone, from the end plus the
    /// grace period plus MAX_LATE_PERIOD): the lender is credited all rent and the deposit.
    function settleLate(Rental calldata rental) external;

    // ------------------------------------------------------------------ deposit

    /// @notice Inspect a returned item within the inspection window (lender only). A claim of
    /// zero releases the deposit to the renter at once and completes the rental; a claim up to
    /// what is left of the deposit holds that much and releases the rest to the renter.
    /// @param claim Damages claimed, at most the deposit minus the late fee.
    /// @param evidenceHash Hash of the lender's evidence (photos, report), stored off chain.
    function confirmReturn(Rental calldata rental, uint256 claim, bytes32 evidenceHash) external;

    /// @notice Release the whole remaining deposit to the renter when the lender let the
    /// inspection window pass in silence (anyone).
    function releaseDeposit(Rental calldata rental) external;

    /// @notice Accept the lender's damage claim within CLAIM_RESPONSE_WINDOW: it goes to the
    /// lender (renter only). From the deadline {settleClaim} does the same for anyone.
    function acceptClaim(Rental calldata rental) external;

    /// @notice Dispute the lender's damage claim within CLAIM_RESPONSE_WINDOW (renter only).
    function disputeClaim(Rental calldata rental, bytes32 reasonHash) external;

    /// @notice Pay an undisputed claim to the lender once CLAIM_RESPONSE_WINDOW has passed
    /// (anyone): the renter's silence counts as acceptance.
    function settleClaim(Rental calldata rental) external;

    /// @notice Rule a damage dispute before the dispute timeout: `renterBps` of the claim goes
    /// back to the renter, the rest to the lender (arbiter only). From disputedAt +
    /// disputeTimeout only {resolveExpiredDispute} settles it ({RentalEscrowTooLate}).
    function resolveDispute(Rental calldata rental, uint16 renterBps) external;

    /// @notice Apply the timeout fallback to a dispute the arbiter left unruled (anyone, once
    /// the dispute timeout has passed): the claim is split evenly.
    function resolveExpiredDispute(Rental calldata rental) external;

    // ------------------------------------------------------------------ views

    /// @notice The listing with id `listingId` (status None if it does not exist).
    function getListing(uint256 listingId) external view returns (ListingView memory);

    /// @notice The stored commitment of the listing's open rental; zero when it has none.
    function rentalHash(uint256 listingId) external view returns (bytes32);

    /// @notice The hash of the listing's current terms, which {rent} and {rentWithPermit}
    /// require as `termsHash`: {hashTerms} of the token, amounts, day limits and windows.
    function termsHashOf(uint256 listingId) external view returns (bytes32);

    /// @notice The commitment to a set of terms: keccak256(abi.encode(terms)).
    function hashTerms(RentalTerms calldata terms) external pure returns (bytes32);

    /// @notice The commitment a rental struct hashes to: keccak256(abi.encode(rental)).
    function hashRental(Rental calldata rental) external pure returns (bytes32);

    /// @notice What a return at time `at` would settle for an active rental.
    /// @return paidDays Days of rent the lender would have earned in total.
    /// @return refund Rent paid back to the renter.
    /// @return lateFee Taken from the deposit for the lender.
    function previewReturn(Rental calldata rental, uint256 at)
        external
        pure
        returns (uint256 paidDays, uint256 refund, uint256 lateFee);

    /// @notice When the rental's current status can be moved on by anyone: cancel (Booked),
    /// settle as lost (Active), release the deposit (Returned), settle the claim (Claimed) or
    /// apply the dispute fallback (Disputed). Zero for other statuses.
    function deadlineOf(Rental calldata rental) external view returns (uint256);
}
