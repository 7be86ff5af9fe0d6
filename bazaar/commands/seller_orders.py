"""``bazaar seller`` after a sale: orders, shipping, refunds, proceeds, questions, reviews.

Read the shipping details a buyer encrypted to the seller's key (checked against the hash
the order committed to), mark orders shipped, refund, withdraw proceeds, answer questions
(signed in to the API with Ethereum) and respond to reviews. These commands are merged into
``bazaar seller`` (:mod:`bazaar.commands.seller`).

Example:
    $ bazaar seller orders --status paid --account shop
    $ bazaar seller ship 4294967297 --tracking "DHL 123" --account shop
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from bazaar.commands.common import (
    DEFAULT_API_URL,
    AccountName,
    ApiUrl,
    DealId,
    DealOf,
    DevAccount,
    KeystoreDir,
    ListingId,
    Market,
    OrderId,
    OrderStatus,
    Signer,
    address_of,
    console,
    errors_exit,
    format_amount,
    parse_amount,
    parse_id,
    password_for,
    purchase_event,
    show_orders,
    token_label,
    wallet_dir,
    with_signer,
)
from chain.deal_kinds import DealKind
from chain.errors import ChainError
from core.errors import WalletError

app = typer.Typer()

# The API's review ``kind`` → what the seller's other commands call the deal.

KeyName = Annotated[
    str | None,
    typer.Option(help="Name of the shipping encryption key (default: the seller's address)."),
]


def require_seller(m: Market, seller: str, what: str) -> None:
    """Refuse to act on ``what`` unless this account is its ``seller``."""
    if seller != m.account.address:
        raise ChainError(f"{what} belongs to seller {seller}, not to {m.account.address}")


@app.command("orders")
def orders(
    status: OrderStatus = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="How many, newest first.")] = 20,
    api: ApiUrl = DEFAULT_API_URL,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
) -> None:
    """List your orders as seller (from the API; no password needed)."""
    with errors_exit():
        show_orders(api, "seller", address_of(account, dev, keystore_dir), status, limit)


@app.command("ship")
@with_signer
def ship(
    order_id: OrderId,
    tracking: Annotated[
        str | None, typer.Option(help="Tracking number; only its keccak256 goes on chain.")
    ] = None,
    *,
    signer: Signer,
) -> None:
    """Mark an escrowed order shipped."""
    from eth_utils.crypto import keccak

    from chain.types import ZERO_HASH

    with errors_exit():
        m = signer.open()
        order = m.open_order(order_id, "ship")
        tracking_hash = "0x" + keccak(text=tracking).hex() if tracking else ZERO_HASH
        m.market.ship(order, tracking_hash)
        console.print(f"shipped order {order.id}")


@app.command("refund")
@with_signer
def refund(
    order_id: OrderId,
    amount: Annotated[
        str | None, typer.Option(help="Refund this much (default: everything left).")
    ] = None,
    *,
    signer: Signer,
) -> None:
    """Refund an escrowed order, fully or in part."""
    with errors_exit():
        m = signer.open()
        order = m.open_order(order_id, "refund")
        decimals, symbol = token_label(m.market, order.token)
        left = order.amount - order.refunded
        value = left if amount is None else parse_amount(amount, decimals, symbol)
        m.market.refund(order, value)
        console.print(
            f"refunded {format_amount(value, decimals, symbol)} of order {order.id}",
            highlight=False,
        )


@app.command("withdraw")
@with_signer
def withdraw(
    listing_ids: Annotated[list[int], typer.Argument(help="Listings whose proceeds to collect.")],
    *,
    signer: Signer,
) -> None:
    """Settle and pay out the proceeds of your listings."""
    with errors_exit():
        m = signer.open()
        for listing_id in listing_ids:
            require_seller(m, m.listing(listing_id).seller, f"listing {listing_id}")
        result = m.market.withdraw_proceeds(listing_ids)
        console.print(f"withdrew proceeds of listings {listing_ids} in {result.tx_hash}")


@app.command("questions")
def questions(
    listing_id: ListingId,
    api: ApiUrl = DEFAULT_API_URL,
) -> None:
    """Show the questions on a listing and their answers (from the API)."""
    from bazaar.api_client import BazaarApi

    with errors_exit():
        comments = BazaarApi(api).get(f"/v1/listings/{listing_id}/comments")["data"]
        asked = [c for c in comments if c.get("kind") == "question"]
        if not asked:
            console.print(f"no questions on listing {listing_id}")
        for question in asked:
            console.print(
                f"question {question['id']} from {question['author']}: {question['body']}",
                highlight=False,
            )
            answer = question.get("answer")
            text = f"  answered: {answer['body']}" if answer else "  (not answered yet)"
            console.print(text, highlight=False)


@app.command("answer")
@with_signer
def answer(
    question_id: Annotated[
        int, typer.Argument(min=1, help="Question id (`bazaar seller questions`).")
    ],
    text: Annotated[str, typer.Argument(help="Your answer.")],
    *,
    signer: Signer,
) -> None:
    """Answer a buyer's question on your listing (signs in to the API with Ethereum)."""
    with errors_exit():
        m = signer.open()
        posted = m.api.post(f"/v1/comments/{question_id}/answer", {"body": text}, m.account)
        console.print(f"answered question {question_id} (answer {posted.get('id')})")


@app.command("respond")
@with_signer
def respond(
    deal_id: DealId,
    text: Annotated[str, typer.Option(help="Your public response (stored in the API).")],
    of: DealOf = DealKind.PURCHASE,
    *,
    signer: Signer,
) -> None:
    """Answer, once, the review of an order, rental or plan (--of): text in the API, hash on
    chain."""
    from chain.reputation.client import ReputationClient

    with errors_exit():
        m = signer.open()
        reputation = ReputationClient.from_manifest(m.w3, m.manifest, m.account)
        deal = reputation.deal_from_chain(m.deal_source(of), parse_id(deal_id, of.subject))
        document = {"kind": "response", "version": 1, "text": text}
        response_hash = str(m.api.upload_document(document, m.account)["hash"])
        reputation.post_response(deal, response_hash)
        console.print(f"responded to the review of {of.subject} {deal.id}, text {response_hash}")


@app.command("reviews")
def reviews(
    limit: Annotated[int, typer.Option(min=1, max=100, help="How many, newest first.")] = 20,
    api: ApiUrl = DEFAULT_API_URL,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
) -> None:
    """Show what buyers wrote about you, with your responses (from the API)."""
    from bazaar.api_client import BazaarApi

    with errors_exit():
        seller = address_of(account, dev, keystore_dir)
        client = BazaarApi(api)
        found = client.get("/v1/reviews", seller=seller, limit=limit)["data"]
        if not found:
            console.print(f"no reviews of {seller} yet")
        for entry in found:
            review = client.get(f"/v1/reviews/{entry['id']}")
            text = (review.get("text") or {}).get("text", "(text not stored in the API)")
            console.print(
                f"{DealKind.from_label(review['kind']).subject} {review['deal_id']}: "
                f"{review['rating']}/5 from {review['author']}: {text}",
                highlight=False,
            )
            response = review.get("response")
            answered = f"  you answered: {response['text']}" if response else "  (no response)"
            console.print(answered, highlight=False)


@app.command("shipping")
@with_signer
def shipping(
    order_id: OrderId,
    envelope: Annotated[
        Path | None,
        typer.Argument(
            help="An envelope file the buyer sent you (default: fetch it from the API)."
        ),
    ] = None,
    key_name: KeyName = None,
    *,
    signer: Signer,
) -> None:
    """Check a buyer's shipping envelope against the order and decrypt it.

    Without ENVELOPE the envelope the buyer uploaded is fetched from the API, signed in
    as the seller (the API hands it to nobody else).
    """
    from eth_utils.crypto import keccak

    from chain.types import ZERO_HASH
    from wallet.encryption_keys import EncryptionKeys

    with errors_exit():
        m = signer.open()
        wanted = parse_id(order_id, "order")
        placed = purchase_event(m.market, wanted)
        listing = m.listing(placed.args["listingId"])
        require_seller(m, listing.seller, f"order {wanted}")
        committed = str(placed.args["shippingRef"])
        if committed == ZERO_HASH:
            raise ChainError(f"order {wanted} was bought without shipping details")
        if envelope is None:
            raw = m.api.shipping_envelope("order", wanted, m.account)
            source = f"the envelope {m.api.base_url} holds"
        else:
            raw, source = read_envelope(envelope), str(envelope)
        if "0x" + keccak(raw).hex() != committed:  # the API checked too; trust the chain only
            raise WalletError(
                f"{source} is not the envelope order {wanted} committed to ({committed}); "
                "ask the buyer for the right file"
            )
        name = key_name or m.account.address
        keys = EncryptionKeys(wallet_dir(signer.keystore_dir))
        details = keys.open_shipping_details(
            name, password_for(f"encryption key {name!r}", signer.password_env), raw
        )
        console.print(f"shipping details of order {wanted}:", highlight=False)
        for field, value in asdict(details).items():
            if value:
                console.print(f"  {field}: {value}", highlight=False)


def read_envelope(path: Path) -> bytes:
    """An envelope file: 0x-hex text (what ``bazaar buyer buy`` writes) or raw bytes."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WalletError(f"cannot read the envelope {path}: {exc.strerror}") from exc
    text = data.strip()
    if text.startswith(b"0x"):
        try:
            return bytes.fromhex(text[2:].decode("ascii"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise WalletError(f"{path} starts with 0x but is not hex") from exc
    return data
