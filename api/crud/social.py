"""Likes, comments, questions and the seller's answers on listings."""

from __future__ import annotations

from sqlalchemy import false, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.crud.listings import seller_of
from api.errors import (
    InvalidRequestError,
    PermissionDeniedError,
    ResourceConflictError,
    ResourceNotFoundError,
)
from api.models.social import (
    AnswerPublic,
    Comment,
    CommentBase,
    CommentCreate,
    CommentKind,
    CommentPublic,
    CommentsPublic,
    Like,
    LikePublic,
    Profile,
)


def _like_count(session: Session, listing_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(Like).where(Like.listing_id == listing_id)
    ).one()


def set_like(session: Session, address: str, listing_id: int, liked: bool, now: int) -> LikePublic:
    """Like or unlike listing ``listing_id`` (both idempotent).

    Raises:
        ResourceNotFoundError: No such listing.
    """
    seller_of(session, listing_id)
    row = session.get(Like, (address, listing_id))
    if liked and row is None:
        session.add(Like(address=address, listing_id=listing_id, created_at=now))
        session.commit()
    elif not liked and row is not None:
        session.delete(row)
        session.commit()
    return LikePublic(listing_id=listing_id, liked=liked, likes=_like_count(session, listing_id))


def add_comment(
    session: Session, author: str, listing_id: int, comment: CommentCreate, now: int
) -> CommentPublic:
    """Post a comment or question on listing ``listing_id``.

    Raises:
        ResourceNotFoundError: No such listing.
    """
    seller_of(session, listing_id)
    row = Comment(
        listing_id=listing_id,
        author=author,
        kind=comment.kind.value,
        body=comment.body,
        created_at=now,
    )
    session.add(row)
    session.commit()
    return _public(row, _names(session, {author}), None)


def answer(
    session: Session, seller: str, question_id: int, text: CommentBase, now: int
) -> AnswerPublic:
    """The listing's seller answers question ``question_id`` (once).

    Raises:
        ResourceNotFoundError: No such (visible) comment.
        InvalidRequestError: The comment is not a question.
        PermissionDeniedError: The signed-in address is not the listing's seller.
        ResourceConflictError: The question already has an answer.
    """
    question = session.get(Comment, question_id)
    if question is None or question.hidden or question.kind == CommentKind.answer:
        raise ResourceNotFoundError(f"no question {question_id}")
    if question.kind != CommentKind.question:
        raise InvalidRequestError("only questions are answered; this is a comment")
    if seller_of(session, question.listing_id) != seller:
        raise PermissionDeniedError("only the listing's seller answers its questions")
    row = Comment(
        listing_id=question.listing_id,
        author=seller,
        kind=CommentKind.answer.value,
        body=text.body,
        parent_id=question_id,
        created_at=now,
    )
    session.add(row)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise ResourceConflictError(f"question {question_id} is already answered") from exc
    assert row.id is not None
    return AnswerPublic(id=row.id, author=row.author, body=row.body, created_at=row.created_at)


def _names(session: Session, addresses: set[str]) -> dict[str, str]:
    """Display names of the addresses whose profile is public."""
    if not addresses:
        return {}
    rows = session.exec(
        select(Profile.address, Profile.display_name).where(
            col(Profile.address).in_(addresses), col(Profile.public).is_(True)
        )
    ).all()
    return {address: name for address, name in rows if name is not None}


def _public(row: Comment, names: dict[str, str], reply: Comment | None) -> CommentPublic:
    assert row.id is not None
    answered = None
    if reply is not None and reply.id is not None:
        answered = AnswerPublic(
            id=reply.id, author=reply.author, body=reply.body, created_at=reply.created_at
        )
    return CommentPublic(
        id=row.id,
        listing_id=row.listing_id,
        kind=CommentKind(row.kind),
        author=row.author,
        author_name=names.get(row.author),
        body=row.body,
        created_at=row.created_at,
        answer=answered,
    )


def comments(
    session: Session, listing_id: int, *, before: int | None, limit: int
) -> CommentsPublic:
    """Visible comments and questions of a listing, newest first, answers nested.

    Raises:
        ResourceNotFoundError: No such listing.
    """
    seller_of(session, listing_id)
    query = select(Comment).where(
        Comment.listing_id == listing_id,
        col(Comment.hidden).is_(false()),
        Comment.kind != CommentKind.answer.value,
    )
    if before is not None:
        query = query.where(col(Comment.id) < before)
    rows = list(session.exec(query.order_by(col(Comment.id).desc()).limit(limit + 1)))
    page = rows[:limit]
    ids = [row.id for row in page]
    replies = {
        reply.parent_id: reply
        for reply in session.exec(
            select(Comment).where(col(Comment.parent_id).in_(ids), col(Comment.hidden).is_(false()))
        )
    }
    names = _names(session, {row.author for row in page})
    data = [_public(row, names, replies.get(row.id)) for row in page]
    more = len(rows) > limit
    return CommentsPublic(data=data, count=len(data), next_before=data[-1].id if more else None)
