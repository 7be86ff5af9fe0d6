// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRentalEscrow} from "../interfaces/IRentalEscrow.sol";
import {IDealRecorder} from "../interfaces/IDealRecorder.sol";
import {Rental, RentalStatus} from "../types/Rental.sol";
import {RentalListingState} from "../types/RentalListingState.sol";
import {Payments} from "../libraries/Payments.sol";
import {DealRecording} from "../libraries/DealRecording.sol";
import {PlatformAdmin} from "../platform/PlatformAdmin.sol";
import {PlatformArbitration} from "../platform/PlatformArbitration.sol";

/// @title RentalEscrowBase
/// @notice Storage layout and the shared internals (commitment checks, rent crediting, deal
/// recording) of the RentalEscrow. The platform admin (fee, fee recipient, arbiter, dispute
/// timeout, pause) and the pull-payment ledger are {PlatformArbitration}'s (contracts/platform/).
/// @dev Storage is laid out for the booking hot path (docs/rentals.md, "Gas"): a booking reads
/// the config slot and the listing's three slots, writes the listing's state slot and writes
/// the listing's rental commitment. That commitment slot is never cleared, only set back to
/// {_IDLE}, so every booking after the first updates a non-zero slot instead of creating one.
abstract contract RentalEscrowBase is IRentalEscrow, PlatformArbitration {
    /// @notice Shortest handover or inspection window a listing may set.
    uint32 public constant MIN_WINDOW = 1 hours;
    /// @notice Longest handover window, inspection window or grace period a listing may set.
    uint32 public constant MAX_WINDOW = 180 days;
    /// @notice Longest rental a listing may allow.
    uint16 public constant MAX_RENTAL_DAYS = 3650;
    /// @notice How long the renter has to accept or dispute a damage claim; silence accepts it.
    uint32 public constant CLAIM_RESPONSE_WINDOW = 3 days;

    /// @dev Marks a listing's commitment slot as free after a rental. Non-zero on purpose (see
    /// the contract's notes on storage). No keccak256 output is 0 or 1 in practice, so neither
    /// value can match a rental's hash.
    bytes32 internal constant _IDLE = bytes32(uint256(1));

    /// @dev Listing slot 2: who lends and the windows copied into each booking. The windows fit
    /// 24 bits because _checkTerms caps them at MAX_WINDOW < 2^24 seconds.
    struct ListingCore {
        address lender;
        uint16 feeBps;
        uint24 gracePeriod;
        uint24 handoverWindow;
        uint24 inspectionWindow;
    }

    /// @dev Listing slot 3: payment token (address(0) for ETH) and late fee.
    struct ListingPayment {
        address token;
        uint96 lateFeePerDay;
    }

    uint256 private _nextListingId = 1;

    /// @dev Listing slot 1: rate, deposit, day limits, rental count and status, packed
    /// (types/RentalListingState.sol).
    mapping(uint256 listingId => RentalListingState) private _states;
    /// @dev Internal, not private: a setter taking the struct costs createListing 20 gas and
    /// 25 bytes (docs/platform.md, "Storage visibility"). Reads go through {_core}.
    mapping(uint256 listingId => ListingCore) internal _cores;
    mapping(uint256 listingId => ListingPayment) private _payments;
    /// @dev keccak256(abi.encode(rental)) of the listing's open rental; 0 before the first
    /// booking, {_IDLE} between rentals.
    /// Internal, not private: accessors cost a booking 15 gas and 20 bytes (docs/platform.md,
    /// "Storage visibility"). The views go through {_rentalHash} and {_isRented}.
    mapping(uint256 listingId => bytes32) internal _rentals;

    constructor(address owner_, address feeRecipient_, address arbiter_, uint16 feeBps_, uint32 disputeTimeout_)
        PlatformAdmin(owner_, feeRecipient_, feeBps_)
        PlatformArbitration(arbiter_, disputeTimeout_)
    {}

    // ------------------------------------------------------------------ storage accessors
    // The storage above is private; the listing, booking and deposit parts reach it only
    // through these (docs/platform.md, "Storage visibility"). They are inlined, so they cost
    // no gas.

    /// @dev Take the next listing id.
    function _useListingId() internal returns (uint256 listingId) {
        listingId = _nextListingId++;
    }

    function _state(uint256 listingId) internal view returns (RentalListingState) {
        return _states[listingId];
    }

    function _setState(uint256 listingId, RentalListingState s) internal {
        _states[listingId] = s;
    }

    function _core(uint256 listingId) internal view returns (ListingCore storage) {
        return _cores[listingId];
    }

    function _payment(uint256 listingId) internal view returns (ListingPayment storage) {
        return _payments[listingId];
    }

    function _setPayment(uint256 listingId, ListingPayment memory payment) internal {
        _payments[listingId] = payment;
    }

    /// @dev Whether the listing has an open rental (its slot holds a hash, not 0 or {_IDLE}).
    function _isRented(uint256 listingId) internal view returns (bool) {
        return uint256(_rentals[listingId]) > uint256(_IDLE);
    }

    /// @dev The listing's rental slot: 0 before the first booking, {_IDLE} between rentals,
    /// else the open rental's hash.
    function _rentalHash(uint256 listingId) internal view returns (bytes32) {
        return _rentals[listingId];
    }

    // ------------------------------------------------------------------ internals

    /// @dev The listing's terms commitment, rebuilt from its three storage words. Same bytes as
    /// abi.encode(RentalTerms{...}): every field is static and padded to a word, so the 24-bit
    /// windows encode exactly like the struct's uint32 fields. tests/contracts check it
    /// against hashTerms().
    function _termsHash(RentalListingState s, ListingCore memory core, ListingPayment memory payment)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(
            abi.encode(
                payment.token,
                s.dailyRate(),
                s.deposit(),
                payment.lateFeePerDay,
                s.minDays(),
                s.maxDays(),
                core.gracePeriod,
                core.handoverWindow,
                core.inspectionWindow
            )
        );
    }

    /// @dev Check the calldata struct against its listing's commitment and copy it to memory.
    /// The stored value is a hash, 0 or {_IDLE}; only a hash can equal keccak256 of a struct.
    function _load(Rental calldata rental) internal view returns (Rental memory r) {
        r = rental;
        if (_rentals[r.id >> 32] != keccak256(abi.encode(r))) revert RentalEscrowUnknownRental(r.id);
    }

    /// @dev Commit the rental's new state.
    function _store(Rental memory r) internal {
        _rentals[r.id >> 32] = keccak256(abi.encode(r));
    }

    /// @dev End the rental: free its listing for the next booking (see {_IDLE}).
    function _close(Rental memory r) internal {
        _rentals[r.id >> 32] = _IDLE;
    }

    function _requireStatus(Rental memory r, RentalStatus status) internal pure {
        if (r.status != status) revert RentalEscrowInvalidStatus(r.id, r.status);
    }

    /// @dev Split the rent of days `fromDays` to `toDays` into lender net and platform fee.
    /// The fee is the difference of the fees on the running totals, so however the rent is
    /// paid out, the lender's total fee is exactly feeOf(total rent).
    function _rentSplit(Rental memory r, uint256 fromDays, uint256 toDays)
        internal
        pure
        returns (uint256 net, uint256 fee)
    {
        uint256 gross = (toDays - fromDays) * r.dailyRate;
        fee = Payments.feeOf(toDays * r.dailyRate, r.feeBps) - Payments.feeOf(fromDays * r.dailyRate, r.feeBps);
        net = gross - fee;
    }

    /// @dev Credit `lenderAmount` to the lender and `fee` to the platform.
    function _creditLender(Rental memory r, uint256 lenderAmount, uint256 fee) internal {
        if (lenderAmount != 0) _owedLedger()[r.lender][r.token] += lenderAmount;
        if (fee != 0) _feeLedger()[r.token] += fee;
    }

    /// @dev The renter is paid directly when it is the caller (it can only block itself), and
    /// through its pull balance otherwise.
    function _payRenter(Rental memory r, uint256 amount) internal {
        if (amount == 0) return;
        if (msg.sender == r.renter) Payments.push(r.token, r.renter, amount);
        else _owedLedger()[r.renter][r.token] += amount;
    }

    /// @dev Report a finished rental to the Reputation contract, if one is set: it makes the
    /// renter and the lender eligible to review each other (docs/rentals.md, "Reputation").
    /// `damages` is what the lender kept of the deposit. A failing recorder never blocks money;
    /// DealRecording reserves its gas budget so that wallet gas estimates include it.
    function _recordRental(Rental memory r, uint256 damages) internal {
        uint256 rentTotal = uint256(r.paidDays) * r.dailyRate;
        DealRecording.recordDeal(
            _dealRecorder(),
            IDealRecorder.DealKind.Rental,
            r.id,
            r.renter,
            r.lender,
            r.token,
            rentTotal + r.lateFee + damages,
            Payments.feeOf(rentTotal, r.feeBps)
        );
    }

    function _recordFact(IDealRecorder.Fact fact, uint256 rentalId, address party, uint256 amount) internal {
        DealRecording.recordFact(_dealRecorder(), fact, rentalId, party, amount);
    }
}
