"""The ReviewCredits projection: balances as running totals, every move, promotions.

Credits move three ways only (docs/reviews.md): minted to a review's author (``Transfer``
from the zero address), spent at checkout (``Transfer`` from the buyer to the seller, next
to the Marketplace's ``CreditsSpent``) and burned by a seller promoting a listing
(``Transfer`` to the zero address, then ``ListingPromoted``). Every event of the ABI is
handled here or listed in ``ignored``.
"""

from __future__ import annotations

from core.constants import ZERO_ADDRESS
from indexer.models.core import FeedKind
from indexer.models.credits import CreditBalance, CreditTransfer, ListingPromotion, Promotion
from indexer.models.reputation import SellerReputation
from indexer.projections.base import EventContext, Projection
from indexer.projections.reputation import count
from indexer.store.tables import Row


def _balance(context: EventContext, holder: str) -> Row:
    credits = context.event.address
    row = context.rows.edit_or_create(
        CreditBalance,
        (credits, holder),
        lambda: {"credits": credits, "holder": holder, "updated_block": context.block},
    )
    row["updated_block"] = context.block
    return row


def on_transfer(context: EventContext) -> None:
    """A mint, a checkout spend or a burn."""
    sender, recipient, amount = (context.args[k] for k in ("from", "to", "value"))
    if sender == ZERO_ADDRESS:
        kind = "mint"
        row = _balance(context, recipient)
        row["minted"] += amount
        row["balance"] += amount
    elif recipient == ZERO_ADDRESS:
        kind = "burn"
        row = _balance(context, sender)
        row["burned"] += amount
        row["balance"] -= amount
    else:
        kind = "spend"
        paying = _balance(context, sender)
        paying["spent"] += amount
        paying["balance"] -= amount
        paid = _balance(context, recipient)
        paid["received"] += amount
        paid["balance"] += amount
    context.rows.append(
        CreditTransfer,
        {
            "credits": context.event.address,
            "kind": kind,
            "sender": sender,
            "recipient": recipient,
            "amount": amount,
            "timestamp": context.timestamp,
            **context.position(),
        },
    )


def on_listing_promoted(context: EventContext) -> None:
    """A seller burned credits to promote one of its listings."""
    args = context.args
    market, listing_id, seller = args["market"], args["listingId"], args["seller"]
    context.rows.append(
        Promotion,
        {
            "credits": context.event.address,
            "market": market,
            "listing_id": listing_id,
            "seller": seller,
            "amount": args["amount"],
            "timestamp": context.timestamp,
            **context.position(),
        },
    )
    totals = context.rows.edit_or_create(
        ListingPromotion,
        (market, listing_id),
        lambda: {
            "market": market,
            "listing_id": listing_id,
            "seller": seller,
            "last_promoted_at": context.timestamp,
            "updated_block": context.block,
        },
    )
    totals["burned"] += args["amount"]
    totals["promotions"] += 1
    totals.update(last_promoted_at=context.timestamp, updated_block=context.block)
    count(context, seller, "promotions")
    context.feed.add(
        context.event,
        context.timestamp,
        kind=FeedKind.PROMOTED,
        actor=seller,
        subject_type="listing",
        subject_id=listing_id,
        seller=seller,
        token=context.event.address,
        amount=args["amount"],
    )


PROJECTION = Projection(
    contract="ReviewCredits",
    handlers={"Transfer": on_transfer, "ListingPromoted": on_listing_promoted},
    # Approval never happens (approve reverts); spender and owner changes are admin.
    ignored=frozenset(
        {"Approval", "SpenderUpdated", "OwnershipTransferStarted", "OwnershipTransferred"}
    ),
    append_only=(CreditTransfer, Promotion),
    mutable=(CreditBalance, ListingPromotion, SellerReputation),
)
