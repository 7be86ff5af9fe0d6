"""The Reputation projection: recorded deals, reviews (with edits), responses, reports, facts.

Reviews by a deal's buyer (renter, borrower) are about its seller (lender) and feed the
seller's aggregates: count and sum of ratings, and per token the fee-weighted sum, so a score
can weigh each review by the fee its deal paid (docs/reviews.md). Reviews by the seller are
about the buyer and feed no aggregate (no per-buyer aggregates). Every event of the ABI is
handled here or listed in ``ignored``.
"""

from __future__ import annotations

from typing import Any

from chain.deal_kinds import DealKind
from core.constants import ZERO_ADDRESS
from indexer.models.core import FeedKind
from indexer.models.reputation import SellerReputation, SellerVolume
from indexer.models.reviews import (
    CreditToken,
    DealSource,
    ReputationDeal,
    ReputationFact,
    Review,
    ReviewReport,
    ReviewRevision,
)
from indexer.projections.base import EventContext, Projection
from indexer.projections.reputation import seller_stats, seller_volume
from indexer.store.tables import Row

FACT = {0: "dispute_lost", 1: "default"}
REPORT_REASON = {
    0: "not_delivered",
    1: "not_as_described",
    2: "counterfeit",
    3: "impersonation",
    4: "false_dispute",
    5: "abuse",
    6: "other",
}
# DealFlags (contracts/types/Deal.sol): one nibble per side, the buyer's low.
EDITED, ANSWERED, REPORTED = 0x01, 0x02, 0x04
RATINGS = ("rating", "quality", "as_described", "delivery", "communication")


def _flag(buyer_side: bool, what: int) -> int:
    return what if buyer_side else what << 4


def _deal(context: EventContext) -> Row:
    """The recorded deal the current event names, to change."""
    row = context.rows.require(ReputationDeal, context.args["source"], context.args["dealId"])
    row["updated_block"] = context.block
    return row


def _ratings(review: dict[str, Any]) -> dict[str, Any]:
    return {
        "rating": review["rating"],
        "quality": review["quality"],
        "as_described": review["asDescribed"],
        "delivery": review["delivery"],
        "communication": review["communication"],
        "text_hash": review["textHash"],
    }


def _revision(context: EventContext, action: str, ratings: dict[str, Any]) -> None:
    args = context.args
    context.rows.append(
        ReviewRevision,
        {
            "source": args["source"],
            "deal_id": args["dealId"],
            "author": args["author"],
            "action": action,
            **ratings,
            "timestamp": context.timestamp,
            **context.position(),
        },
    )


def _rate_seller(context: EventContext, deal: Row, count: int, rating: int) -> None:
    """Add ``count`` reviews worth ``rating`` in total to the seller's aggregates."""
    stats = seller_stats(context, deal["seller"])
    stats["reviews"] += count
    stats["rating_sum"] += rating
    volume = seller_volume(context, deal["seller"], deal["token"])
    volume["reviews"] += count
    volume["rating_sum"] += rating
    volume["review_fees"] += count * deal["fee"]
    volume["rating_fee_sum"] += rating * deal["fee"]


def _feed(context: EventContext, deal: Row, kind: FeedKind, actor: str, amount: int | None) -> None:
    context.feed.add(
        context.event,
        context.timestamp,
        kind=kind,
        actor=actor,
        subject_type=DealKind.from_label(deal["kind"]).subject,
        subject_id=deal["deal_id"],
        seller=deal["seller"],
        buyer=deal["buyer"],
        token=deal["token"],
        amount=amount,
    )


def on_deal_recorded(context: EventContext) -> None:
    """A source recorded a completed deal: it becomes reviewable."""
    args = context.args
    context.rows.create(
        ReputationDeal,
        {
            "source": args["source"],
            "deal_id": args["dealId"],
            "kind": DealKind(args["kind"]).label,
            "buyer": args["buyer"],
            "seller": args["seller"],
            "token": args["token"],
            "value": args["value"],
            "fee": args["fee"],
            "recorded_at": context.timestamp,
            "recorded_block": context.block,
            "recorded_tx": context.event.tx_hash,
            "updated_block": context.block,
        },
    )


def on_review_posted(context: EventContext) -> None:
    """A party reviewed the other side; credits minted to it (their ``Transfer`` too)."""
    args = context.args
    deal = _deal(context)
    buyer_side = args["author"] == deal["buyer"]
    deal["buyer_reviewed_at" if buyer_side else "seller_reviewed_at"] = context.timestamp
    ratings = _ratings(args["review"])
    context.rows.create(
        Review,
        {
            "source": args["source"],
            "deal_id": args["dealId"],
            "author": args["author"],
            "side": "buyer" if buyer_side else "seller",
            "subject": deal["seller"] if buyer_side else deal["buyer"],
            "kind": deal["kind"],
            "token": deal["token"],
            "fee": deal["fee"],
            **ratings,
            "credits": args["credits"],
            "posted_at": context.timestamp,
            "updated_block": context.block,
            **context.position(),
        },
    )
    _revision(context, "posted", ratings)
    if buyer_side:
        _rate_seller(context, deal, 1, ratings["rating"])
    _feed(context, deal, FeedKind.REVIEWED, args["author"], args["credits"])


def on_review_edited(context: EventContext) -> None:
    """The author revised its review (once): the new version replaces the old."""
    args = context.args
    deal = _deal(context)
    buyer_side = args["author"] == deal["buyer"]
    deal["flags"] |= _flag(buyer_side, EDITED)
    review = context.rows.require(Review, args["source"], args["dealId"], args["author"])
    ratings = _ratings(args["review"])
    if buyer_side:
        stats = seller_stats(context, deal["seller"])
        stats["rating_sum"] += ratings["rating"] - review["rating"]
        volume = seller_volume(context, deal["seller"], deal["token"])
        volume["rating_sum"] += ratings["rating"] - review["rating"]
        volume["rating_fee_sum"] += (ratings["rating"] - review["rating"]) * deal["fee"]
    review.update(ratings, edited_at=context.timestamp, updated_block=context.block)
    _revision(context, "edited", ratings)
    _feed(context, deal, FeedKind.REVIEW_EDITED, args["author"], None)


def on_response_posted(context: EventContext) -> None:
    """The reviewed party answered the review about it."""
    args = context.args
    deal = _deal(context)
    responder_is_buyer = args["author"] == deal["buyer"]
    deal["flags"] |= _flag(not responder_is_buyer, ANSWERED)
    reviewer = deal["seller"] if responder_is_buyer else deal["buyer"]
    review = context.rows.require(Review, args["source"], args["dealId"], reviewer)
    review.update(
        response_hash=args["responseHash"],
        responded_at=context.timestamp,
        updated_block=context.block,
    )
    if not responder_is_buyer:
        seller_stats(context, deal["seller"])["responses"] += 1
    _feed(context, deal, FeedKind.REVIEW_RESPONDED, args["author"], None)


def on_report_filed(context: EventContext) -> None:
    """A party reported the other side as fraudulent (no outcome on chain)."""
    args = context.args
    deal = _deal(context)
    reporter_is_buyer = args["reporter"] == deal["buyer"]
    deal["flags"] |= _flag(reporter_is_buyer, REPORTED)
    context.rows.append(
        ReviewReport,
        {
            "source": args["source"],
            "deal_id": args["dealId"],
            "reporter": args["reporter"],
            "accused": args["accused"],
            "accused_side": "seller" if reporter_is_buyer else "buyer",
            "reason": REPORT_REASON[args["reason"]],
            "evidence_hash": args["evidenceHash"],
            "timestamp": context.timestamp,
            **context.position(),
        },
    )
    if reporter_is_buyer:
        seller_stats(context, deal["seller"])["reports_received"] += 1


def on_fact_recorded(context: EventContext) -> None:
    """A source reported a lost dispute or a default against a party."""
    args = context.args
    context.rows.append(
        ReputationFact,
        {
            "source": args["source"],
            "deal_id": args["dealId"],
            "party": args["party"],
            "fact": FACT[args["fact"]],
            "amount": args["amount"],
            "timestamp": context.timestamp,
            **context.position(),
        },
    )


def on_deal_source_updated(context: EventContext) -> None:
    """The owner registered or removed a deal source."""
    source = context.args["source"]
    row = context.rows.edit_or_create(
        DealSource,
        (source,),
        lambda: {"source": source, "registered": False, "updated_block": context.block},
    )
    row.update(registered=context.args["registered"], updated_block=context.block)


def on_credits_updated(context: EventContext) -> None:
    """The owner set (or removed) the credits contract of a payment token."""
    token = context.args["token"]
    credits = None if context.args["credits"] == ZERO_ADDRESS else context.args["credits"]
    row = context.rows.edit_or_create(
        CreditToken, (token,), lambda: {"token": token, "updated_block": context.block}
    )
    row.update(credits=credits, updated_block=context.block)


PROJECTION = Projection(
    contract="Reputation",
    handlers={
        "DealRecorded": on_deal_recorded,
        "ReviewPosted": on_review_posted,
        "ReviewEdited": on_review_edited,
        "ResponsePosted": on_response_posted,
        "ReportFiled": on_report_filed,
        "FactRecorded": on_fact_recorded,
        "DealSourceUpdated": on_deal_source_updated,
        "CreditsUpdated": on_credits_updated,
    },
    ignored=frozenset({"OwnershipTransferStarted", "OwnershipTransferred"}),
    append_only=(ReviewRevision, ReviewReport, ReputationFact),
    mutable=(ReputationDeal, Review, DealSource, CreditToken, SellerReputation, SellerVolume),
)
