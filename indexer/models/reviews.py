"""Tables projected from the Reputation contract's events (contracts/interfaces/IReputation.sol).

* ``reputation_deals`` (mutable): every deal a source recorded (``DealRecorded``), with the
  review state of both sides, as ``chain/reputation/rebuild.py`` rebuilds the ``Deal``
  struct. Keyed by the source's address and its deal id. (``deals`` holds the deals the
  indexer derives from the sources' own events, which exist even without a recorder.)
* ``reviews`` (mutable): one per deal and author, as last revised, with the response of the
  reviewed party. ``review_revisions`` (append-only) keeps every version, the original
  included.
* ``review_reports`` (append-only): one per deal and reporting party.
* ``reputation_facts`` (append-only): lost disputes and defaults the sources reported.
* ``deal_sources``, ``credit_tokens`` (mutable): the owner's registrations.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index
from sqlmodel import Field, SQLModel

from indexer.models.types import ADDRESS_LENGTH, HASH_LENGTH, Amount, Uint256


class ReputationDealBase(SQLModel):
    """A recorded deal and what each side did with it (reviews, edits, responses, reports)."""

    kind: str = Field(max_length=16)
    buyer: str = Field(max_length=ADDRESS_LENGTH, index=True)
    seller: str = Field(max_length=ADDRESS_LENGTH, index=True)
    token: str = Field(max_length=ADDRESS_LENGTH)
    value: Amount = Field(sa_type=Uint256)
    fee: Amount = Field(sa_type=Uint256)
    buyer_reviewed_at: int | None = Field(default=None, sa_type=BigInteger)
    seller_reviewed_at: int | None = Field(default=None, sa_type=BigInteger)
    flags: int = 0
    recorded_at: int = Field(sa_type=BigInteger)
    recorded_block: int = Field(sa_type=BigInteger)
    recorded_tx: str = Field(max_length=HASH_LENGTH)
    updated_block: int = Field(sa_type=BigInteger)


class ReputationDeal(ReputationDealBase, table=True):
    """``reputation_deals``: one row per (source address, deal id)."""

    __tablename__ = "reputation_deals"

    source: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    deal_id: int = Field(primary_key=True, sa_type=Uint256)


class ReputationDealPublic(ReputationDealBase):
    """A recorded deal as the API returns it."""

    source: str
    deal_id: Amount


class ReviewBase(SQLModel):
    """A verified review of the other side of a deal, as last revised.

    ``side`` is ``buyer`` (the buyer, renter or borrower reviewing the seller or lender) or
    ``seller`` (the other way round); ``subject`` is the reviewed party. Sub-ratings are 0
    when left out. ``fee`` is the platform fee the deal paid, to weigh the review by.
    """

    side: str = Field(max_length=8)
    subject: str = Field(max_length=ADDRESS_LENGTH, index=True)
    kind: str = Field(max_length=16)
    token: str = Field(max_length=ADDRESS_LENGTH)
    fee: Amount = Field(sa_type=Uint256)
    rating: int
    quality: int
    as_described: int
    delivery: int
    communication: int
    text_hash: str = Field(max_length=HASH_LENGTH)
    credits: Amount = Field(sa_type=Uint256)
    posted_at: int = Field(sa_type=BigInteger)
    edited_at: int | None = Field(default=None, sa_type=BigInteger)
    response_hash: str | None = Field(default=None, max_length=HASH_LENGTH)
    responded_at: int | None = Field(default=None, sa_type=BigInteger)
    block_number: int = Field(sa_type=BigInteger)
    log_index: int
    tx_hash: str = Field(max_length=HASH_LENGTH)
    updated_block: int = Field(sa_type=BigInteger)


class Review(ReviewBase, table=True):
    """``reviews``: one row per (source, deal id, author); position of the first post."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_position", "block_number", "log_index"),)

    source: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    deal_id: int = Field(primary_key=True, sa_type=Uint256)
    author: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)


class ReviewPublic(ReviewBase):
    """A review as the API returns it."""

    source: str
    deal_id: Amount
    author: str


class ReviewRevisionBase(SQLModel):
    """One version of a review: ``posted`` or ``edited``."""

    source: str = Field(max_length=ADDRESS_LENGTH)
    deal_id: Amount = Field(sa_type=Uint256)
    author: str = Field(max_length=ADDRESS_LENGTH)
    action: str = Field(max_length=8)
    rating: int
    quality: int
    as_described: int
    delivery: int
    communication: int
    text_hash: str = Field(max_length=HASH_LENGTH)
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class ReviewRevision(ReviewRevisionBase, table=True):
    """``review_revisions``: append-only, keyed by the log's position."""

    __tablename__ = "review_revisions"
    __table_args__ = (
        Index("ix_review_revisions_review", "source", "deal_id", "author", "block_number"),
    )

    block_number: int = Field(primary_key=True, sa_type=BigInteger)
    log_index: int = Field(primary_key=True)


class ReviewRevisionPublic(ReviewRevisionBase):
    """A review version as the API returns it."""

    block_number: int
    log_index: int


class ReviewReportBase(SQLModel):
    """A party's report of the other side of a deal as fraudulent.

    The chain records the report only; whether it is upheld is a moderator's decision in the
    API's own database (docs/api.md, "reports")."""

    accused: str = Field(max_length=ADDRESS_LENGTH, index=True)
    accused_side: str = Field(max_length=8)
    reason: str = Field(max_length=16)
    evidence_hash: str = Field(max_length=HASH_LENGTH)
    block_number: int = Field(sa_type=BigInteger, index=True)
    log_index: int
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class ReviewReport(ReviewReportBase, table=True):
    """``review_reports``: append-only, one per (source, deal id, reporter)."""

    __tablename__ = "review_reports"

    source: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    deal_id: int = Field(primary_key=True, sa_type=Uint256)
    reporter: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)


class ReviewReportPublic(ReviewReportBase):
    """A report as the API returns it."""

    source: str
    deal_id: Amount
    reporter: str


class ReputationFactBase(SQLModel):
    """A negative fact a source reported: ``dispute_lost`` or ``default``, against ``party``."""

    source: str = Field(max_length=ADDRESS_LENGTH)
    deal_id: Amount = Field(sa_type=Uint256)
    party: str = Field(max_length=ADDRESS_LENGTH, index=True)
    fact: str = Field(max_length=16)
    amount: Amount = Field(sa_type=Uint256)
    tx_hash: str = Field(max_length=HASH_LENGTH)
    timestamp: int = Field(sa_type=BigInteger)


class ReputationFact(ReputationFactBase, table=True):
    """``reputation_facts``: append-only, keyed by the log's position."""

    __tablename__ = "reputation_facts"

    block_number: int = Field(primary_key=True, sa_type=BigInteger)
    log_index: int = Field(primary_key=True)


class ReputationFactPublic(ReputationFactBase):
    """A fact as the API returns it."""

    block_number: int
    log_index: int


class DealSource(SQLModel, table=True):
    """``deal_sources``: contracts the owner allowed (or stopped) to record deals."""

    __tablename__ = "deal_sources"

    source: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    registered: bool
    updated_block: int = Field(sa_type=BigInteger)


class CreditToken(SQLModel, table=True):
    """``credit_tokens``: the ReviewCredits contract minted for reviews of deals in ``token``
    (``credits`` is ``None`` once the owner removed it)."""

    __tablename__ = "credit_tokens"

    token: str = Field(primary_key=True, max_length=ADDRESS_LENGTH)
    credits: str | None = Field(default=None, max_length=ADDRESS_LENGTH, index=True)
    updated_block: int = Field(sa_type=BigInteger)
