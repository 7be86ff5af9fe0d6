// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RentalEscrowLifecycle} from "./RentalEscrowLifecycle.sol";
import {IRentalEscrow} from "../interfaces/IRentalEscrow.sol";
import {IDealRecorder} from "../interfaces/IDealRecorder.sol";
import {Rental, RentalStatus} from "../types/Rental.sol";

/// @title RentalEscrowDeposits
/// @notice The deposit's side of the state machine: inspection, damage claims and disputes,
/// Returned → (Claimed → (Disputed →)) settled, with a deadline on every waiting state.
/// @dev Only what is actually contested stays in escrow: a claim releases the rest of the
/// deposit to the renter at once, and a dispute is about the claim alone.
abstract contract RentalEscrowDeposits is RentalEscrowLifecycle {
    uint256 private constant _BPS = 10_000;

    /// @inheritdoc IRentalEscrow
    function confirmReturn(Rental calldata rental, uint256 claim, bytes32 evidenceHash) external nonReentrant {
        Rental memory r = _load(rental);
        if (msg.sender != r.lender) revert RentalEscrowNotLender(msg.sender, r.lender);
        _requireStatus(r, RentalStatus.Returned);
        uint256 deadline = uint256(r.returnedAt) + r.inspectionWindow;
        if (block.timestamp >= deadline) revert RentalEscrowTooLate(block.timestamp, deadline);
        // lateFee <= deposit: RentalMath.lateFee caps it.
        uint256 held = r.deposit - r.lateFee;
        if (claim > held) revert RentalEscrowClaimTooLarge(claim, held);
        if (claim == 0) {
            _close(r);
        } else {
            r.status = RentalStatus.Claimed;
            r.claim = claim;
            r.claimedAt = uint40(block.timestamp);
            _store(r);
        }
        uint256 renterAmount = held - claim;
        if (renterAmount != 0) _owedLedger()[r.renter][r.token] += renterAmount;
        emit ReturnConfirmed(r.id, claim, renterAmount, evidenceHash);
        if (claim == 0) _recordRental(r, 0);
    }

    /// @inheritdoc IRentalEscrow
    function releaseDeposit(Rental calldata rental) external nonReentrant {
        Rental memory r = _load(rental);
        _requireStatus(r, RentalStatus.Returned);
        uint256 deadline = uint256(r.returnedAt) + r.inspectionWindow;
        if (block.timestamp < deadline) revert RentalEscrowTooEarly(block.timestamp, deadline);
        _close(r);
        uint256 renterAmount = r.deposit - r.lateFee;
        emit DepositReleased(r.id, msg.sender, renterAmount);
        _payRenter(r, renterAmount);
        _recordRental(r, 0);
    }

    /// @inheritdoc IRentalEscrow
    function acceptClaim(Rental calldata rental) external nonReentrant {
        Rental memory r = _load(rental);
        if (msg.sender != r.renter) revert RentalEscrowNotRenter(msg.sender, r.renter);
        _requireStatus(r, RentalStatus.Claimed);
        // Same window as disputeClaim: from the deadline the claim is settled by settleClaim.
        uint256 deadline = uint256(r.claimedAt) + CLAIM_RESPONSE_WINDOW;
        if (block.timestamp >= deadline) revert RentalEscrowTooLate(block.timestamp, deadline);
        _payClaim(r);
    }

    /// @inheritdoc IRentalEscrow
    function disputeClaim(Rental calldata rental, bytes32 reasonHash) external {
        Rental memory r = _load(rental);
        if (msg.sender != r.renter) revert RentalEscrowNotRenter(msg.sender, r.renter);
        _requireStatus(r, RentalStatus.Claimed);
        uint256 deadline = uint256(r.claimedAt) + CLAIM_RESPONSE_WINDOW;
        if (block.timestamp >= deadline) revert RentalEscrowTooLate(block.timestamp, deadline);
        r.status = RentalStatus.Disputed;
        r.disputedAt = uint40(block.timestamp);
        _store(r);
        emit ClaimDisputed(r.id, reasonHash);
    }

    /// @inheritdoc IRentalEscrow
    function settleClaim(Rental calldata rental) external nonReentrant {
        Rental memory r = _load(rental);
        _requireStatus(r, RentalStatus.Claimed);
        uint256 deadline = uint256(r.claimedAt) + CLAIM_RESPONSE_WINDOW;
        if (block.timestamp < deadline) revert RentalEscrowTooEarly(block.timestamp, deadline);
        _payClaim(r);
    }

    /// @inheritdoc IRentalEscrow
    function resolveDispute(Rental calldata rental, uint16 renterBps) external nonReentrant {
        _requireArbiter();
        if (renterBps > _BPS) revert RentalEscrowInvalidSplit(renterBps);
        Rental memory r = _load(rental);
        _requireStatus(r, RentalStatus.Disputed);
        // The arbiter's window closes where the timeout fallback opens, so the two never race.
        uint256 expiresAt = uint256(r.disputedAt) + _disputeTimeout();
        if (block.timestamp >= expiresAt) revert RentalEscrowTooLate(block.timestamp, expiresAt);
        _resolve(r, renterBps, false);
        if (renterBps > _BPS / 2) _recordFact(IDealRecorder.Fact.DisputeLost, r.id, r.lender, r.claim);
        else if (renterBps < _BPS / 2) _recordFact(IDealRecorder.Fact.DisputeLost, r.id, r.renter, r.claim);
    }

    /// @inheritdoc IRentalEscrow
    function resolveExpiredDispute(Rental calldata rental) external nonReentrant {
        Rental memory r = _load(rental);
        _requireStatus(r, RentalStatus.Disputed);
        uint256 expiresAt = uint256(r.disputedAt) + _disputeTimeout();
        if (block.timestamp < expiresAt) revert RentalEscrowTooEarly(block.timestamp, expiresAt);
        _resolve(r, _BPS / 2, true);
    }

    // ------------------------------------------------------------------ internals

    function _payClaim(Rental memory r) private {
        _close(r);
        _owedLedger()[r.lender][r.token] += r.claim;
        emit ClaimSettled(r.id, msg.sender, r.claim);
        _recordRental(r, r.claim);
    }

    function _resolve(Rental memory r, uint256 renterBps, bool byTimeout) private {
        _close(r);
        uint256 renterAmount = r.claim * renterBps / _BPS;
        uint256 lenderAmount = r.claim - renterAmount;
        if (renterAmount != 0) _owedLedger()[r.renter][r.token] += renterAmount;
        if (lenderAmount != 0) _owedLedger()[r.lender][r.token] += lenderAmount;
        emit RentalDisputeResolved(r.id, renterBps, renterAmount, lenderAmount, byTimeout);
        _recordRental(r, lenderAmount);
    }
}
