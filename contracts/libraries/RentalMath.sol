// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title RentalMath
/// @notice The rental's money rules as pure functions: what an early or late return costs,
/// and when the item counts as lost. docs/rentals.md states the same rules in words.
library RentalMath {
    /// @notice How long past the end (after the grace period) before anyone may settle a rental
    /// that was never returned, giving the lender all rent and the deposit.
    uint256 internal constant MAX_LATE_PERIOD = 30 days;

    /// @notice When a rental that started at `startedAt` for `rentalDays` days ends.
    function endOf(uint256 startedAt, uint256 rentalDays) internal pure returns (uint256) {
        return startedAt + rentalDays * 1 days;
    }

    /// @notice Days of rent the lender earns for a return at `at`: every day that has begun,
    /// but never fewer than `minDays`. The rest (the unused whole days) goes back to the renter.
    function lenderDays(uint256 startedAt, uint256 rentalDays, uint256 minDays, uint256 at)
        internal
        pure
        returns (uint256)
    {
        uint256 end = endOf(startedAt, rentalDays);
        if (at >= end) return rentalDays;
        // at < end, and end - at <= rentalDays days since at >= startedAt: unused <= rentalDays.
        uint256 unused = (end - at) / 1 days;
        uint256 used = rentalDays - unused;
        return used < minDays ? minDays : used;
    }

    /// @notice Late fee for a return at `at`: nothing within the grace period, otherwise
    /// `lateFeePerDay` for each started day past the end, capped at the deposit.
    function lateFee(uint256 end, uint256 gracePeriod, uint256 lateFeePerDay, uint256 deposit, uint256 at)
        internal
        pure
        returns (uint256)
    {
        if (at <= end || at < end + gracePeriod) return 0;
        uint256 lateDays = (at - end + 1 days - 1) / 1 days;
        uint256 fee = lateDays * lateFeePerDay;
        return fee < deposit ? fee : deposit;
    }

    /// @notice From when a rental that is still out counts as lost.
    function lostAt(uint256 end, uint256 gracePeriod) internal pure returns (uint256) {
        return end + gracePeriod + MAX_LATE_PERIOD;
    }
}
