"""Rebuild an escrowed :class:`~chain.marketplace.types.Order` from the Marketplace's events.

The contract stores only ``keccak256(abi.encode(order))`` (its low bit marking partial
refunds, which are counted apart and are not in the struct); callers must pass the whole
struct back. Everything in it is in the logs: ``OrderPlaced`` plus the listing's fixed
terms from ``ListingCreated`` (or ``OfferAccepted`` for offer orders), the block timestamps
(``paidAt``, ``shippedAt``, ``disputedAt``), and the later ``OrderShipped``,
``OrderRefunded``, ``DisputeOpened`` and terminal events. An open order is checked against
its stored commitment; a terminal order's commitment is deleted on chain, so it is
returned as the events describe it.

Example:
    >>> order = order_from_chain(client, order_id)  # doctest: +SKIP
    >>> client.ship(order)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from eth_abi.abi import encode as abi_encode

from chain.errors import ChainError, OrderNotFoundError
from chain.events import DecodedEvent
from chain.logs import get_logs
from chain.marketplace.types import Order, OrderStatus
from chain.types import ZERO_HASH

if TYPE_CHECKING:
    from chain.marketplace.views import MarketplaceViews

LIFECYCLE_EVENTS = (
    "OrderShipped",
    "DisputeOpened",
    "OrderRefunded",
    "OrderCompleted",
    "OrderCancelled",
    "DisputeResolved",
)
OPEN = (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DISPUTED)
OFFER_ORDER_BIT = 1 << 255  # offer orders: digest | top bit; listing orders: listingId << 32 | n


def _topic(value: int) -> str:
    return "0x" + abi_encode(["uint256"], [value]).hex()


def _indexed_positions(client: MarketplaceViews, name: str) -> dict[str, int]:
    """Indexed argument name → topic position (1-3) of event ``name``."""
    specs = client.registry.specs(client.registry.topic_of(name))
    spec = next(s for s in specs if s.name == name)
    indexed = [p for p in spec.abi.get("inputs", []) if p.get("indexed")]
    return {str(param["name"]): position for position, param in enumerate(indexed, start=1)}


def _find(
    client: MarketplaceViews, names: Sequence[str], match: Mapping[str, int]
) -> list[DecodedEvent]:
    """Events ``names`` of this contract whose arguments equal ``match``, in chain order.

    Arguments the events index become topic filters (so the node does the work); the rest
    are compared after decoding. The events must index the matched arguments alike.
    """
    layouts = {name: _indexed_positions(client, name) for name in names}
    first = layouts[names[0]]
    on_topics = {k: first[k] for k in match if k in first}
    if any(
        {k: layout[k] for k in match if k in layout} != on_topics for layout in layouts.values()
    ):
        raise ChainError(f"{', '.join(names)} index {', '.join(match)} differently")
    topics: list[Any] = [["0x" + client.registry.topic_of(name).hex() for name in names]]
    for position in range(1, max(on_topics.values(), default=0) + 1):
        key = next((k for k, p in on_topics.items() if p == position), None)
        topics.append(_topic(match[key]) if key is not None else None)
    logs = get_logs(client.w3, {"address": client.address, "topics": topics}, client.deploy_block)
    events = client.registry.decode_logs(logs, skip_unknown=True)
    found = (
        e for e in events if not e.removed and all(e.args.get(k) == v for k, v in match.items())
    )
    return sorted(found, key=lambda e: (e.block_number, e.log_index))


def _opened(client: MarketplaceViews, created: DecodedEvent, paid_at: int) -> Order:
    """The order as it was right after payment."""
    args = created.args
    if created.event == "OfferAccepted":
        offer = args["offer"]
        escrow = bool(offer["escrow"])
        return Order(
            id=args["orderId"],
            listing_id=offer["listingId"],
            seller=args["seller"],
            buyer=args["buyer"],
            token=offer["token"],
            amount=offer["amount"],
            fee_bps=args["feeBps"],
            quantity=offer["quantity"],
            handling_time=offer["handlingTime"] if escrow else 0,
            auto_release_window=offer["autoReleaseWindow"] if escrow else 0,
            paid_at=paid_at,
            shipped_at=0,
            disputed_at=0,
            status=OrderStatus.PAID if escrow else OrderStatus.COMPLETED,
        )
    listed = _find(client, ["ListingCreated"], {"listingId": args["listingId"]})
    if not listed:
        raise OrderNotFoundError(
            f"order {args['orderId']} names listing {args['listingId']} but no ListingCreated "
            f"was found from block {client.deploy_block}; is deploy_block right?"
        )
    terms = listed[0].args
    return Order(
        id=args["orderId"],
        listing_id=args["listingId"],
        seller=terms["seller"],
        buyer=args["buyer"],
        token=terms["token"],
        amount=args["amount"],
        fee_bps=terms["feeBps"],
        quantity=args["quantity"],
        handling_time=terms["handlingTime"],
        auto_release_window=terms["autoReleaseWindow"],
        paid_at=paid_at,
        shipped_at=0,
        disputed_at=0,
        status=OrderStatus.PAID,
    )


def _apply(order: Order, event: DecodedEvent, timestamp: int) -> Order:
    """The order after ``event``."""
    args: dict[str, Any] = event.args
    if event.event == "OrderShipped":
        return order.evolve(status=OrderStatus.SHIPPED, shipped_at=timestamp)
    if event.event == "DisputeOpened":
        return order.evolve(status=OrderStatus.DISPUTED, disputed_at=timestamp)
    if event.event == "OrderRefunded":
        status = OrderStatus.REFUNDED if args["full"] else order.status
        return order.evolve(refunded=args["totalRefunded"], status=status)
    if event.event == "OrderCancelled":
        return order.evolve(status=OrderStatus.REFUNDED)
    if event.event == "OrderCompleted":
        return order.evolve(status=OrderStatus.COMPLETED)
    if event.event == "DisputeResolved":
        return order.evolve(status=OrderStatus.RESOLVED)
    return order


def order_from_chain(client: MarketplaceViews, order_id: int) -> Order:
    """Rebuild escrowed order ``order_id`` from the Marketplace's logs.

    Args:
        client: A Marketplace client; its ``deploy_block`` bounds the log search.
        order_id: The id from ``OrderPlaced`` or ``OfferAccepted``.

    Returns:
        The order as the contract expects it back (for open orders, verified against
        ``orderHash``), or its final state for terminal orders.

    Raises:
        OrderNotFoundError: No such order (a direct purchase has no Order), or the rebuilt
            struct does not match the stored commitment.
    """
    if order_id & OFFER_ORDER_BIT:
        creation = _find(client, ["OfferAccepted"], {"orderId": order_id})
    else:
        match = {"listingId": order_id >> 32, "orderId": order_id}
        creation = _find(client, ["OrderPlaced"], match)
    if not creation:
        raise OrderNotFoundError(
            f"no OrderPlaced or OfferAccepted for order {order_id} since block "
            f"{client.deploy_block}; direct purchases (Purchased) create no escrowed order"
        )
    created = creation[0]
    events = _find(client, LIFECYCLE_EVENTS, {"orderId": order_id})
    times: dict[int, int] = {}

    def timestamp(block: int) -> int:
        if block not in times:
            times[block] = int(client.w3.eth.get_block(block)["timestamp"])
        return times[block]

    order = _opened(client, created, timestamp(created.block_number))
    for event in events:
        order = _apply(order, event, timestamp(event.block_number))
    stored = client.order_hash(order_id)
    if order.status in OPEN:
        if client.local_order_hash(order) != stored:
            raise OrderNotFoundError(
                f"order {order_id} rebuilt from events does not match its commitment on chain "
                f"({stored}); the logs may be incomplete (check deploy_block and the RPC)"
            )
    elif stored != ZERO_HASH:
        raise OrderNotFoundError(
            f"order {order_id} looks {order.status.name.lower()} from its events but still "
            "has a commitment on chain; the logs are incomplete"
        )
    return order
