"""Money leaving the Marketplace, sellers' keys and nonces, and the admin settings."""

from __future__ import annotations

from indexer.models.marketplace import (
    Listing,
    MarketplaceSettings,
    OfferNonce,
    Payout,
    SellerKey,
)
from indexer.projections.base import EventContext, Handler
from indexer.projections.marketplace.common import touch
from indexer.store.tables import Row


def _payout(context: EventContext, kind: str, account: str, token: str, amount: int) -> Row:
    return {
        "contract": context.event.contract or context.event.address,
        "kind": kind,
        "account": account,
        "token": token,
        "amount": amount,
        "timestamp": context.timestamp,
        **context.position(),
    }


def on_proceeds_settled(context: EventContext) -> None:
    """A listing's unsettled gross was split into the seller's net and the fee."""
    args = context.args
    listing = context.rows.require(Listing, args["listingId"])
    listing["unsettled"] = 0
    touch(context, listing)
    row = _payout(
        context, "proceeds_settled", args["seller"], listing["token"], args["sellerAmount"]
    )
    context.rows.append(Payout, {**row, "fee": args["fee"], "listing_id": args["listingId"]})


def on_withdrawn(context: EventContext) -> None:
    """An account withdrew its balance (or a seller its proceeds)."""
    args = context.args
    context.rows.append(
        Payout, _payout(context, "withdrawn", args["account"], args["token"], args["amount"])
    )


def on_fees_withdrawn(context: EventContext) -> None:
    """The fee recipient withdrew platform fees."""
    args = context.args
    row = _payout(context, "fees_withdrawn", args["recipient"], args["token"], args["amount"])
    context.rows.append(Payout, row)


def on_encryption_key_published(context: EventContext) -> None:
    """A seller published (or replaced) its shipping-detail encryption key."""
    seller = context.args["seller"]
    row = context.rows.edit_or_create(
        SellerKey,
        (seller,),
        lambda: {"seller": seller, "key": context.args["key"], "updated_block": context.block},
    )
    row.update(key=context.args["key"], updated_block=context.block)


def on_nonce_cancelled(context: EventContext) -> None:
    """A seller cancelled an offer nonce."""
    context.rows.append(
        OfferNonce,
        {
            "seller": context.args["seller"],
            "nonce": context.args["nonce"],
            "state": "cancelled",
            **context.position(),
        },
    )


def _settings(context: EventContext) -> Row:
    address = context.event.address
    row = context.rows.edit_or_create(
        MarketplaceSettings,
        (address,),
        lambda: {"address": address, "updated_block": context.block},
    )
    row["updated_block"] = context.block
    return row


def _setter(column: str, argument: str) -> Handler:
    def handler(context: EventContext) -> None:
        _settings(context)[column] = context.args[argument]

    handler.__name__ = f"on_{column}_updated"
    return handler


def _paused(value: bool) -> Handler:
    def handler(context: EventContext) -> None:
        _settings(context)["paused"] = value

    return handler


def on_ownership_transfer_started(context: EventContext) -> None:
    """The owner proposed a new owner (Ownable2Step)."""
    _settings(context)["pending_owner"] = context.args["newOwner"]


def on_ownership_transferred(context: EventContext) -> None:
    """Ownership moved (at deployment, on acceptance, or renounced to the zero address)."""
    _settings(context).update(owner=context.args["newOwner"], pending_owner=None)


SETTINGS_HANDLERS: dict[str, Handler] = {
    "FeeUpdated": _setter("fee_bps", "feeBps"),
    "FeeRecipientUpdated": _setter("fee_recipient", "feeRecipient"),
    "ArbiterUpdated": _setter("arbiter", "arbiter"),
    "DisputeTimeoutUpdated": _setter("dispute_timeout", "disputeTimeout"),
    "DealRecorderUpdated": _setter("deal_recorder", "dealRecorder"),
    "Paused": _paused(True),
    "Unpaused": _paused(False),
    "OwnershipTransferStarted": on_ownership_transfer_started,
    "OwnershipTransferred": on_ownership_transferred,
}
