"""Ground truth for rental listings, rentals, their history, deals and feed (see oracle.py).

Each rental is folded from the complete list of its own events; the listing terms it got are
those of the listing's last ``RentalListingCreated``/``...Updated`` before the booking.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from oracle_parts import Contribution

if TYPE_CHECKING:
    from oracle import Ev

Row = dict[str, Any]
ZERO = "0x0000000000000000000000000000000000000000"
LISTING_STATUS = {1: "active", 2: "paused", 3: "closed"}
LISTING_EVENTS = ("RentalListingCreated", "RentalListingUpdated", "RentalListingStatusChanged")
STEPS = (
    "RentalBooked",
    "BookingCancelled",
    "HandoverConfirmed",
    "RentalReturned",
    "ReturnConfirmed",
    "DepositReleased",
    "ClaimDisputed",
    "ClaimSettled",
    "RentalDisputeResolved",
    "RentalLost",
)


def _terms(terms: Row) -> Row:
    return {
        "token": terms["token"],
        "daily_rate": terms["dailyRate"],
        "deposit": terms["deposit"],
        "late_fee_per_day": terms["lateFeePerDay"],
        "min_days": terms["minDays"],
        "max_days": terms["maxDays"],
        "grace_period": terms["gracePeriod"],
        "handover_window": terms["handoverWindow"],
        "inspection_window": terms["inspectionWindow"],
    }


def _listing_at(events: list[Ev], listing_id: int, upto: Ev) -> Row:
    """The listing as it was when ``upto`` happened."""
    mine = [
        ev
        for ev in events
        if ev.e.event in LISTING_EVENTS + ("RentalBooked",) and ev.a["listingId"] == listing_id
    ]
    created = mine[0]
    row: Row = {
        "listing_id": listing_id,
        "lender": created.a["lender"],
        "fee_bps": created.a["feeBps"],
        "status": "active",
        "rental_count": 0,
        "created_block": created.e.block_number,
        "created_tx": created.e.tx_hash,
        "created_at": created.ts,
    }
    for ev in mine:
        if (ev.e.block_number, ev.e.log_index) > (upto.e.block_number, upto.e.log_index):
            break
        if ev.e.event in ("RentalListingCreated", "RentalListingUpdated"):
            row.update(_terms(ev.a["terms"]), metadata_hash=ev.a["metadataHash"])
        elif ev.e.event == "RentalListingStatusChanged":
            row["status"] = LISTING_STATUS[ev.a["status"]]
        else:
            row["rental_count"] += 1
        row.update(updated_block=ev.e.block_number, updated_at=ev.ts)
    return row


def _rental(events: list[Ev], mine: list[Ev], arbiter_at: Any) -> tuple[Row, list[Row], list[Row]]:
    """A rental, its history and its feed items, from its own events."""
    booked = mine[0]
    listing = _listing_at(events, booked.a["listingId"], booked)
    copied = (
        "lender token daily_rate late_fee_per_day fee_bps min_days grace_period "
        "handover_window inspection_window"
    ).split()
    row: Row = {
        "rental_id": booked.a["rentalId"],
        "listing_id": booked.a["listingId"],
        "renter": booked.a["renter"],
        **{k: listing[k] for k in copied},
        "deposit": booked.a["deposit"],
        "rental_days": booked.a["rentalDays"],
        "rent": booked.a["rent"],
        "paid_days": 0,
        "booked_at": booked.ts,
        "created_block": booked.e.block_number,
        "created_tx": booked.e.tx_hash,
        "updated_block": mine[-1].e.block_number,
    }
    for column in ("renter_bps", "by_timeout", "evidence_hash", "dispute_reason", "closed_by"):
        row[column] = None
    for column in ("started_at", "ends_at", "returned_at", "claimed_at", "disputed_at"):
        row[column] = None
    row["closed_at"] = None
    lender_amounts = [
        ev.a["lenderAmount"]
        for ev in mine
        if ev.e.event in ("HandoverConfirmed", "RentalReturned", "RentalLost")
    ]
    fees = [
        ev.a["fee"]
        for ev in mine
        if ev.e.event in ("HandoverConfirmed", "RentalReturned", "RentalLost")
    ]
    row["lender_amount"], row["fee"] = sum(lender_amounts), sum(fees)
    row["rent_refund"] = sum(ev.a["refund"] for ev in mine if ev.e.event == "RentalReturned")
    row["cancel_refund"] = sum(ev.a["refund"] for ev in mine if ev.e.event == "BookingCancelled")
    row["deposit_returned"] = sum(
        ev.a["renterAmount"]
        for ev in mine
        if ev.e.event in ("ReturnConfirmed", "DepositReleased", "RentalDisputeResolved")
    )
    row.update(late_fee=0, claim=0, damages=0)
    history, feed = [], []
    status = "booked"
    for ev in mine:
        a, name = ev.a, ev.e.event
        if name == "RentalBooked":
            actor, amount, status, kind = a["renter"], a["rent"], "booked", "rented"
        elif name == "BookingCancelled":
            actor, amount, status, kind = a["by"], a["refund"], "cancelled", "rental_cancelled"
            row.update(closed_by=a["by"], closed_at=ev.ts)
        elif name == "HandoverConfirmed":
            actor, amount = row["lender"], a["lenderAmount"] + a["fee"]
            status, kind = "active", "rental_started"
            row.update(started_at=ev.ts, ends_at=a["endsAt"], paid_days=row["min_days"])
        elif name == "RentalReturned":
            actor, amount, status, kind = row["renter"], a["refund"], "returned", "returned"
            row.update(returned_at=ev.ts, paid_days=a["paidDays"], late_fee=a["lateFee"])
        elif name == "ReturnConfirmed":
            row["evidence_hash"] = a["evidenceHash"]
            if a["claim"] == 0:
                actor, amount, status = row["lender"], a["renterAmount"], "completed"
                kind = "rental_completed"
                row.update(closed_by=row["lender"], closed_at=ev.ts)
            else:
                actor, amount, status, kind = row["lender"], a["claim"], "claimed", "damage_claimed"
                row.update(claim=a["claim"], claimed_at=ev.ts)
        elif name == "DepositReleased":
            actor, amount, status, kind = (
                a["by"],
                a["renterAmount"],
                "completed",
                "rental_completed",
            )
            row.update(closed_by=a["by"], closed_at=ev.ts)
        elif name == "ClaimDisputed":
            actor, amount, status, kind = row["renter"], None, "disputed", "rental_disputed"
            row.update(disputed_at=ev.ts, dispute_reason=a["reasonHash"])
        elif name == "ClaimSettled":
            actor, amount, status, kind = (
                a["by"],
                a["lenderAmount"],
                "completed",
                "rental_completed",
            )
            row.update(closed_by=a["by"], closed_at=ev.ts, damages=a["lenderAmount"])
        elif name == "RentalDisputeResolved":
            actor = ZERO if a["byTimeout"] else (arbiter_at(ev) or ZERO)
            amount, status, kind = a["renterAmount"], "resolved", "rental_dispute_resolved"
            row.update(
                renter_bps=a["renterBps"],
                by_timeout=a["byTimeout"],
                damages=a["lenderAmount"],
                closed_at=ev.ts,
            )
        else:  # RentalLost
            actor, amount, status, kind = a["by"], a["deposit"], "lost", "rental_lost"
            row.update(
                paid_days=row["rental_days"],
                damages=a["deposit"],
                closed_by=a["by"],
                closed_at=ev.ts,
            )
        history.append(
            {
                "rental_id": row["rental_id"],
                "event": name,
                "status": status,
                "actor": actor,
                "amount": amount,
                "timestamp": ev.ts,
                **ev.pos(),
            }
        )
        feed.append(
            {
                "kind": kind,
                "actor": actor or row["renter"],
                "subject_type": "rental",
                "subject_id": str(row["rental_id"]),
                "seller": row["lender"],
                "buyer": row["renter"],
                "token": row["token"],
                "amount": amount,
                "quantity": None,
                "block_hash": ev.e.block_hash,
                "timestamp": ev.ts,
                **ev.pos(),
            }
        )
    row["status"] = status
    return row, history, feed


FINISHING = (
    "ReturnConfirmed",
    "DepositReleased",
    "ClaimSettled",
    "RentalDisputeResolved",
    "RentalLost",
)


def _deal(row: Row, ev: Ev) -> Row | None:
    a = ev.a
    if ev.e.event == "ReturnConfirmed" and a["claim"] != 0:
        return None
    damages = {
        "ReturnConfirmed": 0,
        "DepositReleased": 0,
        "ClaimSettled": a.get("lenderAmount", 0),
        "RentalDisputeResolved": a.get("lenderAmount", 0),
        "RentalLost": a.get("deposit", 0),
    }[ev.e.event]
    rent = row["paid_days"] * row["daily_rate"]
    return {
        "contract": "RentalEscrow",
        "deal_id": row["rental_id"],
        "kind": "rental",
        "buyer": row["renter"],
        "seller": row["lender"],
        "token": row["token"],
        "value": rent + row["late_fee"] + damages,
        "fee": rent * row["fee_bps"] // 10_000,
        "timestamp": ev.ts,
        **ev.pos(),
    }


def expected_rentals(
    events: list[Ev],
) -> tuple[dict[str, list[Row]], list[Row], list[Contribution]]:
    """(tables, feed items, seller contributions) of the RentalEscrow's events."""
    arbiters = [ev for ev in events if ev.e.event == "ArbiterUpdated"]

    def arbiter_at(at: Ev) -> str | None:
        before = [ev for ev in arbiters if ev.e.block_number <= at.e.block_number]
        return before[-1].a["arbiter"] if before else None

    listing_ids = [ev.a["listingId"] for ev in events if ev.e.event == "RentalListingCreated"]
    listings = {i: _listing_at(events, i, events[-1]) for i in listing_ids}
    grouped: dict[int, list[Ev]] = defaultdict(list)
    for ev in events:
        if ev.e.event in STEPS:
            grouped[ev.a["rentalId"]].append(ev)
    rentals, history, feed, deals = [], [], [], []
    contributions: list[Contribution] = []
    for mine in grouped.values():
        row, steps, items = _rental(events, mine, arbiter_at)
        rentals.append(row)
        history += steps
        feed += items
        lender, token = row["lender"], row["token"]
        for ev in mine:
            block, a = ev.e.block_number, ev.a
            if ev.e.event == "RentalBooked":
                contributions.append(Contribution(block, lender, {"rentals": 1}))
            elif ev.e.event == "BookingCancelled":
                contributions.append(
                    Contribution(
                        block, lender, {"cancellations": 1}, token, {"refunded": row["rent"]}
                    )
                )
            elif ev.e.event == "RentalReturned" and a["refund"]:
                contributions.append(
                    Contribution(block, None, {}, token, {"refunded": a["refund"]}, lender)
                )
            elif ev.e.event == "ClaimDisputed":
                contributions.append(Contribution(block, lender, {"disputes": 1}))
            elif ev.e.event == "RentalDisputeResolved":
                if a["byTimeout"]:
                    contributions.append(Contribution(block, lender, {"disputes_expired": 1}))
                elif a["renterBps"] != 5_000:
                    counter = "disputes_lost" if a["renterBps"] > 5_000 else "disputes_won"
                    contributions.append(Contribution(block, lender, {counter: 1}))
            if ev.e.event in FINISHING:
                deal = _deal(row, ev)
                if deal is not None:
                    deals.append(deal)
    for ev in events:
        if ev.e.event == "RentalListingCreated":
            contributions.append(Contribution(ev.e.block_number, ev.a["lender"], {"listings": 1}))
    feed += _listing_feed(events, listings)
    tables = {
        "rental_listings": list(listings.values()),
        "rentals": rentals,
        "rental_events": history,
        "deals": deals,
    }
    return tables, feed, contributions


def _listing_feed(events: list[Ev], listings: dict[int, Row]) -> list[Row]:
    status_kind = {
        1: "rental_listing_resumed",
        2: "rental_listing_paused",
        3: "rental_listing_closed",
    }
    items = []
    for ev in events:
        if ev.e.event not in LISTING_EVENTS:
            continue
        at = _listing_at(events, ev.a["listingId"], ev)
        kind = {
            "RentalListingCreated": "rental_listing_created",
            "RentalListingUpdated": "rental_listing_updated",
        }.get(ev.e.event) or status_kind[ev.a["status"]]
        items.append(
            {
                "kind": kind,
                "actor": at["lender"],
                "subject_type": "rental_listing",
                "subject_id": str(ev.a["listingId"]),
                "seller": at["lender"],
                "buyer": None,
                "token": at["token"],
                "amount": at["daily_rate"],
                "quantity": None,
                "block_hash": ev.e.block_hash,
                "timestamp": ev.ts,
                **ev.pos(),
            }
        )
    return items
