"""Typed client of the Reputation contract: one method per contract function.

Reviews, responses and reports take the whole :class:`~chain.reputation.types.Deal` back;
:meth:`ReputationClient.deal_from_chain` rebuilds it from events, and
:meth:`ReputationClient.deals_recorded` reads the deals a checkout or completion recorded.

Example:
    >>> buyer = ReputationClient.from_manifest(w3, manifest, buyer_account)  # doctest: +SKIP
    >>> (deal,) = buyer.deals_recorded(market.buy(listing_id))  # doctest: +SKIP
    >>> buyer.post_review(deal, Review(rating=5, text_hash=text_hash))  # doctest: +SKIP
"""

from __future__ import annotations

from eth_abi.abi import encode as abi_encode
from eth_utils.crypto import keccak

from chain.abi import abi_type
from chain.contract import OwnableClient, to_bytes32
from chain.deal_kinds import DealKind
from chain.reputation.rebuild import deal_from_chain, deal_from_event
from chain.reputation.types import Deal, Fact, ReportReason, Review
from chain.tx import TxResult
from core.constants import ZERO_ADDRESS


def _hex(value: bytes) -> str:
    return "0x" + bytes(value).hex()


class ReputationClient(OwnableClient):
    """A deployed Reputation contract, used from one account (or read-only without one)."""

    contract_name = "Reputation"

    # ---------------------------------------------------------------- reviews

    def post_review(self, deal: Deal, review: Review) -> TxResult:
        """Post this account's review of the other side; credits minted are in ``ReviewPosted``."""
        return self._transact("postReview", self.deal_abi(deal), self.review_abi(review))

    def edit_review(self, deal: Deal, review: Review) -> TxResult:
        """Revise this account's review once, inside the edit window."""
        return self._transact("editReview", self.deal_abi(deal), self.review_abi(review))

    def post_response(self, deal: Deal, response_hash: str | bytes) -> TxResult:
        """Answer, once, the review the other side of ``deal`` wrote about this account."""
        return self._transact("postResponse", self.deal_abi(deal), to_bytes32(response_hash))

    def report(self, deal: Deal, reason: ReportReason, evidence_hash: str | bytes) -> TxResult:
        """Report the other side of ``deal`` as fraudulent (once per reporting side)."""
        return self._transact("report", self.deal_abi(deal), int(reason), to_bytes32(evidence_hash))

    def deal_from_chain(self, source: str, deal_id: int) -> Deal:
        """Rebuild deal ``deal_id`` of ``source`` from events, checked against its commitment."""
        return deal_from_chain(self, source, deal_id)

    def deals_recorded(self, result: TxResult) -> list[Deal]:
        """The deals a transaction recorded here (a checkout, a completion), in log order."""
        return [
            deal_from_event(event)
            for event in result.events_named("DealRecorded")
            if event.address == self.address
        ]

    # ---------------------------------------------------------------- deal sources

    def record_deal(
        self,
        kind: DealKind,
        deal_id: int,
        *,
        buyer: str,
        seller: str,
        value: int,
        fee: int,
        token: str = ZERO_ADDRESS,
    ) -> TxResult:
        """Record a completed deal (registered deal sources only; contracts do this)."""
        return self._transact("recordDeal", int(kind), deal_id, buyer, seller, token, value, fee)

    def record_fact(self, fact: Fact, deal_id: int, party: str, amount: int) -> TxResult:
        """Record a lost dispute or a default (registered deal sources only)."""
        return self._transact("recordFact", int(fact), deal_id, party, amount)

    # ---------------------------------------------------------------- admin (owner only)

    def set_deal_source(self, source: str, registered: bool) -> TxResult:
        """Allow or forbid ``source`` to record deals and facts."""
        return self._transact("setDealSource", source, registered)

    def set_credits(self, token: str, credits: str) -> TxResult:
        """Set the credits contract for deals paid in ``token`` (zero address: none)."""
        return self._transact("setCredits", token, credits)

    # ---------------------------------------------------------------- views

    def edit_window(self) -> int:
        """Seconds after posting during which a review may be revised once."""
        return int(self._call("EDIT_WINDOW"))

    def credit_share_bps(self) -> int:
        """Share of a deal's fee minted as credits per review, in basis points."""
        return int(self._call("CREDIT_SHARE_BPS"))

    def credits_for(self, fee: int) -> int:
        """Credits a review of a deal that paid ``fee`` earns (the published formula)."""
        return int(self._call("creditsFor", fee))

    def credits_of(self, token: str = ZERO_ADDRESS) -> str:
        """The credits contract for deals paid in ``token``, zero address if none."""
        return str(self._call("creditsOf", token))

    def is_deal_source(self, source: str) -> bool:
        """Whether ``source`` may record deals and facts."""
        return bool(self._call("isDealSource", source))

    def deal_hash(self, source: str, deal_id: int) -> str:
        """The stored commitment of a deal, zero if it was never recorded."""
        return _hex(self._call("dealHash", source, deal_id))

    def hash_deal(self, deal: Deal) -> str:
        """The commitment ``deal`` hashes to, computed by the contract."""
        return _hex(self._call("hashDeal", self.deal_abi(deal)))

    def local_deal_hash(self, deal: Deal) -> str:
        """``keccak256(abi.encode(deal))`` computed locally, without an RPC call."""
        components = self.components("hashDeal")
        kind = abi_type({"type": "tuple", "components": components})
        return _hex(keccak(abi_encode([kind], [deal.to_abi(components)])))

    def deal_abi(self, deal: Deal) -> tuple[object, ...]:
        """``deal`` as the ABI tuple the contract's functions take."""
        return deal.to_abi(self.components("hashDeal"))

    def review_abi(self, review: Review) -> tuple[object, ...]:
        """``review`` as the ABI tuple the contract's functions take."""
        return review.to_abi(self.components("postReview", 1))
