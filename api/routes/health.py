"""Operations: ``/health`` (database reachable, indexer lag) and Prometheus ``/metrics``."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel

from api.core import metrics
from api.deps import SessionDep, SettingsDep
from indexer.models import IndexerStatus, IndexerStatusPublic
from indexer.store.tables import table_of

router = APIRouter(tags=["operations"])
STATUS = table_of(IndexerStatus)


class HealthPublic(SQLModel):
    """Whether the API can serve: ``ok``, or ``unavailable`` (answered with 503).

    Attributes:
        status: ``ok`` or ``unavailable``.
        database: Whether the database answered.
        indexer: The indexer's last status (``null`` before its first batch).
        problems: What is wrong, for operators.
    """

    status: Literal["ok", "unavailable"]
    database: bool
    indexer: IndexerStatusPublic | None
    problems: list[str]


def _indexer(session: Session) -> IndexerStatusPublic | None:
    row = session.execute(select(STATUS).where(STATUS.c.id == 1)).first()
    return IndexerStatusPublic.model_validate(dict(row._mapping)) if row is not None else None


@router.get("/health", responses={503: {"model": HealthPublic}})
def health(session: SessionDep, settings: SettingsDep, response: Response) -> HealthPublic:
    """200 when the database answers and the indexer is within ``health_max_lag`` blocks of
    the head on the configured chain; 503 with the reasons otherwise."""
    problems: list[str] = []
    indexer = None
    try:
        indexer = _indexer(session)
        database = True
    except SQLAlchemyError as exc:
        database = False
        problems.append(f"database unreachable: {type(exc).__name__}")
    if database and indexer is None:
        problems.append("the indexer has not written its status yet; is `bazaar index` running?")
    if indexer is not None:
        metrics.observe_lag(indexer.lag)
        if indexer.lag > settings.health_max_lag:
            problems.append(
                f"the indexer is {indexer.lag} blocks behind the head "
                f"(allowed: {settings.health_max_lag})"
            )
        if indexer.chain_id != settings.chain_id:
            problems.append(
                f"the database indexes chain {indexer.chain_id}, the API signs in for chain "
                f"{settings.chain_id} (BAZAAR_CHAIN_ID)"
            )
    if problems:
        response.status_code = 503
    return HealthPublic(
        status="unavailable" if problems else "ok",
        database=database,
        indexer=indexer,
        problems=problems,
    )


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def prometheus_metrics(session: SessionDep) -> Response:
    """Prometheus exposition: requests by route and status, latencies, streams, indexer lag."""
    try:
        indexer = _indexer(session)
    except SQLAlchemyError:
        indexer = None
    if indexer is not None:
        metrics.observe_lag(indexer.lag)
    body, content_type = metrics.render()
    return Response(content=body, media_type=content_type)
