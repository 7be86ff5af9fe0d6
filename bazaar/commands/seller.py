"""``bazaar seller``: what a seller puts up for sale.

Publish a shipping encryption key, create and update listings from a metadata file (stored
in the API first: its hash is what the listing commits), accept review credits and sign
vouchers. What happens after a sale (orders, shipping, refunds, proceeds, questions,
reviews) is in :mod:`bazaar.commands.seller_orders`, merged into the same ``bazaar seller``.

Example:
    $ bazaar seller create docs/examples/camera.json --price 0.25 --stock 2 --escrow --account shop
    $ bazaar seller voucher --listing 1 --percent 10 --out ten-off.json --account shop
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from bazaar.commands.common import (
    ListingId,
    Market,
    Signer,
    console,
    errors_exit,
    format_amount,
    listing_events,
    parse_amount,
    parse_duration,
    password_for,
    read_json_file,
    token_label,
    wallet_dir,
    with_signer,
)
from bazaar.commands.seller_orders import KeyName, require_seller
from bazaar.commands.seller_orders import app as after_sale
from chain.errors import ChainError
from core.errors import ApiError

app = typer.Typer(help="Sell: keys, listings, vouchers, orders, shipping, refunds, answers.")
app.add_typer(after_sale)

ScryptN = Annotated[int | None, typer.Option("--scrypt-n", hidden=True, help="Tests only.")]


def upload_metadata(m: Market, path: Path) -> str:
    """Store the listing metadata in ``path`` through the API; its hash, checked locally."""
    from eth_utils.crypto import keccak

    document = read_json_file(path, "metadata")
    if not isinstance(document, dict):
        raise ChainError(f"{path} must hold a JSON object (kind, version, title, ...)")
    document.setdefault("kind", "listing")
    document.setdefault("version", 1)
    if document["kind"] != "listing":
        raise ChainError(f"{path} is a {document['kind']!r} document, not listing metadata")
    stored = m.api.upload_document(document, m.account)
    digest = str(stored["hash"])
    body = m.api.request("GET", f"/v1/documents/{digest}").content
    if "0x" + keccak(body).hex() != digest:
        raise ApiError(f"the API stored the metadata under {digest} but its bytes hash otherwise")
    return digest


@app.command("publish-key")
@with_signer
def publish_key(
    key_name: KeyName = None,
    *,
    signer: Signer,
    scrypt_n: ScryptN = None,
) -> None:
    """Create (once) and publish the X25519 key buyers encrypt shipping details to."""
    from wallet.encryption_keys import EncryptionKeys
    from wallet.errors import EncryptionKeyNotFoundError

    with errors_exit():
        m = signer.open()
        directory = wallet_dir(signer.keystore_dir)
        keys = (
            EncryptionKeys(directory)
            if scrypt_n is None
            else EncryptionKeys(directory, scrypt_n=scrypt_n)
        )
        name = key_name or m.account.address
        try:
            info = keys.info(name)
        except EncryptionKeyNotFoundError:
            password = password_for(f"new encryption key {name!r}", signer.password_env, new=True)
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
@with_signer
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
    *,
    signer: Signer,
) -> None:
    """Upload the metadata to the API and create a listing committing to its hash."""
    with errors_exit():
        m = signer.open()
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
@with_signer
def update(
    listing_id: ListingId,
    price: Annotated[str | None, typer.Option(help="New unit price in whole tokens.")] = None,
    stock: Annotated[int | None, typer.Option(min=0, help="New stock.")] = None,
    metadata: Annotated[Path | None, typer.Option(help="New metadata JSON file.")] = None,
    *,
    signer: Signer,
) -> None:
    """Change a listing's price, stock or metadata (what is not given stays)."""
    with errors_exit():
        if price is None and stock is None and metadata is None:
            raise ChainError("nothing to change: give --price, --stock or --metadata")
        m = signer.open()
        listing = m.listing(listing_id)
        require_seller(m, listing.seller, f"listing {listing_id}")
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
@with_signer
def accept_credits(
    listing_id: ListingId,
    cap_bps: Annotated[
        int, typer.Option(min=0, max=10_000, help="Share of the price payable in credits (bps).")
    ],
    *,
    signer: Signer,
) -> None:
    """Let buyers pay part of a direct listing's price in review credits (0: stop)."""
    with errors_exit():
        m = signer.open()
        m.listing(listing_id)
        m.market.set_credit_cap(listing_id, cap_bps)
        console.print(f"listing {listing_id} accepts credits up to {cap_bps} bps of its price")


@app.command("voucher")
@with_signer
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
    *,
    signer: Signer,
) -> None:
    """Sign a discount voucher (EIP-712) and write it to a file to hand to buyers."""
    from web3 import Web3

    from chain.marketplace.types import Voucher
    from core.constants import ZERO_ADDRESS

    with errors_exit():
        if (discount is None) == (percent is None):
            raise ChainError("give the discount as --discount AMOUNT or --percent P")
        m = signer.open()
        token_address = _token(token)
        if listing is not None:
            listed = m.listing(listing)
            require_seller(m, listed.seller, f"listing {listing}")
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


def _token(token: str | None) -> str:
    from web3 import Web3

    from core.constants import ZERO_ADDRESS

    if token is None:
        return ZERO_ADDRESS
    if not Web3.is_address(token):
        raise ChainError(f"--token {token!r} is not an address")
    return Web3.to_checksum_address(token)


def _metadata_hash(m: Market, listing_id: int) -> str:
    """The metadata hash the listing commits to now (its last create or update event)."""
    events = listing_events(m.market, ["ListingCreated", "ListingUpdated"], listing_id)
    if not events:
        raise ChainError(f"no ListingCreated for listing {listing_id}; is the manifest right?")
    return str(events[-1].args["metadataHash"])
