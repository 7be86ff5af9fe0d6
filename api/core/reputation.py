"""The published reputation formula (version 2): a Bayesian average of deal outcomes and
fee-weighted review ratings.

Every completed deal (purchase, rental or installment plan) is evidence of a good outcome,
weighted by its value; every verified review is evidence split between good and bad by its
rating, weighted by the platform fees its deals paid; every lost dispute (orders and rental
damage claims), cancellation, dispute left to the timeout, default and upheld abuse report
is evidence of a bad outcome. A prior of ``PRIOR_WEIGHT`` pseudo-deals at ``PRIOR_MEAN``
keeps a seller with little history near the middle::

    score = (PRIOR_WEIGHT * PRIOR_MEAN + W + G) / (PRIOR_WEIGHT + W + G + B + P)

    W = sum over payment tokens t with n_t > 0 deals of value V_t and reference unit u_t:
            n_t * (1 + log2(1 + V_t / (n_t * u_t)))     (n_t alone when t has no unit)
    Ratings, per token t whose reviewed deals paid fees F_t > 0 (S_t = sum of rating * fee):
            q_t = (S_t / F_t - 1) / 4                   fee-weighted mean rating, 1..5 -> 0..1
            k_t = RATING_WEIGHT * log2(1 + F_t / (FEE_SHARE * u_t))   (r_t reviews if no unit)
    G = sum_t k_t * q_t        B = sum_t k_t * (1 - q_t)
    P = 3 * disputes_lost + 2 * cancellations + 1 * disputes_expired + 4 * defaults
        + 5 * reports_upheld

The score is in (0, 1). Refunds a seller gives and disputes it wins do not count against it;
reviews whose deals paid no fee do not weigh (a wash trade at a price of 1 wei buys no say).
Everything it needs is returned by ``GET /v1/sellers/{address}/reputation``, so anyone can
recompute it; docs/api.md works an example through.

Example:
    >>> eth = Volume(token="ETH", deals=10, value=10 * 10**17, unit=10**16)
    >>> inputs = Inputs(volumes=[eth], ratings=[], disputes_lost=1, cancellations=0,
    ...                 disputes_expired=0, defaults=0, reports_upheld=0)
    >>> result = compute(inputs)
    >>> round(result.deal_weight, 4), result.penalty_weight, round(result.score, 4)
    (44.5943, 3.0, 0.8954)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

VERSION = 2
PRIOR_WEIGHT = 5.0
PRIOR_MEAN = 0.5
RATING_WEIGHT = 2.0
FEE_SHARE = 0.01  # fees are measured in units of 1 % of the token's reference unit
PENALTIES = {
    "disputes_lost": 3.0,
    "cancellations": 2.0,
    "disputes_expired": 1.0,
    "defaults": 4.0,
    "reports_upheld": 5.0,
}
EXPRESSION = (
    "score = (prior_weight * prior_mean + W + G) / (prior_weight + W + G + B + P); "
    "W = sum_t n_t * (1 + log2(1 + V_t / (n_t * u_t))) (n_t when token t has no unit); "
    "q_t = (S_t / F_t - 1) / 4; "
    "k_t = rating_weight * log2(1 + F_t / (fee_share * u_t)) (r_t when t has no unit; 0 if F_t=0); "
    "G = sum_t k_t * q_t; B = sum_t k_t * (1 - q_t); "
    "P = sum_k penalty_k * count_k"
)


@dataclass(frozen=True)
class Volume:
    """A seller's completed deals in one token, and the token's reference unit (or None)."""

    token: str
    deals: int
    value: int
    unit: int | None


@dataclass(frozen=True)
class Rating:
    """Reviews of a seller's deals in one token: count, fees those deals paid, and the sum of
    rating x fee (the indexer's ``seller_volumes``)."""

    token: str
    reviews: int
    fees: int
    rating_fee_sum: int
    unit: int | None


@dataclass(frozen=True)
class Inputs:
    """Everything the formula reads."""

    volumes: list[Volume]
    ratings: list[Rating]
    disputes_lost: int
    cancellations: int
    disputes_expired: int
    defaults: int
    reports_upheld: int


@dataclass(frozen=True)
class Result:
    """The score and its terms; ``weights`` has W's share of each token, ``rating_weights``
    each token's k_t and ``mean_ratings`` its q_t."""

    score: float
    deal_weight: float
    penalty_weight: float
    rating_good: float = 0.0
    rating_bad: float = 0.0
    weights: dict[str, float] = field(default_factory=dict)
    rating_weights: dict[str, float] = field(default_factory=dict)
    mean_ratings: dict[str, float] = field(default_factory=dict)


def token_weight(volume: Volume) -> float:
    """W's term for one token: each deal counts 1 plus log2(1 + its average value in units)."""
    if volume.deals <= 0:
        return 0.0
    if volume.unit is None:
        return float(volume.deals)
    average_units = volume.value / (volume.deals * volume.unit)
    return volume.deals * (1.0 + math.log2(1.0 + average_units))


def rating_weight(rating: Rating) -> float:
    """k_t: how much one token's reviews weigh, growing with the log of the fees paid."""
    if rating.fees <= 0 or rating.reviews <= 0:
        return 0.0
    if rating.unit is None:
        return float(rating.reviews)
    return RATING_WEIGHT * math.log2(1.0 + rating.fees / (FEE_SHARE * rating.unit))


def mean_rating(rating: Rating) -> float:
    """q_t: the fee-weighted mean rating mapped from 1..5 to 0..1 (0.5 without fees)."""
    if rating.fees <= 0:
        return 0.5
    return min(1.0, max(0.0, (rating.rating_fee_sum / rating.fees - 1.0) / 4.0))


def compute(inputs: Inputs) -> Result:
    """The score of ``inputs`` under formula version 2."""
    weights = {volume.token: token_weight(volume) for volume in inputs.volumes}
    rating_weights = {rating.token: rating_weight(rating) for rating in inputs.ratings}
    means = {rating.token: mean_rating(rating) for rating in inputs.ratings}
    deal_weight = sum(weights.values())
    good = sum(rating_weights[token] * means[token] for token in rating_weights)
    bad = sum(rating_weights[token] * (1.0 - means[token]) for token in rating_weights)
    penalty_weight = sum(weight * getattr(inputs, name) for name, weight in PENALTIES.items())
    score = (PRIOR_WEIGHT * PRIOR_MEAN + deal_weight + good) / (
        PRIOR_WEIGHT + deal_weight + good + bad + penalty_weight
    )
    return Result(score, deal_weight, penalty_weight, good, bad, weights, rating_weights, means)
