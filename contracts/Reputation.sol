// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

import {IDealRecorder} from "./interfaces/IDealRecorder.sol";
import {IReputation} from "./interfaces/IReputation.sol";
import {IReviewCredits} from "./interfaces/IReviewCredits.sol";
import {Deal, DealFlags, Review} from "./types/Deal.sol";

/// @title Reputation
/// @notice Completed deals from registered sources, verified reviews of both sides, public
/// responses, fraud reports and negative facts, and review credits for review authors.
/// @dev One storage slot per deal: the hash of its {Deal} struct, which includes the review
/// state. Every action takes the struct back, checks it against the slot and writes the
/// updated hash, so posting a review rewrites one warm-after-read slot. Nothing loops over
/// reviews; scores are the indexer's job (docs/reviews.md).
contract Reputation is IReputation, Ownable2Step {
    /// @inheritdoc IReputation
    uint32 public constant EDIT_WINDOW = 7 days;
    /// @inheritdoc IReputation
    uint16 public constant CREDIT_SHARE_BPS = 2_500;

    mapping(address source => bool) private _sources;
    mapping(address token => address) private _credits;
    mapping(address source => mapping(uint256 dealId => bytes32)) private _deals;

    constructor(address owner_) Ownable(owner_) {}

    // ------------------------------------------------------------------ deal sources

    /// @inheritdoc IDealRecorder
    /// @dev Reverts for unregistered callers, self-deals and repeated ids; sources call this
    /// inside try/catch, so a revert only means no reviewable deal.
    function recordDeal(
        DealKind kind,
        uint256 dealId,
        address buyer,
        address seller,
        address token,
        uint256 value,
        uint256 fee
    ) external {
        if (!_sources[msg.sender]) revert ReputationNotDealSource(msg.sender);
        if (buyer == seller) revert ReputationSelfDeal(buyer);
        if (_deals[msg.sender][dealId] != bytes32(0)) revert ReputationDealExists(msg.sender, dealId);
        _deals[msg.sender][dealId] = keccak256(
            abi.encode(
                Deal({
                    source: msg.sender,
                    id: dealId,
                    kind: kind,
                    buyer: buyer,
                    seller: seller,
                    token: token,
                    value: value,
                    fee: fee,
                    buyerReviewedAt: 0,
                    sellerReviewedAt: 0,
                    flags: 0
                })
            )
        );
        emit DealRecorded(msg.sender, dealId, buyer, seller, kind, token, value, fee);
    }

    /// @inheritdoc IDealRecorder
    /// @dev Facts are events only: the indexer counts them, nothing reads them on chain.
    function recordFact(Fact fact, uint256 dealId, address party, uint256 amount) external {
        if (!_sources[msg.sender]) revert ReputationNotDealSource(msg.sender);
        emit FactRecorded(msg.sender, dealId, party, fact, amount);
    }

    // ------------------------------------------------------------------ reviews

    /// @inheritdoc IReputation
    function postReview(Deal calldata deal, Review calldata review) external returns (uint256 credits) {
        Deal memory d = _load(deal);
        bool byBuyer = _sideOf(d);
        _checkRatings(review);
        if ((byBuyer ? d.buyerReviewedAt : d.sellerReviewedAt) != 0) {
            revert ReputationAlreadyReviewed(d.source, d.id, msg.sender);
        }
        if (byBuyer) d.buyerReviewedAt = uint40(block.timestamp);
        else d.sellerReviewedAt = uint40(block.timestamp);
        _store(d);

        credits = creditsFor(d.fee);
        address creditsToken = credits == 0 ? address(0) : _credits[d.token];
        if (creditsToken == address(0)) credits = 0;
        emit ReviewPosted(d.source, d.id, msg.sender, review, credits);
        if (credits != 0) IReviewCredits(creditsToken).mint(msg.sender, credits);
    }

    /// @inheritdoc IReputation
    function editReview(Deal calldata deal, Review calldata review) external {
        Deal memory d = _load(deal);
        bool byBuyer = _sideOf(d);
        _checkRatings(review);
        uint256 postedAt = byBuyer ? d.buyerReviewedAt : d.sellerReviewedAt;
        if (postedAt == 0) revert ReputationNoReview(d.source, d.id, msg.sender);
        uint8 edited = DealFlags.bit(byBuyer, DealFlags.EDITED);
        if (d.flags & edited != 0) revert ReputationAlreadyEdited(d.source, d.id, msg.sender);
        uint256 closesAt = postedAt + EDIT_WINDOW;
        if (block.timestamp > closesAt) revert ReputationEditWindowClosed(block.timestamp, closesAt);
        d.flags |= edited;
        _store(d);
        emit ReviewEdited(d.source, d.id, msg.sender, review);
    }

    /// @inheritdoc IReputation
    /// @dev The caller answers the other side's review: the seller the buyer's, the buyer
    /// the seller's. Each review can be answered once.
    function postResponse(Deal calldata deal, bytes32 responseHash) external {
        Deal memory d = _load(deal);
        bool byBuyer = _sideOf(d);
        // The review answered is the one written by the other side.
        if ((byBuyer ? d.sellerReviewedAt : d.buyerReviewedAt) == 0) {
            revert ReputationNoReview(d.source, d.id, byBuyer ? d.seller : d.buyer);
        }
        uint8 answered = DealFlags.bit(!byBuyer, DealFlags.ANSWERED);
        if (d.flags & answered != 0) revert ReputationAlreadyAnswered(d.source, d.id, byBuyer ? d.seller : d.buyer);
        d.flags |= answered;
        _store(d);
        emit ResponsePosted(d.source, d.id, msg.sender, responseHash);
    }

    /// @inheritdoc IReputation
    function report(Deal calldata deal, ReportReason reason, bytes32 evidenceHash) external {
        Deal memory d = _load(deal);
        bool byBuyer = _sideOf(d);
        uint8 reported = DealFlags.bit(byBuyer, DealFlags.REPORTED);
        if (d.flags & reported != 0) revert ReputationAlreadyReported(d.source, d.id, msg.sender);
        d.flags |= reported;
        _store(d);
        emit ReportFiled(d.source, d.id, msg.sender, byBuyer ? d.seller : d.buyer, reason, evidenceHash);
    }

    // ------------------------------------------------------------------ admin

    /// @inheritdoc IReputation
    function setDealSource(address source, bool registered) external onlyOwner {
        if (source == address(0)) revert ReputationZeroAddress();
        _sources[source] = registered;
        emit DealSourceUpdated(source, registered);
    }

    /// @inheritdoc IReputation
    /// @dev Checking the credits contract's own `underlying` and `reputation` makes it
    /// impossible to mint credits of one token for fees paid in another, which is what keeps
    /// credits bounded by fees (docs/reviews.md, "Why wash trading loses money").
    function setCredits(address token, address credits) external onlyOwner {
        if (credits != address(0)) {
            address underlying = IReviewCredits(credits).underlying();
            address minter = IReviewCredits(credits).reputation();
            if (underlying != token || minter != address(this)) {
                revert ReputationCreditsMismatch(credits, token, underlying, minter);
            }
        }
        _credits[token] = credits;
        emit CreditsUpdated(token, credits);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IReputation
    function creditsFor(uint256 fee) public pure returns (uint256) {
        return fee * CREDIT_SHARE_BPS / 10_000;
    }

    /// @inheritdoc IReputation
    function creditsOf(address token) external view returns (address) {
        return _credits[token];
    }

    /// @inheritdoc IReputation
    function isDealSource(address source) external view returns (bool) {
        return _sources[source];
    }

    /// @inheritdoc IReputation
    function dealHash(address source, uint256 dealId) external view returns (bytes32) {
        return _deals[source][dealId];
    }

    /// @inheritdoc IReputation
    function hashDeal(Deal calldata deal) external pure returns (bytes32) {
        return keccak256(abi.encode(deal));
    }

    // ------------------------------------------------------------------ internals

    /// @dev Check the calldata struct against the stored commitment and copy it to memory.
    /// An unrecorded deal has a zero slot, which no struct hashes to.
    function _load(Deal calldata deal) private view returns (Deal memory d) {
        d = deal;
        bytes32 stored = _deals[d.source][d.id];
        if (stored == bytes32(0) || stored != keccak256(abi.encode(d))) {
            revert ReputationUnknownDeal(d.source, d.id);
        }
    }

    function _store(Deal memory d) private {
        _deals[d.source][d.id] = keccak256(abi.encode(d));
    }

    /// @dev True when the caller is the deal's buyer, false when its seller; reverts for
    /// anyone else. Buyer and seller differ: self-deals are never recorded.
    function _sideOf(Deal memory d) private view returns (bool byBuyer) {
        byBuyer = msg.sender == d.buyer;
        if (!byBuyer && msg.sender != d.seller) revert ReputationNotParty(msg.sender);
    }

    function _checkRatings(Review calldata r) private pure {
        if (r.rating == 0 || r.rating > 5) revert ReputationInvalidRating(r.rating);
        if (r.quality > 5) revert ReputationInvalidRating(r.quality);
        if (r.asDescribed > 5) revert ReputationInvalidRating(r.asDescribed);
        if (r.delivery > 5) revert ReputationInvalidRating(r.delivery);
        if (r.communication > 5) revert ReputationInvalidRating(r.communication);
    }
}
