"""Orders, deals, seller reputation and checkout, as the API returns them."""

from __future__ import annotations

from sqlmodel import SQLModel

from indexer.models import DealPublic, OfferPublic, OrderEventPublic, OrderPublic
from indexer.models.types import Amount


class OrderDetailPublic(OrderPublic):
    """An order with its status history and, for offer orders, the accepted offer."""

    history: list[OrderEventPublic]
    offer: OfferPublic | None


class OrdersPublic(SQLModel):
    """Orders, newest first; ``next_cursor`` continues (``null``: end)."""

    data: list[OrderPublic]
    count: int
    next_cursor: str | None


class DealsPublic(SQLModel):
    """Completed deals, newest first; ``next_cursor`` continues (``null``: end)."""

    data: list[DealPublic]
    count: int
    next_cursor: str | None


class TokenVolumePublic(SQLModel):
    """A seller's completed deals in one token, the reviews of them, and their weight.

    Attributes:
        reference_unit: The token amount one "unit" of deal value is (``null``: deals in this
            token count 1 each, whatever their value).
        weight: This token's share of W.
        reviews: Reviews buyers wrote of these deals (as last revised).
        review_fees: F_t, the platform fees the reviewed deals paid.
        rating_fee_sum: S_t, the sum of rating x fee over those reviews.
        rating_weight: k_t, how much these reviews weigh.
        mean_rating: q_t, their fee-weighted mean rating mapped to 0..1.
    """

    token: str
    deals: int
    value: Amount
    fees: Amount
    refunded: Amount
    reference_unit: Amount | None
    weight: float
    reviews: int
    review_fees: Amount
    rating_fee_sum: Amount
    rating_weight: float
    mean_rating: float


class ReputationInputsPublic(SQLModel):
    """Everything the formula reads, as indexed from the chain (and the upheld reports).

    Attributes:
        defaults: Defaults the chain recorded against this address (a plan it let default
            or a rental it never returned, as buyer or renter).
        rentals: Bookings and plans started with the seller (shown, not scored: completed
            ones are deals).
        plan_defaults: The seller's plans whose buyer defaulted (shown, not held against
            the seller).
        reviews: Reviews buyers wrote of the seller, ``rating_sum`` their ratings added up
            (unweighted, for reference), ``responses`` the seller's answers.
        reports_received: Reports of fraud the seller's buyers filed on chain (shown; only
            reports a moderator upheld, ``reports_upheld``, count).
    """

    deals: int
    orders: int
    rentals: int
    plans: int
    disputes: int
    disputes_lost: int
    disputes_won: int
    disputes_expired: int
    cancellations: int
    refunds: int
    defaults: int
    plan_defaults: int
    reviews: int
    rating_sum: int
    responses: int
    reports_received: int
    reports_upheld: int
    volumes: list[TokenVolumePublic]
    first_deal_at: int | None
    last_deal_at: int | None
    updated_block: int


class ReputationFormulaPublic(SQLModel):
    """The formula's published constants (docs/api.md, "Reputation")."""

    version: int
    expression: str
    prior_weight: float
    prior_mean: float
    rating_weight: float
    fee_share: float
    penalties: dict[str, float]


class ReputationPublic(SQLModel):
    """A seller's score in (0, 1) with the terms and inputs that give it.

    Attributes:
        deal_weight: W, the value-weighted evidence of completed deals.
        rating_good: G, the good share of the fee-weighted review evidence.
        rating_bad: B, its bad share.
        penalty_weight: P, the weighted count of bad outcomes.
    """

    seller: str
    score: float
    deal_weight: float
    rating_good: float
    rating_bad: float
    penalty_weight: float
    inputs: ReputationInputsPublic
    formula: ReputationFormulaPublic


class CheckoutPublic(SQLModel):
    """Everything a wallet needs to buy ``quantity`` units of a listing.

    Attributes:
        payment_link: EIP-681 link to ``Marketplace.buy(listingId, quantity, shippingRef)``.
        qr_svg: The payment link as a QR code: a standalone SVG (``xmlns``), black on a
            white background with a 4-module quiet zone.
        transaction: The unsigned ``buy`` transaction as ``eth_sendTransaction`` takes it
            (``to``, ``value``, ``data``, ``chainId``; quantities in 0x hex); the wallet adds
            the sender, nonce, gas and fees.
        approval: For ERC-20 listings, the unsigned ``approve(marketplace, amount)`` to send
            first unless the allowance already covers ``amount`` (``null`` for ETH).
        approval_link: The approval as an EIP-681 link (``null`` for ETH).
    """

    listing_id: int
    quantity: int
    chain_id: int
    marketplace: str
    token: str
    amount: Amount
    shipping_ref: str
    payment_link: str
    qr_svg: str
    transaction: dict[str, str]
    approval: dict[str, str] | None
    approval_link: str | None
