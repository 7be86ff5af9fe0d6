"""Seller reputation, with the published formula and every input it reads."""

from __future__ import annotations

from fastapi import APIRouter

from api.crud import reputation
from api.deps import SessionDep, SettingsDep
from api.models.common import Address
from api.models.market import ReputationPublic
from api.routes.responses import errors

router = APIRouter(prefix="/sellers", tags=["reputation"])


@router.get("/{address}/reputation", responses=errors(404))
def seller_reputation(
    address: Address, session: SessionDep, settings: SettingsDep
) -> ReputationPublic:
    """The seller's score in (0, 1), the formula (docs/api.md) and its inputs."""
    return reputation.reputation(session, address, settings.reputation_units)
