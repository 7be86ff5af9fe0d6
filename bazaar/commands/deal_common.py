"""What the rentals and installments commands add to :mod:`bazaar.commands.common`: a
read-only connection, token units for any client, 32-byte hashes, and the transaction line.

Example:
    >>> parse_hash(None, what="--reason-hash") == "0x" + "00" * 32
    True
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bazaar.commands.common import (
    ETH_DECIMALS,
    connect,
    console,
    load_deployment,
    parse_amount,
    parse_duration,
)
from chain.errors import ChainError

if TYPE_CHECKING:
    from web3 import Web3

    from chain.manifest import DeploymentManifest
    from chain.tx import TxResult


def read_only(rpc: str, deployment: Path | None) -> tuple[Web3, DeploymentManifest]:
    """A connection and the deployment, for commands that only read."""
    w3 = connect(rpc)
    return w3, load_deployment(w3, deployment)


def token_units(w3: Web3, token: str) -> tuple[int, str]:
    """Decimals and symbol of a payment token (18 and ETH for the zero address).

    Raises:
        ChainError: ``token`` is not an address, or no ERC-20 answers there.
    """
    from web3 import Web3
    from web3.exceptions import Web3Exception

    from chain.erc20 import Erc20Client
    from core.constants import ZERO_ADDRESS

    if token == ZERO_ADDRESS:
        return ETH_DECIMALS, "ETH"
    if not Web3.is_address(token):
        raise ChainError(f"token {token!r} is not an address")
    erc20 = Erc20Client(w3, token)
    try:
        return erc20.decimals(), erc20.symbol()
    except Web3Exception as exc:
        raise ChainError(
            f"{token} does not answer decimals() and symbol(); is it an ERC-20 on this chain?"
        ) from exc


def balance_of(w3: Web3, token: str, account: str) -> int:
    """``account``'s balance of ``token`` (ETH for the zero address)."""
    from web3 import Web3

    from chain.erc20 import Erc20Client
    from core.constants import ZERO_ADDRESS

    if token == ZERO_ADDRESS:
        return int(w3.eth.get_balance(Web3.to_checksum_address(account)))
    return Erc20Client(w3, token).balance_of(account)


def option_amount(option: str, text: str, units: tuple[int, str]) -> int:
    """:func:`parse_amount` of option ``option``'s value; the error names the option.

    Raises:
        ChainError: Not an amount of the token.
    """
    try:
        return parse_amount(text, *units)
    except ChainError as exc:
        raise ChainError(f"{option}: {exc}") from exc


def option_duration(option: str, text: str) -> int:
    """:func:`parse_duration` of option ``option``'s value; the error names the option.

    Raises:
        ChainError: Not a duration.
    """
    try:
        return parse_duration(text)
    except ChainError as exc:
        raise ChainError(f"{option}: {exc}") from exc


def parse_hash(text: str | None, *, what: str) -> str:
    """A 0x-prefixed 32-byte hex value (zero when ``text`` is None).

    Raises:
        ChainError: Not 64 hex digits.
    """
    from chain.types import ZERO_HASH

    if text is None:
        return ZERO_HASH
    digits = text.removeprefix("0x")
    if len(digits) != 64 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        raise ChainError(f"{what} must be 0x and 64 hex digits, got {text!r}")
    return "0x" + digits.lower()


def print_sent(what: str, result: TxResult) -> None:
    """``what (tx 0x..., gas 12,345)`` on one line."""
    console.print(
        f"{what} (tx {result.tx_hash}, gas {result.gas_used:,})", highlight=False, soft_wrap=True
    )
