// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

import {InstallmentPlansViews} from "./InstallmentPlansViews.sol";
import {IInstallmentPlans} from "../interfaces/IInstallmentPlans.sol";
import {PlanState, PlanStateLib, PlanStatus, PlanTerms} from "../types/Plan.sol";
import {Schedule} from "../libraries/Schedule.sol";

/// @title InstallmentPlansListings
/// @notice On-chain EMI listings and the start of a plan: the schedule is fixed and the
/// down payment collected.
abstract contract InstallmentPlansListings is InstallmentPlansViews {
    // ------------------------------------------------------------------ listings

    /// @inheritdoc IInstallmentPlans
    function createListing(PlanTerms calldata terms, uint32 stock, bytes32 metadataHash)
        external
        returns (uint256 listingId)
    {
        (uint16 feeBps_,,) = _requireNotPaused();
        _checkTerms(terms);
        listingId = _useListingId();
        _setListing(
            listingId, Listing({seller: msg.sender, stock: stock, status: ListingStatus.Active, feeBps: feeBps_})
        );
        _setTerms(listingId, terms);
        emit PlanListingCreated(listingId, msg.sender, terms.token, terms, stock, feeBps_, metadataHash);
    }

    /// @inheritdoc IInstallmentPlans
    function updateListing(uint256 listingId, uint32 stock, bytes32 metadataHash) external {
        _openListingOf(listingId, msg.sender);
        _listing(listingId).stock = stock;
        emit PlanListingUpdated(listingId, stock, metadataHash);
    }

    /// @inheritdoc IInstallmentPlans
    function closeListing(uint256 listingId) external {
        _openListingOf(listingId, msg.sender);
        _listing(listingId).status = ListingStatus.Closed;
        emit PlanListingClosed(listingId);
    }

    // ------------------------------------------------------------------ start

    /// @inheritdoc IInstallmentPlans
    function startPlan(uint256 listingId, bytes32 shippingRef)
        external
        payable
        nonReentrant
        returns (uint256 planId)
    {
        PlanTerms memory terms;
        uint256 down;
        (planId, terms, down) = _startFromListing(listingId, shippingRef);
        _pullFromCaller(terms.token, down);
    }

    /// @inheritdoc IInstallmentPlans
    function startPlanWithPermit(
        uint256 listingId,
        bytes32 shippingRef,
        uint256 permitValue,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 planId) {
        PlanTerms memory terms;
        uint256 down;
        (planId, terms, down) = _startFromListing(listingId, shippingRef);
        _permit(terms.token, permitValue, deadline, v, r, s);
        _pullFromCaller(terms.token, down);
    }

    /// @dev Effects of starting a plan from a listing: one unit of stock, then the plan.
    function _startFromListing(uint256 listingId, bytes32 shippingRef)
        private
        returns (uint256 planId, PlanTerms memory terms, uint256 down)
    {
        (,, uint64 planCount) = _requireNotPaused();
        Listing memory listing = _takeListingUnit(listingId);
        terms = _termsOf(listingId);
        (planId, down) = _open(planCount, listing.seller, terms, listing.feeBps, listingId, 0, 0, shippingRef);
    }

    /// @dev Take one unit of a listing's stock; reverts unless the listing is active and stocked.
    function _takeListingUnit(uint256 listingId) internal returns (Listing memory listing) {
        listing = _listing(listingId);
        if (listing.status == ListingStatus.None) revert InstallmentPlansUnknownListing(listingId);
        if (listing.status == ListingStatus.Closed) revert InstallmentPlansListingClosed(listingId);
        if (listing.stock == 0) revert InstallmentPlansOutOfStock(listingId);
        // stock - 1 cannot underflow: checked just above.
        _listing(listingId).stock = listing.stock - 1;
    }

    /// @dev Fix the schedule and store a new plan for the caller. `terms` must have passed
    /// _checkTerms (at listing creation, or just before for offers). Returns the down payment,
    /// which the caller then collects.
    function _open(
        uint64 planCount,
        address seller,
        PlanTerms memory terms,
        uint16 planFeeBps,
        uint256 listingId,
        bytes32 offerHash,
        bytes32 metadataHash,
        bytes32 shippingRef
    ) internal returns (uint256 planId, uint256 down) {
        if (msg.sender == seller) revert InstallmentPlansSelfDealing(seller);
        (uint256 d, uint256 financingFee, uint256 installment, uint256 dust) =
            Schedule.split(terms.price, terms.downPaymentBps, terms.financingFeeBps, terms.installments);
        down = d;
        // The plan counter is InstallmentPlans' 64 bits of the platform config slot.
        uint64 sequence = planCount + 1;
        _setConfigExtra(sequence);
        planId = (uint256(uint160(msg.sender)) << 96) | sequence;

        // The narrowing casts are safe: _checkTerms capped every amount at type(uint96).max,
        // interval and grace period at 180 and 90 days (< 2^24 s), and dust < installments <= 24.
        _plan(planId).core = PlanCore({token: terms.token, installment: uint96(installment)});
        _plan(planId).state = PlanStateLib.start(
            uint40(block.timestamp),
            uint24(terms.interval),
            uint24(terms.gracePeriod),
            terms.lateFeeBps,
            terms.installments,
            uint8(dust),
            PlanStatus.Active,
            terms.mode
        );
        _plan(planId).parties = PlanParties({seller: seller, downPayment: uint96(down)});
        _plan(planId).book = PlanBook({
            settled: 0,
            financingFee: uint96(financingFee),
            feeBps: planFeeBps,
            forfeitBps: terms.forfeitBps
        });
        emit PlanStarted(
            planId,
            seller,
            msg.sender,
            listingId,
            offerHash,
            terms,
            down,
            financingFee,
            installment,
            installment + dust,
            planFeeBps,
            metadataHash,
            shippingRef
        );
    }

    /// @dev Apply an EIP-2612 permit from the caller. Wrapped in try/catch: a front-run
    /// permit leaves the allowance in place, and a missing one makes the pull fail clearly.
    function _permit(address token, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) internal {
        if (token == address(0)) revert InstallmentPlansPermitForEth();
        try IERC20Permit(token).permit(msg.sender, address(this), value, deadline, v, r, s) {} catch {}
    }

    function _openListingOf(uint256 listingId, address caller) private view {
        Listing memory listing = _listing(listingId);
        if (listing.status == ListingStatus.None) revert InstallmentPlansUnknownListing(listingId);
        if (listing.seller != caller) revert InstallmentPlansNotSeller(caller, listing.seller);
        if (listing.status == ListingStatus.Closed) revert InstallmentPlansListingClosed(listingId);
    }
}
