"""An off-chain model of the Marketplace's books, for the randomized invariant run.

It predicts, from the documented semantics alone (IMarketplace.sol, docs/marketplace.md),
what the contract owes to whom after each operation: open escrow orders, listings'
unsettled proceeds, the pull ledger and the fees. The invariant test compares every number
with the chain after every step.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from ..helpers import BPS, OFFER_ORDER_BIT, Order, OrderStatus, fee_of

UINT96_MAX = 2**96 - 1  # a listing's `unsettled` is a packed uint96


@dataclasses.dataclass
class ListingModel:
    id: int
    seller: str
    token: str
    escrow: bool
    price: int
    fee_bps: int
    handling_time: int
    auto_release_window: int
    stock: int
    order_count: int = 0
    unsettled: int = 0


class MarketModel:
    """What the Marketplace holds and owes, token by token."""

    def __init__(self, tokens: list[str], fee_bps: int, dispute_timeout: int) -> None:
        self.tokens = tokens
        self.fee_bps = fee_bps
        self.dispute_timeout = dispute_timeout
        self.listings: dict[int, ListingModel] = {}
        self.orders: dict[int, Order] = {}  # open escrowed orders
        self.owed: defaultdict[tuple[str, str], int] = defaultdict(int)
        self.fees: defaultdict[str, int] = defaultdict(int)
        self.accounts: set[str] = set()
        self.overflow_credits = 0  # listing credits too large for `unsettled`

    # ------------------------------------------------------------------ bookkeeping

    def credit(self, account: str, token: str, amount: int) -> None:
        self.accounts.add(account)
        self.owed[(account, token)] += amount

    def credit_seller(self, order: Order, gross: int) -> None:
        """Listing orders accumulate in the listing; offer orders (and listing credits that
        would overflow `unsettled`) are split into the ledger and the fees now."""
        if gross == 0:
            return
        if order.id & OFFER_ORDER_BIT:
            self.credit_split(order.seller, order.token, gross, order.fee_bps)
        else:
            self.add_unsettled(self.listings[order.listing_id], gross)

    def credit_split(self, seller: str, token: str, gross: int, fee_bps: int) -> None:
        fee = fee_of(gross, fee_bps)
        self.credit(seller, token, gross - fee)
        self.fees[token] += fee

    def add_unsettled(self, listing: ListingModel, gross: int) -> None:
        if listing.unsettled + gross <= UINT96_MAX:
            listing.unsettled += gross
        else:
            self.overflow_credits += 1
            self.credit_split(listing.seller, listing.token, gross, listing.fee_bps)

    def settle(self, listing_id: int) -> int:
        """Split a listing's unsettled gross; returns the seller's net (not yet credited)."""
        listing = self.listings[listing_id]
        gross, listing.unsettled = listing.unsettled, 0
        fee = fee_of(gross, listing.fee_bps)
        self.fees[listing.token] += fee
        return gross - fee

    def close(self, order: Order) -> None:
        del self.orders[order.id]

    # ------------------------------------------------------------------ transitions

    def purchase(self, listing_id: int, buyer: str, quantity: int, timestamp: int) -> int:
        listing = self.listings[listing_id]
        listing.stock -= quantity
        listing.order_count += 1
        order_id = (listing_id << 32) | listing.order_count
        amount = listing.price * quantity
        self.accounts.add(buyer)
        if not listing.escrow:
            self.add_unsettled(listing, amount)
            return order_id
        self.orders[order_id] = Order(
            id=order_id,
            listing_id=listing_id,
            seller=listing.seller,
            buyer=buyer,
            token=listing.token,
            amount=amount,
            refunded=0,
            fee_bps=listing.fee_bps,
            quantity=quantity,
            handling_time=listing.handling_time,
            auto_release_window=listing.auto_release_window,
            paid_at=timestamp,
        )
        return order_id

    def accept_offer(self, order: Order, escrow: bool) -> None:
        """`order` is what the offer creates (fee_bps = the listing's fee for an offer tied
        to a listing, the global fee at acceptance for a custom one)."""
        self.accounts.update((order.buyer, order.seller))
        if order.listing_id:
            self.listings[order.listing_id].stock -= order.quantity
        if escrow:
            self.orders[order.id] = order
        else:
            self.credit_seller(order, order.amount)

    def complete(self, order: Order) -> None:
        self.close(order)
        self.credit_seller(order, order.remaining)

    def cancel(self, order: Order, by_buyer: bool) -> None:
        self.close(order)
        if not by_buyer:  # the buyer calling is paid directly
            self.credit(order.buyer, order.token, order.remaining)

    def refund(self, order: Order, amount: int) -> None:
        self.credit(order.buyer, order.token, amount)
        if amount == order.remaining:
            self.close(order)
        else:
            self.orders[order.id] = order.refunded_by(amount)

    def resolve(self, order: Order, buyer_bps: int) -> tuple[int, int]:
        """Returns (buyer amount, seller gross)."""
        self.close(order)
        buyer_amount = order.remaining * buyer_bps // BPS
        seller_gross = order.remaining - buyer_amount
        self.credit_seller(order, seller_gross)
        if buyer_amount:
            self.credit(order.buyer, order.token, buyer_amount)
        return buyer_amount, seller_gross

    # ------------------------------------------------------------------ views

    def open_amount(self, token: str) -> int:
        return sum(o.remaining for o in self.orders.values() if o.token == token)

    def orders_in(self, *statuses: OrderStatus) -> list[Order]:
        return [o for o in self.orders.values() if o.status in statuses]

    def unsettled_listings(self, seller: str | None = None) -> list[int]:
        return [
            lid
            for lid, listing in self.listings.items()
            if listing.unsettled and (seller is None or listing.seller == seller)
        ]

    def owed_balances(self) -> list[tuple[str, str]]:
        return [key for key, amount in self.owed.items() if amount]
