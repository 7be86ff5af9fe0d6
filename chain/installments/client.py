"""Typed client of InstallmentPlans (smart EMI): one method per contract function.

Transactions return a :class:`~chain.tx.TxResult` (receipt, gas used, decoded events) and
are simulated first, so a revert surfaces as a decoded
:class:`~chain.errors.ContractRevertError` (``InstallmentPlansNotBuyer(caller=..., buyer=...)``).
Amounts default to what the contract will take: the down payment when starting, the
installment due when paying, the exact payoff quoted for the next block. Views live in
:mod:`chain.installments.views`, the schedule arithmetic in :mod:`chain.installments.schedule`.

Example:
    >>> seller = InstallmentPlansClient(w3, address, seller_account)  # doctest: +SKIP
    >>> listing_id = seller.create_listing(PlanTerms(price=10**18), stock=5).event(
    ...     "PlanListingCreated").args["listingId"]  # doctest: +SKIP
    >>> buyer = InstallmentPlansClient(w3, address, buyer_account)  # doctest: +SKIP
    >>> plan_id = buyer.start_plan(listing_id).event("PlanStarted").args["planId"]  # doctest: +SKIP
    >>> buyer.pay(plan_id)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence

from chain.contract import to_bytes32
from chain.erc20 import Erc20Client
from chain.errors import ChainError
from chain.installments.signing import sign_plan_offer
from chain.installments.types import PlanOffer, PlanStatus, PlanTerms
from chain.installments.views import InstallmentPlansViews
from chain.signing import Permit
from chain.tx import TxResult
from chain.types import ZERO_HASH
from core.constants import ZERO_ADDRESS


def _signature_bytes(signature: str | bytes) -> bytes:
    return bytes.fromhex(signature.removeprefix("0x")) if isinstance(signature, str) else signature


class InstallmentPlansClient(InstallmentPlansViews):
    """A deployed InstallmentPlans, used from one account (or read-only without one)."""

    # ---------------------------------------------------------------- listings

    def create_listing(
        self, terms: PlanTerms, *, stock: int, metadata_hash: str | bytes = ZERO_HASH
    ) -> TxResult:
        """List an item on EMI terms; its id is in the ``PlanListingCreated`` event."""
        return self._transact(
            "createListing", self.terms_abi(terms), stock, to_bytes32(metadata_hash)
        )

    def update_listing(
        self, listing_id: int, *, stock: int, metadata_hash: str | bytes = ZERO_HASH
    ) -> TxResult:
        """Change the stock and metadata of an open listing (seller only)."""
        return self._transact("updateListing", listing_id, stock, to_bytes32(metadata_hash))

    def close_listing(self, listing_id: int) -> TxResult:
        """Close a listing for good (seller only); running plans are unaffected."""
        return self._transact("closeListing", listing_id)

    # ---------------------------------------------------------------- start

    def start_plan(
        self, listing_id: int, shipping_ref: str | bytes = ZERO_HASH, *, value: int | None = None
    ) -> TxResult:
        """Start a plan on a listing and pay its down payment; the id is in ``PlanStarted``.

        ``value`` defaults to the down payment for ETH terms and 0 for ERC-20 terms
        (approve the down payment first, see :meth:`approve_token`).
        """
        if value is None:
            terms = self.get_listing(listing_id).terms
            value = terms.split().down_payment if terms.token == ZERO_ADDRESS else 0
        return self._transact("startPlan", listing_id, to_bytes32(shipping_ref), value=value)

    def start_plan_with_permit(
        self,
        listing_id: int,
        shipping_ref: str | bytes = ZERO_HASH,
        *,
        permit: Permit | None = None,
        allowance: int | None = None,
    ) -> TxResult:
        """Start an ERC-20 plan in one transaction with an EIP-2612 permit.

        Without ``permit``, this account signs one for ``allowance``, which defaults to the
        down payment plus every installment, so keepers can :meth:`collect` the schedule.
        """
        if permit is None:
            terms = self.get_listing(listing_id).terms
            permit = self._sign_permit(terms, allowance)
        return self._transact(
            "startPlanWithPermit",
            listing_id,
            to_bytes32(shipping_ref),
            permit.value,
            permit.deadline,
            permit.v,
            permit.r,
            permit.s,
        )

    def accept_offer(
        self,
        offer: PlanOffer,
        signature: str | bytes,
        shipping_ref: str | bytes = ZERO_HASH,
        *,
        value: int | None = None,
    ) -> TxResult:
        """Start a plan on a seller's signed offer (``value`` defaults to the down payment)."""
        if value is None:
            value = offer.terms.split().down_payment if offer.terms.token == ZERO_ADDRESS else 0
        return self._transact(
            "acceptOffer",
            self.offer_abi(offer),
            _signature_bytes(signature),
            to_bytes32(shipping_ref),
            value=value,
        )

    def accept_offer_with_permit(
        self,
        offer: PlanOffer,
        signature: str | bytes,
        shipping_ref: str | bytes = ZERO_HASH,
        *,
        permit: Permit | None = None,
        allowance: int | None = None,
    ) -> TxResult:
        """:meth:`accept_offer` for ERC-20 terms with an EIP-2612 permit (see
        :meth:`start_plan_with_permit` for ``allowance``)."""
        if permit is None:
            permit = self._sign_permit(offer.terms, allowance)
        return self._transact(
            "acceptOfferWithPermit",
            self.offer_abi(offer),
            _signature_bytes(signature),
            to_bytes32(shipping_ref),
            permit.value,
            permit.deadline,
            permit.v,
            permit.r,
            permit.s,
        )

    def sign_offer(self, offer: PlanOffer) -> str:
        """Sign ``offer`` with this client's account (its seller) for this contract."""
        return sign_plan_offer(self.transactor.account, offer, self.w3.eth.chain_id, self.address)

    def cancel_nonces(self, nonces: Sequence[int]) -> TxResult:
        """Cancel offer nonces so offers signed with them can never be accepted."""
        return self._transact("cancelNonces", list(nonces))

    # ---------------------------------------------------------------- payments

    def pay(
        self,
        plan_id: int,
        amount: int | None = None,
        *,
        expected_paid: int | None = None,
        max_late_fee: int | None = None,
    ) -> TxResult:
        """Pay ``amount`` toward a plan (buyer only); late fees due are taken from it first.

        ``amount`` defaults to the next installment not paid in full (what is left of it)
        plus the late fees due now. For ETH plans the value sent is ``amount``. The
        commitment defaults to what this client reads for the next block: the plan's
        ``paid`` (a keeper's collection mined first makes the payment revert with
        ``InstallmentPlansPaidChanged`` instead of paying twice) and its late fee (one that
        appears before the transaction is mined reverts ``InstallmentPlansLateFeeAboveMax``).
        """
        plan = self.get_plan(plan_id, block="pending")
        if expected_paid is None:
            expected_paid = plan.paid
        if max_late_fee is None:
            max_late_fee = self.quote(plan_id, block="pending").late_fee
        if amount is None:
            amount = self._next_payment(plan_id)
        value = amount if plan.token == ZERO_ADDRESS else 0
        return self._transact("pay", plan_id, amount, expected_paid, max_late_fee, value=value)

    def collect(self, plan_id: int) -> TxResult:
        """Collect what is due on an ERC-20 plan from the buyer's allowance (anyone).

        A failed transfer is not an exception: the result carries ``CollectionFailed``.
        """
        return self._transact("collect", plan_id)

    def collect_many(self, plan_ids: Sequence[int]) -> TxResult:
        """Collect many plans in one transaction; plans with nothing due are skipped."""
        return self._transact("collectMany", list(plan_ids))

    def pay_off(self, plan_id: int, amount: int | None = None) -> TxResult:
        """Pay a plan off early (buyer only); ``amount`` defaults to the payoff quoted for
        the next block."""
        if amount is None:
            amount = self.quote(plan_id, block="pending").payoff
        token = self.get_plan(plan_id).token
        return self._transact(
            "payOff", plan_id, amount, value=amount if token == ZERO_ADDRESS else 0
        )

    def approve_token(self, token: str, amount: int) -> TxResult | None:
        """Let the contract take ``amount`` of ``token``; ``None`` if already allowed."""
        return Erc20Client(self.w3, token, self.transactor.account).ensure_allowance(
            self.address, amount
        )

    # ---------------------------------------------------------------- exits

    def mark_default(self, plan_id: int) -> TxResult:
        """Mark a plan defaulted once an installment is past due plus grace (anyone)."""
        return self._transact("markDefault", plan_id)

    def cancel_by_seller(self, plan_id: int, *, max_repayment: int | None = None) -> TxResult:
        """Cancel a plan and refund the buyer everything paid (seller only).

        Proceeds already settled are paid back: sent as value for ETH plans, pulled from
        this account for ERC-20 plans (approve them first). ``max_repayment`` defaults to
        the settled proceeds read now; a settlement mined first reverts the cancellation
        with ``InstallmentPlansRepaymentAboveMax`` (and for ETH the value no longer matches).
        """
        plan = self.get_plan(plan_id, block="pending")
        if max_repayment is None:
            max_repayment = plan.settled
        value = plan.settled if plan.token == ZERO_ADDRESS else 0
        return self._transact("cancelBySeller", plan_id, max_repayment, value=value)

    def cancel_by_buyer(self, plan_id: int, *, max_forfeit: int | None = None) -> TxResult:
        """Leave a layaway plan (buyer only), refunded all but the forfeit share.

        ``max_forfeit`` defaults to the forfeit of what was paid as read now; a collection
        mined first reverts with ``InstallmentPlansForfeitAboveMax`` instead of forfeiting
        a share of it too.
        """
        if max_forfeit is None:
            plan = self.get_plan(plan_id, block="pending")
            max_forfeit = plan.received * plan.forfeit_bps // 10_000
        return self._transact("cancelByBuyer", plan_id, max_forfeit)

    # ---------------------------------------------------------------- payouts
    # withdraw, withdraw_fees and the admin methods: chain/platform.py

    def settle_proceeds(self, plan_ids: Sequence[int]) -> TxResult:
        """Move plans' proceeds into their sellers' balances, minus the fee (anyone)."""
        return self._transact("settleProceeds", list(plan_ids))

    def withdraw_proceeds(self, plan_ids: Sequence[int]) -> TxResult:
        """Settle this seller's plans and pay the proceeds out at once."""
        return self._transact("withdrawProceeds", list(plan_ids))

    # ---------------------------------------------------------------- helpers

    def _next_payment(self, plan_id: int) -> int:
        """What is left of the next installment, plus the late fees due, at the next block."""
        plan = self.get_plan(plan_id, block="pending")
        if plan.status != PlanStatus.ACTIVE:
            raise ChainError(f"plan {plan_id} is {plan.status.name.lower()}; nothing to pay")
        quote = self.quote(plan_id, block="pending")
        covered = plan.installments_paid + 1
        owed = sum(row.amount for row in plan.schedule()[:covered]) - plan.paid
        return owed + quote.late_fee

    def _sign_permit(self, terms: PlanTerms, allowance: int | None) -> Permit:
        if terms.token == ZERO_ADDRESS:
            raise ChainError("these terms are paid in ETH; permits are for ERC-20 terms")
        split = terms.split()
        value = split.down_payment + split.total if allowance is None else allowance
        return Erc20Client(self.w3, terms.token, self.transactor.account).sign_permit(
            self.address, value
        )
