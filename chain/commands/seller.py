"""``bazaar seller``: everything a seller does from a terminal.

Publish a shipping encryption key, create and update listings from a metadata file (stored
in the API first: its hash is what the listing commits), accept review credits, sign
vouchers, ship, refund, withdraw proceeds, answer questions (signed in with Ethereum), and
read the shipping details buyers encrypted to the seller's key.

Example:
    $ bazaar seller create camera.json --price 0.25 --stock 2 --escrow --account shop
    $ bazaar seller ship 4294967297 --tracking "DHL 123" --account shop
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from eth_utils.crypto import keccak
from web3 import Web3

from chain.commands.api_client import BazaarApi
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
    listing_events,
    open_market,
    parse_amount,
    parse_duration,
    parse_id,
    password_for,
    purchase_event,
    show_orders,
    token_label,
    wallet_dir,
)
from chain.errors import ApiError, ChainError, WalletError
from chain.reputation import ReputationClient
from chain.types import ZERO_ADDRESS, ZERO_HASH, Voucher
from wallet.encryption_keys import EncryptionKeys
from wallet.errors import EncryptionKeyNotFound
from wallet.sealing import SCRYPT_N

app = typer.Typer(help="Sell: keys, listings, vouchers, shipping, refunds, answers.")

ScryptN = Annotated[int, typer.Option("--scrypt-n", hidden=True, help="Tests only.")]
KeyName = Annotated[
    str | None,
    typer.Option(help="Name of the shipping encryption key (default: the seller's address)."),
]
OrderId = Annotated[str, typer.Argument(help="Order id, as the buy printed it.")]
ListingId = Annotated[int, typer.Argument(min=1, help="Listing id.")]


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


def read_json_file(path: Path, what: str) -> Any:
    """The JSON in ``path``.

    Raises:
        ChainError: The file cannot be read or is not JSON.
    """
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ChainError(f"cannot read the {what} file {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise ChainError(f"the {what} file {path} is not JSON ({exc})") from exc


def upload_metadata(m: Market, path: Path) -> str:
    """Store the listing metadata in ``path`` through the API; its hash, checked locally."""
    document = read_json_file(path, "metadata")
    if not isinstance(document, dict):
        raise ChainError(f"{path} must hold a JSON object (kind, version, title, ...)")
    document.setdefault("kind", "listing")
    document.setdefault("version", 1)
    stored = m.api.upload_document(document, m.account)
    digest = str(stored["hash"])
    body = m.api.request("GET", f"/v1/documents/{digest}").content
    if "0x" + keccak(body).hex() != digest:
        raise ApiError(f"the API stored the metadata under {digest} but its bytes hash otherwise")
    return digest


@app.command("publish-key")
def publish_key(
    key_name: KeyName = None,
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
    scrypt_n: ScryptN = SCRYPT_N,
) -> None:
    """Create (once) and publish the X25519 key buyers encrypt shipping details to."""
    with errors_exit():
        m = _open(rpc, api, deployment, account, dev, keystore_dir, password_env)
        keys = EncryptionKeys(wallet_dir(keystore_dir), scrypt_n=scrypt_n)
        name = key_name or m.account.address
        try:
            info = keys.info(name)
        except EncryptionKeyNotFound:
            password = password_for(f"new encryption key {name!r}", password_env, new=True)
            info = keys.create(name, password, owner=m.account.address)
            console.print(f"created encryption key {name} in {info.path}", highlight=False)
        if m.market.encryption_key_of(m.account.address) == info.public_key:
            console.print(f"key {info.public_key} is already published", highlight=False)
            return
        m.market.publish_encryption_key(info.public_key)
        console.print(
            f"published encryption key {info.public_key} for {m.account.address}",
            highlight=False,
        )


@app.command("create")
def create(
    metadata: Annotated[Path, typer.Argument(help="Listing metadata JSON (see docs/api.md).")],
    price: Annotated[str, typer.Option(help="Unit price in whole tokens, e.g. 0.01.")],
    stock: Annotated[int, typer.Option(min=1, help="Units for sale.")] = 1,
    token: Annotated[str | None, typer.Option(help="ERC-20 to be paid in (default: ETH).")] = None,
    escrow: Annotated[
        bool, typer.Option("--escrow/--direct", help="Hold payment until delivery.")
    ] = False,
    handling_time: Annotated[str, typer.Option(help="Time to ship (escrow), e.g. 3d.")] = "3d",
    auto_release: Annotated[
        str, typer.Option(help="Release this long after shipping (escrow), e.g. 7d.")
    ] = "7d",
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Upload the metadata to the API and create a listing committing to its hash."""
    with errors_exit():
        m = _open(rpc, api, deployment, account, dev, keystore_dir, password_env)
        token_address = _token(token)
        decimals, symbol = token_label(m.market, token_address)
        amount = parse_amount(price, decimals, symbol)
        digest = upload_metadata(m, metadata)
        result = m.market.create_listing(
            price=amount,
            stock=stock,
            token=token_address,
            escrow=escrow,
            handling_time=parse_duration(handling_time) if escrow else 0,
            auto_release_window=parse_duration(auto_release) if escrow else 0,
            metadata_hash=digest,
        )
        listing_id = result.event("ListingCreated").args["listingId"]
        mode = "escrow" if escrow else "direct"
        console.print(
            f"created listing {listing_id}: {format_amount(amount, decimals, symbol)} x {stock}, "
            f"{mode}, metadata {digest}",
            highlight=False,
        )


@app.command("update")
def update(
    listing_id: ListingId,
    price: Annotated[str | None, typer.Option(help="New unit price in whole tokens.")] = None,
    stock: Annotated[int | None, typer.Option(min=0, help="New stock.")] = None,
    metadata: Annotated[Path | None, typer.Option(help="New metadata JSON file.")] = None,
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Change a listing's price, stock or metadata (what is not given stays)."""
    with errors_exit():
        if price is None and stock is None and metadata is None:
            raise ChainError("nothing to change: give --price, --stock or --metadata")
        m = _open(rpc, api, deployment, account, dev, keystore_dir, password_env)
        listing = m.listing(listing_id)
        _require_seller(m, listing.seller, f"listing {listing_id}")
        decimals, symbol = token_label(m.market, listing.token)
        new_price = listing.price if price is None else parse_amount(price, decimals, symbol)
        new_stock = listing.stock if stock is None else stock
        digest = upload_metadata(m, metadata) if metadata else _metadata_hash(m, listing_id)
        m.market.update_listing(listing_id, price=new_price, stock=new_stock, metadata_hash=digest)
        console.print(
            f"updated listing {listing_id}: {format_amount(new_price, decimals, symbol)} x "
            f"{new_stock}, metadata {digest}",
            highlight=False,
        )


@app.command("accept-credits")
def accept_credits(
    listing_id: ListingId,
    cap_bps: Annotated[
        int, typer.Option(min=0, max=10_000, help="Share of the price payable in credits (bps).")
    ],
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Let buyers pay part of a direct listing's price in review credits (0: stop)."""
    with errors_exit():
        m = _open(rpc, api, deployment, account, dev, keystore_dir, password_env)
        m.listing(listing_id)
        m.market.set_credit_cap(listing_id, cap_bps)
        console.print(f"listing {listing_id} accepts credits up to {cap_bps} bps of its price")


@app.command("voucher")
def voucher(
    out: Annotated[Path, typer.Option(help="Where to write the signed voucher (JSON).")],
    discount: Annotated[
        str | None, typer.Option(help="Discount in whole tokens of the listing's token.")
    ] = None,
    percent: Annotated[
        float | None, typer.Option(min=0.01, max=100, help="Discount in percent instead.")
    ] = None,
    listing: Annotated[
        int | None, typer.Option(min=1, help="Only this listing (default: all of yours).")
    ] = None,
    token: Annotated[str | None, typer.Option(help="Payment token (default: ETH).")] = None,
    buyer: Annotated[str | None, typer.Option(help="Only this buyer may redeem it.")] = None,
    min_spend: Annotated[str, typer.Option(help="Smallest subtotal it applies to.")] = "0",
    max_redemptions: Annotated[int, typer.Option(min=1, help="How many times it works.")] = 1,
    expires_in: Annotated[str, typer.Option(help="Validity, e.g. 7d.")] = "7d",
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Sign a discount voucher (EIP-712) and write it to a file to hand to buyers."""
    with errors_exit():
        if (discount is None) == (percent is None):
            raise ChainError("give the discount as --discount AMOUNT or --percent P")
        m = _open(rpc, api, deployment, account, dev, keystore_dir, password_env)
        token_address = _token(token)
        if listing is not None:
            listed = m.listing(listing)
            _require_seller(m, listed.seller, f"listing {listing}")
            token_address = listed.token
        decimals, symbol = token_label(m.market, token_address)
        if buyer is not None and not Web3.is_address(buyer):
            raise ChainError(f"--buyer {buyer!r} is not an address")
        now = int(m.w3.eth.get_block("latest")["timestamp"])
        signed = Voucher(
            seller=m.account.address,
            discount=round(percent * 100)
            if percent is not None
            else parse_amount(str(discount), decimals, symbol),
            percent=percent is not None,
            expiry=now + parse_duration(expires_in),
            nonce=secrets.randbits(64),
            buyer=Web3.to_checksum_address(buyer) if buyer else ZERO_ADDRESS,
            listing_id=listing or 0,
            token=token_address,
            min_spend=parse_amount(min_spend, decimals, symbol),
            max_redemptions=max_redemptions,
        )
        book = m.market.voucher_book()
        signature = book.sign(signed)
        out.write_text(
            json.dumps(
                {
                    "voucher": asdict(signed),
                    "signature": signature,
                    "book": book.address,
                    "chain_id": m.w3.eth.chain_id,
                },
                indent=2,
            )
            + "\n"
        )
        what = (
            f"{percent}%"
            if percent is not None
            else format_amount(signed.discount, decimals, symbol)
        )
        console.print(
            f"signed voucher {book.local_hash(signed)} ({what} off) written to {out}",
            highlight=False,
        )


@app.command("ship")
def ship(
    order_id: OrderId,
    tracking: Annotated[
        str | None, typer.Option(help="Tracking number; only its keccak256 goes on chain.")
    ] = None,
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Mark an escrowed order shipped."""
    with errors_exit():
        m = _open(rpc, api, deployment, account, dev, keystore_dir, password_env)
        order = m.market.order_from_chain(parse_id(order_id, "order"))
        tracking_hash = "0x" + keccak(text=tracking).hex() if tracking else ZERO_HASH
        m.market.ship(order, tracking_hash)
        console.print(f"shipped order {order.id}")


@app.command("refund")
def refund(
    order_id: OrderId,
    amount: Annotated[
        str | None, typer.Option(help="Refund this much (default: everything left).")
    ] = None,
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Refund an escrowed order, fully or in part."""
    with errors_exit():
        m = _open(rpc, api, deployment, account, dev, keystore_dir, password_env)
        order = m.market.order_from_chain(parse_id(order_id, "order"))
        decimals, symbol = token_label(m.market, order.token)
        left = order.amount - order.refunded
        value = left if amount is None else parse_amount(amount, decimals, symbol)
        m.market.refund(order, value)
        console.print(
            f"refunded {format_amount(value, decimals, symbol)} of order {order.id}",
            highlight=False,
        )


@app.command("withdraw")
def withdraw(
    listing_ids: Annotated[list[int], typer.Argument(help="Listings whose proceeds to collect.")],
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Settle and pay out the proceeds of your listings."""
    with errors_exit():
        m = _open(rpc, api, deployment, account, dev, keystore_dir, password_env)
        for listing_id in listing_ids:
            _require_seller(m, m.listing(listing_id).seller, f"listing {listing_id}")
        result = m.market.withdraw_proceeds(listing_ids)
        console.print(f"withdrew proceeds of listings {listing_ids} in {result.tx_hash}")


@app.command("questions")
def questions(
    listing_id: ListingId,
    api: ApiUrl = DEFAULT_API_URL,
) -> None:
    """Show the questions on a listing and their answers (from the API)."""
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
def answer(
    question_id: Annotated[
        int, typer.Argument(min=1, help="Question id (`bazaar seller questions`).")
    ],
    text: Annotated[str, typer.Argument(help="Your answer.")],
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Answer a buyer's question on your listing (signs in to the API with Ethereum)."""
    with errors_exit():
        m = _open(rpc, api, deployment, account, dev, keystore_dir, password_env)
        posted = m.api.post(f"/v1/comments/{question_id}/answer", {"body": text}, m.account)
        console.print(f"answered question {question_id} (answer {posted.get('id')})")


@app.command("respond")
def respond(
    order_id: OrderId,
    text: Annotated[str, typer.Option(help="Your public response (stored in the API).")],
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Answer, once, the review a buyer wrote about an order: text in the API, hash on chain."""
    with errors_exit():
        m = _open(rpc, api, deployment, account, dev, keystore_dir, password_env)
        reputation = ReputationClient.from_manifest(m.w3, m.manifest, m.account)
        deal = reputation.deal_from_chain(m.market.address, parse_id(order_id, "order"))
        document = {"kind": "response", "version": 1, "text": text}
        response_hash = str(m.api.upload_document(document, m.account)["hash"])
        reputation.post_response(deal, response_hash)
        console.print(f"responded to the review of order {deal.id}, text {response_hash}")


@app.command("shipping")
def shipping(
    order_id: OrderId,
    envelope: Annotated[Path, typer.Argument(help="The envelope file the buyer sent you.")],
    key_name: KeyName = None,
    rpc: Rpc = DEFAULT_RPC_URL,
    api: ApiUrl = DEFAULT_API_URL,
    deployment: DeploymentFile = None,
    account: AccountName = None,
    dev: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Check a buyer's shipping envelope against the order and decrypt it."""
    with errors_exit():
        m = _open(rpc, api, deployment, account, dev, keystore_dir, password_env)
        wanted = parse_id(order_id, "order")
        placed = purchase_event(m.market, wanted)
        listing = m.listing(placed.args["listingId"])
        _require_seller(m, listing.seller, f"order {wanted}")
        raw = read_envelope(envelope)
        committed = str(placed.args["shippingRef"])
        if committed == ZERO_HASH:
            raise ChainError(f"order {wanted} was bought without shipping details")
        if "0x" + keccak(raw).hex() != committed:
            raise WalletError(
                f"{envelope} is not the envelope order {wanted} committed to ({committed}); "
                "ask the buyer for the right file"
            )
        name = key_name or m.account.address
        keys = EncryptionKeys(wallet_dir(keystore_dir))
        details = keys.open_shipping_details(
            name, password_for(f"encryption key {name!r}", password_env), raw
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


def _token(token: str | None) -> str:
    if token is None:
        return ZERO_ADDRESS
    if not Web3.is_address(token):
        raise ChainError(f"--token {token!r} is not an address")
    return Web3.to_checksum_address(token)


def _require_seller(m: Market, seller: str, what: str) -> None:
    if seller != m.account.address:
        raise ChainError(f"{what} belongs to seller {seller}, not to {m.account.address}")


def _metadata_hash(m: Market, listing_id: int) -> str:
    """The metadata hash the listing commits to now (its last create or update event)."""
    events = listing_events(m.market, ["ListingCreated", "ListingUpdated"], listing_id)
    if not events:
        raise ChainError(f"no ListingCreated for listing {listing_id}; is the manifest right?")
    return str(events[-1].args["metadataHash"])


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
