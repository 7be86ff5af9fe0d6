"""Purchases a buyer chose to show on their public profile.

Buyers are anonymous by default: the chain shows an address paid, and nothing here links
that address to a profile. A buyer who signs in may mark one of its own orders public; it
is shown on the buyer's profile only while the profile itself is public.
"""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel

from api.models.common import ADDRESS_LENGTH
from indexer.models.types import Amount, Uint256


class PurchaseShare(SQLModel, table=True):
    """``purchase_shares``: order ``order_id`` is shown on ``buyer``'s public profile."""

    __tablename__ = "purchase_shares"

    buyer: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    order_id: int = Field(primary_key=True, sa_type=Uint256)
    created_at: int = Field(sa_type=BigInteger)


class PurchaseSharePublic(SQLModel):
    """A purchase the buyer made public."""

    order_id: Amount
    created_at: int
