"""The published reputation formula (version 1): a Bayesian average of deal outcomes.

Every completed deal is evidence of a good outcome, weighted by its value; every lost
dispute, unshipped cancellation, dispute the arbiter left to the timeout, and upheld abuse
report is evidence of a bad one. A prior of ``PRIOR_WEIGHT`` pseudo-deals at
``PRIOR_MEAN`` keeps a seller with little history near the middle::

    score = (PRIOR_WEIGHT * PRIOR_MEAN + W) / (PRIOR_WEIGHT + W + P)

    W = sum over payment tokens t with n_t > 0 deals of value V_t and reference unit u_t:
            n_t * (1 + log2(1 + V_t / (n_t * u_t)))     (n_t alone when t has no unit)
    P = 3 * disputes_lost + 2 * cancellations + 1 * disputes_expired + 5 * reports_upheld

The score is in (0, 1). Refunds a seller gives and disputes it wins do not count against it.
Everything it needs is returned by ``GET /v1/sellers/{address}/reputation``, so anyone can
recompute it; docs/api.md works an example through.

Example:
    >>> inputs = Inputs(volumes=[Volume(token="ETH", deals=10, value=10 * 10**17, unit=10**16)],
    ...                 disputes_lost=1, cancellations=0, disputes_expired=0, reports_upheld=0)
    >>> result = compute(inputs)
    >>> round(result.deal_weight, 4), result.penalty_weight, round(result.score, 4)
    (44.5943, 3.0, 0.8954)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

VERSION = 1
PRIOR_WEIGHT = 5.0
PRIOR_MEAN = 0.5
PENALTIES = {
    "disputes_lost": 3.0,
    "cancellations": 2.0,
    "disputes_expired": 1.0,
    "reports_upheld": 5.0,
}
EXPRESSION = (
    "score = (prior_weight * prior_mean + W) / (prior_weight + W + P); "
    "W = sum_t n_t * (1 + log2(1 + V_t / (n_t * u_t))) (n_t when token t has no unit); "
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
class Inputs:
    """Everything the formula reads."""

    volumes: list[Volume]
    disputes_lost: int
    cancellations: int
    disputes_expired: int
    reports_upheld: int


@dataclass(frozen=True)
class Result:
    """The score and its two terms; ``weights`` has W's share of each token."""

    score: float
    deal_weight: float
    penalty_weight: float
    weights: dict[str, float] = field(default_factory=dict)


def token_weight(volume: Volume) -> float:
    """W's term for one token: each deal counts 1 plus log2(1 + its average value in units)."""
    if volume.deals <= 0:
        return 0.0
    if volume.unit is None:
        return float(volume.deals)
    average_units = volume.value / (volume.deals * volume.unit)
    return volume.deals * (1.0 + math.log2(1.0 + average_units))


def compute(inputs: Inputs) -> Result:
    """The score of ``inputs`` under formula version 1."""
    weights = {volume.token: token_weight(volume) for volume in inputs.volumes}
    deal_weight = sum(weights.values())
    penalty_weight = sum(weight * getattr(inputs, name) for name, weight in PENALTIES.items())
    score = (PRIOR_WEIGHT * PRIOR_MEAN + deal_weight) / (
        PRIOR_WEIGHT + deal_weight + penalty_weight
    )
    return Result(score, deal_weight, penalty_weight, weights)
