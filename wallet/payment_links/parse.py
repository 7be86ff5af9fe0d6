"""Parsing EIP-681 links into :class:`~wallet.payment_links.request.PaymentRequest`.

Grammar (EIP-681)::

    request        = "ethereum" ":" [ "pay-" ] target_address [ "@" chain_id ]
                     [ "/" function_name ] [ "?" parameters ]
    target_address = "0x" 40*HEXDIG / ENS_NAME
    parameters     = parameter *( "&" parameter )
    parameter      = key "=" value
    key            = "value" / "gas" / "gasLimit" / "gasPrice" / TYPE

The scheme is matched case-insensitively (QR codes upper-case it). Everything else is
strict: ENS names are refused (no resolver), mixed-case addresses must pass EIP-55, a key
may appear once, and arguments need a function.

Example:
    >>> link = "ethereum:pay-0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB@10?value=2.5e17"
    >>> request = parse_payment_link(link)
    >>> request.chain_id, request.value, request.pay
    (10, 250000000000000000, True)
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from wallet.errors import InvalidPaymentLinkError
from wallet.payment_links.numbers import parse_number
from wallet.payment_links.request import (
    FUNCTION_NAME,
    ArgValue,
    Param,
    PaymentRequest,
    canonical_type,
    checksum_address,
)

MAX_LINK_LENGTH = 8_192
_LINK = re.compile(
    r"(?i:ethereum):(?P<pay>(?i:pay-))?(?P<target>[^@/?]*)"
    r"(?:@(?P<chain>[^/?]*))?(?:/(?P<function>[^?]*))?(?:\?(?P<query>.*))?",
    re.DOTALL,
)
# RFC 3986 characters, minus '#' (EIP-681 has no fragment); '%' only as an escape
_URI_TEXT = re.compile(r"(?:[A-Za-z0-9\-._~:/?\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")
_PREFIX = re.compile(r"[a-z]+-", re.IGNORECASE)
_CHAIN_ID = re.compile(r"[1-9][0-9]*")
_HEX_BYTES = re.compile(r"0x(?:[0-9a-fA-F]{2})*")
_AMOUNT_KEYS = {
    "value": "value",
    "gas": "gas_limit",
    "gasLimit": "gas_limit",
    "gasPrice": "gas_price",
}


def _target(text: str) -> str:
    if _PREFIX.match(text):
        raise InvalidPaymentLinkError(
            f"unsupported link prefix {text.split('-')[0]}-: only 'pay-' payment links are handled"
        )
    return checksum_address(text, what="target")


def _arg(abi_type: str, raw: str) -> ArgValue:
    if abi_type == "address":
        return checksum_address(raw, what="address argument")
    if abi_type == "bool":
        if raw not in ("true", "false"):
            raise InvalidPaymentLinkError(f"bool argument must be true or false, got {raw!r}")
        return raw == "true"
    if abi_type.startswith("bytes"):
        if not _HEX_BYTES.fullmatch(raw):
            raise InvalidPaymentLinkError(
                f"{abi_type} argument must be 0x-prefixed hex, got {raw!r}"
            )
        return bytes.fromhex(raw[2:])
    if abi_type == "string":
        try:
            return unquote(raw, errors="strict")
        except UnicodeDecodeError as exc:
            raise InvalidPaymentLinkError("string argument is not percent-encoded UTF-8") from exc
    if abi_type.startswith("uint") and raw.startswith("-"):
        raise InvalidPaymentLinkError(f"{abi_type} argument cannot be negative: {raw!r}")
    return parse_number(raw, what=f"{abi_type} argument")


def _parameters(query: str) -> tuple[list[Param], dict[str, int]]:
    args: list[Param] = []
    amounts: dict[str, int] = {}
    for pair in query.split("&"):
        key, equals, raw = pair.partition("=")
        if not key or not equals:
            raise InvalidPaymentLinkError(f"parameter {pair!r} is not key=value")
        field = _AMOUNT_KEYS.get(key)
        if field is None:
            abi_type = canonical_type(key)
            args.append(Param(abi_type, _arg(abi_type, raw)))
            continue
        if field in amounts:
            raise InvalidPaymentLinkError(
                f"{key} is given more than once (gas and gasLimit are one)"
            )
        if raw.startswith("-"):
            raise InvalidPaymentLinkError(f"{key} cannot be negative")
        amounts[field] = parse_number(raw, what=key)
    return args, amounts


def parse_payment_link(text: str) -> PaymentRequest:
    """Parse an EIP-681 link.

    Raises:
        EnsNameNotSupportedError: The target or an address argument is an ENS name.
        InvalidPaymentLinkError: Anything else that breaks the grammar or cannot be paid safely;
            the message says which part.
    """
    if len(text) > MAX_LINK_LENGTH:
        raise InvalidPaymentLinkError(f"payment link is longer than {MAX_LINK_LENGTH} characters")
    match = _LINK.fullmatch(text)
    if match is None:
        raise InvalidPaymentLinkError(
            "a payment link starts with 'ethereum:' followed by an address"
        )
    if not _URI_TEXT.fullmatch(text):
        raise InvalidPaymentLinkError(
            "payment link contains characters that must be percent-encoded "
            "(spaces, quotes, '#', non-ASCII); copy the whole link again"
        )
    target = _target(match["target"])
    chain_id: int | None = None
    if match["chain"] is not None:
        if not _CHAIN_ID.fullmatch(match["chain"]):
            raise InvalidPaymentLinkError(f"chain id {match['chain']!r} is not a positive number")
        chain_id = int(match["chain"])
    function = match["function"]
    if function is not None and not FUNCTION_NAME.fullmatch(function):
        raise InvalidPaymentLinkError(f"{function!r} is not a function name")
    args: list[Param] = []
    amounts: dict[str, int] = {}
    if match["query"] is not None:
        args, amounts = _parameters(match["query"])
    return PaymentRequest(
        target=target,
        chain_id=chain_id,
        function=function,
        args=tuple(args),
        value=amounts.get("value"),
        gas_limit=amounts.get("gas_limit"),
        gas_price=amounts.get("gas_price"),
        pay=match["pay"] is not None,
    )
