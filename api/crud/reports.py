"""Abuse reports: filed against a listing, a comment or a user; ruled on by moderators.

A report names who answers for its target (``accused``): the listing's seller, the
comment's author, or the reported address. Upheld reports against a seller enter its
reputation; an upheld report on a comment also hides the comment.
"""

from __future__ import annotations

import re

from sqlalchemy import func
from sqlmodel import Session, col, select

from api.crud.listings import seller_of
from api.errors import (
    InvalidRequestError,
    PermissionDeniedError,
    ResourceConflictError,
    ResourceNotFoundError,
)
from api.models.common import MAX_DB_INT, checksum
from api.models.reports import (
    Report,
    ReportCreate,
    ReportPublic,
    ReportResolution,
    ReportsPublic,
    ReportStatus,
    ReportTarget,
)
from api.models.social import Comment

ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")


def _int_id(text: str, what: str) -> int:
    if not text.isdigit() or not 0 < int(text) <= MAX_DB_INT:
        raise InvalidRequestError(f"target_id {text[:80]!r} is not a {what} id")
    return int(text)


def _accused(session: Session, target: ReportTarget, target_id: str) -> tuple[str, str]:
    """Who answers for the target, and the target id in its canonical form."""
    if target is ReportTarget.listing:
        listing_id = _int_id(target_id, "listing")
        return seller_of(session, listing_id), str(listing_id)
    if target is ReportTarget.comment:
        comment = session.get(Comment, _int_id(target_id, "comment"))
        if comment is None:
            raise ResourceNotFoundError(f"no comment {target_id}")
        return comment.author, str(comment.id)
    if not ADDRESS.fullmatch(target_id):
        raise InvalidRequestError(f"target_id {target_id[:80]!r} is not a 0x address")
    try:
        address = checksum(target_id)
    except ValueError as exc:
        raise InvalidRequestError(str(exc)) from exc
    return address, address


def _public(row: Report) -> ReportPublic:
    return ReportPublic.model_validate(row)


def file_report(session: Session, reporter: str, report: ReportCreate, now: int) -> ReportPublic:
    """File a report.

    Raises:
        ResourceNotFoundError: The target does not exist.
        InvalidRequestError: A malformed target id, or reporting oneself.
        ResourceConflictError: The reporter has an open report on the same target.
    """
    accused, target_id = _accused(session, report.target_type, report.target_id)
    if accused == reporter:
        raise InvalidRequestError("you cannot report yourself")
    duplicate = session.exec(
        select(Report.id).where(
            Report.reporter == reporter,
            Report.target_type == report.target_type.value,
            Report.target_id == target_id,
            Report.status == ReportStatus.open.value,
        )
    ).first()
    if duplicate is not None:
        raise ResourceConflictError(f"you already reported this; see report {duplicate}")
    row = Report(
        target_type=report.target_type.value,
        target_id=target_id,
        reason=report.reason.value,
        details=report.details,
        reporter=reporter,
        accused=accused,
        created_at=now,
    )
    session.add(row)
    session.commit()
    return _public(row)


def reports(
    session: Session,
    viewer: str,
    *,
    moderator: bool,
    status: ReportStatus | None,
    limit: int,
    offset: int,
) -> ReportsPublic:
    """Reports a moderator may see (all), or the viewer's own, newest first."""
    query = select(Report)
    if not moderator:
        query = query.where(Report.reporter == viewer)
    if status is not None:
        query = query.where(Report.status == status.value)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Report.id).desc()).offset(offset).limit(limit))
    return ReportsPublic(data=[_public(row) for row in rows], count=total)


def resolve(
    session: Session, moderator: str, report_id: int, ruling: ReportResolution, now: int
) -> ReportPublic:
    """Uphold or dismiss an open report; upholding a comment report hides the comment.

    Raises:
        ResourceNotFoundError: No such report.
        InvalidRequestError: The ruling is ``open``.
        ResourceConflictError: The report was already ruled on.
    """
    if ruling.status is ReportStatus.open:
        raise InvalidRequestError("rule upheld or dismissed")
    row = session.get(Report, report_id)
    if row is None:
        raise ResourceNotFoundError(f"no report {report_id}")
    if row.status != ReportStatus.open.value:
        raise ResourceConflictError(f"report {report_id} was already {row.status}")
    row.status = ruling.status.value
    row.resolved_by = moderator
    row.resolved_at = now
    if ruling.status is ReportStatus.upheld and row.target_type == ReportTarget.comment.value:
        comment = session.get(Comment, int(row.target_id))
        if comment is not None:
            comment.hidden = True
            session.add(comment)
    session.add(row)
    session.commit()
    return _public(row)


def upheld_against(session: Session, address: str) -> int:
    """How many upheld reports name ``address`` as accused."""
    return session.exec(
        select(func.count())
        .select_from(Report)
        .where(Report.accused == address, Report.status == ReportStatus.upheld.value)
    ).one()


def require_moderator(address: str, moderators: list[str]) -> None:
    """Raises:
    PermissionDeniedError: ``address`` is not a moderator."""
    if address not in moderators:
        raise PermissionDeniedError("only moderators rule on reports (BAZAAR_MODERATORS)")
