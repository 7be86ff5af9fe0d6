"""The VoucherBook projection: vouchers redeemed and cancelled, per voucher and per seller.

The VoucherBook is created by the Marketplace's constructor; the deployment lists it with
the Marketplace's deploy block (chain/deploy.py), and for older manifests the indexer
derives its address from the Marketplace's (indexer/app.py). A redemption comes right before
the purchase it discounts (``Purchased``/``OrderPlaced``), whose listing gives the payment
token of the discount.
"""

from __future__ import annotations

from indexer.models.credits import Voucher, VoucherRedemption
from indexer.models.marketplace import Listing
from indexer.models.reputation import SellerReputation, SellerVolume
from indexer.projections.base import EventContext, Projection
from indexer.projections.reputation import count, seller_volume
from indexer.store.tables import Row

ORDER_SEQUENCE_BITS = 32


def _voucher(context: EventContext) -> Row:
    voucher_hash, seller = context.args["voucherHash"], context.args["seller"]
    row = context.rows.edit_or_create(
        Voucher,
        (voucher_hash,),
        lambda: {"voucher_hash": voucher_hash, "seller": seller, "updated_block": context.block},
    )
    row["updated_block"] = context.block
    return row


def on_voucher_redeemed(context: EventContext) -> None:
    """A buyer redeemed a voucher for a purchase."""
    args = context.args
    row = _voucher(context)
    row["redemptions"] = args["redemptions"]
    row["discount_total"] += args["discount"]
    if row["first_redeemed_at"] is None:
        row["first_redeemed_at"] = context.timestamp
    row["last_redeemed_at"] = context.timestamp
    context.rows.append(
        VoucherRedemption,
        {
            "voucher_hash": args["voucherHash"],
            "seller": args["seller"],
            "buyer": args["buyer"],
            "order_id": args["orderId"],
            "discount": args["discount"],
            "redemptions": args["redemptions"],
            "timestamp": context.timestamp,
            **context.position(),
        },
    )
    count(context, args["seller"], "voucher_redemptions")
    listing = context.rows.find(Listing, args["orderId"] >> ORDER_SEQUENCE_BITS)
    if listing is not None:
        seller_volume(context, args["seller"], listing["token"])["voucher_discounts"] += args[
            "discount"
        ]


def on_voucher_cancelled(context: EventContext) -> None:
    """A seller cancelled a voucher (cancelling it again changes nothing)."""
    row = _voucher(context)
    if not row["cancelled"]:
        row.update(cancelled=True, cancelled_at=context.timestamp)
        count(context, context.args["seller"], "vouchers_cancelled")


PROJECTION = Projection(
    contract="VoucherBook",
    handlers={
        "VoucherRedeemed": on_voucher_redeemed,
        "VoucherCancelled": on_voucher_cancelled,
    },
    ignored=frozenset({"EIP712DomainChanged"}),
    append_only=(VoucherRedemption,),
    mutable=(Voucher, SellerReputation, SellerVolume),
)
