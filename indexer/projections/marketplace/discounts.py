"""Review-credit checkout on the Marketplace: ``CreditCapUpdated`` and ``CreditsSpent``.

Voucher checkout is the VoucherBook's ``VoucherRedeemed`` (indexer/projections/vouchers.py);
the purchase itself arrives as ``Purchased`` or ``OrderPlaced`` with the discounted amount.
"""

from __future__ import annotations

from indexer.models.credits import CreditSpend
from indexer.models.marketplace import Listing
from indexer.projections.base import EventContext
from indexer.projections.marketplace.common import touch


def on_credit_cap_updated(context: EventContext) -> None:
    """A seller set the share of a listing's price buyers may pay in credits."""
    listing = context.rows.require(Listing, context.args["listingId"])
    listing["credit_cap_bps"] = context.args["creditCapBps"]
    touch(context, listing)


def on_credits_spent(context: EventContext) -> None:
    """A buyer paid part of a purchase in credits (the credits' ``Transfer`` moves them)."""
    args = context.args
    context.rows.append(
        CreditSpend,
        {
            "order_id": args["orderId"],
            "buyer": args["buyer"],
            "seller": args["seller"],
            "credits": args["credits"],
            "amount": args["amount"],
            "timestamp": context.timestamp,
            **context.position(),
        },
    )
