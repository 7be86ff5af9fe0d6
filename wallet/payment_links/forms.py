"""The three links Bazaar uses: plain ETH, ERC-20 ``transfer``, and Marketplace ``buy``.

Builders return link text; ``as_*`` functions check that a parsed request has exactly the
expected shape and return it typed, so a checkout never pays a link that merely looks
similar (another function, extra arguments, a missing chain id).

Example:
    >>> link = marketplace_buy_link("0x" + "ab" * 20, chain_id=31337, listing_id=7,
    ...                             quantity=2, max_price=10**16, shipping_ref="0x" + "00" * 32,
    ...                             value=2 * 10**16)
    >>> link.split("?")[1]
    'uint256=7&uint32=2&uint256=10000000000000000&bytes32=0x0000000000000000000000000000000000000000000000000000000000000000&value=2e16'
    >>> as_marketplace_buy(parse_payment_link(link)).quantity
    2
"""

from __future__ import annotations

from dataclasses import dataclass

from wallet.errors import InvalidPaymentLinkError
from wallet.payment_links.parse import parse_payment_link
from wallet.payment_links.request import Param, PaymentRequest

__all__ = [
    "Erc20Transfer",
    "EthPayment",
    "MarketplaceBuy",
    "as_erc20_transfer",
    "as_eth_payment",
    "as_marketplace_buy",
    "erc20_transfer_link",
    "eth_payment_link",
    "marketplace_buy_link",
    "parse_payment_link",
]

TRANSFER_TYPES = ("address", "uint256")
BUY_TYPES = ("uint256", "uint32", "uint256", "bytes32")


@dataclass(frozen=True)
class EthPayment:
    """Send ``value`` wei to ``to``."""

    to: str
    value: int
    chain_id: int


@dataclass(frozen=True)
class Erc20Transfer:
    """Call ``token.transfer(to, amount)`` (``amount`` in the token's smallest unit)."""

    token: str
    to: str
    amount: int
    chain_id: int


@dataclass(frozen=True)
class MarketplaceBuy:
    """Call ``Marketplace.buy(listingId, quantity, maxPrice, shippingRef)`` with ``value`` wei.

    ``max_price`` is the buyer's commitment: the unit price it was shown. The purchase reverts
    if the seller raised the price since.
    """

    marketplace: str
    chain_id: int
    listing_id: int
    quantity: int
    max_price: int
    shipping_ref: str
    value: int


def _bytes32(ref: str | bytes) -> bytes:
    raw = bytes.fromhex(ref.removeprefix("0x")) if isinstance(ref, str) else bytes(ref)
    if len(raw) != 32:
        raise InvalidPaymentLinkError(f"shipping ref must be 32 bytes, got {len(raw)}")
    return raw


def eth_payment_link(to: str, value: int, *, chain_id: int) -> str:
    """``ethereum:<to>@<chain id>?value=<wei>``."""
    return PaymentRequest(target=to, chain_id=chain_id, value=value).to_uri()


def erc20_transfer_link(token: str, to: str, amount: int, *, chain_id: int) -> str:
    """``ethereum:<token>@<chain id>/transfer?address=<to>&uint256=<amount>``."""
    args = (Param("address", to), Param("uint256", amount))
    return PaymentRequest(target=token, chain_id=chain_id, function="transfer", args=args).to_uri()


def marketplace_buy_link(
    marketplace: str,
    *,
    chain_id: int,
    listing_id: int,
    quantity: int,
    max_price: int,
    shipping_ref: str | bytes,
    value: int,
) -> str:
    """A link to ``Marketplace.buy(listing_id, quantity, max_price, shipping_ref)``.

    ``ethereum:<marketplace>@<chain id>/buy?uint256=<id>&uint32=<qty>&uint256=<max price>``
    ``&bytes32=<ref>&value=<wei>``; ``max_price`` is the unit price shown to the buyer (the
    purchase reverts if the seller raised it since), ``value`` is price × quantity for ETH
    listings and 0 (left out of the link) for ERC-20 listings, which are paid by allowance
    or permit instead.
    """
    args = (
        Param("uint256", listing_id),
        Param("uint32", quantity),
        Param("uint256", max_price),
        Param("bytes32", _bytes32(shipping_ref)),
    )
    request = PaymentRequest(
        target=marketplace, chain_id=chain_id, function="buy", args=args, value=value or None
    )
    return request.to_uri()


def _shape(request: PaymentRequest, function: str | None, types: tuple[str, ...], what: str) -> int:
    found = tuple(arg.abi_type for arg in request.args)
    if request.function != function or found != types:
        shown = request.signature or "a plain payment"
        raise InvalidPaymentLinkError(f"expected {what}, but the link asks for {shown}")
    if request.chain_id is None:
        raise InvalidPaymentLinkError(
            f"the {what} link has no @chain-id; ask for a link that names one"
        )
    return request.chain_id


def as_eth_payment(request: PaymentRequest) -> EthPayment:
    """``request`` as a plain ETH payment.

    Raises:
        InvalidPaymentLinkError: It calls a function, has no value or no chain id.
    """
    chain_id = _shape(request, None, (), "a plain ETH payment")
    if request.value is None:
        raise InvalidPaymentLinkError("the ETH payment link has no value; ask for the amount")
    return EthPayment(request.target, request.value, chain_id)


def as_erc20_transfer(request: PaymentRequest) -> Erc20Transfer:
    """``request`` as ``transfer(address,uint256)``, which must not send ETH.

    Raises:
        InvalidPaymentLinkError: Another function, other arguments, no chain id, or a value.
    """
    chain_id = _shape(request, "transfer", TRANSFER_TYPES, "an ERC-20 transfer(address,uint256)")
    if request.value:
        raise InvalidPaymentLinkError("an ERC-20 transfer link must not send ETH (value > 0)")
    to, amount = (arg.value for arg in request.args)
    return Erc20Transfer(request.target, str(to), int(amount), chain_id)


def as_marketplace_buy(request: PaymentRequest) -> MarketplaceBuy:
    """``request`` as ``buy(uint256,uint32,uint256,bytes32)`` on the Marketplace.

    Raises:
        InvalidPaymentLinkError: Another function, other arguments, or no chain id.
    """
    chain_id = _shape(
        request, "buy", BUY_TYPES, "a Marketplace buy(uint256,uint32,uint256,bytes32)"
    )
    listing_id, quantity, max_price, ref = (arg.value for arg in request.args)
    if not isinstance(ref, bytes):  # unreachable: Param checked the bytes32 type
        raise InvalidPaymentLinkError("the shipping ref of a buy link must be bytes32")
    return MarketplaceBuy(
        marketplace=request.target,
        chain_id=chain_id,
        listing_id=int(listing_id),
        quantity=int(quantity),
        max_price=int(max_price),
        shipping_ref="0x" + ref.hex(),
        value=request.value or 0,
    )
