"""Installment plans (InstallmentPlans) and plan listings, newest first.

Plans are keyed by a uint256 id and listed by ``"<created block>.<id>"`` cursors, like
orders (api/crud/pages.py). A plan's schedule is not stored: it follows from the plan's
terms exactly as ``libraries/Schedule.sol`` computes it
(``chain/installments/schedule.py`` mirrors it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from api.crud.pages import deal_page, listing_detail, listing_page
from api.errors import ResourceNotFoundError
from api.models.plans import (
    PlanDetailPublic,
    PlanListingDetailPublic,
    PlanListingsPublic,
    PlansPublic,
    ScheduledInstallmentPublic,
)
from chain.installments import schedule
from indexer.models import (
    Installment,
    InstallmentPublic,
    Plan,
    PlanEvent,
    PlanEventPublic,
    PlanListing,
    PlanListingPublic,
    PlanPublic,
)
from indexer.store.tables import table_of

PLANS = table_of(Plan)
PLAN_EVENTS = table_of(PlanEvent)
INSTALLMENTS = table_of(Installment)
PLAN_LISTINGS = table_of(PlanListing)


def plans(
    session: Session, *, filters: dict[str, Any], before: str | None, limit: int
) -> PlansPublic:
    """Installment plans matching ``filters`` (column → value), newest first."""
    rows, cursor = deal_page(session, PLANS, "plan_id", filters, before, limit)
    data = [PlanPublic(**row._mapping) for row in rows]
    return PlansPublic(data=data, count=len(data), next_cursor=cursor)


def plan_schedule(plan: PlanPublic) -> list[ScheduledInstallmentPublic]:
    """Every installment of ``plan``: due date, amount, paid, late fee charged."""
    dust = plan.last_installment - plan.installment
    return [
        ScheduledInstallmentPublic(
            index=row.index,
            due_at=row.due_at,
            amount=row.amount,
            paid=row.index <= plan.paid_count,
            late_fee_charged=bool(plan.late_mask >> (row.index - 1) & 1),
        )
        for row in schedule.schedule(
            started_at=plan.started_at,
            interval=plan.interval,
            installment=plan.installment,
            installments=plan.installment_count,
            dust=dust,
        )
    ]


def plan(session: Session, plan_id: int) -> PlanDetailPublic:
    """Plan ``plan_id`` with its schedule, payments and history.

    Raises:
        ResourceNotFoundError: No such plan (yet).
    """
    connection = session.connection()
    row = connection.execute(select(PLANS).where(PLANS.c.plan_id == plan_id)).first()
    if row is None:
        raise ResourceNotFoundError(f"no plan {plan_id} (yet: the indexer may be behind)")
    found = PlanPublic(**row._mapping)
    payments = connection.execute(
        select(INSTALLMENTS)
        .where(INSTALLMENTS.c.plan_id == plan_id)
        .order_by(INSTALLMENTS.c.block_number, INSTALLMENTS.c.log_index)
    ).all()
    history = connection.execute(
        select(PLAN_EVENTS)
        .where(PLAN_EVENTS.c.plan_id == plan_id)
        .order_by(PLAN_EVENTS.c.block_number, PLAN_EVENTS.c.log_index)
    ).all()
    return PlanDetailPublic(
        **found.model_dump(),
        schedule=plan_schedule(found),
        installments=[InstallmentPublic(**payment._mapping) for payment in payments],
        history=[PlanEventPublic(**event._mapping) for event in history],
    )


def plan_listings(
    session: Session, *, filters: dict[str, Any], before: int | None, limit: int
) -> PlanListingsPublic:
    """Plan listings matching ``filters``, newest first."""
    rows, after = listing_page(session, PLAN_LISTINGS, filters, before, limit)
    data = [PlanListingPublic(**row._mapping) for row in rows]
    return PlanListingsPublic(data=data, count=len(data), next_before=after)


def plan_listing(session: Session, listing_id: int) -> PlanListingDetailPublic:
    """Plan listing ``listing_id`` with its metadata document.

    Raises:
        ResourceNotFoundError: No such plan listing (yet).
    """
    return PlanListingDetailPublic(
        **listing_detail(session, PLAN_LISTINGS, listing_id, "plan listing")
    )
