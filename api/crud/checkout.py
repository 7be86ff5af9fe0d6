"""Checkout helper: a listing's EIP-681 payment link, its QR code and unsigned transactions.

The link comes from :func:`wallet.payment_links.marketplace_buy_link`, and the transaction
is that link parsed back and turned into a transaction, so the QR code, the link and the
transaction always ask for exactly the same call.
"""

from __future__ import annotations

import io
from typing import Any

import segno
from sqlalchemy import select
from sqlmodel import Session

from api.errors import ResourceConflictError, ResourceNotFoundError, ServiceUnavailableError
from api.models.market import CheckoutPublic
from core.constants import ZERO_ADDRESS
from indexer.models import ContractCursor, Listing
from indexer.store.tables import table_of
from wallet.payment_links import marketplace_buy_link, parse_payment_link
from wallet.payment_links.request import Param, PaymentRequest

LISTINGS = table_of(Listing)
CURSORS = table_of(ContractCursor)
ETH = ZERO_ADDRESS
QR_SCALE = 4
QR_QUIET_ZONE = 4  # modules of light margin all round: ISO/IEC 18004's minimum


def qr_svg(link: str) -> str:
    """``link`` as a standalone SVG QR code: dark modules on a white background.

    The root names the SVG namespace, so the markup also works as an ``<img>`` source or
    a saved ``.svg`` file, and a white rectangle covers the whole image, quiet zone
    included, so scanners read it on a dark page too.
    """
    buffer = io.BytesIO()
    code = segno.make(link, error="m", micro=False)
    code.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        scale=QR_SCALE,
        border=QR_QUIET_ZONE,
        dark="#000",
        light=None,
    )
    width, height = code.symbol_size(scale=QR_SCALE, border=QR_QUIET_ZONE)
    svg = buffer.getvalue().decode("utf-8")
    head, body = svg.split(">", 1)  # the root's start tag ends at its first ">"
    background = f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>'
    return f"{head}>{background}{body}"


def _rpc(tx: dict[str, Any]) -> dict[str, str]:
    """A transaction as ``eth_sendTransaction`` takes it: quantities as 0x hex."""
    return {key: hex(value) if isinstance(value, int) else str(value) for key, value in tx.items()}


def marketplace_address(session: Session) -> str:
    """The Marketplace the indexer follows.

    Raises:
        ServiceUnavailableError: The indexer has not started on a deployment yet.
    """
    address = session.execute(
        select(CURSORS.c.address).where(CURSORS.c.name == "Marketplace")
    ).scalar()
    if address is None:
        raise ServiceUnavailableError(
            "the indexer follows no Marketplace yet; start `bazaar index`"
        )
    return str(address)


def checkout(
    session: Session, *, chain_id: int, listing_id: int, quantity: int, shipping_ref: str
) -> CheckoutPublic:
    """What a wallet needs to buy ``quantity`` units of listing ``listing_id``.

    Raises:
        ResourceNotFoundError: No such listing.
        ResourceConflictError: The listing is not active, or has fewer units left.
        ServiceUnavailableError: No Marketplace is indexed yet.
    """
    listing = session.execute(select(LISTINGS).where(LISTINGS.c.listing_id == listing_id)).first()
    if listing is None:
        raise ResourceNotFoundError(f"no listing {listing_id} (yet: the indexer may be behind)")
    if listing.status != "active":
        raise ResourceConflictError(
            f"listing {listing_id} is {listing.status}; it sells nothing now"
        )
    if quantity > listing.stock:
        raise ResourceConflictError(
            f"listing {listing_id} has {listing.stock} left, not {quantity}"
        )
    marketplace = marketplace_address(session)
    amount = listing.price * quantity
    paid_in_eth = listing.token == ETH
    link = marketplace_buy_link(
        marketplace,
        chain_id=chain_id,
        listing_id=listing_id,
        quantity=quantity,
        max_price=listing.price,  # the price this checkout shows: the buyer's commitment
        shipping_ref=shipping_ref,
        value=amount if paid_in_eth else 0,
    )
    approval = None
    if not paid_in_eth:
        approval = PaymentRequest(
            target=listing.token,
            chain_id=chain_id,
            function="approve",
            args=(Param("address", marketplace), Param("uint256", amount)),
        )
    return CheckoutPublic(
        listing_id=listing_id,
        quantity=quantity,
        chain_id=chain_id,
        marketplace=marketplace,
        token=listing.token,
        amount=amount,
        shipping_ref=shipping_ref,
        payment_link=link,
        qr_svg=qr_svg(link),
        transaction=_rpc(parse_payment_link(link).to_transaction()),
        approval=_rpc(approval.to_transaction()) if approval else None,
        approval_link=approval.to_uri() if approval else None,
    )
