"""Profiles: saved by their owner, shown to others only once the owner makes them public.

Anonymous buyers stay anonymous: a profile page shows purchases only when their buyer
signed in, made the profile public and chose to show each one. Reviews follow the same
rule: those of the address's deals as a seller are its public seller record; those of its
deals as a buyer (written by it, or about it by its sellers) say that it bought something,
so they appear only on a public profile.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from api.crud import credits, reputation, reviews
from api.crud.follows import follower_count
from api.errors import ResourceNotFoundError
from api.models.documents import Document
from api.models.profiles import (
    OwnProfilePublic,
    ProfileViewPublic,
    PublicPurchasePublic,
    SellerSummaryPublic,
)
from api.models.purchases import PurchaseShare, PurchaseSharePublic
from api.models.social import Profile, ProfilePublic, ProfileUpdate
from indexer.models import Listing, Order, SellerReputation
from indexer.store.tables import table_of

ORDERS = table_of(Order)
LISTINGS = table_of(Listing)
DOCUMENTS = table_of(Document)
STATS = table_of(SellerReputation)
MAX_PURCHASES_SHOWN = 100
MAX_REVIEWS_SHOWN = 20


def own_profile(session: Session, address: str) -> OwnProfilePublic:
    """The signed-in user's own profile, public or not, with its credit balances.

    Raises:
        ResourceNotFoundError: The user never saved one.
    """
    row = session.get(Profile, address)
    if row is None:
        raise ResourceNotFoundError("you have no profile yet; create it with PATCH /v1/profiles/me")
    return OwnProfilePublic(
        **ProfilePublic.model_validate(row).model_dump(),
        credits=credits.balances(session, address),
    )


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


def share_purchase(session: Session, buyer: str, order_id: int, now: int) -> PurchaseSharePublic:
    """Show order ``order_id`` on ``buyer``'s public profile (idempotent).

    Raises:
        ResourceNotFoundError: No such order, or ``buyer`` did not place it (the same answer
            either way: nobody learns who bought what by probing).
    """
    owner = session.execute(select(ORDERS.c.buyer).where(ORDERS.c.order_id == order_id)).scalar()
    if owner != buyer:
        raise ResourceNotFoundError(f"you placed no order {order_id}")
    row = session.get(PurchaseShare, (buyer, order_id))
    if row is None:
        row = PurchaseShare(buyer=buyer, order_id=order_id, created_at=now)
        session.add(row)
        session.commit()
    return PurchaseSharePublic(order_id=row.order_id, created_at=row.created_at)


def unshare_purchase(session: Session, buyer: str, order_id: int) -> None:
    """Stop showing order ``order_id`` (idempotent)."""
    row = session.get(PurchaseShare, (buyer, order_id))
    if row is not None:
        session.delete(row)
        session.commit()


def _purchases(session: Session, buyer: str) -> list[PublicPurchasePublic]:
    shares = table_of(PurchaseShare)
    rows = session.execute(
        select(ORDERS, DOCUMENTS.c.title)
        .select_from(
            shares.join(ORDERS, ORDERS.c.order_id == shares.c.order_id)
            .outerjoin(LISTINGS, LISTINGS.c.listing_id == ORDERS.c.listing_id)
            .outerjoin(
                DOCUMENTS,
                (DOCUMENTS.c.hash == LISTINGS.c.metadata_hash) & (DOCUMENTS.c.kind == "listing"),
            )
        )
        .where(shares.c.buyer == buyer, ORDERS.c.buyer == buyer)
        .order_by(ORDERS.c.paid_at.desc())
        .limit(MAX_PURCHASES_SHOWN)
    ).all()
    return [PublicPurchasePublic.model_validate(dict(row._mapping)) for row in rows]


def profile_view(session: Session, address: str, units: dict[str, int]) -> ProfileViewPublic:
    """What anyone may see of ``address``.

    Raises:
        ResourceNotFoundError: No public profile and no seller history: nothing to show, and
            nothing said about whether the address ever bought anything.
    """
    profile = public_profile(session, address)
    stats = session.execute(select(STATS).where(STATS.c.seller == address)).first()
    if profile is None and stats is None:
        raise ResourceNotFoundError(f"{address} has no public profile")
    seller = None
    if stats is not None:
        seller = SellerSummaryPublic(
            listings=stats.listings,
            orders=stats.orders,
            deals=stats.deals,
            score=reputation.reputation(session, address, units).score,
        )
    public = profile is not None
    received = reviews.REVIEWS.c.subject == address
    written = reviews.REVIEWS.c.author == address
    if not public:  # only the seller side: reviews of its buyers' deals with it
        received = received & (reviews.REVIEWS.c.side == "buyer")
        written = written & (reviews.REVIEWS.c.side == "seller")
    return ProfileViewPublic(
        address=address,
        profile=profile,
        followers=follower_count(session, address),
        seller=seller,
        purchases=_purchases(session, address) if public else [],
        reviews_received=reviews.reviews(
            session, where=[received], before=None, limit=MAX_REVIEWS_SHOWN
        ).data,
        reviews_written=reviews.reviews(
            session, where=[written], before=None, limit=MAX_REVIEWS_SHOWN
        ).data,
        credits=credits.balances(session, address) if public else [],
    )
