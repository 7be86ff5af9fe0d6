"""``bazaar buyer``: everything a buyer does from a terminal.

Buy in ETH or an ERC-20 (one transaction with an EIP-2612 permit, or approve then buy),
with a seller's voucher or with review credits, optionally with shipping details encrypted
to the seller's published key; then confirm delivery, cancel, dispute, review (the text is
stored in the API and its hash committed on chain), and ask sellers questions.

Example:
    $ bazaar buyer buy 3 --ship-to address.json --envelope-out order.envelope --account me
    $ bazaar buyer review 12884901889 --rating 5 --text "As described" --account me
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from eth_utils.crypto import keccak

from chain.commands.common import (
    DEFAULT_API_URL,
    DEFAULT_RPC_URL,
    AccountName,
    ApiUrl,
    DeploymentFile,
    DevAccount,
    KeystoreDir,
    Market,
    OrderStatus,
    PasswordEnv,
    Rpc,
    address_of,
    console,
    errors_exit,
    format_amount,
    open_market,
    parse_amount,
    parse_id,
    show_orders,
    token_label,
)
from chain.commands.seller import read_json_file
from chain.credits import ReviewCreditsClient
from chain.erc20 import Erc20Client
from chain.errors import ChainError
from chain.reputation import ReputationClient
from chain.reputation_types import Review
from chain.tx import TxResult
from chain.types import ZERO_ADDRESS, ZERO_HASH, Listing, ListingStatus, Voucher
from wallet.errors import InvalidShippingDetails
from wallet.shipping_details import (
    SealedShipping,
    ShippingDetails,
    published_key,
    seal_shipping_details,
)

app = typer.Typer(help="Buy: pay, confirm, cancel, dispute, review, ask.")

OrderId = Annotated[str, typer.Argument(help="Order id, as the buy printed it.")]


class InsufficientFunds(ChainError):
    """The paying account does not hold what the purchase costs."""


def _open(
    rpc: str,
    api: str,
    deployment: Path | None,
    account: str | None,
    dev: int | None,
    keystore_dir: Path | None,
    password_env: str | None,
) -> Market:
    return open_market(
        rpc=rpc,
        api=api,
        deployment=deployment,
        account=account,
        dev=dev,
        keystore_dir=keystore_dir,
        password_env=password_env,
    )


def load_voucher(path: Path, chain_id: int, book: str) -> tuple[Voucher, str]:
    """The voucher and signature a seller's ``bazaar seller voucher`` wrote.

    Raises:
        ChainError: Not such a file, or one made for another chain or marketplace.
    """
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
    data = read_json_file(path, "shipping details")
    if not isinstance(data, dict):
        raise InvalidShippingDetails(f"{path} must hold a JSON object of shipping fields")
    try:
        return ShippingDetails(**data)
    except TypeError as exc:
        raise InvalidShippingDetails(
            f"{path} has an unknown field ({exc}); use name, street, city, country, "
            "postal_code, region, phone, email, notes"
        ) from exc


def _check_funds(m: Market, listing: Listing, due: int, decimals: int, symbol: str) -> None:
    payer = m.account.address
    if listing.token == ZERO_ADDRESS:
        held = int(m.w3.eth.get_balance(payer))
    else:
        held = Erc20Client(m.w3, listing.token).balance_of(payer)
    if held < due:
        raise InsufficientFunds(
            f"insufficient funds: {payer} holds {format_amount(held, decimals, symbol)} but "
            f"the purchase costs {format_amount(due, decimals, symbol)}"
            + (" plus gas" if listing.token == ZERO_ADDRESS else "")
        )


@app.command("buy")
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
        Path | None, typer.Option(help="Write the encrypted envelope here for the seller.")
    ] = None,
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Buy from a listing; prints the order id."""
    with errors_exit():
        if voucher is not None and credits is not None:
            raise ChainError("use a voucher or credits, not both")
        m = _open(rpc, api, deployment, account, dev, keystore_dir, password_env)
        listing = m.listing(listing_id)
        if listing.status != ListingStatus.ACTIVE:
            raise ChainError(f"listing {listing_id} is {listing.status.name.lower()}, not for sale")
        decimals, symbol = token_label(m.market, listing.token)
        sealed = _seal(m, listing, ship_to)
        ref = sealed.shipping_ref if sealed else ZERO_HASH
        if sealed is not None and envelope_out is not None:
            # Written before paying: a purchase whose envelope is lost cannot be shipped.
            envelope_out.write_text("0x" + sealed.envelope.hex() + "\n")
        subtotal = listing.price * quantity
        is_eth = listing.token == ZERO_ADDRESS
        if voucher is not None:
            book = m.market.voucher_book()
            signed, signature = load_voucher(voucher, m.w3.eth.chain_id, book.address)
            due = subtotal - min(signed.discount_on(subtotal), subtotal)
            _check_funds(m, listing, due, decimals, symbol)
            if not is_eth:
                m.market.approve_token(listing.token, due)
            result = m.market.purchase_with_voucher(listing_id, signed, signature, quantity, ref)
        elif credits is not None:
            spend = parse_amount(credits, 18, "credits")
            _check_credits(m, listing.token, spend)
            due = max(subtotal - spend, 0)
            _check_funds(m, listing, due, decimals, symbol)
            if not is_eth:
                m.market.approve_token(listing.token, due)
            value = due if is_eth else 0  # the contract refuses credits beyond its cap
            result = m.market.purchase_with_credits(listing_id, spend, quantity, ref, value=value)
        else:
            due = subtotal
            _check_funds(m, listing, due, decimals, symbol)
            if is_eth:
                result = m.market.buy(listing_id, quantity, ref)
            elif permit:
                result = m.market.buy_with_permit(listing_id, quantity, ref)
            else:
                m.market.approve_token(listing.token, due)
                result = m.market.buy(listing_id, quantity, ref)
        order_id = _order_id(result)
        console.print(
            f"bought {quantity} x listing {listing_id} for {format_amount(due, decimals, symbol)}: "
            f"order {order_id}"
            + (" (escrow: confirm delivery when it arrives)" if listing.escrow else ""),
            highlight=False,
        )
        if sealed is not None:
            _hand_over(sealed, envelope_out, order_id)


def _seal(m: Market, listing: Listing, ship_to: Path | None) -> SealedShipping | None:
    if ship_to is None:
        return None
    details = load_shipping(ship_to)
    return seal_shipping_details(details, published_key(m.market, listing.seller))


def _check_credits(m: Market, token: str, spend: int) -> None:
    reputation = ReputationClient.from_manifest(m.w3, m.manifest)
    credits_address = reputation.credits_of(token)
    if credits_address == ZERO_ADDRESS:
        raise ChainError("there are no review credits for this listing's payment token")
    held = ReviewCreditsClient(m.w3, credits_address).balance_of(m.account.address)
    if held < spend:
        raise InsufficientFunds(
            f"insufficient credits: {m.account.address} holds {format_amount(held, 18, 'credits')}"
            f" but wants to spend {format_amount(spend, 18, 'credits')}"
        )


def _order_id(result: TxResult) -> int:
    for name in ("Purchased", "OrderPlaced"):
        found = result.events_named(name)
        if found:
            return int(found[0].args["orderId"])
    raise ChainError(f"{result.tx_hash} placed no order (no Purchased or OrderPlaced event)")


def _hand_over(sealed: SealedShipping, path: Path | None, order_id: int) -> None:
    text = "0x" + sealed.envelope.hex()
    if path is not None:
        console.print(
            f"shipping envelope written to {path}: send it to the seller", highlight=False
        )
    else:
        console.print(f"shipping envelope for order {order_id} (send it to the seller):")
        console.print(text, highlight=False, soft_wrap=True)
    console.print(f"shipping ref {sealed.shipping_ref}", highlight=False)


def _escrow_action(
    action: str,
    order_id: str,
    common: dict[str, Any],
    reason: str | None = None,
) -> None:
    with errors_exit():
        m = _open(**common)
        order = m.market.order_from_chain(parse_id(order_id, "order"))
        if action == "confirm":
            m.market.confirm_delivery(order)
            console.print(f"confirmed delivery of order {order.id}: the seller is paid")
        elif action == "cancel":
            m.market.cancel(order)
            console.print(f"cancelled order {order.id}: refunded in full")
        else:
            reason_hash = ZERO_HASH
            if reason:
                reason_hash = "0x" + keccak(text=reason).hex()
            m.market.open_dispute(order, reason_hash)
            console.print(f"opened a dispute on order {order.id}; the arbiter will rule")


def _common(
    rpc: str,
    api: str,
    deployment: Path | None,
    account: str | None,
    dev: int | None,
    keystore_dir: Path | None,
    password_env: str | None,
) -> dict[str, Any]:
    return {
        "rpc": rpc,
        "api": api,
        "deployment": deployment,
        "account": account,
        "dev": dev,
        "keystore_dir": keystore_dir,
        "password_env": password_env,
    }


@app.command("confirm")
def confirm(
    order_id: OrderId,
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Confirm delivery of an escrowed order; releases the payment to the seller."""
    common = _common(rpc, api, deployment, account, dev, keystore_dir, password_env)
    _escrow_action("confirm", order_id, common)


@app.command("cancel")
def cancel(
    order_id: OrderId,
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Cancel an order the seller did not ship within its handling time (full refund)."""
    common = _common(rpc, api, deployment, account, dev, keystore_dir, password_env)
    _escrow_action("cancel", order_id, common)


@app.command("dispute")
def dispute(
    order_id: OrderId,
    reason: Annotated[
        str | None, typer.Option(help="Why; only its keccak256 goes on chain.")
    ] = None,
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Open a dispute on an escrowed order; the arbiter rules."""
    common = _common(rpc, api, deployment, account, dev, keystore_dir, password_env)
    _escrow_action("dispute", order_id, common, reason)


SubRating = Annotated[int, typer.Option(min=0, max=5, help="1-5, or 0 to leave out.")]


@app.command("review")
def review(
    order_id: OrderId,
    rating: Annotated[int, typer.Option(min=1, max=5, help="Overall rating, 1-5.")],
    text: Annotated[str, typer.Option(help="The review text (stored in the API).")],
    title: Annotated[str | None, typer.Option(help="A title.")] = None,
    quality: SubRating = 0,
    as_described: SubRating = 0,
    delivery: SubRating = 0,
    communication: SubRating = 0,
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Review a completed purchase: the text goes to the API, its hash on chain."""
    with errors_exit():
        m = _open(rpc, api, deployment, account, dev, keystore_dir, password_env)
        reputation = ReputationClient.from_manifest(m.w3, m.manifest, m.account)
        deal = reputation.deal_from_chain(m.market.address, parse_id(order_id, "order"))
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
            f"reviewed order {deal.id} ({rating}/5), text {text_hash}; earned "
            f"{format_amount(minted, 18, 'credits')}",
            highlight=False,
        )


@app.command("ask")
def ask(
    listing_id: Annotated[int, typer.Argument(min=1, help="Listing id.")],
    question: Annotated[str, typer.Argument(help="Your question to the seller.")],
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Ask the seller a question under a listing (signs in to the API with Ethereum)."""
    with errors_exit():
        m = _open(rpc, api, deployment, account, dev, keystore_dir, password_env)
        posted = m.api.post(
            f"/v1/listings/{listing_id}/comments",
            {"kind": "question", "body": question},
            m.account,
        )
        console.print(f"asked question {posted['id']} on listing {listing_id}")


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
