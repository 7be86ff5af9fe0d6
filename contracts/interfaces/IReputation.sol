// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDealRecorder} from "./IDealRecorder.sol";
import {Deal, Review} from "../types/Deal.sol";

/// @title IReputation
/// @notice Verified reviews. Registered deal sources (Marketplace, RentalEscrow,
/// InstallmentPlans) record completed deals; each side of a deal may then post one review of
/// the other, revise it once inside the edit window, answer the review about itself once,
/// and report the other side once. A review earns its author review credits: a published
/// share of the platform fee the deal paid, so credits never exceed fees (docs/reviews.md).
/// Scores are not computed on chain: every event carries what the indexer needs.
interface IReputation is IDealRecorder {
    /// @notice Why a party reports the other as fraudulent.
    enum ReportReason {
        NotDelivered, //   paid, never received
        NotAsDescribed, // received something materially different
        Counterfeit, //    a fake of a branded good
        Impersonation, //  posing as another seller or brand
        FalseDispute, //   a buyer's dispute or claim made in bad faith
        Abuse, //          threats, harassment, extortion for a review
        Other
    }

    // ------------------------------------------------------------------ errors

    /// @notice Thrown when a caller that is not a registered deal source records a deal or fact.
    error ReputationNotDealSource(address caller);
    /// @notice Thrown when a source records a deal id it already recorded.
    error ReputationDealExists(address source, uint256 dealId);
    /// @notice Thrown when a source records a deal whose buyer is its seller.
    error ReputationSelfDeal(address account);
    /// @notice Thrown when the deal passed does not match a recorded deal's commitment.
    error ReputationUnknownDeal(address source, uint256 dealId);
    /// @notice Thrown when the caller is neither buyer nor seller of the deal.
    error ReputationNotParty(address caller);
    /// @notice Thrown when the overall rating is outside 1-5 or a sub-rating outside 0-5.
    error ReputationInvalidRating(uint256 rating);
    /// @notice Thrown when `author` already reviewed this deal.
    error ReputationAlreadyReviewed(address source, uint256 dealId, address author);
    /// @notice Thrown when there is no review by `author` to revise or answer.
    error ReputationNoReview(address source, uint256 dealId, address author);
    /// @notice Thrown when `author` already used its one revision of the review.
    error ReputationAlreadyEdited(address source, uint256 dealId, address author);
    /// @notice Thrown when a review is revised after its edit window closed.
    error ReputationEditWindowClosed(uint256 nowTimestamp, uint256 closedAt);
    /// @notice Thrown when the review by `author` was already answered.
    error ReputationAlreadyAnswered(address source, uint256 dealId, address author);
    /// @notice Thrown when `reporter` already reported the other side of this deal.
    error ReputationAlreadyReported(address source, uint256 dealId, address reporter);
    /// @notice Thrown when an address parameter must not be zero.
    error ReputationZeroAddress();
    /// @notice Thrown when a credits contract is registered for a token it is not
    /// denominated in, or that this contract cannot mint.
    error ReputationCreditsMismatch(address credits, address token, address underlying, address minter);

    // ------------------------------------------------------------------ events

    /// @notice Emitted when the owner registers or removes a deal source.
    event DealSourceUpdated(address indexed source, bool registered);

    /// @notice Emitted when the owner sets (or, with address(0), removes) the credits
    /// contract minted for reviews of deals paid in `token`.
    event CreditsUpdated(address indexed token, address credits);

    /// @notice Emitted when a source records a completed deal; the deal becomes reviewable.
    /// Carries every field of the {Deal} (the review fields start at zero).
    /// @param source The recording contract.
    /// @param dealId The source's id for the deal.
    /// @param buyer The buyer, renter or borrower.
    /// @param seller The seller or lender.
    /// @param kind Purchase, rental or installment plan.
    /// @param token Payment token, address(0) for ETH.
    /// @param value What the seller received, before the platform fee.
    /// @param fee The platform fee the deal paid.
    event DealRecorded(
        address indexed source,
        uint256 indexed dealId,
        address indexed buyer,
        address seller,
        IDealRecorder.DealKind kind,
        address token,
        uint256 value,
        uint256 fee
    );

    /// @notice Emitted when a source records a negative fact about a party.
    /// @param source The recording contract.
    /// @param dealId The source's id for the deal the fact arose in.
    /// @param party Who lost the dispute or defaulted.
    /// @param fact What happened.
    /// @param amount The amount at stake (disputed order amount, defaulted balance).
    event FactRecorded(
        address indexed source, uint256 indexed dealId, address indexed party, IDealRecorder.Fact fact, uint256 amount
    );

    /// @notice Emitted when a party posts its review of the other side. The review's time
    /// (the deal's `buyerReviewedAt` or `sellerReviewedAt`) is the block timestamp.
    /// @param source The deal's source.
    /// @param dealId The deal's id at its source.
    /// @param author The reviewer: the deal's buyer (reviewing the seller) or its seller.
    /// @param review Ratings and the hash of the review text.
    /// @param credits Review credits minted to the author (0 when none).
    event ReviewPosted(
        address indexed source, uint256 indexed dealId, address indexed author, Review review, uint256 credits
    );

    /// @notice Emitted when an author revises its review (once, inside the edit window).
    /// The revised review replaces the original; credits are not minted again.
    event ReviewEdited(address indexed source, uint256 indexed dealId, address indexed author, Review review);

    /// @notice Emitted when a party answers the review the other side wrote about it.
    /// @param author Who answers: the seller answering the buyer's review, or the buyer
    /// answering the seller's.
    /// @param responseHash Hash of the response text (stored off chain).
    event ResponsePosted(address indexed source, uint256 indexed dealId, address indexed author, bytes32 responseHash);

    /// @notice Emitted when a party reports the other side of a deal as fraudulent.
    /// @param reporter The reporting party.
    /// @param accused The other party of the deal.
    /// @param reason Reason code.
    /// @param evidenceHash Hash of the evidence bundle (stored off chain).
    event ReportFiled(
        address indexed source,
        uint256 indexed dealId,
        address indexed reporter,
        address accused,
        ReportReason reason,
        bytes32 evidenceHash
    );

    // ------------------------------------------------------------------ reviews

    /// @notice Post the caller's review of the other side of `deal` (buyer or seller only,
    /// once per side) and mint the author its review credits, {creditsFor}(`deal.fee`), in
    /// the credits contract of `deal.token` if there is one.
    /// @param deal The deal as recorded, with its current review state.
    /// @param review Overall rating 1-5, sub-ratings 0-5, text hash.
    /// @return credits Credits minted to the caller.
    function postReview(Deal calldata deal, Review calldata review) external returns (uint256 credits);

    /// @notice Revise the caller's review once, within {EDIT_WINDOW} of posting it.
    function editReview(Deal calldata deal, Review calldata review) external;

    /// @notice Answer, once, the review the other side of `deal` wrote about the caller.
    function postResponse(Deal calldata deal, bytes32 responseHash) external;

    /// @notice Report the other side of `deal` as fraudulent, once per reporting party.
    function report(Deal calldata deal, ReportReason reason, bytes32 evidenceHash) external;

    // ------------------------------------------------------------------ admin

    /// @notice Allow or forbid `source` to record deals and facts (owner only). Deals it
    /// recorded before being removed stay reviewable.
    function setDealSource(address source, bool registered) external;

    /// @notice Set the credits contract minted for reviews of deals paid in `token`
    /// (owner only). It must be denominated in `token` and mintable by this contract;
    /// address(0) stops minting for `token`.
    function setCredits(address token, address credits) external;

    // ------------------------------------------------------------------ views

    /// @notice Seconds after posting during which an author may revise its review once.
    function EDIT_WINDOW() external view returns (uint32);

    /// @notice Share of a deal's fee, in basis points, minted as credits for each review.
    function CREDIT_SHARE_BPS() external view returns (uint16);

    /// @notice The credits a review of a deal that paid `fee` earns: `fee * CREDIT_SHARE_BPS
    /// / 10_000`, rounded down. Both reviews of one deal together earn at most half its fee.
    function creditsFor(uint256 fee) external pure returns (uint256);

    /// @notice The credits contract for reviews of deals paid in `token`, address(0) if none.
    function creditsOf(address token) external view returns (address);

    /// @notice Whether `source` may record deals and facts.
    function isDealSource(address source) external view returns (bool);

    /// @notice The stored commitment of deal `dealId` of `source` (zero if not recorded).
    function dealHash(address source, uint256 dealId) external view returns (bytes32);

    /// @notice The commitment a deal struct hashes to.
    function hashDeal(Deal calldata deal) external pure returns (bytes32);
}
