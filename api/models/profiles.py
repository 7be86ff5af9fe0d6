"""A public profile page: what an address chose to show, and its public seller record."""

from __future__ import annotations

from sqlmodel import SQLModel

from api.models.credits import CreditBalanceEntryPublic
from api.models.reviews import ReviewEntryPublic
from api.models.social import ProfilePublic
from indexer.models.types import Amount


class OwnProfilePublic(ProfilePublic):
    """``GET /v1/profiles/me``: the signed-in user's profile, public or not.

    Attributes:
        credits: The user's review credits per credits contract (its own view only; others
            see them on the profile page once it is public).
    """

    credits: list[CreditBalanceEntryPublic]


class SellerSummaryPublic(SQLModel):
    """An address's record as a seller (public on chain, whether or not it signed in).

    Attributes:
        score: The reputation score (``/v1/sellers/{address}/reputation`` explains it).
    """

    listings: int
    orders: int
    deals: int
    score: float


class PublicPurchasePublic(SQLModel):
    """A purchase its buyer chose to show."""

    order_id: Amount
    listing_id: int | None
    title: str | None
    seller: str
    token: str
    amount: Amount
    quantity: int
    status: str
    paid_at: int


class ProfileViewPublic(SQLModel):
    """``GET /v1/profiles/{address}``.

    Attributes:
        profile: Name, bio and avatar, present only once the owner made the profile public.
        followers: How many addresses follow this one.
        seller: The seller record, if the address ever listed or sold.
        purchases: Purchases the owner made public (only while the profile is public).
        reviews_received: The newest reviews of this address (``/v1/reviews?subject=`` has
            them all): by its buyers always, by its sellers only while the profile is public.
        reviews_written: The newest reviews this address wrote (``/v1/reviews?reviewer=``):
            of its buyers always, of its sellers only while the profile is public.
        credits: Its review credits per credits contract, only while the profile is public
            (credits are minted for reviews, so they say that the address took part in deals).
    """

    address: str
    profile: ProfilePublic | None
    followers: int
    seller: SellerSummaryPublic | None
    purchases: list[PublicPurchasePublic]
    reviews_received: list[ReviewEntryPublic]
    reviews_written: list[ReviewEntryPublic]
    credits: list[CreditBalanceEntryPublic]
