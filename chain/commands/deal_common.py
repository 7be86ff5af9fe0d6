"""What the rentals, installments and keeper commands share: connection and account options,
amounts in token units, and errors printed as one red line.

Example:
    >>> parse_amount("0.5", 18)
    500000000000000000
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer
from eth_account.signers.local import LocalAccount
from rich.console import Console
from web3 import HTTPProvider, Web3
from web3.exceptions import Web3Exception

from chain.anvil import DEV_PRIVATE_KEYS, dev_account
from chain.erc20 import Erc20Client
from chain.errors import BazaarError, ChainError
from chain.manifest import DeploymentManifest, read_manifest
from chain.types import ZERO_ADDRESS

DEFAULT_RPC = "http://127.0.0.1:8545"

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)

RpcOption = Annotated[
    str, typer.Option("--rpc", envvar="BAZAAR_RPC_URL", help="JSON-RPC URL of the chain.")
]
DeploymentOption = Annotated[
    Path | None,
    typer.Option(
        "--deployment",
        envvar="BAZAAR_DEPLOYMENT",
        help="Deployment manifest [default: deployments/<chain-id>.json].",
    ),
]
AccountOption = Annotated[
    str | None,
    typer.Option("--account", help="Keystore name in the wallet directory that signs."),
]
DevAccountOption = Annotated[
    int | None,
    typer.Option(
        "--dev-account", min=0, max=9, help="Sign with anvil's dev account N (local chains)."
    ),
]
PasswordEnvOption = Annotated[
    str | None,
    typer.Option(help="Read the keystore password from this environment variable."),
]
WalletDirOption = Annotated[
    Path | None,
    typer.Option(help="Wallet directory [default: $BAZAAR_WALLET_DIR or ~/.bazaar/wallets]."),
]


@contextmanager
def clean_errors() -> Iterator[None]:
    """Print Bazaar errors as one red line and exit 1 instead of a traceback."""
    try:
        yield
    except BazaarError as exc:
        message = " ".join(str(exc).split())
        err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc


@dataclass(frozen=True)
class Connection:
    """A reachable chain and the deployment on it."""

    w3: Web3
    manifest: DeploymentManifest


def connect(rpc: str, deployment: Path | None) -> Connection:
    """Connect to ``rpc`` and read the deployment manifest.

    Raises:
        ChainError: The node does not answer, or the manifest is missing or for another chain.
    """
    w3 = Web3(HTTPProvider(rpc, request_kwargs={"timeout": 60}))
    try:
        chain_id = int(w3.eth.chain_id)
    except (Web3Exception, OSError, ValueError) as exc:
        raise ChainError(f"cannot reach the RPC at {rpc}; check --rpc and the node") from exc
    manifest = read_manifest(deployment if deployment is not None else chain_id)
    if manifest.chain_id != chain_id:
        raise ChainError(
            f"the manifest is for chain {manifest.chain_id} but {rpc} is chain {chain_id}; "
            "pass the right --deployment"
        )
    return Connection(w3, manifest)


def load_account(
    account: str | None,
    dev: int | None,
    *,
    password_env: str | None = None,
    wallet_dir: Path | None = None,
) -> LocalAccount:
    """The signing account: a keystore by name, or an anvil dev account.

    Raises:
        WalletError: No account was chosen, both were, or the keystore cannot be unlocked.
    """
    from wallet.errors import WalletError
    from wallet.keystore import Keystores
    from wallet.passwords import get_password

    if (account is None) == (dev is None):
        raise WalletError(
            "choose the signing account with exactly one of --account or --dev-account"
        )
    if dev is not None:
        if not 0 <= dev < len(DEV_PRIVATE_KEYS):
            raise WalletError(f"--dev-account must be 0-{len(DEV_PRIVATE_KEYS) - 1}, got {dev}")
        return dev_account(dev)
    assert account is not None
    password = get_password(purpose=f"keystore {account!r}", env_var=password_env)
    return Keystores(wallet_dir).unlock(account, password)


def decimals_of(w3: Web3, token: str) -> int:
    """18 for ETH (the zero address), else the token's ``decimals()``."""
    return 18 if token == ZERO_ADDRESS else Erc20Client(w3, token).decimals()


def symbol_of(w3: Web3, token: str) -> str:
    """``ETH`` for the zero address, else the token's symbol."""
    return "ETH" if token == ZERO_ADDRESS else Erc20Client(w3, token).symbol()


def parse_amount(text: str, decimals: int, *, what: str = "amount") -> int:
    """``text`` in whole token units (``"0.25"``) as base units.

    Raises:
        ChainError: Not a non-negative number, or finer than the token's decimals.
    """
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ChainError(f"{what} {text!r} is not a number") from exc
    if not value.is_finite() or value < 0:
        raise ChainError(f"{what} {text!r} must be a non-negative number")
    scaled = value.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise ChainError(f"{what} {text!r} has more than {decimals} decimals")
    return int(scaled)


def format_amount(value: int, decimals: int, symbol: str) -> str:
    """Base units as a decimal string with the token's symbol."""
    text = format(Decimal(value).scaleb(-decimals).normalize(), "f")
    return f"{text} {symbol}"


def parse_duration(text: str, *, what: str = "duration") -> int:
    """``90s``, ``30m``, ``12h``, ``3d`` or plain seconds, as seconds.

    Raises:
        ChainError: The text is not a duration.
    """
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number, unit = (text[:-1], text[-1]) if text and text[-1] in units else (text, "s")
    if not number.isdigit():
        raise ChainError(f"{what} {text!r} is not a duration like 90s, 30m, 12h or 3d")
    return int(number) * units[unit]


def parse_hash(text: str | None, *, what: str) -> str:
    """A 0x-prefixed 32-byte hex value (zero when ``text`` is None).

    Raises:
        ChainError: Not 64 hex digits.
    """
    if text is None:
        return "0x" + "00" * 32
    digits = text.removeprefix("0x")
    if len(digits) != 64 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        raise ChainError(f"{what} must be 0x and 64 hex digits, got {text!r}")
    return "0x" + digits.lower()
