"""Deals and seller aggregates, shared by every deal source's projection.

Marketplace purchases use these today; the RentalEscrow and InstallmentPlans projections
call the same :func:`record_deal` with their own ``kind`` when they land, so a seller's
reputation sums over every source.
"""

from __future__ import annotations

from chain.deal_kinds import DealKind
from indexer.models.reputation import Deal, SellerReputation, SellerVolume
from indexer.projections.base import EventContext
from indexer.store.tables import Row


def seller_stats(context: EventContext, seller: str) -> Row:
    """The seller's counters row, created on first use, marked as updated now."""
    row = context.rows.edit_or_create(
        SellerReputation, (seller,), lambda: {"seller": seller, "updated_block": context.block}
    )
    row["updated_block"] = context.block
    return row


def seller_volume(context: EventContext, seller: str, token: str) -> Row:
    """The seller's volume row in ``token``, created on first use."""
    row = context.rows.edit_or_create(
        SellerVolume,
        (seller, token),
        lambda: {"seller": seller, "token": token, "updated_block": context.block},
    )
    row["updated_block"] = context.block
    return row


def count(context: EventContext, seller: str, counter: str) -> None:
    """Add one to the seller's ``counter`` (``orders``, ``disputes``, ``refunds``, ...)."""
    seller_stats(context, seller)[counter] += 1


def record_deal(
    context: EventContext,
    *,
    kind: DealKind,
    deal_id: int,
    buyer: str,
    seller: str,
    token: str,
    value: int,
    fee: int,
) -> None:
    """Record a completed deal, as the source reports it to ``IDealRecorder.recordDeal``.

    Args:
        context: The completing event.
        kind: What kind of deal it is (stored as its label: ``purchase``...).
        deal_id: The source's id of the deal.
        buyer: The buyer, renter or borrower.
        seller: The seller or lender.
        token: Payment token, the zero address for ETH.
        value: What the seller received, before the platform fee.
        fee: The platform fee.
    """
    context.rows.append(
        Deal,
        {
            "contract": context.event.contract or context.event.address,
            "deal_id": deal_id,
            "kind": kind.label,
            "buyer": buyer,
            "seller": seller,
            "token": token,
            "value": value,
            "fee": fee,
            "timestamp": context.timestamp,
            **context.position(),
        },
    )
    stats = seller_stats(context, seller)
    stats["deals"] += 1
    if stats["first_deal_at"] is None:
        stats["first_deal_at"] = context.timestamp
    stats["last_deal_at"] = context.timestamp
    volume = seller_volume(context, seller, token)
    volume["deals"] += 1
    volume["value"] += value
    volume["fees"] += fee


def record_refund(context: EventContext, seller: str, token: str, amount: int) -> None:
    """Count a refund (or a cancellation's repayment) against the seller."""
    seller_volume(context, seller, token)["refunded"] += amount
