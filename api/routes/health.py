"""Operations: ``/health`` (database reachable, indexer lag) and Prometheus ``/metrics``."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel

from api.core import metrics
from api.deps import SessionDep

router = APIRouter(tags=["operations"])


class HealthPublic(SQLModel):
    """Whether the API can serve: ``ok``, or ``unavailable`` (answered with 503).

    Attributes:
        status: ``ok`` or ``unavailable``.
        database: Whether the database answered.
        problems: What is wrong, for operators.
    """

    status: Literal["ok", "unavailable"]
    database: bool
    problems: list[str] = []


@router.get("/health", responses={503: {"model": HealthPublic}})
def health(session: SessionDep, response: Response) -> HealthPublic:
    """Readiness: 200 when the database answers, 503 (with the reason) when it does not."""
    problems: list[str] = []
    try:
        session.execute(text("SELECT 1"))
        database = True
    except SQLAlchemyError as exc:
        database = False
        problems.append(f"database unreachable: {type(exc).__name__}")
    status: Literal["ok", "unavailable"] = "unavailable" if problems else "ok"
    if problems:
        response.status_code = 503
    return HealthPublic(status=status, database=database, problems=problems)


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def prometheus_metrics() -> Response:
    """Prometheus exposition of request counts, latencies and streams."""
    body, content_type = metrics.render()
    return Response(content=body, media_type=content_type)
