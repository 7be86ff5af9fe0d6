// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RentalEscrowBase} from "./RentalEscrowBase.sol";
import {IRentalEscrow} from "../interfaces/IRentalEscrow.sol";
import {RentalListingStatus, RentalStatus, RentalTerms} from "../types/Rental.sol";
import {RentalListingState, RentalListingStateLib} from "../types/RentalListingState.sol";
import {Payments} from "../libraries/Payments.sol";

/// @title RentalEscrowListings
/// @notice Rental listings and bookings: a booking takes rent and deposit in one transaction
/// and commits the whole {Rental} as one hash.
abstract contract RentalEscrowListings is RentalEscrowBase {
    // ------------------------------------------------------------------ listings

    /// @inheritdoc IRentalEscrow
    function createListing(RentalTerms calldata terms, bytes32 metadataHash) external returns (uint256 listingId) {
        (uint16 feeBps_,,) = _requireNotPaused();
        _checkTerms(terms);
        listingId = _useListingId();
        _writeTerms(listingId, terms, 0, RentalListingStatus.Active);
        _cores[listingId] = ListingCore({
            lender: msg.sender,
            feeBps: feeBps_,
            // The windows fit 24 bits: _checkTerms caps them at MAX_WINDOW < 2^24 seconds.
            gracePeriod: uint24(terms.gracePeriod),
            handoverWindow: uint24(terms.handoverWindow),
            inspectionWindow: uint24(terms.inspectionWindow)
        });
        emit RentalListingCreated(listingId, msg.sender, terms.token, terms, feeBps_, metadataHash);
    }

    /// @inheritdoc IRentalEscrow
    function updateListing(uint256 listingId, RentalTerms calldata terms, bytes32 metadataHash) external {
        _checkTerms(terms);
        (RentalListingState s, ListingCore memory core) = _ownListingOf(listingId, msg.sender);
        if (uint256(_rentals[listingId]) > uint256(_IDLE)) revert RentalEscrowListingRented(listingId);
        _writeTerms(listingId, terms, s.rentalCount(), RentalListingStatus(s.status()));
        // The windows fit 24 bits: _checkTerms caps them at MAX_WINDOW < 2^24 seconds.
        core.gracePeriod = uint24(terms.gracePeriod);
        core.handoverWindow = uint24(terms.handoverWindow);
        core.inspectionWindow = uint24(terms.inspectionWindow);
        _cores[listingId] = core;
        emit RentalListingUpdated(listingId, terms, metadataHash);
    }

    /// @inheritdoc IRentalEscrow
    /// @dev Works while rented: the open rental carries its own copy of the terms and never
    /// reads the listing's status, and a lender must be able to stop bookings before declining
    /// one (otherwise a renter could re-book after every cancelBooking, forever).
    function setListingPaused(uint256 listingId, bool paused_) external {
        (RentalListingState s,) = _ownListingOf(listingId, msg.sender);
        RentalListingStatus status = paused_ ? RentalListingStatus.Paused : RentalListingStatus.Active;
        _setState(listingId, s.withStatus(uint8(status)));
        emit RentalListingStatusChanged(listingId, status);
    }

    /// @inheritdoc IRentalEscrow
    /// @dev Works while rented, like setListingPaused: the open rental runs to its end.
    function closeListing(uint256 listingId) external {
        (RentalListingState s,) = _ownListingOf(listingId, msg.sender);
        _setState(listingId, s.withStatus(uint8(RentalListingStatus.Closed)));
        emit RentalListingStatusChanged(listingId, RentalListingStatus.Closed);
    }

    // ------------------------------------------------------------------ booking

    /// @inheritdoc IRentalEscrow
    /// @dev An ETH booking makes no external call, so it only checks that no guarded call is
    /// in progress; an ERC-20 booking collects the tokens under the full reentrancy guard.
    function rent(uint256 listingId, uint16 rentalDays, bytes32 termsHash)
        external
        payable
        returns (uint256 rentalId)
    {
        if (_reentrancyGuardEntered()) revert ReentrancyGuardReentrantCall();
        address token;
        uint256 amount;
        (token, amount, rentalId) = _book(listingId, rentalDays, termsHash);
        if (token == address(0)) {
            if (msg.value != amount) revert Payments.PaymentsWrongValue(msg.value, amount);
        } else {
            _pullGuarded(token, amount);
        }
    }

    /// @inheritdoc IRentalEscrow
    function rentWithPermit(
        uint256 listingId,
        uint16 rentalDays,
        bytes32 termsHash,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 rentalId) {
        address token;
        uint256 amount;
        (token, amount, rentalId) = _book(listingId, rentalDays, termsHash);
        if (token == address(0)) revert RentalEscrowNotTokenListing(listingId);
        Payments.pullWithPermit(token, msg.sender, amount, deadline, v, r, s);
    }

    function _pullGuarded(address token, uint256 amount) private nonReentrant {
        Payments.pullExact(token, msg.sender, amount);
    }

    /// @dev Effects of a booking; the caller collects `amount` of `token` after. Reads the config
    /// slot and the listing's three slots, writes the listing's state slot and its commitment.
    /// The terms check comes right after the status check, so a renter whose terms were
    /// changed learns that, not a derived error such as DaysOutOfRange.
    function _book(uint256 listingId, uint16 rentalDays, bytes32 termsHash)
        private
        returns (address token, uint256 amount, uint256 rentalId)
    {
        _requireNotPaused();
        RentalListingState s = _state(listingId);
        RentalListingStatus status = RentalListingStatus(s.status());
        if (status != RentalListingStatus.Active) _revertInactive(listingId, status);
        ListingCore memory core = _core(listingId);
        ListingPayment memory payment = _payment(listingId);
        bytes32 actual = _termsHash(s, core, payment);
        if (actual != termsHash) revert RentalEscrowTermsChanged(listingId, termsHash, actual);
        if (rentalDays < s.minDays() || rentalDays > s.maxDays()) {
            revert RentalEscrowDaysOutOfRange(rentalDays, s.minDays(), s.maxDays());
        }
        if (uint256(_rentals[listingId]) > uint256(_IDLE)) revert RentalEscrowListingRented(listingId);
        if (core.lender == msg.sender) revert RentalEscrowLenderCannotRent(listingId, msg.sender);

        uint24 count = s.rentalCount() + 1;
        rentalId = (listingId << 32) | count;
        token = payment.token;
        uint256 rentAmount = uint256(s.dailyRate()) * rentalDays;
        amount = rentAmount + s.deposit();
        _setState(listingId, s.withRentalCount(count));
        // Same bytes as abi.encode(Rental{...}) (Rental is all static fields), without building
        // the struct in memory first. tests/contracts check it against hashRental().
        bytes32 rentalHash_ = keccak256(
            abi.encode(
                rentalId,
                core.lender,
                msg.sender, // renter
                token,
                s.dailyRate(),
                s.deposit(),
                payment.lateFeePerDay,
                core.feeBps,
                rentalDays,
                s.minDays(),
                core.gracePeriod,
                core.handoverWindow,
                core.inspectionWindow,
                uint40(block.timestamp), // bookedAt
                uint40(0), // startedAt
                uint40(0), // returnedAt
                uint16(0), // paidDays
                uint256(0), // lateFee
                uint256(0), // claim
                uint40(0), // claimedAt
                uint40(0), // disputedAt
                RentalStatus.Booked
            )
        );
        _rentals[listingId] = rentalHash_;
        emit RentalBooked(rentalId, listingId, msg.sender, rentalDays, rentAmount, s.deposit());
    }

    // ------------------------------------------------------------------ helpers

    function _writeTerms(uint256 listingId, RentalTerms calldata terms, uint24 count, RentalListingStatus status)
        private
    {
        _setState(listingId, RentalListingStateLib.pack(
            terms.dailyRate, terms.deposit, terms.minDays, terms.maxDays, count, uint8(status)
        ));
        _setPayment(listingId, ListingPayment({token: terms.token, lateFeePerDay: terms.lateFeePerDay}));
    }

    /// @dev The listing's state and core, for the lender's changes: it must exist, belong to
    /// `caller` and not be closed.
    function _ownListingOf(uint256 listingId, address caller)
        private
        view
        returns (RentalListingState s, ListingCore memory core)
    {
        core = _core(listingId);
        if (core.lender == address(0)) revert RentalEscrowUnknownListing(listingId);
        if (core.lender != caller) revert RentalEscrowNotLender(caller, core.lender);
        s = _state(listingId);
        if (s.status() == uint8(RentalListingStatus.Closed)) {
            revert RentalEscrowListingNotActive(listingId, RentalListingStatus.Closed);
        }
    }

    function _revertInactive(uint256 listingId, RentalListingStatus status) private pure {
        if (status == RentalListingStatus.None) revert RentalEscrowUnknownListing(listingId);
        revert RentalEscrowListingNotActive(listingId, status);
    }

    function _checkTerms(RentalTerms calldata terms) private pure {
        if (terms.dailyRate == 0) revert RentalEscrowZeroRate();
        if (terms.minDays == 0 || terms.minDays > terms.maxDays || terms.maxDays > MAX_RENTAL_DAYS) {
            revert RentalEscrowInvalidDayLimits(terms.minDays, terms.maxDays, MAX_RENTAL_DAYS);
        }
        if (terms.gracePeriod > MAX_WINDOW) revert RentalEscrowInvalidWindow(terms.gracePeriod, 0, MAX_WINDOW);
        _checkWindow(terms.handoverWindow);
        _checkWindow(terms.inspectionWindow);
    }

    function _checkWindow(uint32 window) private pure {
        if (window < MIN_WINDOW || window > MAX_WINDOW) revert RentalEscrowInvalidWindow(window, MIN_WINDOW, MAX_WINDOW);
    }
}
