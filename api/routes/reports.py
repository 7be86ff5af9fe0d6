"""Abuse reports: anyone signed in files them, moderators (BAZAAR_MODERATORS) rule on them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from api.crud import reports
from api.deps import SessionDep, SettingsDep, SignedInWriter, Viewer, WriteSessionDep
from api.models.common import MAX_DB_INT, now
from api.models.reports import (
    ReportCreate,
    ReportPublic,
    ReportResolution,
    ReportsPublic,
    ReportStatus,
)
from api.routes.responses import WRITE, errors

router = APIRouter(prefix="/reports", tags=["reports"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={**WRITE, **errors(400, 404, 409)},
)
def file_report(report: ReportCreate, me: SignedInWriter, session: WriteSessionDep) -> ReportPublic:
    """Report a listing, a comment or a user to the moderators."""
    return reports.file_report(session, me, report, now())


@router.get("", responses=errors(401))
def list_reports(
    me: Viewer,
    session: SessionDep,
    settings: SettingsDep,
    status: ReportStatus | None = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> ReportsPublic:
    """Moderators see every report; everyone else sees their own."""
    size = min(limit or settings.feed_page_size, settings.max_page_size)
    moderator = me in settings.moderators
    return reports.reports(
        session, me, moderator=moderator, status=status, limit=size, offset=offset
    )


@router.post("/{report_id}/resolution", responses={**WRITE, **errors(400, 403, 404, 409)})
def resolve_report(
    report_id: Annotated[int, Path(ge=1, le=MAX_DB_INT)],
    ruling: ReportResolution,
    me: SignedInWriter,
    session: WriteSessionDep,
    settings: SettingsDep,
) -> ReportPublic:
    """Uphold or dismiss a report (moderators only); upheld reports count in reputation."""
    reports.require_moderator(me, settings.moderators)
    return reports.resolve(session, me, report_id, ruling, now())
