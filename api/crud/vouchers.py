"""A seller's vouchers as the chain knows them: redeemed, cancelled, or both.

Vouchers are signed off chain and never published; the VoucherBook shows a voucher's digest
only when a buyer redeems it or its seller cancels it, so a voucher nobody used is unknown
here. Vouchers are listed by digest (the keyset cursor): their rows change with every
redemption, so no time order stays put while a client pages.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from api.models.credits import SellerVouchersPublic, TokenAmountPublic, VoucherEntryPublic
from indexer.models import Order, SellerReputation, SellerVolume, Voucher, VoucherRedemption
from indexer.store.tables import table_of

VOUCHERS = table_of(Voucher)
REDEMPTIONS = table_of(VoucherRedemption)
ORDERS = table_of(Order)
STATS = table_of(SellerReputation)
VOLUMES = table_of(SellerVolume)


def _redeemed_on(session: Session, hashes: list[str]) -> dict[str, Any]:
    """The token and listing of an order each voucher in ``hashes`` discounted (a voucher
    is signed for one listing and token, so any of its orders tells)."""
    if not hashes:
        return {}
    rows = session.connection().execute(
        select(REDEMPTIONS.c.voucher_hash, ORDERS.c.token, ORDERS.c.listing_id)
        .select_from(REDEMPTIONS.join(ORDERS, ORDERS.c.order_id == REDEMPTIONS.c.order_id))
        .where(REDEMPTIONS.c.voucher_hash.in_(hashes))
    )
    return {row.voucher_hash: row for row in rows}


def _discounts(session: Session, seller: str) -> list[TokenAmountPublic]:
    rows = session.connection().execute(
        select(VOLUMES.c.token, VOLUMES.c.voucher_discounts)
        .where(VOLUMES.c.seller == seller)
        .order_by(VOLUMES.c.token)
    )
    return [
        TokenAmountPublic(token=row.token, amount=row.voucher_discounts)
        for row in rows
        if row.voucher_discounts > 0
    ]


def seller_vouchers(
    session: Session,
    seller: str,
    *,
    cancelled: bool | None,
    after: str | None,
    limit: int,
) -> SellerVouchersPublic:
    """``seller``'s vouchers by digest (``after`` a digest when given), with its totals."""
    where = [VOUCHERS.c.seller == seller]
    if cancelled is not None:
        where.append(VOUCHERS.c.cancelled.is_(cancelled))
    if after is not None:
        where.append(VOUCHERS.c.voucher_hash > after)
    connection = session.connection()
    rows = connection.execute(
        select(VOUCHERS).where(*where).order_by(VOUCHERS.c.voucher_hash).limit(limit + 1)
    ).all()
    page = rows[:limit]
    redeemed = _redeemed_on(session, [row.voucher_hash for row in page])
    data = []
    for row in page:
        order = redeemed.get(row.voucher_hash)
        data.append(
            VoucherEntryPublic(
                **row._mapping,
                token=order.token if order is not None else None,
                listing_id=order.listing_id if order is not None else None,
            )
        )
    stats = connection.execute(
        select(STATS.c.voucher_redemptions, STATS.c.vouchers_cancelled).where(
            STATS.c.seller == seller
        )
    ).first()
    return SellerVouchersPublic(
        seller=seller,
        redemptions=stats.voucher_redemptions if stats is not None else 0,
        cancelled=stats.vouchers_cancelled if stats is not None else 0,
        discounts=_discounts(session, seller),
        data=data,
        count=len(data),
        next_cursor=data[-1].voucher_hash if len(rows) > limit and data else None,
    )
