// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealRecorder} from "../interfaces/IDealRecorder.sol";

/// @notice A completed deal as the Reputation contract knows it, with the review state of
/// both sides. Only its hash is stored (one storage slot per deal); callers pass the struct
/// back and the contract checks it against the stored hash, as the Marketplace does for
/// orders. The chain client rebuilds it from events (chain/reputation/rebuild.py).
/// @dev Field widths do not matter for storage since only the hash is kept.
struct Deal {
    address source; //           the deal source (Marketplace, RentalEscrow, InstallmentPlans)
    uint256 id; //               the source's own id: order id, rental id, plan id
    IDealRecorder.DealKind kind;
    address buyer; //            buyer, renter or borrower
    address seller; //           seller or lender
    address token; //            payment token, address(0) for ETH
    uint256 value; //            what the seller received, before the platform fee
    uint256 fee; //              the platform fee the deal paid, in `token`
    uint40 buyerReviewedAt; //   when the buyer's review was posted, 0 if not yet
    uint40 sellerReviewedAt; //  when the seller's review was posted, 0 if not yet
    uint8 flags; //              one-shot actions taken, see DealFlags
}

/// @notice A verified review of the counterparty of a deal. The text lives off chain,
/// content-addressed by `textHash`.
/// @dev Sub-ratings are 1-5, or 0 when the author leaves them out (a seller reviewing a
/// buyer has nothing to say about delivery).
struct Review {
    uint8 rating; //          overall, 1-5, required
    uint8 quality; //         0 or 1-5
    uint8 asDescribed; //     0 or 1-5
    uint8 delivery; //        0 or 1-5
    uint8 communication; //   0 or 1-5
    bytes32 textHash;
}

/// @title DealFlags
/// @notice The bits of {Deal.flags}: one nibble per side (buyer low, seller high), each
/// recording the one-shot actions that side's review or report has used up.
library DealFlags {
    /// @notice The side's review was revised (once, inside the edit window).
    uint8 internal constant EDITED = 0x01;
    /// @notice The counterparty posted its one public response to the side's review.
    uint8 internal constant ANSWERED = 0x02;
    /// @notice The side filed its one report against the counterparty.
    uint8 internal constant REPORTED = 0x04;

    /// @notice The bit of `what` for the buyer's side (`buyerSide`) or the seller's.
    function bit(bool buyerSide, uint8 what) internal pure returns (uint8) {
        return buyerSide ? what : what << 4;
    }
}
