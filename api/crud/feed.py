"""Feed reads: keyset pages over (block, log index), and the change stream by ``seq``.

Removed items (a reorg took them off the chain) never appear in pages; the stream reports
them as deletions. Pages read one item more than asked to know whether older items exist.
These are Core statements, run on the session's connection: the ORM's execution layer has
nothing to add to them and costs a noticeable share of a page's time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, exists, false, func, select, tuple_
from sqlmodel import Session

from api.core.cursors import Position
from api.errors import ResourceNotFoundError
from api.models.feed import FeedEntryPublic, FeedPagePublic
from api.models.social import Follow
from indexer.models import FeedItem, IndexerStatus

ITEMS = FeedItem.__table__  # type: ignore[attr-defined]
STATUS = IndexerStatus.__table__  # type: ignore[attr-defined]
FOLLOWS = Follow.__table__  # type: ignore[attr-defined]
POSITION = tuple_(ITEMS.c.block_number, ITEMS.c.log_index)


@dataclass(frozen=True)
class FeedFilter:
    """Which items a page or stream holds.

    Attributes:
        kinds: Only these kinds (``purchased``, ``listing_created``, ...), if given.
        seller: Only items about this seller's listings and orders.
        token: Only items paid or priced in this token (the zero address: ETH).
        follower: Only items whose actor or seller this address follows.
    """

    kinds: tuple[str, ...] = ()
    seller: str | None = None
    token: str | None = None
    follower: str | None = None

    def conditions(self, *, live_only: bool = True) -> list[ColumnElement[bool]]:
        """The WHERE clauses of this filter (by default of items no reorg removed)."""
        found: list[ColumnElement[bool]] = [ITEMS.c.removed.is_(false())] if live_only else []
        if self.kinds:
            found.append(ITEMS.c.kind.in_(self.kinds))
        if self.seller is not None:
            found.append(ITEMS.c.seller == self.seller)
        if self.token is not None:
            found.append(ITEMS.c.token == self.token)
        if self.follower is not None:
            followed = select(FOLLOWS.c.followee).where(FOLLOWS.c.follower == self.follower)
            found.append(ITEMS.c.actor.in_(followed) | ITEMS.c.seller.in_(followed))
        return found


# Read with every row, so a page is one round trip: -1 before the indexer's first batch.
FINALIZED = func.coalesce(
    select(STATUS.c.finalized_block).where(STATUS.c.id == 1).scalar_subquery(), -1
).label("finalized_now")


def version(session: Session) -> tuple[int, int]:
    """``(last seq, finalized block)``: it changes whenever any page's content would."""
    row = (
        session.connection()
        .execute(select(STATUS.c.feed_seq, STATUS.c.finalized_block).where(STATUS.c.id == 1))
        .first()
    )
    return (0, -1) if row is None else (int(row.feed_seq), int(row.finalized_block))


def entry(row: Row[Any] | Any) -> FeedEntryPublic:
    """A feed row (selected by :func:`_query`) as the API returns it."""
    fields = dict(row._mapping)
    finalized = fields.pop("finalized_now")
    position = Position(fields["block_number"], fields["log_index"])
    return FeedEntryPublic(
        **fields, cursor=str(position), final=fields["block_number"] <= finalized
    )


def _query(conditions: Sequence[ColumnElement[bool]]) -> Select[Any]:
    return select(ITEMS, FINALIZED).where(*conditions)


def page(
    session: Session,
    feed: FeedFilter,
    *,
    limit: int,
    before: Position | None = None,
    after: Position | None = None,
) -> FeedPagePublic:
    """One page, newest first: the newest items, or those just ``before``/``after`` a cursor."""
    conditions = feed.conditions()
    if after is not None:
        query = _query([*conditions, POSITION > tuple_(*after)])
        rows = list(session.connection().execute(query.order_by(*POSITION.clauses).limit(limit)))
        rows.reverse()
    else:
        if before is not None:
            conditions.append(POSITION < tuple_(*before))
        newest = [column.desc() for column in POSITION.clauses]
        rows = list(
            session.connection().execute(_query(conditions).order_by(*newest).limit(limit + 1))
        )
    has_older = len(rows) > limit if after is None else _older_exists(session, conditions, rows)
    data = [entry(row) for row in rows[:limit]]
    anchor = after or before
    return FeedPagePublic(
        data=data,
        count=len(data),
        next_cursor=data[-1].cursor if data and has_older else None,
        prev_cursor=data[0].cursor if data else (str(anchor) if anchor else None),
        end=not has_older,
    )


def item(session: Session, item_id: int) -> FeedEntryPublic:
    """One feed item by its id, as a page shows it.

    Raises:
        ResourceNotFoundError: No such item, or a reorg removed it from the chain.
    """
    query = _query([ITEMS.c.id == item_id, ITEMS.c.removed.is_(false())])
    row = session.connection().execute(query).first()
    if row is None:
        raise ResourceNotFoundError(
            f"feed item {item_id} does not exist (or a reorg removed it); see /v1/feed"
        )
    return entry(row)


def _older_exists(
    session: Session, conditions: list[ColumnElement[bool]], rows: list[Row[Any]]
) -> bool:
    if not rows:
        return True  # after= a cursor: whatever precedes it is older; the next page tells
    oldest = tuple_(rows[-1].block_number, rows[-1].log_index)
    query = select(exists().where(*conditions, POSITION < oldest))
    return bool(session.connection().execute(query).scalar())


def changes(session: Session, feed: FeedFilter, *, after_seq: int, limit: int) -> list[Row[Any]]:
    """Feed rows changed after ``after_seq`` (inserted, removed or revived), by ``seq``.

    Unlike pages, removed rows are included: the stream sends them as deletions.
    """
    query = _query([ITEMS.c.seq > after_seq, *feed.conditions(live_only=False)])
    return list(session.connection().execute(query.order_by(ITEMS.c.seq).limit(limit)))


def last_seq(session: Session) -> int:
    """The newest ``seq`` handed out (0 when the feed is empty)."""
    value = session.connection().execute(select(STATUS.c.feed_seq).where(STATUS.c.id == 1)).scalar()
    return 0 if value is None else int(value)
