"""``bazaar buyer``: everything a buyer does from a terminal.

Buy in ETH or an ERC-20 (one transaction with an EIP-2612 permit, or approve then buy),
with a seller's voucher or with review credits, optionally with shipping details encrypted
to the seller's published key (the envelope is uploaded to the API for the seller, whose
hash the order commits: docs/api.md, "Shipping envelopes"); then confirm delivery, cancel,
dispute, review (the text is stored in the API and its hash committed on chain), and ask
sellers questions. What comes after paying is in :mod:`bazaar.commands.buyer_orders`,
merged into the same ``bazaar buyer``.

Example:
    $ bazaar buyer buy 3 --ship-to address.json --envelope-out order.envelope --account me
    $ bazaar buyer review 12884901889 --rating 5 --text "As described" --account me
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bazaar.commands.buyer_orders import app as after_purchase
from bazaar.commands.common import (
    Market,
    Signer,
    console,
    errors_exit,
    format_amount,
    parse_amount,
    read_json_file,
    token_label,
    with_signer,
)
from chain.errors import ChainError
from core.errors import ApiError

if TYPE_CHECKING:
    from chain.marketplace.types import Listing, Voucher
    from chain.tx import TxResult
    from wallet.shipping_details import SealedShipping, ShippingDetails

app = typer.Typer(help="Buy: pay, list orders, confirm, cancel, dispute, review, ask.")
app.add_typer(after_purchase)


UPLOAD_WAIT = 30.0
"""Seconds ``buy`` retries the envelope upload while the API has not indexed the order."""


class InsufficientFundsError(ChainError):
    """The paying account does not hold what the purchase costs."""


def load_voucher(path: Path, chain_id: int, book: str) -> tuple[Voucher, str]:
    """The voucher and signature a seller's ``bazaar seller voucher`` wrote.

    Raises:
        ChainError: Not such a file, or one made for another chain or marketplace.
    """
    from chain.marketplace.types import Voucher

    data = read_json_file(path, "voucher")
    try:
        voucher = Voucher(**data["voucher"])
        signature = str(data["signature"])
        made_for = (int(data["chain_id"]), str(data["book"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ChainError(f"{path} is not a voucher file made by `bazaar seller voucher`") from exc
    if made_for != (chain_id, book):
        raise ChainError(
            f"{path} is a voucher for chain {made_for[0]} book {made_for[1]}, "
            f"not for this marketplace (chain {chain_id}, book {book})"
        )
    return voucher, signature


def load_shipping(path: Path) -> ShippingDetails:
    """Shipping details from a JSON file (name, street, city, country, ...)."""
    from wallet.errors import InvalidShippingDetailsError
    from wallet.shipping_details import ShippingDetails

    data = read_json_file(path, "shipping details")
    if not isinstance(data, dict):
        raise InvalidShippingDetailsError(f"{path} must hold a JSON object of shipping fields")
    try:
        return ShippingDetails(**data)
    except TypeError as exc:
        raise InvalidShippingDetailsError(
            f"{path} has an unknown field ({exc}); use name, street, city, country, "
            "postal_code, region, phone, email, notes"
        ) from exc


def _check_funds(m: Market, listing: Listing, due: int, decimals: int, symbol: str) -> None:
    from chain.erc20 import Erc20Client
    from core.constants import ZERO_ADDRESS

    payer = m.account.address
    if listing.token == ZERO_ADDRESS:
        held = int(m.w3.eth.get_balance(payer))
    else:
        held = Erc20Client(m.w3, listing.token).balance_of(payer)
    if held < due:
        raise InsufficientFundsError(
            f"insufficient funds: {payer} holds {format_amount(held, decimals, symbol)} but "
            f"the purchase costs {format_amount(due, decimals, symbol)}"
            + (" plus gas" if listing.token == ZERO_ADDRESS else "")
        )


@app.command("buy")
@with_signer
def buy(
    listing_id: Annotated[int, typer.Argument(min=1, help="Listing id.")],
    quantity: Annotated[int, typer.Option(min=1, help="Units to buy.")] = 1,
    voucher: Annotated[
        Path | None, typer.Option(help="A seller's voucher file (bazaar seller voucher).")
    ] = None,
    credits: Annotated[
        str | None, typer.Option(help="Pay this much in review credits (whole units).")
    ] = None,
    permit: Annotated[
        bool,
        typer.Option(
            "--permit/--approve",
            help="ERC-20: sign a permit (one transaction) or approve first.",
        ),
    ] = True,
    ship_to: Annotated[
        Path | None, typer.Option(help="Shipping details JSON, encrypted to the seller.")
    ] = None,
    envelope_out: Annotated[
        Path | None, typer.Option(help="Also write the encrypted envelope to this file.")
    ] = None,
    upload_wait: Annotated[
        float,
        typer.Option(
            min=0, help="Seconds to wait for the API to index the order before uploading."
        ),
    ] = UPLOAD_WAIT,
    *,
    signer: Signer,
) -> None:
    """Buy from a listing; prints the order id."""
    from chain.types import ZERO_HASH, ListingStatus

    with errors_exit():
        if voucher is not None and credits is not None:
            raise ChainError("use a voucher or credits, not both")
        m = signer.open()
        listing = m.listing(listing_id)
        if listing.status != ListingStatus.ACTIVE:
            raise ChainError(f"listing {listing_id} is {listing.status.name.lower()}, not for sale")
        sealed = _seal(m, listing, ship_to)
        ref = sealed.shipping_ref if sealed else ZERO_HASH
        if sealed is not None and envelope_out is not None:
            # Written before paying: a purchase whose envelope is lost cannot be shipped.
            envelope_out.write_text("0x" + sealed.envelope.hex() + "\n")
        result, due = _pay(m, listing_id, listing, quantity, ref, voucher, credits, permit)
        order_id = _order_id(result)
        decimals, symbol = token_label(m.market, listing.token)
        console.print(
            f"bought {quantity} x listing {listing_id} for {format_amount(due, decimals, symbol)}: "
            f"order {order_id}"
            + (" (escrow: confirm delivery when it arrives)" if listing.escrow else ""),
            highlight=False,
        )
        if sealed is not None:
            _hand_over(m, sealed, envelope_out, order_id, upload_wait)


def _pay(
    m: Market,
    listing_id: int,
    listing: Listing,
    quantity: int,
    ref: str,
    voucher: Path | None,
    credits: str | None,
    permit: bool,
) -> tuple[TxResult, int]:
    """Pay for ``quantity`` units the way the options ask; the receipt and what was paid.

    ERC-20 payments with a voucher or credits approve exactly the discounted amount first;
    a plain ERC-20 purchase signs a permit (one transaction) unless ``permit`` is off. Every
    purchase commits to ``listing.price``, the price shown: if the seller raises it before
    the transaction is mined, it reverts instead of charging more.
    """
    from core.constants import ZERO_ADDRESS

    shown = listing.price
    decimals, symbol = token_label(m.market, listing.token)
    subtotal = listing.price * quantity
    is_eth = listing.token == ZERO_ADDRESS
    if voucher is not None:
        book = m.market.voucher_book()
        signed, signature = load_voucher(voucher, m.w3.eth.chain_id, book.address)
        due = subtotal - min(signed.discount_on(subtotal), subtotal)
        _check_funds(m, listing, due, decimals, symbol)
        if not is_eth:
            m.market.approve_token(listing.token, due)
        paid = m.market.purchase_with_voucher(
            listing_id,
            signed,
            signature,
            quantity,
            ref,
            value=due if is_eth else 0,
            max_price=shown,
        )
        return paid, due
    if credits is not None:
        spend = _credits_to_spend(m, listing.token, credits)
        due = max(subtotal - spend, 0)
        _check_funds(m, listing, due, decimals, symbol)
        if not is_eth:
            m.market.approve_token(listing.token, due)
        value = due if is_eth else 0  # the contract refuses credits beyond the listing's cap
        paid = m.market.purchase_with_credits(
            listing_id, spend, quantity, ref, value=value, max_price=shown
        )
        return paid, due
    _check_funds(m, listing, subtotal, decimals, symbol)
    if is_eth:
        return m.market.buy(listing_id, quantity, ref, value=subtotal, max_price=shown), subtotal
    if permit:
        return m.market.buy_with_permit(listing_id, quantity, ref, max_price=shown), subtotal
    m.market.approve_token(listing.token, subtotal)
    return m.market.buy(listing_id, quantity, ref, value=0, max_price=shown), subtotal


def _seal(m: Market, listing: Listing, ship_to: Path | None) -> SealedShipping | None:
    from wallet.shipping_details import published_key, seal_shipping_details

    if ship_to is None:
        return None
    details = load_shipping(ship_to)
    return seal_shipping_details(details, published_key(m.market, listing.seller))


def _credits_to_spend(m: Market, token: str, credits: str) -> int:
    """``credits`` (whole units) in base units, checked against what the buyer holds."""
    from chain.reputation.client import ReputationClient
    from chain.reputation.credits import ReviewCreditsClient
    from core.constants import ZERO_ADDRESS

    reputation = ReputationClient.from_manifest(m.w3, m.manifest)
    credits_address = reputation.credits_of(token)
    if credits_address == ZERO_ADDRESS:
        raise ChainError("there are no review credits for this listing's payment token")
    held_in = ReviewCreditsClient(m.w3, credits_address)
    decimals = held_in.decimals()
    spend = parse_amount(credits, decimals, "credits")
    held = held_in.balance_of(m.account.address)
    if held < spend:
        raise InsufficientFundsError(
            f"insufficient credits: {m.account.address} holds "
            f"{format_amount(held, decimals, 'credits')} but wants to spend "
            f"{format_amount(spend, decimals, 'credits')}"
        )
    return spend


def _order_id(result: TxResult) -> int:
    for name in ("Purchased", "OrderPlaced"):
        found = result.events_named(name)
        if found:
            return int(found[0].args["orderId"])
    raise ChainError(f"{result.tx_hash} placed no order (no Purchased or OrderPlaced event)")


def _hand_over(
    m: Market, sealed: SealedShipping, path: Path | None, order_id: int, wait: float
) -> None:
    """Upload the envelope for the seller; if the API cannot take it, say how to retry."""
    try:
        m.api.upload_shipping_envelope("order", order_id, sealed.envelope, wait=wait)
    except ApiError as exc:
        console.print(
            f"[yellow]warning:[/] the shipping envelope was not uploaded ({exc}); the "
            "purchase is made: upload it later with `bazaar buyer send-shipping "
            f"{order_id} FILE`, or send the file to the seller",
            highlight=False,
        )
        if path is not None:
            console.print(f"shipping envelope written to {path}", highlight=False)
        else:
            console.print(f"shipping envelope for order {order_id}:")
            console.print("0x" + sealed.envelope.hex(), highlight=False, soft_wrap=True)
    else:
        console.print(
            f"shipping envelope uploaded to {m.api.base_url} for the seller"
            + (f" (a copy is in {path})" if path is not None else ""),
            highlight=False,
        )
    console.print(f"shipping ref {sealed.shipping_ref}", highlight=False)
