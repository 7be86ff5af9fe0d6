"""Ground truth for the indexer, computed independently from ``eth_getLogs``.

This is a second, deliberately different implementation of the projections: no working
set, no handlers table, no incremental updates. It fetches every log of every contract with
web3 (the VoucherBook's address read from the Marketplace, not derived), then derives each
table from the whole history at once (an order or a rental from all of its events, a
listing's stock from its last update and the purchases after it, a seller's counters by
counting). The tests compare every row the indexer wrote with these rows.

Marketplace tables are derived here and in oracle_orders.py; the other contracts' in
oracle_rentals.py, oracle_plans.py and oracle_reviews.py, which hand back their seller
contributions (oracle_parts.py) so that the aggregates are summed over every source here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from indexer_helpers import Chain
from oracle_orders import expected_orders
from oracle_parts import Contribution
from oracle_plans import expected_plans
from oracle_rentals import expected_rentals
from oracle_reviews import expected_credits, expected_reviews, expected_vouchers

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


def addresses(chain: Chain) -> dict[str, str]:
    """Every indexed contract's address by name, the VoucherBook as the Marketplace reports it."""
    found = {name: d.address for name, d in chain.manifest.contracts.items()}
    found["VoucherBook"] = chain.client(0).voucher_book().address
    return found


def history(chain: Chain) -> list[Ev]:
    """Every event of every contract since deployment, with block timestamps, in chain order."""
    by_name = addresses(chain)
    start = min(d.deploy_block for d in chain.manifest.contracts.values())
    logs = chain.w3.eth.get_logs(
        {"address": list(by_name.values()), "fromBlock": start, "toBlock": "latest"}  # type: ignore[typeddict-item]
    )
    registry = EventRegistry.from_artifacts(
        addresses={address: name for name, address in by_name.items()}
    )
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
    everything = history(chain)

    def of(name: str) -> list[Ev]:
        return [ev for ev in everything if ev.e.contract == name]

    events = of("Marketplace")
    listings = _listings(events)
    orders, order_events, deals, feed_orders = expected_orders(events, listings)
    tables: dict[str, list[Row]] = {
        "raw_events": [_raw(chain, ev) for ev in everything],
        "listings": list(listings.values()),
        "orders": orders,
        "order_events": order_events,
        "deals": deals,
        **_accounts(events, listings),
    }
    tables["marketplace_settings"] = [
        row
        for name in ("Marketplace", "RentalEscrow", "InstallmentPlans")
        if (row := _settings(of(name))) is not None
    ]
    tables["credit_spends"] = [
        {
            "order_id": ev.a["orderId"],
            "buyer": ev.a["buyer"],
            "seller": ev.a["seller"],
            "credits": ev.a["credits"],
            "amount": ev.a["amount"],
            "timestamp": ev.ts,
            **ev.pos(),
        }
        for ev in events
        if ev.e.event == "CreditsSpent"
    ]
    tables["payouts"] += _withdrawals(of("RentalEscrow"), "RentalEscrow")
    tables["payouts"] += _withdrawals(of("InstallmentPlans"), "InstallmentPlans")
    feeds: list[tuple[str, list[Row]]] = [("Marketplace", feed_orders)]
    contributions: list[Contribution] = []
    rental_tables, rental_feed, rental_parts = expected_rentals(of("RentalEscrow"))
    plan_tables, plan_feed, plan_parts = expected_plans(of("InstallmentPlans"))
    review_tables, review_feed, review_parts = expected_reviews(of("Reputation"))
    credit_tables, credit_feed, credit_parts = expected_credits(of("ReviewCredits"))
    listing_token = {listing_id: row["token"] for listing_id, row in listings.items()}
    voucher_tables, voucher_parts = expected_vouchers(of("VoucherBook"), listing_token)
    for more in (rental_tables, plan_tables, review_tables, credit_tables, voucher_tables):
        for table, found in more.items():
            tables[table] = tables.get(table, []) + found
    feeds += [
        ("RentalEscrow", rental_feed),
        ("InstallmentPlans", plan_feed),
        ("Reputation", review_feed),
        ("ReviewCredits", credit_feed),
    ]
    contributions = rental_parts + plan_parts + review_parts + credit_parts + voucher_parts
    tables.update(_reputation(events, listings, orders, tables["deals"], contributions))
    tables["feed_items"] = _listing_feed(chain, events, listings) + [
        {**item, "chain_id": chain.w3.eth.chain_id, "contract": contract, "removed": False}
        for contract, items in feeds
        for item in items
    ]
    by_name = addresses(chain)
    tables["contract_cursors"] = [
        {
            "address": by_name[name],
            "name": name,
            "deploy_block": chain.manifest.get(
                "Marketplace" if name == "VoucherBook" else name
            ).deploy_block,
            "indexed_block": chain.head(),
        }
        for name in by_name
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
        "contract": ev.e.contract,
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
                "credit_cap_bps": 0,
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
        caps = [ev for ev in mine if ev.e.event == "CreditCapUpdated"]
        if caps:
            row["credit_cap_bps"] = caps[-1].a["creditCapBps"]
        statuses = [ev for ev in mine if ev.e.event == "ListingStatusChanged"]
        if statuses:
            row["status"] = STATUS[statuses[-1].a["status"]]
        row["updated_block"] = mine[-1].e.block_number
        row["updated_at"] = mine[-1].ts
        row["unsettled"] = 0  # filled in by the order fold, which knows completions
    return found


def _listing_of(ev: Ev) -> int | None:
    """The listing whose stored state ``ev`` changes, if any (orders: see oracle_orders)."""
    if ev.e.event in (
        "ListingCreated",
        "ListingUpdated",
        "ListingStatusChanged",
        "CreditCapUpdated",
    ):
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
    for ev in events:
        name, a = ev.e.event, ev.a
        base = {
            "contract": "Marketplace",
            "plan_id": None,
            "timestamp": ev.ts,
            "fee": None,
            "listing_id": None,
            **ev.pos(),
        }
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
    offers = [_offer(ev) for ev in events if ev.e.event == "OfferAccepted"]
    return {
        "payouts": payouts,
        "offer_nonces": nonces,
        "seller_keys": list(keys.values()),
        "offers": offers,
    }


SETTING = {
    "FeeUpdated": ("fee_bps", "feeBps"),
    "FeeRecipientUpdated": ("fee_recipient", "feeRecipient"),
    "ArbiterUpdated": ("arbiter", "arbiter"),
    "DisputeTimeoutUpdated": ("dispute_timeout", "disputeTimeout"),
    "DealRecorderUpdated": ("deal_recorder", "dealRecorder"),
}
ADMIN = ("Paused", "Unpaused", "OwnershipTransferred", "OwnershipTransferStarted")


def _settings(events: list[Ev]) -> Row | None:
    """The settings row of one deal-source contract: the last value of each setting."""
    mine = [ev for ev in events if ev.e.event in SETTING or ev.e.event in ADMIN]
    if not mine:
        return None
    row: Row = {column: None for column, _ in SETTING.values()}
    row.update(owner=None, pending_owner=None, paused=False)
    row.update(address=mine[0].e.address, updated_block=mine[-1].e.block_number)
    for ev in mine:
        name, a = ev.e.event, ev.a
        if name in SETTING:
            row[SETTING[name][0]] = a[SETTING[name][1]]
        elif name in ("Paused", "Unpaused"):
            row["paused"] = name == "Paused"
        elif name == "OwnershipTransferStarted":
            row["pending_owner"] = a["newOwner"]
        else:
            row.update(owner=a["newOwner"], pending_owner=None)
    return row


def _withdrawals(events: list[Ev], contract: str) -> list[Row]:
    """Payouts of a contract whose proceeds are not per listing: withdrawals and fees."""
    rows = []
    for ev in events:
        if ev.e.event in ("Withdrawn", "FeesWithdrawn"):
            fees = ev.e.event == "FeesWithdrawn"
            rows.append(
                {
                    "contract": contract,
                    "kind": "fees_withdrawn" if fees else "withdrawn",
                    "account": ev.a["recipient" if fees else "account"],
                    "token": ev.a["token"],
                    "amount": ev.a["amount"],
                    "fee": None,
                    "listing_id": None,
                    "plan_id": None,
                    "timestamp": ev.ts,
                    **ev.pos(),
                }
            )
    return rows


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
    events: list[Ev],
    listings: dict[int, Row],
    orders: list[Row],
    deals: list[Row],
    contributions: list[Contribution],
) -> dict[str, list[Row]]:
    """Counters per seller by counting rows, volumes by summing deals and refunds; the other
    contracts' ``contributions`` added on top."""
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
    for part in contributions:
        if part.seller is not None:
            for counter, delta in part.stats.items():
                sellers[part.seller][counter] += delta
            touched[part.seller] = max(touched.get(part.seller, 0), part.block)
        if part.volume_key is not None and part.volume is not None:
            for column, delta in part.volume.items():
                volumes[part.volume_key][column] += delta
            volume_touched[part.volume_key] = max(
                volume_touched.get(part.volume_key, 0), part.block
            )
    for deal in sorted(deals, key=lambda d: (d["block_number"], d["log_index"])):
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
        "rentals",
        "plans",
        "plan_defaults",
        "reviews",
        "rating_sum",
        "responses",
        "reports_received",
        "voucher_redemptions",
        "vouchers_cancelled",
        "promotions",
    )
    volume_columns = (
        "deals",
        "value",
        "fees",
        "refunded",
        "reviews",
        "rating_sum",
        "review_fees",
        "rating_fee_sum",
        "voucher_discounts",
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
            **{c: v.get(c, 0) for c in volume_columns},
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
