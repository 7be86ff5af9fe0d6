"""Review credits, promotions and seller vouchers as the API returns them.

The rows are the indexer's (indexer/models/credits.py); these models add what a reader
needs next to them: the payment token a credits contract is denominated in, the order or
listing a credit move paid for, the status of a promoted listing, and the token and listing
a voucher was redeemed on.
"""

from __future__ import annotations

from sqlmodel import SQLModel

from indexer.models import CreditBalancePublic, CreditTransferPublic, PromotionPublic, VoucherPublic
from indexer.models.types import Amount


class CreditBalanceEntryPublic(CreditBalancePublic):
    """A holder's credits in one credits contract.

    Attributes:
        token: The payment token the credits are denominated in (``null`` once the owner
            unregistered the contract, or before the indexer saw it registered).
    """

    token: str | None


class CreditMovePublic(CreditTransferPublic):
    """A mint (review reward), spend (checkout) or burn (promotion) of credits.

    Attributes:
        id: The move's chain position, ``"<block>.<log>"`` (also the cursor of the list).
        order_id: For a spend, the Marketplace order it paid for (``null`` otherwise).
        market: For a burn, the market of the promoted listing (``null`` otherwise).
        listing_id: For a burn, the promoted listing (``null`` otherwise).
    """

    id: str
    order_id: Amount | None
    market: str | None
    listing_id: int | None


class CreditsPublic(SQLModel):
    """``GET /v1/credits/{address}``: balances, then moves newest first.

    ``next_cursor`` continues the moves (``null``: end); the balances are complete on every
    page.
    """

    address: str
    balances: list[CreditBalanceEntryPublic]
    data: list[CreditMovePublic]
    count: int
    next_cursor: str | None


class PromotionEntryPublic(PromotionPublic):
    """A promotion: credits a seller burned for one of its listings.

    Attributes:
        id: The promotion's chain position, ``"<block>.<log>"`` (also the cursor).
        listing_status: The promoted listing's status now (``active``, ``paused``,
            ``closed``); ``null`` for a market the indexer does not follow. A promotion is
            active while its listing is.
    """

    id: str
    listing_status: str | None


class PromotionsPublic(SQLModel):
    """Promotions, newest first; ``next_cursor`` continues (``null``: end)."""

    data: list[PromotionEntryPublic]
    count: int
    next_cursor: str | None


class VoucherEntryPublic(VoucherPublic):
    """A seller's voucher as the chain knows it: redeemed, cancelled, or both.

    Attributes:
        token: The payment token of its discounts (``discount_total`` is in it), read from
            the orders it discounted; ``null`` while it was never redeemed.
        listing_id: The listing it was redeemed on (``null`` while never redeemed).
    """

    token: str | None
    listing_id: int | None


class TokenAmountPublic(SQLModel):
    """An amount of one payment token."""

    token: str
    amount: Amount


class SellerVouchersPublic(SQLModel):
    """``GET /v1/sellers/{address}/vouchers``.

    Attributes:
        redemptions: Every redemption of the seller's vouchers.
        cancelled: How many of its vouchers it cancelled.
        discounts: What its vouchers took off, per payment token.
        data: Its vouchers, by digest; ``next_cursor`` continues (``null``: end).
    """

    seller: str
    redemptions: int
    cancelled: int
    discounts: list[TokenAmountPublic]
    data: list[VoucherEntryPublic]
    count: int
    next_cursor: str | None
