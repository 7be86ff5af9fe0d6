"""Ground truth for Reputation, ReviewCredits and VoucherBook tables (see oracle.py).

Each deal, review, balance and voucher is derived from the complete list of its own events.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from oracle_parts import Contribution

if TYPE_CHECKING:
    from oracle import Ev

Row = dict[str, Any]
ZERO = "0x0000000000000000000000000000000000000000"
KIND = {0: "purchase", 1: "rental", 2: "installment"}
SUBJECT = {"purchase": "order", "rental": "rental", "installment": "plan"}
REASON = [
    "not_delivered",
    "not_as_described",
    "counterfeit",
    "impersonation",
    "false_dispute",
    "abuse",
    "other",
]
DEAL_STEPS = ("ReviewPosted", "ReviewEdited", "ResponsePosted", "ReportFiled")


def _ratings(review: Row) -> Row:
    return {
        "rating": review["rating"],
        "quality": review["quality"],
        "as_described": review["asDescribed"],
        "delivery": review["delivery"],
        "communication": review["communication"],
        "text_hash": review["textHash"],
    }


def _feed(ev: Ev, deal: Row, kind: str, actor: str, amount: int | None) -> Row:
    return {
        "kind": kind,
        "actor": actor,
        "subject_type": SUBJECT[deal["kind"]],
        "subject_id": str(deal["deal_id"]),
        "seller": deal["seller"],
        "buyer": deal["buyer"],
        "token": deal["token"],
        "amount": amount,
        "quantity": None,
        "block_hash": ev.e.block_hash,
        "timestamp": ev.ts,
        **ev.pos(),
    }


def expected_reviews(
    events: list[Ev],
) -> tuple[dict[str, list[Row]], list[Row], list[Contribution]]:
    """(tables, feed, contributions) of the Reputation contract's events."""
    deals: dict[tuple[str, int], Row] = {}
    for ev in events:
        if ev.e.event == "DealRecorded":
            a = ev.a
            deals[(a["source"], a["dealId"])] = {
                "source": a["source"],
                "deal_id": a["dealId"],
                "kind": KIND[a["kind"]],
                "buyer": a["buyer"],
                "seller": a["seller"],
                "token": a["token"],
                "value": a["value"],
                "fee": a["fee"],
                "buyer_reviewed_at": None,
                "seller_reviewed_at": None,
                "flags": 0,
                "recorded_at": ev.ts,
                "recorded_block": ev.e.block_number,
                "recorded_tx": ev.e.tx_hash,
                "updated_block": ev.e.block_number,
            }
    steps: dict[tuple[str, int], list[Ev]] = defaultdict(list)
    for ev in events:
        if ev.e.event in DEAL_STEPS:
            steps[(ev.a["source"], ev.a["dealId"])].append(ev)
    reviews: dict[tuple[str, int, str], Row] = {}
    revisions, reports, feed = [], [], []
    contributions: list[Contribution] = []
    for key, mine in steps.items():
        deal = deals[key]
        deal["updated_block"] = mine[-1].e.block_number
        buyer, seller, fee, token = deal["buyer"], deal["seller"], deal["fee"], deal["token"]
        for ev in mine:
            a, name, block = ev.a, ev.e.event, ev.e.block_number
            who = a.get("author") or a["reporter"]
            is_buyer = who == buyer
            if name == "ReviewPosted":
                deal["buyer_reviewed_at" if is_buyer else "seller_reviewed_at"] = ev.ts
                ratings = _ratings(a["review"])
                reviews[(*key, who)] = {
                    "source": key[0],
                    "deal_id": key[1],
                    "author": who,
                    "side": "buyer" if is_buyer else "seller",
                    "subject": seller if is_buyer else buyer,
                    "kind": deal["kind"],
                    "token": token,
                    "fee": fee,
                    **ratings,
                    "credits": a["credits"],
                    "posted_at": ev.ts,
                    "edited_at": None,
                    "response_hash": None,
                    "responded_at": None,
                    "updated_block": block,
                    **ev.pos(),
                }
                revisions.append(
                    {
                        **key_of(key, who),
                        "action": "posted",
                        **ratings,
                        "timestamp": ev.ts,
                        **ev.pos(),
                    }
                )
                if is_buyer:
                    r = ratings["rating"]
                    contributions.append(
                        Contribution(
                            block,
                            seller,
                            {"reviews": 1, "rating_sum": r},
                            token,
                            {
                                "reviews": 1,
                                "rating_sum": r,
                                "review_fees": fee,
                                "rating_fee_sum": r * fee,
                            },
                        )
                    )
                feed.append(_feed(ev, deal, "reviewed", who, a["credits"]))
            elif name == "ReviewEdited":
                deal["flags"] |= 0x01 if is_buyer else 0x10
                review = reviews[(*key, who)]
                ratings = _ratings(a["review"])
                if is_buyer:
                    d = ratings["rating"] - review["rating"]
                    contributions.append(
                        Contribution(
                            block,
                            seller,
                            {"rating_sum": d},
                            token,
                            {"rating_sum": d, "rating_fee_sum": d * fee},
                        )
                    )
                review.update(ratings, edited_at=ev.ts, updated_block=block)
                revisions.append(
                    {
                        **key_of(key, who),
                        "action": "edited",
                        **ratings,
                        "timestamp": ev.ts,
                        **ev.pos(),
                    }
                )
                feed.append(_feed(ev, deal, "review_edited", who, None))
            elif name == "ResponsePosted":
                deal["flags"] |= 0x20 if is_buyer else 0x02
                reviewed = reviews[(*key, seller if is_buyer else buyer)]
                reviewed.update(
                    response_hash=a["responseHash"], responded_at=ev.ts, updated_block=block
                )
                if not is_buyer:
                    contributions.append(Contribution(block, seller, {"responses": 1}))
                feed.append(_feed(ev, deal, "review_responded", who, None))
            else:  # ReportFiled
                deal["flags"] |= 0x04 if is_buyer else 0x40
                reports.append(
                    {
                        "source": key[0],
                        "deal_id": key[1],
                        "reporter": who,
                        "accused": a["accused"],
                        "accused_side": "seller" if is_buyer else "buyer",
                        "reason": REASON[a["reason"]],
                        "evidence_hash": a["evidenceHash"],
                        "timestamp": ev.ts,
                        **ev.pos(),
                    }
                )
                if is_buyer:
                    contributions.append(Contribution(block, seller, {"reports_received": 1}))
    facts = [
        {
            "source": ev.a["source"],
            "deal_id": ev.a["dealId"],
            "party": ev.a["party"],
            "fact": ["dispute_lost", "default"][ev.a["fact"]],
            "amount": ev.a["amount"],
            "timestamp": ev.ts,
            **ev.pos(),
        }
        for ev in events
        if ev.e.event == "FactRecorded"
    ]
    sources: dict[str, Row] = {}
    tokens: dict[str, Row] = {}
    for ev in events:
        if ev.e.event == "DealSourceUpdated":
            sources[ev.a["source"]] = {
                "source": ev.a["source"],
                "registered": ev.a["registered"],
                "updated_block": ev.e.block_number,
            }
        elif ev.e.event == "CreditsUpdated":
            credits = ev.a["credits"]
            tokens[ev.a["token"]] = {
                "token": ev.a["token"],
                "credits": None if credits == ZERO else credits,
                "updated_block": ev.e.block_number,
            }
    tables = {
        "reputation_deals": list(deals.values()),
        "reviews": list(reviews.values()),
        "review_revisions": revisions,
        "review_reports": reports,
        "reputation_facts": facts,
        "deal_sources": list(sources.values()),
        "credit_tokens": list(tokens.values()),
    }
    return tables, feed, contributions


def key_of(key: tuple[str, int], author: str) -> Row:
    """The review-identifying columns of a revision."""
    return {"source": key[0], "deal_id": key[1], "author": author}


def expected_credits(
    events: list[Ev],
) -> tuple[dict[str, list[Row]], list[Row], list[Contribution]]:
    """(tables, feed, contributions) of ReviewCredits' events."""
    transfers = [ev for ev in events if ev.e.event == "Transfer"]
    holders = {ev.a["to"] for ev in transfers} | {ev.a["from"] for ev in transfers}
    balances = []
    for holder in sorted(holders - {ZERO}):
        mine = [ev for ev in transfers if holder in (ev.a["from"], ev.a["to"])]
        totals = dict.fromkeys(("minted", "received", "spent", "burned"), 0)
        for ev in mine:
            if ev.a["from"] == ZERO:
                totals["minted"] += ev.a["value"]
            elif ev.a["to"] == ZERO:
                totals["burned"] += ev.a["value"]
            elif ev.a["to"] == holder:
                totals["received"] += ev.a["value"]
            else:
                totals["spent"] += ev.a["value"]
        balances.append(
            {
                "credits": mine[0].e.address,
                "holder": holder,
                **totals,
                "balance": totals["minted"]
                + totals["received"]
                - totals["spent"]
                - totals["burned"],
                "updated_block": mine[-1].e.block_number,
            }
        )
    moves = [
        {
            "credits": ev.e.address,
            "kind": "mint" if ev.a["from"] == ZERO else "burn" if ev.a["to"] == ZERO else "spend",
            "sender": ev.a["from"],
            "recipient": ev.a["to"],
            "amount": ev.a["value"],
            "timestamp": ev.ts,
            **ev.pos(),
        }
        for ev in transfers
    ]
    promoted = [ev for ev in events if ev.e.event == "ListingPromoted"]
    promotions = [
        {
            "credits": ev.e.address,
            "market": ev.a["market"],
            "listing_id": ev.a["listingId"],
            "seller": ev.a["seller"],
            "amount": ev.a["amount"],
            "timestamp": ev.ts,
            **ev.pos(),
        }
        for ev in promoted
    ]
    totals: dict[tuple[str, int], list[Ev]] = defaultdict(list)
    for ev in promoted:
        totals[(ev.a["market"], ev.a["listingId"])].append(ev)
    listing_totals = [
        {
            "market": market,
            "listing_id": listing_id,
            "seller": mine[0].a["seller"],
            "burned": sum(ev.a["amount"] for ev in mine),
            "promotions": len(mine),
            "last_promoted_at": mine[-1].ts,
            "updated_block": mine[-1].e.block_number,
        }
        for (market, listing_id), mine in totals.items()
    ]
    feed = [
        {
            "kind": "promoted",
            "actor": ev.a["seller"],
            "subject_type": "listing",
            "subject_id": str(ev.a["listingId"]),
            "seller": ev.a["seller"],
            "buyer": None,
            "token": ev.e.address,
            "amount": ev.a["amount"],
            "quantity": None,
            "block_hash": ev.e.block_hash,
            "timestamp": ev.ts,
            **ev.pos(),
        }
        for ev in promoted
    ]
    contributions = [
        Contribution(ev.e.block_number, ev.a["seller"], {"promotions": 1}) for ev in promoted
    ]
    tables = {
        "credit_balances": balances,
        "credit_transfers": moves,
        "promotions": promotions,
        "listing_promotions": listing_totals,
    }
    return tables, feed, contributions


def expected_vouchers(
    events: list[Ev], listing_token: dict[int, str]
) -> tuple[dict[str, list[Row]], list[Contribution]]:
    """(tables, contributions) of the VoucherBook's events."""
    grouped: dict[str, list[Ev]] = defaultdict(list)
    for ev in events:
        if ev.e.event in ("VoucherRedeemed", "VoucherCancelled"):
            grouped[ev.a["voucherHash"]].append(ev)
    vouchers, redemptions = [], []
    contributions: list[Contribution] = []
    for voucher_hash, mine in grouped.items():
        redeemed = [ev for ev in mine if ev.e.event == "VoucherRedeemed"]
        cancels = [ev for ev in mine if ev.e.event == "VoucherCancelled"]
        vouchers.append(
            {
                "voucher_hash": voucher_hash,
                "seller": mine[0].a["seller"],
                "redemptions": redeemed[-1].a["redemptions"] if redeemed else 0,
                "discount_total": sum(ev.a["discount"] for ev in redeemed),
                "cancelled": bool(cancels),
                "cancelled_at": cancels[0].ts if cancels else None,
                "first_redeemed_at": redeemed[0].ts if redeemed else None,
                "last_redeemed_at": redeemed[-1].ts if redeemed else None,
                "updated_block": mine[-1].e.block_number,
            }
        )
        for ev in redeemed:
            a = ev.a
            redemptions.append(
                {
                    "voucher_hash": voucher_hash,
                    "seller": a["seller"],
                    "buyer": a["buyer"],
                    "order_id": a["orderId"],
                    "discount": a["discount"],
                    "redemptions": a["redemptions"],
                    "timestamp": ev.ts,
                    **ev.pos(),
                }
            )
            contributions.append(
                Contribution(
                    ev.e.block_number,
                    a["seller"],
                    {"voucher_redemptions": 1},
                    listing_token[a["orderId"] >> 32],
                    {"voucher_discounts": a["discount"]},
                )
            )
        if cancels:
            contributions.append(
                Contribution(
                    cancels[0].e.block_number, cancels[0].a["seller"], {"vouchers_cancelled": 1}
                )
            )
    return {"vouchers": vouchers, "voucher_redemptions": redemptions}, contributions
