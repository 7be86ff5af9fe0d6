"""A seller's reputation: the indexer's counters, recorded defaults, upheld reports, and
formula version 2."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from api.core import reputation as formula
from api.crud.reports import upheld_against
from api.errors import ResourceNotFoundError
from api.models.market import (
    ReputationFormulaPublic,
    ReputationInputsPublic,
    ReputationPublic,
    TokenVolumePublic,
)
from indexer.models import ReputationFact, SellerReputation, SellerVolume
from indexer.store.tables import table_of

STATS = table_of(SellerReputation)
VOLUMES = table_of(SellerVolume)
FACTS = table_of(ReputationFact)

FORMULA = ReputationFormulaPublic(
    version=formula.VERSION,
    expression=formula.EXPRESSION,
    prior_weight=formula.PRIOR_WEIGHT,
    prior_mean=formula.PRIOR_MEAN,
    rating_weight=formula.RATING_WEIGHT,
    fee_share=formula.FEE_SHARE,
    penalties=formula.PENALTIES,
)


def reputation(session: Session, seller: str, units: dict[str, int]) -> ReputationPublic:
    """``seller``'s score, its terms and every input.

    Args:
        session: A read session.
        seller: The seller's checksummed address.
        units: Reference unit per token (checksummed address → smallest units).

    Raises:
        ResourceNotFoundError: The address never created a listing or sold anything.
    """
    stats = session.execute(select(STATS).where(STATS.c.seller == seller)).first()
    if stats is None:
        raise ResourceNotFoundError(f"{seller} has no seller history")
    volumes = session.execute(
        select(VOLUMES).where(VOLUMES.c.seller == seller).order_by(VOLUMES.c.token)
    ).all()
    reports = upheld_against(session, seller)
    defaults = defaults_of(session, seller)
    inputs = formula.Inputs(
        volumes=[
            formula.Volume(row.token, row.deals, row.value, units.get(row.token)) for row in volumes
        ],
        ratings=[
            formula.Rating(
                row.token, row.reviews, row.review_fees, row.rating_fee_sum, units.get(row.token)
            )
            for row in volumes
        ],
        disputes_lost=stats.disputes_lost,
        cancellations=stats.cancellations,
        disputes_expired=stats.disputes_expired,
        defaults=defaults,
        reports_upheld=reports,
    )
    result = formula.compute(inputs)
    return ReputationPublic(
        seller=seller,
        score=result.score,
        deal_weight=result.deal_weight,
        rating_good=result.rating_good,
        rating_bad=result.rating_bad,
        penalty_weight=result.penalty_weight,
        inputs=ReputationInputsPublic(
            **{
                name: getattr(stats, name)
                for name in ReputationInputsPublic.model_fields
                if name not in ("volumes", "reports_upheld", "defaults")
            },
            reports_upheld=reports,
            defaults=defaults,
            volumes=[
                TokenVolumePublic(
                    token=row.token,
                    deals=row.deals,
                    value=row.value,
                    fees=row.fees,
                    refunded=row.refunded,
                    reference_unit=units.get(row.token),
                    weight=result.weights[row.token],
                    reviews=row.reviews,
                    review_fees=row.review_fees,
                    rating_fee_sum=row.rating_fee_sum,
                    rating_weight=result.rating_weights[row.token],
                    mean_rating=result.mean_ratings[row.token],
                )
                for row in volumes
            ],
        ),
        formula=FORMULA,
    )


def defaults_of(session: Session, address: str) -> int:
    """How many defaults the deal sources recorded against ``address`` (``FactRecorded``)."""
    query = select(func.count()).where(FACTS.c.party == address, FACTS.c.fact == "default")
    return int(session.connection().execute(query).scalar() or 0)
