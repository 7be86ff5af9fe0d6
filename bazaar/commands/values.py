"""Amounts, durations, ids and files as a user types them.

Example:
    >>> parse_amount("0.015", 18)
    15000000000000000
    >>> format_amount(15000000000000000, 18, "ETH")
    '0.015 ETH'
    >>> parse_duration("3d")
    259200
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chain.errors import ChainError

if TYPE_CHECKING:
    from chain.marketplace.client import MarketplaceClient

ETH_DECIMALS = 18

_DURATION = re.compile(r"(\d+)([smhd]?)")


_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86_400}


def parse_duration(text: str) -> int:
    """Seconds from ``90``, ``45s``, ``30m``, ``12h`` or ``3d``.

    Raises:
        ChainError: Not such a duration.
    """
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        raise ChainError(f"{text!r} is not a duration; write e.g. 3600, 45s, 30m, 12h or 3d")
    return int(match.group(1)) * _UNITS[match.group(2)]


def parse_amount(text: str, decimals: int, symbol: str = "ETH") -> int:
    """An amount in whole units (``0.01``) as the token's smallest unit (wei for ETH).

    Raises:
        ChainError: Not a non-negative number, or finer than the token's decimals.
    """
    try:
        value = Decimal(text.strip())
    except InvalidOperation as exc:
        raise ChainError(f"{text!r} is not an amount of {symbol}; write e.g. 0.01") from exc
    if not value.is_finite() or value < 0:
        raise ChainError(f"{text!r} is not a non-negative amount of {symbol}")
    scaled = value.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise ChainError(f"{text} {symbol} has more than {decimals} decimals")
    return int(scaled)


def format_amount(value: int, decimals: int, symbol: str) -> str:
    """``15000000000000000`` with 18 decimals → ``0.015 ETH``."""
    text = f"{Decimal(value).scaleb(-decimals):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} {symbol}"


def parse_id(text: str, what: str) -> int:
    """A uint256 id in decimal or 0x-hex.

    Raises:
        ChainError: Not a non-negative integer.
    """
    try:
        value = int(text, 16) if text.lower().startswith("0x") else int(text)
    except ValueError as exc:
        raise ChainError(f"{text!r} is not a {what} id (a number)") from exc
    if not 0 <= value < 2**256:
        raise ChainError(f"{text!r} is out of range for a {what} id")
    return value


def token_label(market: MarketplaceClient, token: str) -> tuple[int, str]:
    """Decimals and symbol of a payment token (ETH for the zero address)."""
    from chain.erc20 import Erc20Client
    from core.constants import ZERO_ADDRESS

    if token == ZERO_ADDRESS:
        return ETH_DECIMALS, "ETH"
    erc20 = Erc20Client(market.w3, token)
    return erc20.decimals(), erc20.symbol()


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
