"""Rentals (RentalEscrow) and installment plans (InstallmentPlans), newest first.

Both are keyed by a uint256 id and listed by ``"<created block>.<id>"`` cursors, like orders.
A plan's schedule is not stored: it follows from the plan's terms exactly as
``libraries/Schedule.sol`` computes it (``chain/schedule.py`` mirrors it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Table, literal, select, tuple_
from sqlmodel import Session

from api.crud.orders import order_cursor
from api.errors import ResourceNotFoundError
from api.models.documents import Document, ListingMetadata
from api.models.rentals import (
    PlanDetailPublic,
    PlanListingDetailPublic,
    PlanListingsPublic,
    PlansPublic,
    RentalDetailPublic,
    RentalListingDetailPublic,
    RentalListingsPublic,
    RentalsPublic,
    ScheduledInstallmentPublic,
)
from chain import schedule
from indexer.models import (
    Installment,
    InstallmentPublic,
    Plan,
    PlanEvent,
    PlanEventPublic,
    PlanListing,
    PlanListingPublic,
    PlanPublic,
    Rental,
    RentalEvent,
    RentalEventPublic,
    RentalListing,
    RentalListingPublic,
    RentalPublic,
)
from indexer.store.tables import table_of

RENTALS = table_of(Rental)
RENTAL_EVENTS = table_of(RentalEvent)
PLANS = table_of(Plan)
PLAN_EVENTS = table_of(PlanEvent)
INSTALLMENTS = table_of(Installment)
RENTAL_LISTINGS = table_of(RentalListing)
PLAN_LISTINGS = table_of(PlanListing)
DOCUMENTS = table_of(Document)


def _page(
    session: Session,
    table: Table,
    key: str,
    filters: dict[str, Any],
    before: str | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """Rows of ``table`` matching ``filters``, newest first by (created block, ``key``)."""
    conditions: list[ColumnElement[bool]] = [
        table.c[name] == value for name, value in filters.items() if value is not None
    ]
    if before is not None:
        block, last_id = order_cursor(before)
        # Typed literals: on SQLite a uint256 binds as its zero-padded text.
        after = tuple_(literal(block, BigInteger()), literal(last_id, table.c[key].type))
        conditions.append(tuple_(table.c.created_block, table.c[key]) < after)
    rows = (
        session.connection()
        .execute(
            select(table)
            .where(*conditions)
            .order_by(table.c.created_block.desc(), table.c[key].desc())
            .limit(limit + 1)
        )
        .all()
    )
    last = rows[limit - 1] if len(rows) > limit else None
    return list(rows[:limit]), (f"{last.created_block}.{last._mapping[key]}" if last else None)


def rentals(
    session: Session, *, filters: dict[str, Any], before: str | None, limit: int
) -> RentalsPublic:
    """Rentals matching ``filters`` (column → value), newest first."""
    rows, cursor = _page(session, RENTALS, "rental_id", filters, before, limit)
    data = [RentalPublic(**row._mapping) for row in rows]
    return RentalsPublic(data=data, count=len(data), next_cursor=cursor)


def rental(session: Session, rental_id: int) -> RentalDetailPublic:
    """Rental ``rental_id`` with its status history.

    Raises:
        ResourceNotFoundError: No such rental (yet).
    """
    connection = session.connection()
    row = connection.execute(select(RENTALS).where(RENTALS.c.rental_id == rental_id)).first()
    if row is None:
        raise ResourceNotFoundError(f"no rental {rental_id} (yet: the indexer may be behind)")
    history = connection.execute(
        select(RENTAL_EVENTS)
        .where(RENTAL_EVENTS.c.rental_id == rental_id)
        .order_by(RENTAL_EVENTS.c.block_number, RENTAL_EVENTS.c.log_index)
    ).all()
    return RentalDetailPublic(
        **row._mapping, history=[RentalEventPublic(**event._mapping) for event in history]
    )


def plans(
    session: Session, *, filters: dict[str, Any], before: str | None, limit: int
) -> PlansPublic:
    """Installment plans matching ``filters`` (column → value), newest first."""
    rows, cursor = _page(session, PLANS, "plan_id", filters, before, limit)
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


def _listing_page(
    session: Session, table: Table, filters: dict[str, Any], before: int | None, limit: int
) -> tuple[list[Any], int | None]:
    """Rows of a listing ``table`` matching ``filters``, newest first by listing id."""
    conditions: list[ColumnElement[bool]] = [
        table.c[name] == value for name, value in filters.items() if value is not None
    ]
    if before is not None:
        conditions.append(table.c.listing_id < before)
    rows = (
        session.connection()
        .execute(
            select(table).where(*conditions).order_by(table.c.listing_id.desc()).limit(limit + 1)
        )
        .all()
    )
    more = len(rows) > limit
    return list(rows[:limit]), (rows[limit - 1].listing_id if more else None)


def _listing_detail(session: Session, table: Table, listing_id: int, what: str) -> dict[str, Any]:
    row = (
        session.connection()
        .execute(
            select(table, DOCUMENTS.c.body)
            .select_from(
                table.outerjoin(
                    DOCUMENTS,
                    (DOCUMENTS.c.hash == table.c.metadata_hash) & (DOCUMENTS.c.kind == "listing"),
                )
            )
            .where(table.c.listing_id == listing_id)
        )
        .first()
    )
    if row is None:
        raise ResourceNotFoundError(f"no {what} {listing_id} (yet: the indexer may be behind)")
    fields = dict(row._mapping)
    body = fields.pop("body")
    fields["metadata_document"] = (
        ListingMetadata.model_validate_json(body) if body is not None else None
    )
    return fields


def rental_listings(
    session: Session, *, filters: dict[str, Any], before: int | None, limit: int
) -> RentalListingsPublic:
    """Rental listings matching ``filters``, newest first."""
    rows, after = _listing_page(session, RENTAL_LISTINGS, filters, before, limit)
    data = [RentalListingPublic(**row._mapping) for row in rows]
    return RentalListingsPublic(data=data, count=len(data), next_before=after)


def rental_listing(session: Session, listing_id: int) -> RentalListingDetailPublic:
    """Rental listing ``listing_id`` with its metadata document.

    Raises:
        ResourceNotFoundError: No such rental listing (yet).
    """
    fields = _listing_detail(session, RENTAL_LISTINGS, listing_id, "rental listing")
    return RentalListingDetailPublic(**fields)


def plan_listings(
    session: Session, *, filters: dict[str, Any], before: int | None, limit: int
) -> PlanListingsPublic:
    """Plan listings matching ``filters``, newest first."""
    rows, after = _listing_page(session, PLAN_LISTINGS, filters, before, limit)
    data = [PlanListingPublic(**row._mapping) for row in rows]
    return PlanListingsPublic(data=data, count=len(data), next_before=after)


def plan_listing(session: Session, listing_id: int) -> PlanListingDetailPublic:
    """Plan listing ``listing_id`` with its metadata document.

    Raises:
        ResourceNotFoundError: No such plan listing (yet).
    """
    return PlanListingDetailPublic(
        **_listing_detail(session, PLAN_LISTINGS, listing_id, "plan listing")
    )
