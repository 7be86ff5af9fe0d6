"""The randomized operation driver behind test_marketplace_invariants.py.

`Runner` picks weighted random operations that the model says are valid, sends them (through
`FastChain`, at block timestamps it chooses so a seed replays exactly), applies the expected
effect to `MarketModel`, and after every step compares the chain's books with the model's.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import ape
from eth_abi import decode

from core.constants import ZERO_ADDRESS

from ..fast_rpc import FastChain
from ..helpers import (
    DAY,
    DISPUTE_TIMEOUT,
    FEE_BPS,
    HOUR,
    MAX_DISPUTE_TIMEOUT,
    MAX_WINDOW,
    ZERO32,
    Offer,
    Order,
    OrderStatus,
    offer_order_id,
    sign_offer,
)
from .model import ListingModel, MarketModel

PAID, SHIPPED, DISPUTED = OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DISPUTED
START_TIME = 2_000_000_000
SNAPSHOT_TYPES = ["uint256[]", "uint256[]", "uint256[]", "uint256[]", "bytes32[]"]
WEIGHTS = {
    "buy": 20,
    "offer": 6,
    "ship": 10,
    "confirm": 7,
    "release": 6,
    "cancel_by_buyer": 4,
    "cancel_by_keeper": 3,
    "refund": 6,
    "dispute": 5,
    "resolve": 4,
    "resolve_expired": 3,
    "settle": 4,
    "withdraw_proceeds": 4,
    "withdraw": 6,
    "withdraw_fees": 2,
    "set_fee": 1,
    "too_early": 2,
    "late_move": 3,
    "refund_storm": 3,
    "price_raise": 2,
}
MAX_STEP = 900  # `send` moves the clock on by 1..MAX_STEP seconds


def ship_deadline(order: Order) -> int:
    """The seller ships before the buyer's cancel opens."""
    return order.paid_at + order.handling_time


def dispute_deadline(order: Order, party: str) -> int:
    """Disputes close when the exit the other side is entitled to opens."""
    if order.status == SHIPPED:
        return order.shipped_at + order.auto_release_window
    extra = order.auto_release_window if party == "buyer" else 0
    return order.paid_at + order.handling_time + extra


def ruling_deadline(order: Order) -> int:
    """The arbiter rules before the timeout fallback opens."""
    return order.disputed_at + DISPUTE_TIMEOUT


class Runner:
    """Applies random operations to the chain and the model, then compares them."""

    def __init__(
        self,
        rng: random.Random,
        chain: Any,
        market: Any,
        token: Any,
        probe: Any,
        roles: dict[str, Any],
    ) -> None:
        self.rng, self.chain, self.market, self.probe = rng, chain, market, probe
        self.fast = FastChain(chain.provider.web3, market)
        self.token = token.address
        self.tokens = [ZERO_ADDRESS, self.token]
        self.roles = roles
        self.sellers, self.buyers = roles["sellers"], roles["buyers"]
        self.keeper = roles["keeper"]
        self.by_address = {a.address: a for a in self.sellers + self.buyers + [self.keeper]}
        self.model = MarketModel(self.tokens, FEE_BPS, DISPUTE_TIMEOUT)
        self.model.accounts.update(self.by_address)
        # A fixed clock (when the chain is not already past it) makes a seed replay exactly.
        self.now = max(chain.blocks.head.timestamp, START_TIME)
        self.nonces: Counter[str] = Counter()
        self.closed: list[int] = []
        self.counts: Counter[str] = Counter()

    # ------------------------------------------------------------------ plumbing

    def send(
        self, function: Any, *args: Any, sender: Any, value: int = 0, at_least: int = 0
    ) -> dict[str, Any]:
        """Send `function(*args)` in a block whose timestamp we choose (so seeds replay)."""
        self.now = max(self.now + self.rng.randint(1, MAX_STEP), at_least)
        self.fast.set_next_timestamp(self.now)
        data = function.encode_input(*args)
        return self.fast.send(sender.address, self.market.address, data, value)

    def account(self, address: str) -> Any:
        return self.by_address[address]

    def pick(self, orders: list[Order]) -> Order | None:
        # Insertion order, not ids: offer order ids hash the contract address.
        return self.rng.choice(orders) if orders else None

    # ------------------------------------------------------------------ setup

    def create_listings(self, owner: Any) -> None:
        """Eight listings (two sellers x ETH/token x escrow/direct), each under another fee,
        with prices from 1 wei up, plus two token "whale" listings whose sales overflow a
        listing's packed uint96 `unsettled` within a few purchases."""
        fees = iter([0, 250, 500, 1, 499, 333, 100, FEE_BPS])
        for seller in self.sellers:
            for token in self.tokens:
                for escrow in (True, False):
                    big = (10**9, 10**15) if token == ZERO_ADDRESS else (10**12, 10**20)
                    price = self.rng.choice([1, 39, 1001, self.rng.randint(*big)])
                    self._create_listing(owner, seller, token, escrow, price, next(fees))
        for escrow in (True, False):
            price = 2**94 + self.rng.randint(0, 2**80)
            self._create_listing(owner, self.sellers[1], self.token, escrow, price, 333)
        self.send(self.market.setFee, FEE_BPS, sender=owner)
        self.model.fee_bps = FEE_BPS

    def _create_listing(
        self, owner: Any, seller: Any, token: str, escrow: bool, price: int, fee: int
    ) -> None:
        self.send(self.market.setFee, fee, sender=owner)
        handling = self.rng.randint(1, 3 * DAY) if escrow else 0
        auto_release = self.rng.randint(HOUR, 3 * DAY) if escrow else 0
        args = (token, price, 10**6, escrow, handling, auto_release, ZERO32)
        receipt = self.send(self.market.createListing, *args, sender=seller)
        listing_id = int(receipt["logs"][0]["topics"][1], 16)  # ListingCreated
        self.model.listings[listing_id] = ListingModel(
            listing_id, seller.address, token, escrow, price, fee, handling, auto_release, 10**6
        )

    # ------------------------------------------------------------------ operations

    def op_buy(self) -> bool:
        listing = self.model.listings[self.rng.choice(sorted(self.model.listings))]
        buyer, quantity = self.rng.choice(self.buyers), self.rng.randint(1, 3)
        value = listing.price * quantity if listing.token == ZERO_ADDRESS else 0
        args = (listing.id, quantity, listing.price, ZERO32)  # the price the buyer saw
        self.send(self.market.buy, *args, value=value, sender=buyer)
        self.model.purchase(listing.id, buyer.address, quantity, self.now)
        return True

    def op_price_raise(self) -> bool:
        """The seller raises the price right in front of a buyer's pending purchase, built
        from the price the buyer saw (a standing allowance covers far more): the purchase
        must revert with MarketplacePriceAboveLimit and take nothing."""
        listing = self.model.listings[self.rng.choice(sorted(self.model.listings))]
        if listing.token == ZERO_ADDRESS or listing.price >= 2**95:
            return False
        buyer, quantity = self.rng.choice(self.buyers), self.rng.randint(1, 3)
        seen = listing.price
        raised = seen + self.rng.choice([1, seen, self.rng.randint(1, 10**6)])
        seller = self.account(listing.seller)
        args = (listing.id, raised, listing.stock, ZERO32)
        self.send(self.market.updateListing, *args, sender=seller)
        listing.price = raised
        self.now += 1
        self.chain.pending_timestamp = self.now
        with ape.reverts(
            self.market.MarketplacePriceAboveLimit,
            listingId=listing.id,
            price=raised,
            maxPrice=seen,
        ):
            self.market.buy(listing.id, quantity, seen, ZERO32, sender=buyer)
        return True

    def op_offer(self) -> bool:
        seller, buyer = self.rng.choice(self.sellers), self.rng.choice(self.buyers)
        token, escrow = self.rng.choice(self.tokens), self.rng.random() < 0.6
        own = [lid for lid, li in self.model.listings.items() if li.seller == seller.address]
        self.nonces[seller.address] += 1
        offer = Offer(
            seller=seller.address,
            buyer=buyer.address if self.rng.random() < 0.5 else ZERO_ADDRESS,
            listing_id=self.rng.choice(own) if self.rng.random() < 0.3 else 0,
            token=token,
            amount=self.rng.choice([1, 999, self.rng.randint(10**6, 10**16)]),
            quantity=self.rng.randint(1, 3),
            escrow=escrow,
            handling_time=self.rng.randint(1, 2 * DAY),
            auto_release_window=self.rng.randint(HOUR, 2 * DAY),
            expiry=self.now + DAY,
            nonce=self.nonces[seller.address] * 7919,
        )
        signature, digest = sign_offer(seller.private_key, offer, self.chain.chain_id, self.market)
        value = offer.amount if token == ZERO_ADDRESS else 0
        self.send(
            self.market.acceptOffer, offer.as_tuple(), signature, ZERO32, value=value, sender=buyer
        )
        order = offer.order(
            order_id=offer_order_id(digest),
            buyer=buyer.address,
            # A listing's offers pay the listing's fee, fixed at its creation.
            fee_bps=(
                self.model.listings[offer.listing_id].fee_bps
                if offer.listing_id
                else self.model.fee_bps
            ),
            paid_at=self.now,
        )
        self.model.accept_offer(order, escrow)
        return True

    def in_window(self, orders: list[Order], deadline: Any) -> list[Order]:
        """The orders whose window (`deadline(order)`, exclusive) is still open at any
        timestamp the next `send` may pick."""
        return [o for o in orders if self.now + MAX_STEP < deadline(o)]

    def op_ship(self) -> bool:
        paid = self.in_window(self.model.orders_in(PAID), ship_deadline)
        if not (order := self.pick(paid)):
            return False
        self.send(self.market.ship, order.as_tuple(), ZERO32, sender=self.account(order.seller))
        self.model.orders[order.id] = order.shipped(self.now)
        return True

    def op_confirm(self) -> bool:
        if not (order := self.pick(self.model.orders_in(PAID, SHIPPED))):
            return False
        self.send(self.market.confirmDelivery, order.as_tuple(), sender=self.account(order.buyer))
        self._closed(order, lambda: self.model.complete(order))
        return True

    def op_release(self) -> bool:
        if not (order := self.pick(self.model.orders_in(SHIPPED))):
            return False
        self.send(
            self.market.release, order.as_tuple(), sender=self.keeper, at_least=order.deadline(0)
        )
        self._closed(order, lambda: self.model.complete(order))
        return True

    def op_cancel_by_buyer(self) -> bool:
        if not (order := self.pick(self.model.orders_in(PAID))):
            return False
        at = order.paid_at + order.handling_time
        self.send(
            self.market.cancel, order.as_tuple(), sender=self.account(order.buyer), at_least=at
        )
        self._closed(order, lambda: self.model.cancel(order, by_buyer=True))
        return True

    def op_cancel_by_keeper(self) -> bool:
        if not (order := self.pick(self.model.orders_in(PAID))):
            return False
        caller = self.rng.choice([self.keeper, self.account(order.seller)])
        self.send(self.market.cancel, order.as_tuple(), sender=caller, at_least=order.deadline(0))
        self._closed(order, lambda: self.model.cancel(order, by_buyer=False))
        return True

    def op_refund(self) -> bool:
        if not (order := self.pick(self.model.orders_in(PAID, SHIPPED, DISPUTED))):
            return False
        partial = order.remaining >= 2 and self.rng.random() < 0.75
        amount = self.rng.randint(1, order.remaining - 1) if partial else order.remaining
        self.send(self.market.refund, order.as_tuple(), amount, sender=self.account(order.seller))
        if partial:
            self.model.refund(order, amount)
        else:
            self._closed(order, lambda: self.model.refund(order, amount))
        return True

    def op_dispute(self) -> bool:
        party = self.rng.choice(["buyer", "seller"])
        candidates = self.in_window(
            self.model.orders_in(PAID, SHIPPED), lambda o: dispute_deadline(o, party)
        )
        if not (order := self.pick(candidates)):
            return False
        by = self.account(order.buyer if party == "buyer" else order.seller)
        self.send(self.market.openDispute, order.as_tuple(), ZERO32, sender=by)
        self.model.orders[order.id] = order.disputed(self.now)
        return True

    def op_resolve(self) -> bool:
        disputed = self.in_window(self.model.orders_in(DISPUTED), ruling_deadline)
        if not (order := self.pick(disputed)):
            return False
        bps = self.rng.choice([0, 1, 2_500, 5_000, 9_999, 10_000, self.rng.randint(0, 10_000)])
        self.send(self.market.resolveDispute, order.as_tuple(), bps, sender=self.roles["arbiter"])
        self._closed(order, lambda: self.model.resolve(order, bps))
        return True

    def op_resolve_expired(self) -> bool:
        if not (order := self.pick(self.model.orders_in(DISPUTED))):
            return False
        deadline = order.deadline(DISPUTE_TIMEOUT)
        self.send(
            self.market.resolveExpiredDispute,
            order.as_tuple(),
            sender=self.keeper,
            at_least=deadline,
        )
        bps = 10_000 if order.shipped_at == 0 else 5_000
        self._closed(order, lambda: self.model.resolve(order, bps))
        return True

    def op_settle(self) -> bool:
        ids = self.rng.sample(sorted(self.model.listings), self.rng.randint(1, 4))
        caller = self.rng.choice(self.buyers + self.sellers + [self.keeper])
        self.send(self.market.settleProceeds, ids, sender=caller)
        for lid in ids:
            listing = self.model.listings[lid]
            self.model.credit(listing.seller, listing.token, self.model.settle(lid))
        return True

    def op_withdraw_proceeds(self) -> bool:
        if not (pending := self.model.unsettled_listings()):
            return False
        seller = self.model.listings[self.rng.choice(pending)].seller
        ids = [lid for lid, li in self.model.listings.items() if li.seller == seller]
        self.rng.shuffle(ids)
        self.send(self.market.withdrawProceeds, ids, sender=self.account(seller))
        for lid in ids:
            self.model.settle(lid)  # paid out, not credited
        return True

    def op_withdraw(self) -> bool:
        if not (balances := sorted(self.model.owed_balances())):
            return False
        account, token = self.rng.choice(balances)
        self.send(self.market.withdraw, token, sender=self.account(account))
        self.model.owed[(account, token)] = 0
        return True

    def op_withdraw_fees(self) -> bool:
        if not (tokens := [t for t in self.tokens if self.model.fees[t]]):
            return False
        token = self.rng.choice(tokens)
        self.send(self.market.withdrawFees, token, sender=self.roles["fee_recipient"])
        self.model.fees[token] = 0
        return True

    def op_set_fee(self) -> bool:
        fee = self.rng.choice([0, 1, 100, FEE_BPS, 499, 500])
        self.send(self.market.setFee, fee, sender=self.roles["owner"])
        self.model.fee_bps = fee
        return True

    def op_too_early(self) -> bool:
        """Try a deadline-guarded exit one second early: it must fail and change nothing."""
        candidates = self.model.orders_in(PAID, SHIPPED, DISPUTED)
        if not (order := self.pick(candidates)):
            return False
        if order.status == PAID:
            function, available = self.market.cancel, order.deadline(0)
        elif order.status == SHIPPED:
            function, available = self.market.release, order.deadline(0)
        else:
            function, available = self.market.resolveExpiredDispute, order.deadline(DISPUTE_TIMEOUT)
        if available - 1 <= self.now:
            return False
        self.now = available - 1
        self.chain.pending_timestamp = self.now
        with ape.reverts(
            self.market.MarketplaceTooEarly, nowTimestamp=self.now, availableAt=available
        ):
            function(order.as_tuple(), sender=self.keeper)
        return True

    def op_late_move(self) -> bool:
        """The adversary acts at or after its window closed, in front of the other side's
        exit: a seller shipping or disputing once the buyer may cancel, a buyer disputing
        once anyone may cancel or release, the arbiter ruling once the fallback is open. It
        must fail with MarketplaceTooLate and change nothing."""
        if not (order := self.pick(self.model.orders_in(PAID, SHIPPED, DISPUTED))):
            return False
        arbiter = self.roles["arbiter"]
        if order.status == PAID:
            move = self.rng.choice(["ship", "seller_dispute", "buyer_dispute"])
        elif order.status == SHIPPED:
            move = self.rng.choice(["seller_dispute", "buyer_dispute"])
        else:
            move = "ruling"
        if move == "ship":
            deadline = ship_deadline(order)
            call = lambda: self.market.ship(  # noqa: E731
                order.as_tuple(), ZERO32, sender=self.account(order.seller)
            )
        elif move == "ruling":
            deadline = ruling_deadline(order)
            call = lambda: self.market.resolveDispute(order.as_tuple(), 0, sender=arbiter)  # noqa: E731
        else:
            party = move.removesuffix("_dispute")
            deadline = dispute_deadline(order, party)
            by = self.account(order.buyer if party == "buyer" else order.seller)
            call = lambda: self.market.openDispute(order.as_tuple(), ZERO32, sender=by)  # noqa: E731
        self.now = max(
            self.now + 1, deadline + self.rng.choice([0, 0, 1, self.rng.randint(2, DAY)])
        )
        self.chain.pending_timestamp = self.now
        with ape.reverts(self.market.MarketplaceTooLate, nowTimestamp=self.now, deadline=deadline):
            call()
        return True

    def op_refund_storm(self) -> bool:
        """The seller sends repeated 1-wei refunds right in front of the other party's
        pending call (the arbiter's ruling, the buyer's dispute or confirmation), which was
        built from the order as it was before; that call must still succeed."""
        open_orders = [o for o in self.model.orders_in(PAID, SHIPPED, DISPUTED) if o.remaining >= 4]
        if not (order := self.pick(open_orders)):
            return False
        pending = order.as_tuple()
        seller = self.account(order.seller)
        for _ in range(self.rng.randint(2, 3)):
            current = self.model.orders[order.id]
            self.send(self.market.refund, current.as_tuple(), 1, sender=seller)
            self.model.refund(current, 1)
        current = self.model.orders[order.id]
        buyer = self.account(order.buyer)
        if order.status == DISPUTED and self.now + MAX_STEP < ruling_deadline(order):
            bps = self.rng.randint(0, 10_000)
            self.send(self.market.resolveDispute, pending, bps, sender=self.roles["arbiter"])
            self._closed(current, lambda: self.model.resolve(current, bps))
        elif order.status != DISPUTED and self.now + MAX_STEP < dispute_deadline(order, "buyer"):
            self.send(self.market.openDispute, pending, ZERO32, sender=buyer)
            self.model.orders[order.id] = current.disputed(self.now)
        elif order.status != DISPUTED:
            self.send(self.market.confirmDelivery, pending, sender=buyer)
            self._closed(current, lambda: self.model.complete(current))
        return True

    def _closed(self, order: Order, update: Any) -> None:
        update()
        self.closed.append(order.id)

    # ------------------------------------------------------------------ checks

    def check(self) -> None:
        accounts = sorted(self.model.accounts)
        listing_ids = sorted(self.model.listings)
        open_ids = sorted(self.model.orders)
        data = self.probe.snapshot.encode_input(
            self.market, self.tokens, accounts, listing_ids, open_ids + self.closed
        )
        raw = self.fast.call(self.probe.address, data)
        balances, owed, fees, unsettled, hashes = decode(SNAPSHOT_TYPES, raw)
        width = len(self.tokens)
        for j, token in enumerate(self.tokens):
            owed_sum = sum(owed[i * width + j] for i in range(len(accounts)))
            unsettled_sum = sum(
                unsettled[k]
                for k, lid in enumerate(listing_ids)
                if self.model.listings[lid].token == token
            )
            held = self.model.open_amount(token)
            assert balances[j] == held + unsettled_sum + owed_sum + fees[j], f"insolvent in {token}"
            assert fees[j] == self.model.fees[token]
            for i, account in enumerate(accounts):
                assert owed[i * width + j] == self.model.owed[(account, token)], (account, token)
        for k, lid in enumerate(listing_ids):
            assert unsettled[k] == self.model.listings[lid].unsettled, f"listing {lid}"
        for k, order_id in enumerate(open_ids):
            assert hashes[k] == self.model.orders[order_id].hash(), f"order {order_id:#x}"
        assert all(h == ZERO32 for h in hashes[len(open_ids) :]), "a closed order is still stored"
        self.closed = []
        horizon = self.now + 2 * MAX_WINDOW + MAX_DISPUTE_TIMEOUT
        for order in self.model.orders.values():
            assert order.deadline(DISPUTE_TIMEOUT) <= horizon, f"order {order.id:#x} has no way out"

    def step(self) -> str:
        names, weights = list(WEIGHTS), list(WEIGHTS.values())
        while True:
            name = self.rng.choices(names, weights)[0]
            if getattr(self, f"op_{name}")():
                self.counts[name] += 1
                self.check()
                return name

    def drain(self) -> None:
        """Close every open order through its permissionless exit, then pay everyone out."""
        exits = {
            PAID: self.market.cancel,
            SHIPPED: self.market.release,
            DISPUTED: self.market.resolveExpiredDispute,
        }
        for order in sorted(self.model.orders.values(), key=lambda o: o.deadline(DISPUTE_TIMEOUT)):
            deadline = order.deadline(DISPUTE_TIMEOUT)
            self.send(exits[order.status], order.as_tuple(), sender=self.keeper, at_least=deadline)
            if order.status == DISPUTED:
                self.model.resolve(order, 10_000 if order.shipped_at == 0 else 5_000)
            elif order.status == SHIPPED:
                self.model.complete(order)
            else:
                self.model.cancel(order, by_buyer=False)
            self.closed.append(order.id)
            self.check()
        self.send(self.market.settleProceeds, sorted(self.model.listings), sender=self.keeper)
        for lid, listing in self.model.listings.items():
            self.model.credit(listing.seller, listing.token, self.model.settle(lid))
        for account, token in sorted(self.model.owed_balances()):
            self.send(self.market.withdraw, token, sender=self.account(account))
            self.model.owed[(account, token)] = 0
        for token in self.tokens:
            if self.model.fees[token]:
                self.send(self.market.withdrawFees, token, sender=self.roles["fee_recipient"])
                self.model.fees[token] = 0
        self.check()
