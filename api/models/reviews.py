"""Verified reviews as the API returns them: the chain's review with its text and response."""

from __future__ import annotations

from sqlmodel import SQLModel

from api.models.documents import ResponseText, ReviewText
from indexer.models import ReviewPublic, ReviewRevisionPublic


class ReviewEntryPublic(ReviewPublic):
    """A review in a list.

    Attributes:
        id: The review's id: the chain position of its first posting, ``"<block>.<log>"``
            (also the cursor of lists).
    """

    id: str


class ReviewDetailPublic(ReviewEntryPublic):
    """One review with its text, the reviewed party's response and every revision.

    Attributes:
        text: The review document whose hash is ``text_hash`` (``null`` while nobody stored
            it with ``POST /v1/documents``).
        response: The response document whose hash is ``response_hash`` (``null`` without a
            response, or while nobody stored it).
        revisions: Every version, the original first.
    """

    text: ReviewText | None
    response: ResponseText | None
    revisions: list[ReviewRevisionPublic]


class ReviewsPublic(SQLModel):
    """Reviews, newest first; ``next_cursor`` continues (``null``: end)."""

    data: list[ReviewEntryPublic]
    count: int
    next_cursor: str | None
