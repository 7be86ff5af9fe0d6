"""Read-only half of the RentalEscrow client: one typed method per view function.

Example:
    >>> views = RentalViews(w3, address)  # doctest: +SKIP
    >>> views.get_listing(1).daily_rate  # doctest: +SKIP
"""

from __future__ import annotations

from eth_abi.abi import encode as abi_encode
from eth_utils.crypto import keccak

from chain.abi import abi_type
from chain.platform import PlatformArbitrationClient
from chain.rentals.types import Rental, RentalListing, RentalTerms, ReturnPreview


def _hex(value: bytes) -> str:
    return "0x" + bytes(value).hex()


class RentalViews(PlatformArbitrationClient):
    """Typed views of a deployed RentalEscrow."""

    contract_name = "RentalEscrow"

    def get_listing(self, listing_id: int) -> RentalListing:
        """The listing ``listing_id`` (status ``NONE`` if it does not exist)."""
        raw = self._call("getListing", listing_id)
        return RentalListing.from_abi(self.components("getListing", outputs=True), raw)

    def rental_hash(self, listing_id: int) -> str:
        """The commitment of the listing's open rental; zero when it has none."""
        return _hex(self._call("rentalHash", listing_id))

    def terms_hash_of(self, listing_id: int) -> str:
        """The hash of the listing's current terms, computed by the contract."""
        return _hex(self._call("termsHashOf", listing_id))

    def hash_terms(self, terms: RentalTerms) -> str:
        """The commitment ``terms`` hash to, computed by the contract."""
        return _hex(self._call("hashTerms", self.terms_abi(terms)))

    def terms_hash(self, terms: RentalTerms) -> str:
        """``keccak256(abi.encode(terms))`` computed locally: what a booking commits to."""
        return terms.commitment()

    def hash_rental(self, rental: Rental) -> str:
        """The commitment ``rental`` hashes to, computed by the contract."""
        return _hex(self._call("hashRental", self.rental_abi(rental)))

    def local_rental_hash(self, rental: Rental) -> str:
        """``keccak256(abi.encode(rental))`` computed locally, without an RPC call."""
        components = self.components("hashRental")
        kind = abi_type({"type": "tuple", "components": components})
        return _hex(keccak(abi_encode([kind], [rental.to_abi(components)])))

    def preview_return(self, rental: Rental, at: int) -> ReturnPreview:
        """What marking an active rental returned at unix time ``at`` would settle."""
        paid_days, refund, late_fee = self._call("previewReturn", self.rental_abi(rental), at)
        return ReturnPreview(int(paid_days), int(refund), int(late_fee))

    def deadline_of(self, rental: Rental) -> int:
        """From when anyone may move the rental on (zero for terminal statuses)."""
        return int(self._call("deadlineOf", self.rental_abi(rental)))

    def constants(self) -> dict[str, int]:
        """The contract's fixed limits, by Solidity name (``MAX_FEE_BPS``, ``MAX_WINDOW``...)."""
        names = (
            "MAX_FEE_BPS",
            "MIN_DISPUTE_TIMEOUT",
            "MAX_DISPUTE_TIMEOUT",
            "MIN_WINDOW",
            "MAX_WINDOW",
            "MAX_RENTAL_DAYS",
            "CLAIM_RESPONSE_WINDOW",
            "MAX_LATE_PERIOD",
        )
        return {name: int(self._call(name)) for name in names}

    def rental_abi(self, rental: Rental) -> tuple[object, ...]:
        """``rental`` as the ABI tuple the contract's functions take."""
        return rental.to_abi(self.components("hashRental"))

    def terms_abi(self, terms: RentalTerms) -> tuple[object, ...]:
        """``terms`` as the ABI tuple ``createListing`` and ``updateListing`` take."""
        return terms.to_abi(self.components("createListing"))
