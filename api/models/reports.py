"""Abuse reports, owned by the API: filed by signed-in users, ruled on by moderators.

Reports against a seller that a moderator upholds count in the seller's reputation
(docs/api.md, "Reputation"). Reports are private: only the reporter and moderators see them.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import BigInteger, Index
from sqlmodel import Field, SQLModel

from api.models.common import ADDRESS_LENGTH
from indexer.models.types import BIG_ID


class ReportTarget(StrEnum):
    """What is reported: a listing, a comment, or a user (by address)."""

    listing = "listing"
    comment = "comment"
    user = "user"


class ReportReason(StrEnum):
    """Why it is reported."""

    scam = "scam"
    counterfeit = "counterfeit"
    prohibited_item = "prohibited_item"
    harassment = "harassment"
    spam = "spam"
    impersonation = "impersonation"
    other = "other"


class ReportStatus(StrEnum):
    """Open until a moderator upholds or dismisses it."""

    open = "open"
    upheld = "upheld"
    dismissed = "dismissed"


class ReportBase(SQLModel):
    """Which target is reported, and the reporter's explanation."""

    target_id: str = Field(min_length=1, max_length=78)
    details: str = Field(default="", max_length=1000)


class ReportCreate(ReportBase):
    """A new report: ``target_id`` is a listing id, a comment id, or a 0x address."""

    target_type: ReportTarget
    reason: ReportReason


class Report(ReportBase, table=True):
    """``reports``: ``accused`` is who answers for the target (seller, author or user)."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_accused_status", "accused", "status"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=BIG_ID)
    target_type: str = Field(max_length=16)
    reason: str = Field(max_length=32)
    reporter: str = Field(max_length=ADDRESS_LENGTH, index=True)
    accused: str = Field(max_length=ADDRESS_LENGTH)
    status: str = Field(default=ReportStatus.open.value, max_length=16, index=True)
    created_at: int = Field(sa_type=BigInteger)
    resolved_by: str | None = Field(default=None, max_length=ADDRESS_LENGTH)
    resolved_at: int | None = Field(default=None, sa_type=BigInteger)


class ReportResolution(SQLModel):
    """A moderator's ruling."""

    status: ReportStatus


class ReportPublic(ReportBase):
    """A report as its reporter and moderators see it."""

    id: int
    target_type: ReportTarget
    reason: ReportReason
    reporter: str
    accused: str
    status: ReportStatus
    created_at: int
    resolved_at: int | None


class ReportsPublic(SQLModel):
    """Reports, newest first."""

    data: list[ReportPublic]
    count: int
