// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {InstallmentPlansBase} from "./installments/InstallmentPlansBase.sol";
import {InstallmentPlansExits} from "./installments/InstallmentPlansExits.sol";
import {IInstallmentPlans} from "./interfaces/IInstallmentPlans.sol";
import {PlanOffer, PlanTerms} from "./types/Plan.sol";

/// @title InstallmentPlans
/// @notice Bazaar's smart EMI: installment plans on a seller's listing or signed offer, with
/// a fixed schedule, keeper collection, late fees, default, early payoff and cancellation.
/// @dev The parts, one concern each (docs/installments.md): storage, caps, admin and the
/// ledger in InstallmentPlansBase; views and time-dependent arithmetic in
/// InstallmentPlansViews; listings and plan start in InstallmentPlansListings; payments in
/// InstallmentPlansPayments; default, cancellation and proceeds in InstallmentPlansExits.
/// This file adds EIP-712 signed plan offers.
contract InstallmentPlans is InstallmentPlansExits, EIP712 {
    /// @dev EIP-712 type hash of {PlanTerms}.
    bytes32 internal constant _TERMS_TYPEHASH = keccak256(
        "PlanTerms(address token,uint96 price,uint16 downPaymentBps,uint8 installments,uint32 interval,"
        "uint16 financingFeeBps,uint32 gracePeriod,uint16 lateFeeBps,uint16 forfeitBps,uint8 mode)"
    );

    /// @dev EIP-712 type hash of {PlanOffer} (the referenced PlanTerms type appended, as
    /// EIP-712 requires). Not exposed: {hashOffer} gives the digest to check a signer against.
    bytes32 internal constant _OFFER_TYPEHASH = keccak256(
        "PlanOffer(address seller,address buyer,uint256 listingId,PlanTerms terms,uint40 expiry,uint256 nonce,"
        "bytes32 metadataHash)"
        "PlanTerms(address token,uint96 price,uint16 downPaymentBps,uint8 installments,uint32 interval,"
        "uint16 financingFeeBps,uint32 gracePeriod,uint16 lateFeeBps,uint16 forfeitBps,uint8 mode)"
    );

    constructor(address owner_, address feeRecipient_, uint16 feeBps_)
        InstallmentPlansBase(owner_, feeRecipient_, feeBps_)
        EIP712("Bazaar InstallmentPlans", "1")
    {}

    /// @inheritdoc IInstallmentPlans
    function acceptOffer(PlanOffer calldata offer, bytes calldata signature, bytes32 shippingRef)
        external
        payable
        nonReentrant
        returns (uint256 planId)
    {
        uint256 down;
        (planId, down) = _acceptOffer(offer, signature, shippingRef);
        _pullFromCaller(offer.terms.token, down);
    }

    /// @inheritdoc IInstallmentPlans
    function acceptOfferWithPermit(
        PlanOffer calldata offer,
        bytes calldata signature,
        bytes32 shippingRef,
        uint256 permitValue,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 planId) {
        uint256 down;
        (planId, down) = _acceptOffer(offer, signature, shippingRef);
        _permit(offer.terms.token, permitValue, deadline, v, r, s);
        _pullFromCaller(offer.terms.token, down);
    }

    /// @inheritdoc IInstallmentPlans
    function cancelNonces(uint256[] calldata nonces) external {
        for (uint256 i; i < nonces.length; ++i) {
            _useNonce(msg.sender, nonces[i]);
            emit NonceCancelled(msg.sender, nonces[i]);
        }
    }

    /// @inheritdoc IInstallmentPlans
    function hashOffer(PlanOffer calldata offer) external view returns (bytes32) {
        return _hashTypedDataV4(_offerStructHash(offer));
    }

    /// @dev Checks and effects of accepting an offer; returns the down payment to collect.
    function _acceptOffer(PlanOffer calldata offer, bytes calldata signature, bytes32 shippingRef)
        private
        returns (uint256 planId, uint256 down)
    {
        (uint16 platformFee,, uint64 planCount) = _requireNotPaused();
        // The buyer's window is [signing, expiry): at the expiry second it is closed.
        if (block.timestamp >= offer.expiry) revert InstallmentPlansTooLate(block.timestamp, offer.expiry);
        if (offer.buyer != address(0) && offer.buyer != msg.sender) {
            revert InstallmentPlansOfferNotForCaller(offer.buyer, msg.sender);
        }
        PlanTerms memory terms = offer.terms;
        _checkTerms(terms);
        bytes32 digest = _hashTypedDataV4(_offerStructHash(offer));
        if (!SignatureChecker.isValidSignatureNow(offer.seller, digest, signature)) {
            revert InstallmentPlansInvalidSignature(offer.seller);
        }
        _useNonce(offer.seller, offer.nonce);
        if (offer.listingId != 0) {
            Listing memory listing = _takeListingUnit(offer.listingId);
            if (listing.seller != offer.seller) revert InstallmentPlansNotSeller(offer.seller, listing.seller);
        }
        (planId, down) =
            _open(planCount, offer.seller, terms, platformFee, offer.listingId, digest, offer.metadataHash, shippingRef);
    }

    function _offerStructHash(PlanOffer calldata offer) private pure returns (bytes32) {
        return keccak256(
            abi.encode(
                _OFFER_TYPEHASH,
                offer.seller,
                offer.buyer,
                offer.listingId,
                keccak256(abi.encode(_TERMS_TYPEHASH, offer.terms)),
                offer.expiry,
                offer.nonce,
                offer.metadataHash
            )
        );
    }
}
