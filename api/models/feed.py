"""The feed as the API returns it: indexer feed items, with their cursor and finality."""

from __future__ import annotations

from sqlmodel import SQLModel

from indexer.models import FeedItemPublic


class FeedEntryPublic(FeedItemPublic):
    """One thing that happened on chain.

    Attributes:
        cursor: This item's position, ``"<block>.<log index>"``, for ``before``/``after``.
        final: Whether its block is at or below the indexer's finalized block, so no reorg
            can remove it any more.
    """

    cursor: str
    final: bool


class FeedPagePublic(SQLModel):
    """A page of the feed, newest first.

    Attributes:
        data: The items.
        count: How many items this page holds.
        next_cursor: Pass as ``before`` for the next (older) page; ``null`` at the end.
        prev_cursor: Pass as ``after`` for newer items (also to poll for new ones).
        end: True when no older item exists: the feed ends with this page.
    """

    data: list[FeedEntryPublic]
    count: int
    next_cursor: str | None
    prev_cursor: str | None
    end: bool
