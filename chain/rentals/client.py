"""Typed client of the RentalEscrow: one method per contract function.

Transactions return a :class:`~chain.tx.TxResult` (receipt, gas used, decoded events). Every
call is simulated first, so a revert surfaces as a decoded
:class:`~chain.errors.ContractRevertError` (``RentalEscrowNotLender(caller=..., lender=...)``)
before anything is sent. Views live in :mod:`chain.rentals.views`, the rebuilding of rentals
from events in :mod:`chain.rentals.rebuild`, withdrawals and the admin in :mod:`chain.platform`.

Example:
    >>> lender = RentalClient(w3, address, lender_account)  # doctest: +SKIP
    >>> listing_id = lender.create_listing(RentalTerms(daily_rate=10**15)).event(
    ...     "RentalListingCreated").args["listingId"]  # doctest: +SKIP
    >>> renter = RentalClient(w3, address, renter_account)  # doctest: +SKIP
    >>> rental = renter.book(listing_id, 3)  # doctest: +SKIP
    >>> lender.confirm_handover(rental)  # doctest: +SKIP
"""

from __future__ import annotations

from chain.contract import to_bytes32
from chain.erc20 import Erc20Client
from chain.rentals.rebuild import rental_from_chain
from chain.rentals.types import Rental, RentalTerms
from chain.rentals.views import RentalViews
from chain.signing import Permit
from chain.tx import TxResult
from chain.types import ZERO_HASH
from core.constants import ZERO_ADDRESS


class RentalClient(RentalViews):
    """A deployed RentalEscrow, used from one account (or read-only without one)."""

    # ---------------------------------------------------------------- listings

    def create_listing(
        self, terms: RentalTerms, metadata_hash: str | bytes = ZERO_HASH
    ) -> TxResult:
        """Create a listing; its id is in the ``RentalListingCreated`` event."""
        return self._transact("createListing", self.terms_abi(terms), to_bytes32(metadata_hash))

    def update_listing(
        self, listing_id: int, terms: RentalTerms, metadata_hash: str | bytes = ZERO_HASH
    ) -> TxResult:
        """Replace the terms of a listing that is not closed and not rented (lender only)."""
        return self._transact(
            "updateListing", listing_id, self.terms_abi(terms), to_bytes32(metadata_hash)
        )

    def set_listing_paused(self, listing_id: int, paused: bool) -> TxResult:
        """Pause or resume bookings (lender only); works while rented, before declining."""
        return self._transact("setListingPaused", listing_id, paused)

    def close_listing(self, listing_id: int) -> TxResult:
        """Close a listing for good (lender only); an open rental runs to its end."""
        return self._transact("closeListing", listing_id)

    # ---------------------------------------------------------------- booking

    def rent(
        self,
        listing_id: int,
        rental_days: int,
        *,
        terms: RentalTerms | None = None,
        value: int | None = None,
    ) -> TxResult:
        """Book ``listing_id`` for ``rental_days`` days; the id is in ``RentalBooked``.

        The booking commits to ``terms``, the terms the caller agreed to (pass what was shown
        to the user). If the lender changed the listing since, the booking reverts with
        ``RentalEscrowTermsChanged`` instead of paying on other terms. Without ``terms`` the
        listing is read now, and the commitment and ``value`` both come from that one read.
        ``value`` defaults to what ``terms`` make due: rent plus deposit for ETH listings, 0
        for ERC-20 listings (approve the escrow first, see :meth:`approve_token`).
        """
        if terms is None:
            terms = self.get_listing(listing_id).terms
        if value is None:
            value = terms.cost(rental_days) if terms.token == ZERO_ADDRESS else 0
        committed = to_bytes32(self.terms_hash(terms))
        return self._transact("rent", listing_id, rental_days, committed, value=value)

    def rent_with_permit(
        self,
        listing_id: int,
        rental_days: int,
        *,
        terms: RentalTerms | None = None,
        permit: Permit | None = None,
    ) -> TxResult:
        """Book an ERC-20 listing in one transaction with an EIP-2612 permit.

        Commits to ``terms`` as :meth:`rent` does (default: the listing read now). Without
        ``permit``, this client's account signs one for exactly the amount ``terms`` make due.
        """
        if terms is None:
            terms = self.get_listing(listing_id).terms
        if permit is None:
            token = Erc20Client(self.w3, terms.token, self.transactor.account)
            permit = token.sign_permit(self.address, terms.cost(rental_days))
        return self._transact(
            "rentWithPermit",
            listing_id,
            rental_days,
            to_bytes32(self.terms_hash(terms)),
            permit.deadline,
            permit.v,
            permit.r,
            permit.s,
        )

    def book(
        self, listing_id: int, rental_days: int, *, terms: RentalTerms | None = None
    ) -> Rental:
        """Book with :meth:`rent` and return the new rental, rebuilt from the chain."""
        result = self.rent(listing_id, rental_days, terms=terms)
        return self.rental_from_chain(int(result.event("RentalBooked").args["rentalId"]))

    def approve_token(self, token: str, amount: int) -> TxResult | None:
        """Let the escrow take ``amount`` of ``token``; ``None`` if already allowed."""
        return Erc20Client(self.w3, token, self.transactor.account).ensure_allowance(
            self.address, amount
        )

    def cancel_booking(self, rental: Rental) -> TxResult:
        """Cancel before handover: the lender at any time, anyone after the handover window."""
        return self._transact("cancelBooking", self.rental_abi(rental))

    # ---------------------------------------------------------------- rental

    def confirm_handover(self, rental: Rental) -> TxResult:
        """Hand the item over within the handover window (lender only)."""
        return self._transact("confirmHandover", self.rental_abi(rental))

    def mark_returned(self, rental: Rental) -> TxResult:
        """Mark the item returned (renter only); unused whole days are refunded at once."""
        return self._transact("markReturned", self.rental_abi(rental))

    def settle_late(self, rental: Rental) -> TxResult:
        """Settle an item never returned for the lender (anyone, after the late period)."""
        return self._transact("settleLate", self.rental_abi(rental))

    # ---------------------------------------------------------------- deposit

    def confirm_return(
        self, rental: Rental, claim: int = 0, evidence_hash: str | bytes = ZERO_HASH
    ) -> TxResult:
        """Inspect the returned item (lender only): claim 0 releases the deposit at once."""
        return self._transact(
            "confirmReturn", self.rental_abi(rental), claim, to_bytes32(evidence_hash)
        )

    def release_deposit(self, rental: Rental) -> TxResult:
        """Release the deposit to the renter after a silent inspection window (anyone)."""
        return self._transact("releaseDeposit", self.rental_abi(rental))

    def accept_claim(self, rental: Rental) -> TxResult:
        """Accept the lender's damage claim (renter only)."""
        return self._transact("acceptClaim", self.rental_abi(rental))

    def dispute_claim(self, rental: Rental, reason_hash: str | bytes = ZERO_HASH) -> TxResult:
        """Dispute the damage claim within the response window (renter only)."""
        return self._transact("disputeClaim", self.rental_abi(rental), to_bytes32(reason_hash))

    def settle_claim(self, rental: Rental) -> TxResult:
        """Pay an unanswered claim to the lender after the response window (anyone)."""
        return self._transact("settleClaim", self.rental_abi(rental))

    def resolve_dispute(self, rental: Rental, renter_bps: int) -> TxResult:
        """Rule a dispute: ``renter_bps`` of the claim back to the renter (arbiter only)."""
        return self._transact("resolveDispute", self.rental_abi(rental), renter_bps)

    def resolve_expired_dispute(self, rental: Rental) -> TxResult:
        """Split an unruled claim evenly after the dispute timeout (anyone)."""
        return self._transact("resolveExpiredDispute", self.rental_abi(rental))

    def rental_from_chain(self, rental_id: int) -> Rental:
        """Rebuild rental ``rental_id`` from events and check it against its commitment."""
        return rental_from_chain(self, rental_id)
