"""``bazaar buyer`` after paying: orders, delivery, cancellation, disputes, reviews, questions.

These commands are merged into ``bazaar buyer`` (:mod:`bazaar.commands.buyer`).

Example:
    $ bazaar buyer orders --account me
    $ bazaar buyer confirm 4294967297 --account me
    $ bazaar buyer review 4294967297 --rating 5 --text "As described." --account me
    $ bazaar buyer review 3 --of rental --rating 4 --text "Clean kayak." --account me
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from bazaar.commands.common import (
    DEFAULT_API_URL,
    AccountName,
    ApiUrl,
    DealId,
    DealOf,
    DevAccount,
    KeystoreDir,
    OrderId,
    OrderStatus,
    Signer,
    address_of,
    console,
    errors_exit,
    format_amount,
    parse_id,
    show_orders,
    with_signer,
)
from bazaar.commands.seller_orders import read_envelope
from chain.deal_kinds import DealKind

app = typer.Typer()

SubRating = Annotated[int, typer.Option(min=0, max=5, help="1-5, or 0 to leave out.")]


@app.command("orders")
def orders(
    status: OrderStatus = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="How many, newest first.")] = 20,
    api: ApiUrl = DEFAULT_API_URL,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
) -> None:
    """List your orders as buyer (from the API; no password needed)."""
    with errors_exit():
        show_orders(api, "buyer", address_of(account, dev, keystore_dir), status, limit)


@app.command("send-shipping")
def send_shipping(
    order_id: OrderId,
    envelope: Annotated[
        Path, typer.Argument(help="The envelope file (`buy --envelope-out` wrote it).")
    ],
    api: ApiUrl = DEFAULT_API_URL,
) -> None:
    """Upload an order's sealed shipping envelope for the seller (when `buy` could not)."""
    from bazaar.api_client import BazaarApi

    with errors_exit():
        wanted = parse_id(order_id, "order")
        client = BazaarApi(api)
        try:
            stored = client.upload_shipping_envelope("order", wanted, read_envelope(envelope))
        finally:
            client.close()
        console.print(
            f"shipping envelope of order {wanted} uploaded for the seller "
            f"(shipping ref {stored['shipping_ref']})",
            highlight=False,
        )


@app.command("confirm")
@with_signer
def confirm(
    order_id: OrderId,
    *,
    signer: Signer,
) -> None:
    """Confirm delivery of an escrowed order; releases the payment to the seller."""
    with errors_exit():
        m = signer.open()
        order = m.open_order(order_id, "confirm")
        m.market.confirm_delivery(order)
        console.print(f"confirmed delivery of order {order.id}: the seller is paid")


@app.command("cancel")
@with_signer
def cancel(
    order_id: OrderId,
    *,
    signer: Signer,
) -> None:
    """Cancel an order the seller did not ship within its handling time (full refund)."""
    with errors_exit():
        m = signer.open()
        order = m.open_order(order_id, "cancel")
        m.market.cancel(order)
        console.print(f"cancelled order {order.id}: refunded in full")


@app.command("dispute")
@with_signer
def dispute(
    order_id: OrderId,
    reason: Annotated[
        str | None, typer.Option(help="Why; only its keccak256 goes on chain.")
    ] = None,
    *,
    signer: Signer,
) -> None:
    """Open a dispute on an escrowed order; the arbiter rules."""
    from eth_utils.crypto import keccak

    from chain.types import ZERO_HASH

    with errors_exit():
        m = signer.open()
        order = m.open_order(order_id, "dispute")
        reason_hash = "0x" + keccak(text=reason).hex() if reason else ZERO_HASH
        m.market.open_dispute(order, reason_hash)
        console.print(f"opened a dispute on order {order.id}; the arbiter will rule")


@app.command("review")
@with_signer
def review(
    deal_id: DealId,
    rating: Annotated[int, typer.Option(min=1, max=5, help="Overall rating, 1-5.")],
    text: Annotated[str, typer.Option(help="The review text (stored in the API).")],
    title: Annotated[str | None, typer.Option(help="A title.")] = None,
    quality: SubRating = 0,
    as_described: SubRating = 0,
    delivery: SubRating = 0,
    communication: SubRating = 0,
    of: DealOf = DealKind.PURCHASE,
    *,
    signer: Signer,
) -> None:
    """Review a completed purchase, rental or plan (--of): the text goes to the API, its hash
    on chain. The other side of the deal may review you back the same way."""
    from chain.reputation.client import ReputationClient
    from chain.reputation.types import Review

    with errors_exit():
        m = signer.open()
        reputation = ReputationClient.from_manifest(m.w3, m.manifest, m.account)
        deal = reputation.deal_from_chain(m.deal_source(of), parse_id(deal_id, of.subject))
        document: dict[str, Any] = {"kind": "review", "version": 1, "text": text}
        if title:
            document["title"] = title
        text_hash = str(m.api.upload_document(document, m.account)["hash"])
        result = reputation.post_review(
            deal,
            Review(
                rating=rating,
                quality=quality,
                as_described=as_described,
                delivery=delivery,
                communication=communication,
                text_hash=text_hash,
            ),
        )
        minted = int(result.event("ReviewPosted").args["credits"])
        console.print(
            f"reviewed {of.subject} {deal.id} ({rating}/5), text {text_hash}; earned "
            f"{format_amount(minted, 18, 'credits')}",
            highlight=False,
        )


@app.command("ask")
@with_signer
def ask(
    listing_id: Annotated[int, typer.Argument(min=1, help="Listing id.")],
    question: Annotated[str, typer.Argument(help="Your question to the seller.")],
    *,
    signer: Signer,
) -> None:
    """Ask the seller a question under a listing (signs in to the API with Ethereum)."""
    with errors_exit():
        m = signer.open()
        posted = m.api.post(
            f"/v1/listings/{listing_id}/comments",
            {"kind": "question", "body": question},
            m.account,
        )
        console.print(f"asked question {posted['id']} on listing {listing_id}")
