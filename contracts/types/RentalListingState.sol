// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The part of a rental listing that a booking checks and changes, packed in one word
/// so a booking reads and writes it with one SLOAD and one SSTORE.
/// Layout (low to high bits): dailyRate 96 | deposit 96 | minDays 16 | maxDays 16 |
/// rentalCount 24 | status 8. `status` holds an IRentalEscrow.ListingStatus.
type RentalListingState is uint256;

using RentalListingStateLib for RentalListingState global;

/// @title RentalListingStateLib
/// @notice Getters and constructors for the packed {RentalListingState} word.
library RentalListingStateLib {
    uint256 private constant _MASK_96 = (1 << 96) - 1;
    uint256 private constant _MASK_16 = (1 << 16) - 1;
    uint256 private constant _MASK_24 = (1 << 24) - 1;
    uint256 private constant _COUNT_SHIFT = 224;
    uint256 private constant _STATUS_SHIFT = 248;

    /// @notice Pack the fields into one word. Widths are enforced by the parameter types.
    function pack(
        uint96 dailyRate_,
        uint96 deposit_,
        uint16 minDays_,
        uint16 maxDays_,
        uint24 rentalCount_,
        uint8 status_
    ) internal pure returns (RentalListingState) {
        return RentalListingState.wrap(
            uint256(dailyRate_) | (uint256(deposit_) << 96) | (uint256(minDays_) << 192)
                | (uint256(maxDays_) << 208) | (uint256(rentalCount_) << _COUNT_SHIFT)
                | (uint256(status_) << _STATUS_SHIFT)
        );
    }

    /// @notice The same word with another rental count.
    function withRentalCount(RentalListingState s, uint24 count) internal pure returns (RentalListingState) {
        uint256 cleared = RentalListingState.unwrap(s) & ~(_MASK_24 << _COUNT_SHIFT);
        return RentalListingState.wrap(cleared | (uint256(count) << _COUNT_SHIFT));
    }

    /// @notice The same word with another status.
    function withStatus(RentalListingState s, uint8 status_) internal pure returns (RentalListingState) {
        uint256 cleared = RentalListingState.unwrap(s) & ~(uint256(0xff) << _STATUS_SHIFT);
        return RentalListingState.wrap(cleared | (uint256(status_) << _STATUS_SHIFT));
    }

    function dailyRate(RentalListingState s) internal pure returns (uint96) {
        return uint96(RentalListingState.unwrap(s) & _MASK_96);
    }

    function deposit(RentalListingState s) internal pure returns (uint96) {
        return uint96((RentalListingState.unwrap(s) >> 96) & _MASK_96);
    }

    function minDays(RentalListingState s) internal pure returns (uint16) {
        return uint16((RentalListingState.unwrap(s) >> 192) & _MASK_16);
    }

    function maxDays(RentalListingState s) internal pure returns (uint16) {
        return uint16((RentalListingState.unwrap(s) >> 208) & _MASK_16);
    }

    function rentalCount(RentalListingState s) internal pure returns (uint24) {
        return uint24((RentalListingState.unwrap(s) >> _COUNT_SHIFT) & _MASK_24);
    }

    function status(RentalListingState s) internal pure returns (uint8) {
        return uint8(RentalListingState.unwrap(s) >> _STATUS_SHIFT);
    }
}
