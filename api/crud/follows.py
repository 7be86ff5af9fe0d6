"""Follows: who sees whose activity in the following feed (lists stay private)."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from api.errors import InvalidRequestError
from api.models.social import Follow, FollowPublic, FollowsPublic


def follow(session: Session, follower: str, followee: str, now: int) -> FollowPublic:
    """Follow ``followee`` (idempotent: following twice keeps the first time).

    Raises:
        InvalidRequestError: ``follower`` is ``followee``.
    """
    if follower == followee:
        raise InvalidRequestError("you cannot follow yourself")
    row = session.get(Follow, (follower, followee))
    if row is None:
        row = Follow(follower=follower, followee=followee, created_at=now)
        session.add(row)
        session.commit()
    return FollowPublic(followee=row.followee, created_at=row.created_at)


def unfollow(session: Session, follower: str, followee: str) -> None:
    """Stop following ``followee`` (idempotent)."""
    row = session.get(Follow, (follower, followee))
    if row is not None:
        session.delete(row)
        session.commit()


def follows_of(session: Session, follower: str, *, limit: int, offset: int) -> FollowsPublic:
    """The addresses ``follower`` follows, newest first."""
    rows = session.exec(
        select(Follow)
        .where(Follow.follower == follower)
        .order_by(col(Follow.created_at).desc(), col(Follow.followee))
        .offset(offset)
        .limit(limit)
    ).all()
    total = session.exec(
        select(func.count()).select_from(Follow).where(Follow.follower == follower)
    ).one()
    return FollowsPublic(
        data=[FollowPublic(followee=r.followee, created_at=r.created_at) for r in rows],
        count=total,
    )


def follower_count(session: Session, followee: str) -> int:
    """How many addresses follow ``followee``."""
    return session.exec(
        select(func.count()).select_from(Follow).where(Follow.followee == followee)
    ).one()
