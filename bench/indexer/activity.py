"""Pre-mine a large, realistic Marketplace history on anvil, fast.

Transactions are sent with ``eth_sendTransaction`` from anvil's unlocked accounts in JSON-RPC
batches while automine is off, then mined with ``evm_mine`` into blocks of a few hundred
transactions (a busy mainnet block). The mix per block: mostly direct purchases, some
escrowed orders, the shipping and confirmation of earlier escrowed orders, and now and then
a listing update or a settlement of proceeds.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from eth_abi.abi import encode
from eth_utils.crypto import keccak

ZERO = "0x" + "00" * 20
ZERO_HASH = b"\x00" * 32
DAY = 86_400
FEE_BPS = 100
TX_PER_BLOCK = 400
GAS = 250_000
ORDER = (
    "(uint256,uint256,address,address,address,uint256,uint16,uint32,uint32,uint32,"
    "uint40,uint40,uint40,uint8)"
)


def _selector(signature: str) -> bytes:
    return keccak(text=signature)[:4]


def _topic(signature: str) -> str:
    return "0x" + keccak(text=signature).hex()


BUY = _selector("buy(uint256,uint32,uint256,bytes32)")
CREATE = _selector("createListing(address,uint96,uint32,bool,uint32,uint32,bytes32)")
UPDATE = _selector("updateListing(uint256,uint96,uint32,bytes32)")
SETTLE = _selector("settleProceeds(uint256[])")
SHIP = _selector(f"ship({ORDER},bytes32)")
CONFIRM = _selector(f"confirmDelivery({ORDER})")
LISTING_CREATED = _topic(
    "ListingCreated(uint256,address,address,uint256,uint256,bool,uint256,uint256,uint256,bytes32)"
)
ORDER_PLACED = _topic("OrderPlaced(uint256,address,uint256,uint256,uint256,bytes32)")


class Chain:
    """A JSON-RPC connection that batches."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = httpx.Client(timeout=300)
        self._id = 0

    def call(self, method: str, params: Sequence[Any]) -> Any:
        """One request."""
        return self.batch([(method, params)])[0]

    def batch(self, calls: Iterable[tuple[str, Sequence[Any]]]) -> list[Any]:
        """Many requests in one HTTP round trip; raises on any error."""
        payload = []
        for method, params in calls:
            self._id += 1
            payload.append({"jsonrpc": "2.0", "id": self._id, "method": method, "params": params})
        if not payload:
            return []
        answers = self.client.post(self.url, json=payload).json()
        by_id = {answer["id"]: answer for answer in answers}
        results = []
        for request in payload:
            answer = by_id[request["id"]]
            if "error" in answer:
                raise RuntimeError(f"{request['method']} failed: {answer['error']}")
            results.append(answer["result"])
        return results


@dataclass(frozen=True)
class Placed:
    """An escrowed one-unit order, as needed to ship and confirm it."""

    order_id: int
    listing: int
    seller: str
    buyer: str
    amount: int
    paid_at: int

    def abi(self, shipped_at: int, status: int) -> bytes:
        """The ``Order`` struct argument in its current state."""
        fields = (self.order_id, self.listing, self.seller, self.buyer, ZERO, self.amount)
        terms = (FEE_BPS, 1, DAY, 3 * DAY, self.paid_at, shipped_at, 0, status)
        return encode([ORDER], [fields + terms])


@dataclass
class Activity:
    """Queues Marketplace transactions and mines them into blocks."""

    chain: Chain
    marketplace: str
    sellers: list[str]
    buyers: list[str]
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    pending: list[dict[str, Any]] = field(default_factory=list)
    per_block: int = TX_PER_BLOCK
    blocks: list[tuple[int, int]] = field(default_factory=list)
    nonces: dict[str, int] = field(default_factory=dict)
    sent: int = 0

    def send(self, sender: str, data: bytes, value: int = 0) -> None:
        """Queue one transaction for the next :meth:`mine`."""
        if sender not in self.nonces:
            count = self.chain.call("eth_getTransactionCount", [sender, "pending"])
            self.nonces[sender] = int(count, 16)
        tx = {"from": sender, "to": self.marketplace, "data": "0x" + data.hex(), "gas": hex(GAS)}
        self.pending.append({**tx, "value": hex(value), "nonce": hex(self.nonces[sender])})
        self.nonces[sender] += 1

    def mine(self) -> None:
        """Send the queued transactions and mine them into one block."""
        if not self.pending:
            return
        self.chain.batch(("eth_sendTransaction", [tx]) for tx in self.pending)
        self.sent += len(self.pending)
        self.pending.clear()
        self.chain.call("evm_mine", [])
        block = self.chain.call("eth_getBlockByNumber", ["latest", False])
        self.blocks.append((int(block["number"], 16), int(block["timestamp"], 16)))

    def take_blocks(self) -> list[tuple[int, int]]:
        """The blocks mined since the last call: (number, timestamp)."""
        blocks, self.blocks = self.blocks, []
        return blocks

    def logs(self, block: int, topic: str | None = None) -> list[dict[str, Any]]:
        """The Marketplace's logs in ``block`` (with ``topic`` only, if given)."""
        where: dict[str, Any] = {"address": self.marketplace}
        if topic is not None:
            where["topics"] = [topic]
        logs: list[dict[str, Any]] = self.chain.call(
            "eth_getLogs", [{**where, "fromBlock": hex(block), "toBlock": hex(block)}]
        )
        return logs


def _address(topic: str) -> str:
    return "0x" + topic[-40:]


def create_listings(activity: Activity, count: int, *, escrow: bool, price: int) -> dict[int, str]:
    """Create ``count`` ETH listings spread over the sellers; listing id → seller."""
    windows = (DAY, 3 * DAY) if escrow else (0, 0)
    for index in range(count):
        seller = activity.sellers[index % len(activity.sellers)]
        meta = keccak(index.to_bytes(4, "big") + bytes([escrow]))
        args = encode(
            ["address", "uint96", "uint32", "bool", "uint32", "uint32", "bytes32"],
            [ZERO, price, 4_000_000_000, escrow, *windows, meta],
        )
        activity.send(seller, CREATE + args)
        if len(activity.pending) >= activity.per_block:
            activity.mine()
    activity.mine()
    found = {}
    for block, _stamp in activity.take_blocks():
        for log in activity.logs(block, LISTING_CREATED):
            found[int(log["topics"][1], 16)] = _address(log["topics"][2])
    return found


def generate(
    activity: Activity, target_events: int, price: int = 10**15, listings: int = 500
) -> int:
    """Mine Marketplace activity until at least ``target_events`` events; how many there are."""
    rng = activity.rng
    direct = create_listings(activity, listings * 4 // 5, escrow=False, price=price)
    escrowed = create_listings(activity, max(1, listings // 5), escrow=True, price=price)
    direct_ids, escrow_ids = sorted(direct), sorted(escrowed)
    calls = {
        # maxPrice is the listing's price: the updates below keep it.
        listing: BUY
        + encode(["uint256", "uint32", "uint256", "bytes32"], [listing, 1, price, ZERO_HASH])
        for listing in direct_ids + escrow_ids
    }
    events = len(direct) + len(escrowed)  # one ListingCreated each
    to_ship: list[Placed] = []
    to_confirm: list[tuple[Placed, int]] = []
    round_no = 0
    per_block = activity.per_block
    escrow_share, follow_ups = max(1, per_block // 10), max(1, per_block * 3 // 80)
    while events < target_events:
        round_no += 1
        for _ in range(per_block - 2 * escrow_share):
            activity.send(rng.choice(activity.buyers), calls[rng.choice(direct_ids)], price)
        for _ in range(escrow_share):
            activity.send(rng.choice(activity.buyers), calls[rng.choice(escrow_ids)], price)
        shipping, to_ship = to_ship[:follow_ups], to_ship[follow_ups:]
        confirming, to_confirm = to_confirm[:follow_ups], to_confirm[follow_ups:]
        for order in shipping:
            activity.send(order.seller, SHIP + order.abi(0, 1) + ZERO_HASH)
        for order, shipped_at in confirming:
            activity.send(order.buyer, CONFIRM + order.abi(shipped_at, 2))
        if round_no % 3 == 0:
            listing = rng.choice(direct_ids)
            terms = [listing, price, 10**9, ZERO_HASH]
            update = encode(["uint256", "uint96", "uint32", "bytes32"], terms)
            activity.send(direct[listing], UPDATE + update)
            seller_listings = [i for i in direct_ids if direct[i] == direct[listing]]
            activity.send(direct[listing], SETTLE + encode(["uint256[]"], [seller_listings]))
        activity.mine()  # one block per round, so the shipped orders' shippedAt is its time
        for block, stamp in activity.take_blocks():
            to_confirm.extend((order, stamp) for order in shipping)
            logs = activity.logs(block)
            events += len(logs)
            for log in logs:
                if log["topics"][0] != ORDER_PLACED:
                    continue
                listing = int(log["topics"][1], 16)
                order_id = int(log["data"][2:66], 16)
                buyer = _address(log["topics"][2])
                to_ship.append(Placed(order_id, listing, escrowed[listing], buyer, price, stamp))
    return events
