"""Read-only half of the InstallmentPlans client: one typed method per view function.

Example:
    >>> views = InstallmentPlansViews(w3, address)  # doctest: +SKIP
    >>> views.get_plan(plan_id).schedule()[0].due_at  # doctest: +SKIP
"""

from __future__ import annotations

from web3.types import BlockIdentifier

from chain.installments.schedule import Split
from chain.installments.types import (
    Limits,
    Plan,
    PlanConfig,
    PlanListing,
    PlanOffer,
    PlanQuote,
    PlanTerms,
)
from chain.platform import PlatformAdminClient


def _hex(value: bytes) -> str:
    return "0x" + bytes(value).hex()


class InstallmentPlansViews(PlatformAdminClient):
    """Typed views of a deployed InstallmentPlans."""

    contract_name = "InstallmentPlans"

    def get_listing(self, listing_id: int) -> PlanListing:
        """The EMI listing ``listing_id`` (status ``NONE`` if it does not exist)."""
        raw = self._call("getListing", listing_id)
        return PlanListing.from_abi(self.components("getListing", outputs=True), raw)

    def get_plan(self, plan_id: int, *, block: BlockIdentifier = "latest") -> Plan:
        """The plan ``plan_id`` (status ``NONE`` if it does not exist)."""
        raw = self._call("getPlan", plan_id, block=block)
        return Plan.from_abi(self.components("getPlan", outputs=True), raw)

    def quote(self, plan_id: int, *, block: BlockIdentifier = "latest") -> PlanQuote:
        """What is due, the late fees, the payoff and the default time, at ``block``.

        Use ``block="pending"`` to quote for the next block, e.g. before :meth:`pay_off`.
        """
        raw = self._call("quote", plan_id, block=block)
        return PlanQuote.from_abi(self.components("quote", outputs=True), raw)

    def preview_schedule(self, terms: PlanTerms) -> Split:
        """Down payment, financing fee and installments of ``terms``, computed by the contract.

        Raises:
            ContractRevertError: The terms break a cap (the error says which).
        """
        down, fee, installment, last = self._call("previewSchedule", self.terms_abi(terms))
        return Split(
            down_payment=int(down),
            financing_fee=int(fee),
            installment=int(installment),
            dust=int(last) - int(installment),
            installments=terms.installments,
        )

    def buyer_of(self, plan_id: int) -> str:
        """The buyer a plan id belongs to, as the contract reads it."""
        return str(self._call("buyerOf", plan_id))

    def hash_offer(self, offer: PlanOffer) -> str:
        """The EIP-712 digest the seller signs for ``offer``, computed by the contract."""
        return _hex(self._call("hashOffer", self.offer_abi(offer)))

    def is_nonce_used(self, seller: str, nonce: int) -> bool:
        """Whether ``seller`` used or cancelled offer nonce ``nonce``."""
        return bool(self._call("isNonceUsed", seller, nonce))

    def config(self) -> PlanConfig:
        """Fee, fee recipient, deal recorder, pause flag and plan count."""
        return PlanConfig.from_abi(self.components("config", outputs=True), self._call("config"))

    def limits(self) -> Limits:
        """The caps on terms and on the platform fee."""
        return Limits.from_abi(self.components("limits", outputs=True), self._call("limits"))

    def fee_bps(self) -> int:
        """Platform fee for new listings and offers, in basis points."""
        return self.config().fee_bps

    def fee_recipient(self) -> str:
        """Who may withdraw fees."""
        return self.config().fee_recipient

    def deal_recorder(self) -> str:
        """The deal recorder (Reputation contract), zero address when off."""
        return self.config().deal_recorder

    def paused(self) -> bool:
        """Whether new listings and plans are paused."""
        return self.config().paused

    def eip712_domain(self) -> dict[str, object]:
        """The contract's EIP-5267 domain: name, version, chainId, verifyingContract."""
        _fields, name, version, chain_id, verifying, _salt, _ext = self._call("eip712Domain")
        return {
            "name": name,
            "version": version,
            "chainId": int(chain_id),
            "verifyingContract": verifying,
        }

    def terms_abi(self, terms: PlanTerms) -> tuple[object, ...]:
        """``terms`` as the ABI tuple the contract's functions take."""
        return terms.to_abi(self.components("previewSchedule"))

    def offer_abi(self, offer: PlanOffer) -> tuple[object, ...]:
        """``offer`` as the ABI tuple the contract's functions take."""
        return offer.to_abi(self.components("hashOffer"))
