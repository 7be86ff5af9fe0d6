// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Lifecycle of a rental listing.
enum RentalListingStatus {
    None, //   0: no such listing
    Active, // 1: open for bookings
    Paused, // 2: the lender paused bookings
    Closed //  3: terminal, closed by the lender
}

/// @notice Lifecycle of a rental (docs/rentals.md has the diagram). Only the hash of the open
/// {Rental} is stored, so the terminal statuses appear in events, never in storage.
enum RentalStatus {
    None, //      0: no such rental
    Booked, //    1: rent and deposit paid, waiting for the lender to hand the item over
    Active, //    2: handed over, the rental clock runs
    Returned, //  3: the renter marked the item returned, waiting for the lender's inspection
    Claimed, //   4: the lender claimed damages, waiting for the renter to accept or dispute
    Disputed, //  5: the renter disputed the claim, waiting for the arbiter or the dispute timeout
    Cancelled, // 6: terminal, cancelled before handover, renter refunded in full
    Completed, // 7: terminal, deposit settled without a dispute
    Resolved, //  8: terminal, damage dispute ruled by the arbiter or the timeout fallback
    Lost //       9: terminal, never returned: all rent and the deposit went to the lender
}

/// @notice What a lender offers on a listing. Amounts are in the payment token's smallest unit.
struct RentalTerms {
    address token; //           address(0) for ETH
    uint96 dailyRate; //        rent per day, > 0
    uint96 deposit; //          held until the item is back and inspected (may be 0)
    uint96 lateFeePerDay; //    deducted from the deposit per started day past the end
    uint16 minDays; //          shortest rental; its rent is paid at handover and never refunded
    uint16 maxDays; //          longest rental
    uint32 gracePeriod; //      seconds past the end in which a return costs no late fee
    uint32 handoverWindow; //   seconds the lender has to hand the item over after a booking
    uint32 inspectionWindow; // seconds the lender has to inspect the item after its return
}

/// @notice Everything the contract knows about a rental. Only its hash is stored (one slot
/// per listing, which has at most one open rental); callers pass the struct back and the
/// contract checks it against the stored hash. The chain client rebuilds it from events.
/// The listing's terms are copied in at booking, so the rental never reads the listing again.
/// @dev Field widths do not matter for storage since only the hash is kept.
struct Rental {
    uint256 id; //               listingId << 32 | sequence within the listing
    address lender;
    address renter;
    address token; //            address(0) for ETH
    uint256 dailyRate;
    uint256 deposit;
    uint256 lateFeePerDay;
    uint16 feeBps; //            platform fee on rent, fixed when the listing was created
    uint16 rentalDays; //        days booked
    uint16 minDays;
    uint32 gracePeriod;
    uint32 handoverWindow;
    uint32 inspectionWindow;
    uint40 bookedAt;
    uint40 startedAt; //         handover time; the rental ends at startedAt + rentalDays days
    uint40 returnedAt;
    uint16 paidDays; //          days of rent credited to the lender so far
    uint256 lateFee; //          deducted from the deposit at the return
    uint256 claim; //            damages the lender claimed from what was left of the deposit
    uint40 claimedAt;
    uint40 disputedAt;
    RentalStatus status;
}
