"""Profiles: one's own (``/v1/profiles/me``) and, for others, only what they made public."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.crud import profiles
from api.deps import SessionDep, SignedInWriter, Viewer, WriteSessionDep
from api.models.common import now
from api.models.social import ProfilePublic, ProfileUpdate
from api.routes.responses import WRITE, errors

router = APIRouter(prefix="/profiles", tags=["profiles"])


@router.get("/me", responses=errors(401, 404))
def get_my_profile(me: Viewer, session: SessionDep) -> ProfilePublic:
    """The signed-in user's profile, public or not."""
    return profiles.own_profile(session, me)


@router.patch("/me", responses=WRITE)
def update_my_profile(
    change: ProfileUpdate, me: SignedInWriter, session: WriteSessionDep
) -> ProfilePublic:
    """Create or change the signed-in user's profile; ``public: true`` opts in to showing it."""
    return profiles.save_profile(session, me, change, now())


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE)
def delete_my_profile(me: SignedInWriter, session: WriteSessionDep) -> None:
    """Delete the signed-in user's profile: the address is anonymous again."""
    profiles.delete_profile(session, me)
