"""Profiles: saved by their owner, shown to others only once the owner makes them public."""

from __future__ import annotations

from sqlmodel import Session

from api.errors import ResourceNotFound
from api.models.social import Profile, ProfilePublic, ProfileUpdate


def own_profile(session: Session, address: str) -> ProfilePublic:
    """The signed-in user's own profile, public or not.

    Raises:
        ResourceNotFound: The user never saved one.
    """
    row = session.get(Profile, address)
    if row is None:
        raise ResourceNotFound("you have no profile yet; create it with PATCH /v1/profiles/me")
    return ProfilePublic.model_validate(row)


def save_profile(session: Session, address: str, change: ProfileUpdate, now: int) -> ProfilePublic:
    """Create or change ``address``'s profile with the fields ``change`` sets."""
    row = session.get(Profile, address)
    if row is None:
        row = Profile(address=address, created_at=now, updated_at=now)
    for field, value in change.model_dump(exclude_unset=True).items():
        setattr(row, field, value)
    row.updated_at = now
    session.add(row)
    session.commit()
    return ProfilePublic.model_validate(row)


def delete_profile(session: Session, address: str) -> None:
    """Forget ``address``'s profile entirely (its comments stay, without a name)."""
    row = session.get(Profile, address)
    if row is not None:
        session.delete(row)
        session.commit()


def public_profile(session: Session, address: str) -> ProfilePublic | None:
    """``address``'s profile if its owner made it public, else ``None``."""
    row = session.get(Profile, address)
    return ProfilePublic.model_validate(row) if row is not None and row.public else None
