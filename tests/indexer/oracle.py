"""Ground truth for the indexer, computed independently from ``eth_getLogs``.

This is a second, deliberately different implementation of the Marketplace projection:
no working set, no handlers table, no incremental updates. It fetches every log with
web3, then derives each table from the whole history at once (an order from all of its
events, a listing's stock from its last update and the purchases after it, a seller's
counters by counting). The tests compare every row the indexer wrote with these rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from indexer_helpers import Chain
from oracle_orders import expected_orders

from chain.events import DecodedEvent, EventRegistry

Row = dict[str, Any]
ZERO = "0x0000000000000000000000000000000000000000"
STATUS = {1: "active", 2: "paused", 3: "closed"}


@dataclass(frozen=True)
class Ev:
    """A decoded event and its block's timestamp."""

    e: DecodedEvent
    ts: int

    @property
    def a(self) -> dict[str, Any]:
        return self.e.args

    def pos(self) -> Row:
        return {
            "block_number": self.e.block_number,
            "log_index": self.e.log_index,
            "tx_hash": self.e.tx_hash,
        }


def history(chain: Chain) -> list[Ev]:
    """Every Marketplace event since deployment, with block timestamps, in chain order."""
    deployment = chain.manifest.get("Marketplace")
    logs = chain.w3.eth.get_logs(
        {"address": deployment.address, "fromBlock": deployment.deploy_block, "toBlock": "latest"}
    )
    registry = EventRegistry.from_artifacts(addresses=chain.manifest.address_map())
    stamps: dict[int, int] = {}
    events = []
    for decoded in registry.decode_logs(logs):
        if decoded.block_number not in stamps:
            block = chain.w3.eth.get_block(decoded.block_number)
            stamps[decoded.block_number] = int(block["timestamp"])
        events.append(Ev(decoded, stamps[decoded.block_number]))
    return sorted(events, key=lambda ev: (ev.e.block_number, ev.e.log_index))


def expected(chain: Chain) -> dict[str, list[Row]]:
    """Every derived table as the indexer should have written it."""
    events = history(chain)
    listings = _listings(events)
    orders, order_events, deals, feed_orders = expected_orders(events, listings)
    tables: dict[str, list[Row]] = {
        "raw_events": [_raw(chain, ev) for ev in events],
        "listings": list(listings.values()),
        "orders": orders,
        "order_events": order_events,
        "deals": deals,
        **_accounts(events, listings),
    }
    tables.update(_reputation(events, listings, orders, deals))
    tables["feed_items"] = _listing_feed(chain, events, listings) + [
        {**item, "chain_id": chain.w3.eth.chain_id, "contract": "Marketplace", "removed": False}
        for item in feed_orders
    ]
    deployment = chain.manifest.get("Marketplace")
    tables["contract_cursors"] = [
        {
            "address": deployment.address,
            "name": "Marketplace",
            "deploy_block": deployment.deploy_block,
            "indexed_block": chain.head(),
        }
    ]
    return tables


def _raw(chain: Chain, ev: Ev) -> Row:
    return {
        "chain_id": chain.w3.eth.chain_id,
        "block_number": ev.e.block_number,
        "log_index": ev.e.log_index,
        "block_hash": ev.e.block_hash,
        "tx_hash": ev.e.tx_hash,
        "timestamp": ev.ts,
        "contract": "Marketplace",
        "address": ev.e.address,
        "event": ev.e.event,
        "args": ev.a,
    }


def _listings(events: list[Ev]) -> dict[int, Row]:
    """Listings: terms from creation, state from the latest change after it."""
    found: dict[int, Row] = {}
    for ev in events:
        if ev.e.event == "ListingCreated":
            found[ev.a["listingId"]] = {
                "listing_id": ev.a["listingId"],
                "seller": ev.a["seller"],
                "token": ev.a["token"],
                "price": ev.a["price"],
                "escrow": ev.a["escrow"],
                "fee_bps": ev.a["feeBps"],
                "handling_time": ev.a["handlingTime"],
                "auto_release_window": ev.a["autoReleaseWindow"],
                "metadata_hash": ev.a["metadataHash"],
                "status": "active",
                "created_block": ev.e.block_number,
                "created_tx": ev.e.tx_hash,
                "created_at": ev.ts,
            }
    for listing_id, row in found.items():
        mine = [ev for ev in events if _listing_of(ev) == listing_id]
        last_set = max(
            i for i, ev in enumerate(mine) if ev.e.event in ("ListingCreated", "ListingUpdated")
        )
        update = mine[last_set]
        row["price"] = update.a["price"]
        row["metadata_hash"] = update.a["metadataHash"]
        sold = sum(_quantity(ev) for ev in mine[last_set + 1 :])
        row["stock"] = update.a["stock"] - sold
        row["order_count"] = sum(ev.e.event in ("Purchased", "OrderPlaced") for ev in mine)
        statuses = [ev for ev in mine if ev.e.event == "ListingStatusChanged"]
        if statuses:
            row["status"] = STATUS[statuses[-1].a["status"]]
        row["updated_block"] = mine[-1].e.block_number
        row["updated_at"] = mine[-1].ts
        row["unsettled"] = 0  # filled in by the order fold, which knows completions
    return found


def _listing_of(ev: Ev) -> int | None:
    """The listing whose stored state ``ev`` changes, if any (orders: see oracle_orders)."""
    if ev.e.event in ("ListingCreated", "ListingUpdated", "ListingStatusChanged"):
        return int(ev.a["listingId"])
    if ev.e.event in ("Purchased", "OrderPlaced", "ProceedsSettled"):
        return int(ev.a["listingId"])
    if ev.e.event == "OfferAccepted" and ev.a["offer"]["listingId"]:
        return int(ev.a["offer"]["listingId"])
    return None


def _quantity(ev: Ev) -> int:
    if ev.e.event in ("Purchased", "OrderPlaced"):
        return int(ev.a["quantity"])
    if ev.e.event == "OfferAccepted":
        return int(ev.a["offer"]["quantity"])
    return 0


def _accounts(events: list[Ev], listings: dict[int, Row]) -> dict[str, list[Row]]:
    payouts, nonces, keys = [], [], {}
    settings: Row = {"paused": False, "pending_owner": None}
    for ev in events:
        name, a = ev.e.event, ev.a
        base = {"timestamp": ev.ts, "fee": None, "listing_id": None, **ev.pos()}
        if name == "ProceedsSettled":
            token = listings[a["listingId"]]["token"]
            payouts.append(
                {
                    **base,
                    "kind": "proceeds_settled",
                    "account": a["seller"],
                    "token": token,
                    "amount": a["sellerAmount"],
                    "fee": a["fee"],
                    "listing_id": a["listingId"],
                }
            )
        elif name in ("Withdrawn", "FeesWithdrawn"):
            kind = "withdrawn" if name == "Withdrawn" else "fees_withdrawn"
            account = a["account"] if name == "Withdrawn" else a["recipient"]
            payouts.append(
                {
                    **base,
                    "kind": kind,
                    "account": account,
                    "token": a["token"],
                    "amount": a["amount"],
                }
            )
        elif name in ("NonceCancelled", "OfferAccepted"):
            offer_nonce = a["nonce"] if name == "NonceCancelled" else a["offer"]["nonce"]
            nonces.append(
                {
                    "seller": a["seller"],
                    "nonce": offer_nonce,
                    "order_id": a.get("orderId"),
                    "state": "cancelled" if name == "NonceCancelled" else "accepted",
                    **ev.pos(),
                }
            )
        elif name == "EncryptionKeyPublished":
            keys[a["seller"]] = {
                "seller": a["seller"],
                "key": a["key"],
                "updated_block": ev.e.block_number,
            }
        setting = {
            "FeeUpdated": ("fee_bps", "feeBps"),
            "FeeRecipientUpdated": ("fee_recipient", "feeRecipient"),
            "ArbiterUpdated": ("arbiter", "arbiter"),
            "DisputeTimeoutUpdated": ("dispute_timeout", "disputeTimeout"),
            "DealRecorderUpdated": ("deal_recorder", "dealRecorder"),
        }.get(name)
        if setting or name in (
            "Paused",
            "Unpaused",
            "OwnershipTransferred",
            "OwnershipTransferStarted",
        ):
            settings["address"] = ev.e.address
            settings["updated_block"] = ev.e.block_number
        if setting:
            settings[setting[0]] = a[setting[1]]
        if name in ("Paused", "Unpaused"):
            settings["paused"] = name == "Paused"
        if name == "OwnershipTransferStarted":
            settings["pending_owner"] = a["newOwner"]
        if name == "OwnershipTransferred":
            settings.update(owner=a["newOwner"], pending_owner=None)
    offers = [_offer(ev) for ev in events if ev.e.event == "OfferAccepted"]
    return {
        "payouts": payouts,
        "offer_nonces": nonces,
        "seller_keys": list(keys.values()),
        "marketplace_settings": [settings],
        "offers": offers,
    }


def _offer(ev: Ev) -> Row:
    offer = ev.a["offer"]
    return {
        "order_id": ev.a["orderId"],
        "seller": ev.a["seller"],
        "buyer": ev.a["buyer"],
        "offered_to": offer["buyer"],
        "listing_id": offer["listingId"] or None,
        "token": offer["token"],
        "amount": offer["amount"],
        "quantity": offer["quantity"],
        "escrow": offer["escrow"],
        "handling_time": offer["handlingTime"],
        "auto_release_window": offer["autoReleaseWindow"],
        "expiry": offer["expiry"],
        "nonce": offer["nonce"],
        "metadata_hash": offer["metadataHash"],
        "fee_bps": ev.a["feeBps"],
        "timestamp": ev.ts,
        **ev.pos(),
    }


def _reputation(
    events: list[Ev], listings: dict[int, Row], orders: list[Row], deals: list[Row]
) -> dict[str, list[Row]]:
    """Counters per seller by counting rows, volumes by summing deals and refunds."""
    by_id = {order["order_id"]: order for order in orders}
    sellers: dict[str, Row] = defaultdict(lambda: defaultdict(int))
    touched: dict[str, int] = {}

    def bump(seller: str, counter: str, block: int) -> None:
        sellers[seller][counter] += 1
        touched[seller] = max(touched.get(seller, 0), block)

    volumes: dict[tuple[str, str], Row] = defaultdict(lambda: defaultdict(int))
    volume_touched: dict[tuple[str, str], int] = {}
    for ev in events:
        name, block = ev.e.event, ev.e.block_number
        order = by_id.get(ev.a.get("orderId"))
        if name == "ListingCreated":
            bump(ev.a["seller"], "listings", block)
        elif name in ("Purchased", "OrderPlaced", "OfferAccepted"):
            bump(order["seller"], "orders", block)  # type: ignore[index]
        elif name == "DisputeOpened":
            bump(order["seller"], "disputes", block)  # type: ignore[index]
        elif name in ("OrderRefunded", "OrderCancelled"):
            bump(order["seller"], "refunds" if name == "OrderRefunded" else "cancellations", block)  # type: ignore[index]
            key = (order["seller"], order["token"])  # type: ignore[index]
            volumes[key]["refunded"] += (
                ev.a["amount"] if name == "OrderRefunded" else ev.a["refund"]
            )
            volume_touched[key] = block
        elif name == "DisputeResolved":
            bps, seller = ev.a["buyerBps"], order["seller"]  # type: ignore[index]
            if ev.a["byTimeout"]:
                bump(seller, "disputes_expired", block)
            elif bps != 5_000:
                bump(seller, "disputes_lost" if bps > 5_000 else "disputes_won", block)
            else:
                touched[seller] = max(touched.get(seller, 0), block)
        if name in ("OrderCompleted", "DisputeResolved") and order is not None:
            touched[order["seller"]] = max(touched.get(order["seller"], 0), block)
    for deal in deals:
        seller, key = deal["seller"], (deal["seller"], deal["token"])
        stats = sellers[seller]
        stats["deals"] += 1
        stats.setdefault("first_deal_at", deal["timestamp"])
        stats["last_deal_at"] = deal["timestamp"]
        touched[seller] = max(touched.get(seller, 0), deal["block_number"])
        volumes[key]["deals"] += 1
        volumes[key]["value"] += deal["value"]
        volumes[key]["fees"] += deal["fee"]
        volume_touched[key] = max(volume_touched.get(key, 0), deal["block_number"])
    counters = (
        "listings",
        "orders",
        "deals",
        "disputes",
        "disputes_lost",
        "disputes_won",
        "disputes_expired",
        "refunds",
        "cancellations",
    )
    reputation = [
        {
            "seller": seller,
            **{c: stats.get(c, 0) for c in counters},
            "first_deal_at": stats.get("first_deal_at"),
            "last_deal_at": stats.get("last_deal_at"),
            "updated_block": touched[seller],
        }
        for seller, stats in sellers.items()
    ]
    volume_rows = [
        {
            "seller": s,
            "token": t,
            **{c: v.get(c, 0) for c in ("deals", "value", "fees", "refunded")},
            "updated_block": volume_touched[(s, t)],
        }
        for (s, t), v in volumes.items()
    ]
    return {"seller_reputation": reputation, "seller_volumes": volume_rows}


def _listing_feed(chain: Chain, events: list[Ev], listings: dict[int, Row]) -> list[Row]:
    kinds = {"ListingCreated": "listing_created", "ListingUpdated": "listing_updated"}
    status_kind = {1: "listing_resumed", 2: "listing_paused", 3: "listing_closed"}
    items = []
    for ev in events:
        if ev.e.event not in (*kinds, "ListingStatusChanged"):
            continue
        listing = listings[ev.a["listingId"]]
        item: Row = {
            "kind": kinds.get(ev.e.event) or status_kind[ev.a["status"]],
            "actor": listing["seller"],
            "subject_type": "listing",
            "subject_id": str(ev.a["listingId"]),
            "seller": listing["seller"],
            "buyer": None,
            "token": None,
            "amount": None,
            "quantity": None,
        }
        if ev.e.event != "ListingStatusChanged":
            item.update(token=listing["token"], amount=ev.a["price"], quantity=ev.a["stock"])
        items.append(
            {
                **item,
                "chain_id": chain.w3.eth.chain_id,
                "contract": "Marketplace",
                "removed": False,
                "block_hash": ev.e.block_hash,
                "timestamp": ev.ts,
                **ev.pos(),
            }
        )
    return items
