"""Reads the journeys need: a listing's events, the purchase behind an order id, and a
party's orders from the API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from bazaar.commands.output import console
from bazaar.commands.values import ETH_DECIMALS, format_amount
from chain.errors import OrderNotFoundError

if TYPE_CHECKING:
    from chain.events import DecodedEvent
    from chain.marketplace.client import MarketplaceClient


def listing_events(
    market: MarketplaceClient, names: list[str], listing_id: int
) -> list[DecodedEvent]:
    """The Marketplace's events ``names`` about listing ``listing_id`` (each indexes it first),
    in chain order."""
    topics = ["0x" + market.registry.topic_of(name).hex() for name in names]
    logs = market.w3.eth.get_logs(
        {
            "address": market.address,
            "fromBlock": market.deploy_block,
            "toBlock": "latest",
            "topics": [topics, "0x" + listing_id.to_bytes(32, "big").hex()],
        }
    )
    events = market.registry.decode_logs(logs, skip_unknown=True)
    return sorted((e for e in events if not e.removed), key=lambda e: (e.block_number, e.log_index))


def purchase_event(market: MarketplaceClient, order_id: int) -> DecodedEvent:
    """The ``Purchased`` or ``OrderPlaced`` event that created listing order ``order_id``.

    Raises:
        OrderNotFoundError: No purchase has that id.
    """
    for event in listing_events(market, ["Purchased", "OrderPlaced"], order_id >> 32):
        if event.args["orderId"] == order_id:
            return event
    raise OrderNotFoundError(
        f"no purchase with order id {order_id} on the Marketplace at {market.address}; "
        "check the id the buy command printed"
    )


def show_orders(api: str, role: str, address: str, status: str | None, limit: int) -> None:
    """Print the orders the API knows where ``address`` is the ``role`` (seller or buyer)."""
    from bazaar.api_client import BazaarApi
    from core.constants import ZERO_ADDRESS

    client = BazaarApi(api)
    params: dict[str, str | int] = {role: address, "limit": limit}
    if status is not None:
        params["status"] = status
    orders = client.get("/v1/orders", **params)["data"]
    if not orders:
        console.print(f"no orders as {role} for {address} (is the indexer running?)")
        return
    table = Table(title=f"orders of {role} {address}")
    for column in ("order", "listing", "status", "amount", "qty", "other side"):
        table.add_column(column, no_wrap=column in ("order", "other side"))
    for order in orders:
        decimals, symbol = (ETH_DECIMALS, "ETH") if order["token"] == ZERO_ADDRESS else (0, "")
        amount = (
            format_amount(int(order["amount"]), decimals, symbol)
            if symbol
            else f"{order['amount']} units of {order['token']}"
        )
        other = order["buyer"] if role == "seller" else order["seller"]
        table.add_row(
            str(order["order_id"]),
            str(order["listing_id"] or "-"),
            order["status"],
            amount,
            str(order["quantity"]),
            other,
        )
    console.print(table)
