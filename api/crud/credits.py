"""Review credits: an address's balances and moves, and the promotions sellers paid for.

Credits are chain data: anyone can read an address's ``Transfer`` logs, so
``/v1/credits/{address}`` answers for any address, as ``/v1/reviews?reviewer=`` does. They
are shown on a profile page only once its owner made the profile public (api/crud/profiles.py).

Moves and promotions are listed newest first by chain position (``"<block>.<log>"``, the
keyset cursor). A move's order (spends) or listing (burns) is found among the
``CreditsSpent`` and ``ListingPromoted`` logs of the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, tuple_
from sqlmodel import Session

from api.core.cursors import Position
from api.models.credits import (
    CreditBalanceEntryPublic,
    CreditMovePublic,
    CreditsPublic,
    PromotionEntryPublic,
    PromotionsPublic,
)
from indexer.models import (
    ContractCursor,
    CreditBalance,
    CreditSpend,
    CreditToken,
    CreditTransfer,
    Listing,
    Promotion,
)
from indexer.store.tables import table_of

BALANCES = table_of(CreditBalance)
TOKENS = table_of(CreditToken)
TRANSFERS = table_of(CreditTransfer)
SPENDS = table_of(CreditSpend)
PROMOTIONS = table_of(Promotion)
LISTINGS = table_of(Listing)
CURSORS = table_of(ContractCursor)
MOVE_POSITION = tuple_(TRANSFERS.c.block_number, TRANSFERS.c.log_index)
PROMOTION_POSITION = tuple_(PROMOTIONS.c.block_number, PROMOTIONS.c.log_index)


def balances(session: Session, holder: str) -> list[CreditBalanceEntryPublic]:
    """``holder``'s balance in every credits contract it ever held, with the payment token."""
    rows = (
        session.connection()
        .execute(
            select(BALANCES, TOKENS.c.token)
            .select_from(BALANCES.outerjoin(TOKENS, TOKENS.c.credits == BALANCES.c.credits))
            .where(BALANCES.c.holder == holder)
            .order_by(BALANCES.c.credits)
        )
        .all()
    )
    return [CreditBalanceEntryPublic.model_validate(dict(row._mapping)) for row in rows]


def _links(session: Session, rows: Sequence[Any]) -> dict[tuple[int, int], dict[str, Any]]:
    """The order of each spend and the listing of each burn among ``rows`` (moves)."""
    blocks = sorted({row.block_number for row in rows if row.kind in ("spend", "burn")})
    if not blocks:
        return {}
    connection = session.connection()
    orders = {
        (spend.tx_hash, spend.credits, spend.buyer, spend.amount): spend.order_id
        for spend in connection.execute(select(SPENDS).where(SPENDS.c.block_number.in_(blocks)))
    }
    promoted = {
        (promotion.tx_hash, promotion.credits, promotion.seller, promotion.amount): promotion
        for promotion in connection.execute(
            select(PROMOTIONS).where(PROMOTIONS.c.block_number.in_(blocks))
        )
    }
    found: dict[tuple[int, int], dict[str, Any]] = {}
    for row in rows:
        key = (row.tx_hash, row.credits, row.sender, row.amount)
        if row.kind == "spend" and key in orders:
            found[(row.block_number, row.log_index)] = {"order_id": orders[key]}
        elif row.kind == "burn" and key in promoted:
            promotion = promoted[key]
            found[(row.block_number, row.log_index)] = {
                "market": promotion.market,
                "listing_id": promotion.listing_id,
            }
    return found


def credits(
    session: Session,
    address: str,
    *,
    kind: str | None,
    contract: str | None,
    before: Position | None,
    limit: int,
) -> CreditsPublic:
    """``address``'s balances and its moves (as sender or recipient), newest first."""
    where: list[ColumnElement[bool]] = [
        or_(TRANSFERS.c.sender == address, TRANSFERS.c.recipient == address)
    ]
    if kind is not None:
        where.append(TRANSFERS.c.kind == kind)
    if contract is not None:
        where.append(TRANSFERS.c.credits == contract)
    if before is not None:
        where.append(MOVE_POSITION < tuple_(*before))
    rows = (
        session.connection()
        .execute(
            select(TRANSFERS)
            .where(*where)
            .order_by(TRANSFERS.c.block_number.desc(), TRANSFERS.c.log_index.desc())
            .limit(limit + 1)
        )
        .all()
    )
    page = rows[:limit]
    links = _links(session, page)
    empty = {"order_id": None, "market": None, "listing_id": None}
    data = [
        CreditMovePublic(
            **row._mapping,
            **{**empty, **links.get((row.block_number, row.log_index), {})},
            id=str(Position(row.block_number, row.log_index)),
        )
        for row in page
    ]
    return CreditsPublic(
        address=address,
        balances=balances(session, address),
        data=data,
        count=len(data),
        next_cursor=data[-1].id if len(rows) > limit and data else None,
    )


def promotion_conditions(
    *,
    seller: str | None = None,
    market: str | None = None,
    listing_id: int | None = None,
    active: bool | None = None,
) -> list[ColumnElement[bool]]:
    """WHERE clauses over promotions joined with the Marketplace's listings; ``active``:
    the promoted listing is (``True``) or is not (``False``) active now."""
    found: list[ColumnElement[bool]] = []
    if seller is not None:
        found.append(PROMOTIONS.c.seller == seller)
    if market is not None:
        found.append(PROMOTIONS.c.market == market)
    if listing_id is not None:
        found.append(PROMOTIONS.c.listing_id == listing_id)
    if active is True:
        found.append(LISTINGS.c.status == "active")
    elif active is False:
        found.append(or_(LISTINGS.c.status.is_(None), LISTINGS.c.status != "active"))
    return found


def promotions(
    session: Session,
    *,
    where: list[ColumnElement[bool]],
    before: Position | None,
    limit: int,
) -> PromotionsPublic:
    """Promotions matching ``where``, newest first, each with its listing's status."""
    if before is not None:
        where = [*where, PROMOTION_POSITION < tuple_(*before)]
    marketplace = select(CURSORS.c.address).where(CURSORS.c.name == "Marketplace").scalar_subquery()
    joined = PROMOTIONS.outerjoin(
        LISTINGS,
        and_(LISTINGS.c.listing_id == PROMOTIONS.c.listing_id, PROMOTIONS.c.market == marketplace),
    )
    rows = (
        session.connection()
        .execute(
            select(PROMOTIONS, LISTINGS.c.status.label("listing_status"))
            .select_from(joined)
            .where(*where)
            .order_by(PROMOTIONS.c.block_number.desc(), PROMOTIONS.c.log_index.desc())
            .limit(limit + 1)
        )
        .all()
    )
    data = [
        PromotionEntryPublic(**row._mapping, id=str(Position(row.block_number, row.log_index)))
        for row in rows[:limit]
    ]
    return PromotionsPublic(
        data=data,
        count=len(data),
        next_cursor=data[-1].id if len(rows) > limit and data else None,
    )
