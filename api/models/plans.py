"""Installment plans as the API returns them: the indexer's rows with schedule and history."""

from __future__ import annotations

from sqlmodel import SQLModel

from api.models.documents import ListingMetadata
from indexer.models import InstallmentPublic, PlanEventPublic, PlanListingPublic, PlanPublic
from indexer.models.types import Amount


class ScheduledInstallmentPublic(SQLModel):
    """One installment of a plan's schedule (``libraries/Schedule.sol``).

    Attributes:
        index: 1 to ``installment_count``.
        due_at: When it falls due (``started_at + index * interval``).
        amount: ``installment``, and ``last_installment`` for the last one (it carries the
            rounding dust).
        paid: Covered in full by the payments so far.
        late_fee_charged: A late fee was charged for it.
    """

    index: int
    due_at: int
    amount: Amount
    paid: bool
    late_fee_charged: bool


class PlanDetailPublic(PlanPublic):
    """A plan with its schedule, its payments and its status history (oldest first)."""

    schedule: list[ScheduledInstallmentPublic]
    installments: list[InstallmentPublic]
    history: list[PlanEventPublic]


class PlansPublic(SQLModel):
    """Installment plans, newest first; ``next_cursor`` continues (``null``: end)."""

    data: list[PlanPublic]
    count: int
    next_cursor: str | None


class PlanListingDetailPublic(PlanListingPublic):
    """A plan listing with its metadata document (``null`` while nobody stored it)."""

    metadata_document: ListingMetadata | None


class PlanListingsPublic(SQLModel):
    """Plan listings, newest first; pass ``next_before`` as ``before`` (``null``: end)."""

    data: list[PlanListingPublic]
    count: int
    next_before: int | None
