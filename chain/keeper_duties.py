"""What the keeper may do for each kind of deal, and when.

A duty knows one contract: which events name its deals (``events``, keyed by ``id_arg``),
when a deal next needs a keeper (:meth:`Duty.due_at`, from view calls only), and how to move
it on (:meth:`Duty.act`). ``act`` checks eligibility again with fresh views (and, for
``collect``, an ``eth_call`` of the function itself) before it sends anything, and every
transaction is simulated by the client's gas estimate first, so a deal that is not ready
raises :class:`~chain.errors.ContractRevertError` instead of costing gas.

Example:
    >>> duty = RentalDuty(RentalClient.from_manifest(w3, manifest, keeper))  # doctest: +SKIP
    >>> duty.due_at(rental_id)  # doctest: +SKIP
    1767225600
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from web3.exceptions import ContractLogicError

from chain.contract import ContractClient
from chain.installments.client import InstallmentPlansClient
from chain.installments.types import PlanStatus
from chain.marketplace.client import MarketplaceClient
from chain.marketplace.rebuild import LIFECYCLE_EVENTS
from chain.marketplace.types import Order, OrderStatus
from chain.rentals.client import RentalClient
from chain.rentals.rebuild import RENTAL_EVENTS
from chain.rentals.types import RentalStatus
from chain.tx import TxResult, revert_data
from core.constants import ZERO_ADDRESS

PLAN_EVENTS = (
    "PlanStarted",
    "InstallmentPaid",
    "LateFeeCharged",
    "CollectionFailed",
    "PlanPaidOff",
    "PlanCompleted",
    "PlanDefaulted",
    "PlanCancelled",
)
ORDER_EVENTS = ("OrderPlaced", "OfferAccepted", *LIFECYCLE_EVENTS)


@dataclass(frozen=True)
class KeeperAction:
    """One transaction the keeper sent.

    Attributes:
        action: What it did (``settle_late``, ``collect``, ``release``...).
        contract: The contract called.
        item_id: The rental, plan or order id.
        tx_hash: The transaction.
        gas_used: Gas it used.
        block: Block it was mined in.
    """

    action: str
    contract: str
    item_id: int
    tx_hash: str
    gas_used: int
    block: int


@dataclass(frozen=True)
class Skip:
    """A due deal the keeper left alone, and why (nothing was sent)."""

    action: str
    reason: str


class Duty(ABC):
    """The keeper's work on one contract."""

    contract: ClassVar[str]
    id_arg: ClassVar[str]
    events: ClassVar[tuple[str, ...]]

    @property
    @abstractmethod
    def client(self) -> ContractClient:
        """The client the duty reads and sends through."""

    @abstractmethod
    def due_at(self, item_id: int) -> int | None:
        """Chain time from which the deal may need the keeper; ``None`` once it is closed."""

    @abstractmethod
    def act(self, item_id: int, now: int) -> list[KeeperAction | Skip]:
        """Check the deal again and send what is due at chain time ``now``."""

    def _done(self, action: str, item_id: int, result: TxResult) -> KeeperAction:
        return KeeperAction(
            action, self.contract, item_id, result.tx_hash, result.gas_used, result.block_number
        )


RENTAL_ACTIONS: dict[RentalStatus, str] = {
    RentalStatus.BOOKED: "cancel_booking",
    RentalStatus.ACTIVE: "settle_late",
    RentalStatus.RETURNED: "release_deposit",
    RentalStatus.CLAIMED: "settle_claim",
    RentalStatus.DISPUTED: "resolve_expired_dispute",
}


class RentalDuty(Duty):
    """Rentals: cancel unhanded bookings, settle lost items, release silent deposits,
    settle unanswered claims and split unruled disputes (each from ``deadlineOf``)."""

    contract = "RentalEscrow"
    id_arg = "rentalId"
    events = RENTAL_EVENTS

    def __init__(self, rentals: RentalClient) -> None:
        self.rentals = rentals

    @property
    def client(self) -> ContractClient:
        return self.rentals

    def due_at(self, item_id: int) -> int | None:
        rental = self.rentals.rental_from_chain(item_id)
        if not rental.status.is_open:
            return None
        return self.rentals.deadline_of(rental)

    def act(self, item_id: int, now: int) -> list[KeeperAction | Skip]:
        rental = self.rentals.rental_from_chain(item_id)
        if not rental.status.is_open:
            return []
        action = RENTAL_ACTIONS[rental.status]
        deadline = self.rentals.deadline_of(rental)
        if now < deadline:
            return [Skip(action, f"not due until {deadline}")]
        send = {
            "cancel_booking": self.rentals.cancel_booking,
            "settle_late": self.rentals.settle_late,
            "release_deposit": self.rentals.release_deposit,
            "settle_claim": self.rentals.settle_claim,
            "resolve_expired_dispute": self.rentals.resolve_expired_dispute,
        }[action]
        return [self._done(action, item_id, send(rental))]


class PlanDuty(Duty):
    """EMI plans: collect due installments of ERC-20 plans from the buyer's allowance, and
    mark plans defaulted once an installment is unpaid past its grace period."""

    contract = "InstallmentPlans"
    id_arg = "planId"
    events = PLAN_EVENTS

    def __init__(self, plans: InstallmentPlansClient) -> None:
        self.plans = plans

    @property
    def client(self) -> ContractClient:
        return self.plans

    def due_at(self, item_id: int) -> int | None:
        plan = self.plans.get_plan(item_id)
        if plan.status != PlanStatus.ACTIVE:
            return None
        defaultable_at = self.plans.quote(item_id).defaultable_at
        if plan.token == ZERO_ADDRESS:  # ETH plans are paid by hand; nothing to collect
            return defaultable_at
        return min(plan.next_due_at, defaultable_at)

    def act(self, item_id: int, now: int) -> list[KeeperAction | Skip]:
        plan = self.plans.get_plan(item_id)
        if plan.status != PlanStatus.ACTIVE:
            return []
        done: list[KeeperAction | Skip] = []
        quote = self.plans.quote(item_id)
        # A collection is the buyer's payment, so it has the buyer's window: from the
        # deadline (defaultable_at) on, the contract refuses it and the plan is defaulted.
        if plan.token != ZERO_ADDRESS and quote.due > 0 and now < quote.defaultable_at:
            if self._would_collect(item_id):
                result = self.plans.collect(item_id)
                if result.events_named("CollectionFailed"):  # the allowance moved meanwhile
                    done.append(Skip("collect", "the transfer failed when mined"))
                else:
                    done.append(self._done("collect", item_id, result))
                quote = self.plans.quote(item_id)
            else:
                done.append(Skip("collect", "the buyer's allowance or balance does not cover it"))
        if self.plans.get_plan(item_id).status == PlanStatus.ACTIVE:
            if now >= quote.defaultable_at:
                done.append(self._done("mark_default", item_id, self.plans.mark_default(item_id)))
        return done

    def _would_collect(self, item_id: int) -> bool:
        """``eth_call`` of ``collect``: whether the transfer would go through right now."""
        sender = self.plans.transactor.account.address
        try:
            return bool(self.plans.contract.functions.collect(item_id).call({"from": sender}))
        except ContractLogicError as exc:
            raise self.plans.decoder.decode(revert_data(exc), contract=self.contract) from exc


class OrderDuty(Duty):
    """Escrowed Marketplace orders: release shipped orders past their auto-release window,
    refund orders never shipped, and apply the fallback to unruled disputes."""

    contract = "Marketplace"
    id_arg = "orderId"
    events = ORDER_EVENTS

    def __init__(self, market: MarketplaceClient) -> None:
        self.market = market

    @property
    def client(self) -> ContractClient:
        return self.market

    def _deadline(self, order: Order) -> tuple[str, int] | None:
        if order.status == OrderStatus.PAID:
            return "refund_unshipped", order.paid_at + order.handling_time + (
                order.auto_release_window
            )
        if order.status == OrderStatus.SHIPPED:
            return "release", order.shipped_at + order.auto_release_window
        if order.status == OrderStatus.DISPUTED:
            return "resolve_expired_dispute", order.disputed_at + self.market.dispute_timeout()
        return None

    def due_at(self, item_id: int) -> int | None:
        deadline = self._deadline(self.market.order_from_chain(item_id))
        return None if deadline is None else deadline[1]

    def act(self, item_id: int, now: int) -> list[KeeperAction | Skip]:
        order = self.market.order_from_chain(item_id)
        deadline = self._deadline(order)
        if deadline is None:
            return []
        action, at = deadline
        if now < at:
            return [Skip(action, f"not due until {at}")]
        send = {
            "refund_unshipped": self.market.cancel,
            "release": self.market.release,
            "resolve_expired_dispute": self.market.resolve_expired_dispute,
        }[action]
        return [self._done(action, item_id, send(order))]
