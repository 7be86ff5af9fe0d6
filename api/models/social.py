"""Off-chain social data, owned by the API: profiles, follows, likes, comments, reports.

Privacy rule: a profile is shown only when its owner signed in and set ``public``. Follows
and likes are shown as counts, never as lists of who follows or likes. Comments are public
acts: they show the author's address (and name, if the author's profile is public).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import AnyHttpUrl, TypeAdapter, ValidationError, field_validator
from sqlalchemy import BigInteger, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from api.models.common import ADDRESS_LENGTH, MAX_DB_INT
from indexer.models.types import BIG_ID

_HTTP_URL = TypeAdapter(AnyHttpUrl)

# --------------------------------------------------------------------------- profiles


class ProfileBase(SQLModel):
    """What a user says about themselves; nothing is shown until ``public`` is true."""

    display_name: str | None = Field(default=None, min_length=1, max_length=64)
    bio: str | None = Field(default=None, max_length=500)
    avatar_url: str | None = Field(default=None, max_length=500)
    public: bool = False


class Profile(ProfileBase, table=True):
    """``profiles``: one row per address that signed in and saved a profile."""

    __tablename__ = "profiles"

    address: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    created_at: int = Field(sa_type=BigInteger)
    updated_at: int = Field(sa_type=BigInteger)


class ProfileUpdate(SQLModel):
    """A change to one's own profile; omitted fields stay as they are, ``null`` clears."""

    display_name: str | None = Field(default=None, min_length=1, max_length=64)
    bio: str | None = Field(default=None, max_length=500)
    avatar_url: str | None = Field(default=None, max_length=500)
    public: bool | None = None

    @field_validator("public")
    @classmethod
    def _public_is_a_choice(cls, value: bool | None) -> bool:
        if value is None:
            raise ValueError("public is true or false (omit it to keep the current choice)")
        return value

    @field_validator("display_name")
    @classmethod
    def _printable_name(cls, value: str | None) -> str | None:
        if value is not None and (not value.isprintable() or value.strip() != value):
            raise ValueError("use printable characters without leading or trailing spaces")
        return value

    @field_validator("avatar_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            url = _HTTP_URL.validate_python(value)
        except ValidationError as exc:
            raise ValueError("the avatar URL must be an https:// URL") from exc
        if url.scheme != "https":
            raise ValueError("the avatar URL must be https://")
        return value


class ProfilePublic(ProfileBase):
    """A profile as the API returns it."""

    address: str
    updated_at: int


# --------------------------------------------------------------------------- follows, likes


class Follow(SQLModel, table=True):
    """``follows``: ``follower`` sees ``followee``'s activity in ``/v1/feed/following``."""

    __tablename__ = "follows"

    follower: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    followee: str = Field(primary_key=True, max_length=ADDRESS_LENGTH, index=True)
    created_at: int = Field(sa_type=BigInteger)


class FollowPublic(SQLModel):
    """One address the signed-in user follows."""

    followee: str
    created_at: int


class FollowsPublic(SQLModel):
    """The addresses the signed-in user follows, newest first."""

    data: list[FollowPublic]
    count: int


class Like(SQLModel, table=True):
    """``likes``: an address likes a listing (shown only as a count)."""

    __tablename__ = "likes"

    address: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    listing_id: int = Field(primary_key=True, sa_type=BigInteger, index=True)
    created_at: int = Field(sa_type=BigInteger)


class LikePublic(SQLModel):
    """Whether the signed-in user likes the listing, and how many do."""

    listing_id: int
    liked: bool
    likes: int


# --------------------------------------------------------------------------- comments


class CommentKind(StrEnum):
    """A remark, a question the seller may answer, or the seller's answer."""

    comment = "comment"
    question = "question"
    answer = "answer"


class CommentBase(SQLModel):
    """The text of a comment, question or answer."""

    body: str = Field(min_length=1, max_length=2000)

    @field_validator("body")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("write something: the text is blank")
        return value


class CommentCreate(CommentBase):
    """A new comment or question on a listing (answers go to ``/v1/comments/{id}/answer``)."""

    kind: CommentKind = CommentKind.comment

    @field_validator("kind")
    @classmethod
    def _not_answer(cls, value: CommentKind) -> CommentKind:
        if value is CommentKind.answer:
            raise ValueError("answers are posted with POST /v1/comments/{id}/answer")
        return value


class Comment(CommentBase, table=True):
    """``comments``: ``parent_id`` links an answer to its question (one answer each)."""

    __tablename__ = "comments"
    __table_args__ = (
        UniqueConstraint("parent_id", name="uq_comments_one_answer"),
        Index("ix_comments_listing", "listing_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG_ID)
    listing_id: int = Field(sa_type=BigInteger)
    author: str = Field(max_length=ADDRESS_LENGTH, index=True)
    kind: str = Field(max_length=16)
    parent_id: int | None = Field(default=None, foreign_key="comments.id", sa_type=BigInteger)
    hidden: bool = False
    created_at: int = Field(sa_type=BigInteger)


class AnswerPublic(CommentBase):
    """The seller's answer to a question."""

    id: int
    author: str
    created_at: int


class CommentPublic(CommentBase):
    """A comment or question, with the seller's answer if a question was answered.

    Attributes:
        author_name: The author's display name when the author's profile is public.
    """

    id: int
    listing_id: int
    kind: CommentKind
    author: str
    author_name: str | None = None
    created_at: int
    answer: AnswerPublic | None = None


class CommentsPublic(SQLModel):
    """A page of a listing's comments, newest first; ``next_before`` continues it."""

    data: list[CommentPublic]
    count: int
    next_before: int | None = Field(default=None, ge=1, le=MAX_DB_INT)
