"""Follow and unfollow addresses; the list of one's follows is visible only to oneself."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from api.crud import follows
from api.deps import SessionDep, SettingsDep, SignedInWriter, Viewer, WriteSessionDep
from api.models.common import Address, now
from api.models.social import FollowPublic, FollowsPublic
from api.routes.responses import WRITE, errors

router = APIRouter(prefix="/follows", tags=["social"])


@router.get("", responses=errors(401))
def list_follows(
    me: Viewer,
    session: SessionDep,
    settings: SettingsDep,
    limit: Annotated[int | None, Query(ge=1)] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> FollowsPublic:
    """The addresses the signed-in user follows, newest first."""
    size = min(limit or settings.feed_page_size, settings.max_page_size)
    return follows.follows_of(session, me, limit=size, offset=offset)


@router.put("/{address}", responses=errors(400, 401, 429, e400="Following oneself"))
def follow(address: Address, me: SignedInWriter, session: WriteSessionDep) -> FollowPublic:
    """Follow ``address``: its activity appears in ``/v1/feed/following``."""
    return follows.follow(session, me, address, now())


@router.delete("/{address}", status_code=status.HTTP_204_NO_CONTENT, responses=WRITE)
def unfollow(address: Address, me: SignedInWriter, session: WriteSessionDep) -> None:
    """Stop following ``address`` (succeeds when not following either)."""
    follows.unfollow(session, me, address)
