// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Lifecycle of a Marketplace listing, held in bits 0-1 of {ListingState}'s flags.
enum ListingStatus {
    None,
    Active,
    Paused,
    Closed
}

/// @notice Everything a purchase reads or changes about a listing, packed in one word so a
/// direct purchase costs exactly one SLOAD and one SSTORE of listing storage.
/// Layout (low to high bits): price 96 | unsettled 96 | stock 32 | orderCount 24 | flags 8.
/// `flags` bits 0-1 hold the listing status, bit 2 escrow, bit 3 ERC-20 payment.
type ListingState is uint256;

using ListingStateLib for ListingState global;

/// @title ListingStateLib
/// @notice Getters and a constructor for the packed {ListingState} word.
library ListingStateLib {
    uint256 private constant _MASK_96 = (1 << 96) - 1;
    uint256 private constant _MASK_32 = (1 << 32) - 1;
    uint256 private constant _MASK_24 = (1 << 24) - 1;

    /// @notice Pack the fields into one word. Widths are enforced by the parameter types.
    function pack(uint96 price_, uint96 unsettled_, uint32 stock_, uint24 orderCount_, uint8 flags_)
        internal
        pure
        returns (ListingState)
    {
        return ListingState.wrap(
            uint256(price_) | (uint256(unsettled_) << 96) | (uint256(stock_) << 192) | (uint256(orderCount_) << 224)
                | (uint256(flags_) << 248)
        );
    }

    function price(ListingState s) internal pure returns (uint96) {
        return uint96(ListingState.unwrap(s) & _MASK_96);
    }

    function unsettled(ListingState s) internal pure returns (uint96) {
        return uint96((ListingState.unwrap(s) >> 96) & _MASK_96);
    }

    function stock(ListingState s) internal pure returns (uint32) {
        return uint32((ListingState.unwrap(s) >> 192) & _MASK_32);
    }

    function orderCount(ListingState s) internal pure returns (uint24) {
        return uint24((ListingState.unwrap(s) >> 224) & _MASK_24);
    }

    function flags(ListingState s) internal pure returns (uint8) {
        return uint8(ListingState.unwrap(s) >> 248);
    }
}
