"""Profiles: one's own (``/v1/profiles/me``) and, for others, only what they made public.

The ``/me`` routes come first: ``me`` is not an address, and routes match in order.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from api.crud import profiles
from api.deps import SessionDep, SettingsDep, SignedInWriter, Viewer, WriteSessionDep
from api.models.common import Address, now
from api.models.profiles import OwnProfilePublic, ProfileViewPublic
from api.models.purchases import PurchaseSharePublic
from api.models.social import ProfilePublic, ProfileUpdate
from api.routes.responses import WRITE, errors

router = APIRouter(prefix="/profiles", tags=["profiles"])


@router.get("/me", responses=errors(401, 404))
def get_my_profile(me: Viewer, session: SessionDep) -> OwnProfilePublic:
    """The signed-in user's profile, public or not, with its review credits."""
    return profiles.own_profile(session, me)


@router.patch("/me", responses={**WRITE, **errors(400)})
def update_my_profile(
    change: ProfileUpdate, me: SignedInWriter, session: WriteSessionDep
) -> ProfilePublic:
    """Create or change the signed-in user's profile; ``public: true`` opts in to showing it."""
    return profiles.save_profile(session, me, change, now())


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE)
def delete_my_profile(me: SignedInWriter, session: WriteSessionDep) -> None:
    """Delete the signed-in user's profile: the address is anonymous again."""
    profiles.delete_profile(session, me)


OrderId = Annotated[int, Path(ge=0, le=2**256 - 1)]


@router.put("/me/purchases/{order_id}", responses={**WRITE, **errors(404)})
def show_purchase(
    order_id: OrderId, me: SignedInWriter, session: WriteSessionDep
) -> PurchaseSharePublic:
    """Show one of your purchases on your profile (seen only while the profile is public)."""
    return profiles.share_purchase(session, me, order_id, now())


@router.delete("/me/purchases/{order_id}", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE)
def hide_purchase(order_id: OrderId, me: SignedInWriter, session: WriteSessionDep) -> None:
    """Stop showing a purchase."""
    profiles.unshare_purchase(session, me, order_id)


@router.get("/{address}", responses=errors(404))
def get_profile(address: Address, session: SessionDep, settings: SettingsDep) -> ProfileViewPublic:
    """An address's public profile, shown purchases and seller record (404: nothing public)."""
    return profiles.profile_view(session, address, settings.reputation_units)
