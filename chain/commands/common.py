"""What every ``bazaar`` journey shares: options, accounts, the connection, amounts, errors.

Options (each also read from the environment):

- ``--rpc`` (``$BAZAAR_RPC_URL``, default ``http://127.0.0.1:8545``)
- ``--api`` (``$BAZAAR_API_URL``, default ``http://127.0.0.1:8000``)
- ``--deployment`` (``$BAZAAR_DEPLOYMENT``, default ``deployments/<chain-id>.json``)
- ``--account NAME`` with ``--keystore-dir`` (``$BAZAAR_KEYSTORE_DIR``, default
  ``~/.bazaar/keystores``) and ``--password-env VAR``, or ``--dev-account N`` (anvil's
  well-known keys, refused on any chain but a local one).

Every Bazaar error ends the command with one red line and exit code 1 (:func:`errors_exit`).

Example:
    >>> parse_amount("0.015", 18)
    15000000000000000
    >>> parse_duration("3d")
    259200
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import click
import requests
import typer
from eth_account.signers.local import LocalAccount
from eth_utils.address import is_address, to_checksum_address
from rich.console import Console
from rich.table import Table
from web3 import HTTPProvider, Web3
from web3.exceptions import Web3Exception

from chain.anvil import DEFAULT_CHAIN_ID, dev_account
from chain.commands.api_client import BazaarApi
from chain.erc20 import Erc20Client
from chain.errors import BazaarError, ChainError, OrderNotFoundError, WalletError
from chain.events import DecodedEvent
from chain.manifest import DeploymentManifest, read_manifest
from chain.marketplace import MarketplaceClient
from chain.types import ZERO_ADDRESS, Listing, ListingStatus
from wallet.keystore import Keystores
from wallet.passwords import get_password
from wallet.storage import WalletDir

DEFAULT_RPC_URL = "http://127.0.0.1:8545"
DEFAULT_API_URL = "http://127.0.0.1:8000"
KEYSTORE_DIR_ENV = "BAZAAR_KEYSTORE_DIR"
DEFAULT_KEYSTORE_DIR = Path("~/.bazaar/keystores")
DEV_CHAIN_IDS = (DEFAULT_CHAIN_ID, 1337)
ETH_DECIMALS = 18
RPC_TIMEOUT = 60

console = Console(soft_wrap=True)  # long hashes and ids stay on one line for scripts
err_console = Console(stderr=True)

Rpc = Annotated[
    str, typer.Option("--rpc", envvar="BAZAAR_RPC_URL", help="JSON-RPC URL of the chain.")
]
ApiUrl = Annotated[
    str, typer.Option("--api", envvar="BAZAAR_API_URL", help="Base URL of the Bazaar API.")
]
DeploymentFile = Annotated[
    Path | None,
    typer.Option(
        "--deployment",
        envvar="BAZAAR_DEPLOYMENT",
        help="Deployment manifest (default: deployments/<chain-id>.json).",
    ),
]
AccountName = Annotated[
    str | None,
    typer.Option("--account", help="Keystore to sign with: its name or address."),
]
DevAccount = Annotated[
    int | None,
    typer.Option(
        "--dev-account", min=0, max=9, help="Sign with anvil's dev key N (local chains only)."
    ),
]
KeystoreDir = Annotated[
    Path | None,
    typer.Option(
        "--keystore-dir",
        envvar=KEYSTORE_DIR_ENV,
        help="Where keystores live (default: ~/.bazaar/keystores).",
    ),
]
PasswordEnv = Annotated[
    str | None,
    typer.Option(
        "--password-env",
        help="Read the keystore password from this environment variable (default: prompt).",
    ),
]


@contextmanager
def errors_exit() -> Iterator[None]:
    """Print Bazaar errors (and their notes) as one red line and exit 1, never a traceback."""
    try:
        yield
    except BazaarError as exc:
        _fail(str(exc))
        raise typer.Exit(1) from exc
    except (Web3Exception, requests.RequestException) as exc:  # the node failed mid-command
        _fail(f"the RPC failed ({type(exc).__name__}: {exc}); check the node and retry")
        raise typer.Exit(1) from exc
    except OSError as exc:  # e.g. an output file in a directory that does not exist
        _fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        raise typer.Exit(1) from exc


def _fail(message: str) -> None:
    text = " ".join(message.split())
    err_console.print(f"[bold red]error:[/] {text}", highlight=False, soft_wrap=True)


def keystores(keystore_dir: Path | None, *, scrypt_n: int | None = None) -> Keystores:
    """The keystores of ``keystore_dir`` (default ``$BAZAAR_KEYSTORE_DIR`` or
    ``~/.bazaar/keystores``); keystore files sit at its top level."""
    directory = wallet_dir(keystore_dir)
    return Keystores(directory) if scrypt_n is None else Keystores(directory, scrypt_n=scrypt_n)


def wallet_dir(keystore_dir: Path | None) -> WalletDir:
    """The keystore directory as a :class:`~wallet.storage.WalletDir`: keystores at the top
    level, the seller's shipping keys in ``encryption-keys/``."""
    root = keystore_dir or Path(os.environ.get(KEYSTORE_DIR_ENV) or DEFAULT_KEYSTORE_DIR)
    return WalletDir(root.expanduser(), flat="keystores")


def prompt_hidden(text: str) -> str:
    """A hidden prompt that reads from the terminal or piped input (EOF: no input)."""
    try:
        answer = typer.prompt(
            text.rstrip().rstrip(":"), hide_input=True, default="", show_default=False
        )
        return str(answer)
    except click.exceptions.Abort as exc:
        raise EOFError from exc


def password_for(what: str, password_env: str | None, *, new: bool = False) -> str:
    """A password from ``$password_env``, ``$BAZAAR_WALLET_PASSWORD`` or a hidden prompt."""
    return get_password(purpose=what, env_var=password_env, new=new, prompt=prompt_hidden)


def connect(rpc: str) -> Web3:
    """Web3 on ``rpc``, checked to answer.

    Raises:
        ChainError: The node does not answer.
    """
    w3 = Web3(HTTPProvider(rpc, request_kwargs={"timeout": RPC_TIMEOUT}))
    try:
        w3.eth.chain_id  # noqa: B018 - the cheapest call that proves the node answers
    except (Web3Exception, OSError, ValueError) as exc:
        raise ChainError(
            f"cannot reach the RPC at {rpc} ({type(exc).__name__}); start a node "
            "(`bazaar chain up`) or pass --rpc"
        ) from exc
    return w3


def unlock(
    w3: Web3,
    *,
    account: str | None,
    dev: int | None,
    keystore_dir: Path | None,
    password_env: str | None,
) -> LocalAccount:
    """The signing account: a keystore (by name or address) or an anvil dev key.

    Raises:
        WalletError: Neither or both chosen, unknown keystore, wrong password, or a dev key
            asked for on a chain that is not local.
    """
    if (account is None) == (dev is None):
        raise WalletError("choose who signs: --account NAME (a keystore) or --dev-account N")
    if dev is not None:
        chain_id = w3.eth.chain_id
        if chain_id not in DEV_CHAIN_IDS:
            raise WalletError(
                f"--dev-account uses publicly known keys; refused on chain {chain_id}. "
                "Use --account with a keystore"
            )
        return dev_account(dev)
    assert account is not None
    store = keystores(keystore_dir)
    name = account
    if is_address(account):
        matches = [i.name for i in store.list_all() if i.address == to_checksum_address(account)]
        if not matches:
            raise WalletError(f"no keystore in {store.dir.root} holds {account}")
        name = matches[0]
    store.info(name)  # a missing keystore fails before the password prompt
    return store.unlock(name, password_for(f"keystore {name!r}", password_env))


def address_of(account: str | None, dev: int | None, keystore_dir: Path | None) -> str:
    """The address of a keystore (by name or address) or dev account, without unlocking it.

    Raises:
        WalletError: Neither or both chosen, or no such keystore.
    """
    if (account is None) == (dev is None):
        raise WalletError("choose whose: --account NAME|ADDRESS or --dev-account N")
    if dev is not None:
        return dev_account(dev).address
    assert account is not None
    if is_address(account):
        return to_checksum_address(account)
    return keystores(keystore_dir).info(account).address


def show_orders(api: str, role: str, address: str, status: str | None, limit: int) -> None:
    """Print the orders the API knows where ``address`` is the ``role`` (seller or buyer)."""
    client = BazaarApi(api)
    params: dict[str, str | int] = {role: address, "limit": limit}
    if status is not None:
        params["status"] = status
    orders = client.get("/v1/orders", **params)["data"]
    if not orders:
        console.print(f"no orders as {role} for {address} (is the indexer running?)")
        return
    table = Table(title=f"orders of {role} {address}")
    for column in ("order", "listing", "status", "amount", "qty", "other side"):
        table.add_column(column, no_wrap=column in ("order", "other side"))
    for order in orders:
        decimals, symbol = (ETH_DECIMALS, "ETH") if order["token"] == ZERO_ADDRESS else (0, "")
        amount = (
            format_amount(int(order["amount"]), decimals, symbol)
            if symbol
            else f"{order['amount']} units of {order['token']}"
        )
        other = order["buyer"] if role == "seller" else order["seller"]
        table.add_row(
            str(order["order_id"]),
            str(order["listing_id"] or "-"),
            order["status"],
            amount,
            str(order["quantity"]),
            other,
        )
    console.print(table)


def load_deployment(w3: Web3, deployment: Path | None) -> DeploymentManifest:
    """The manifest at ``deployment`` or ``deployments/<chain-id>.json``, checked to be
    for the connected chain."""
    chain_id = w3.eth.chain_id
    manifest = read_manifest(deployment) if deployment is not None else read_manifest(chain_id)
    if manifest.chain_id != chain_id:
        raise ChainError(
            f"the deployment manifest is for chain {manifest.chain_id} but the RPC serves "
            f"chain {chain_id}; pass the right --deployment or --rpc"
        )
    return manifest


@dataclass
class Market:
    """A connected journey: chain, deployment, signer and API."""

    w3: Web3
    manifest: DeploymentManifest
    account: LocalAccount
    market: MarketplaceClient
    api: BazaarApi

    def listing(self, listing_id: int) -> Listing:
        """Listing ``listing_id`` from the chain.

        Raises:
            ChainError: There is no such listing.
        """
        listing = self.market.get_listing(listing_id)
        if listing.status == ListingStatus.NONE:
            raise ChainError(
                f"listing {listing_id} does not exist on the Marketplace at "
                f"{self.market.address}; check the id (`GET /v1/listings`)"
            )
        return listing


def open_market(
    *,
    rpc: str,
    api: str,
    deployment: Path | None,
    account: str | None,
    dev: int | None,
    keystore_dir: Path | None,
    password_env: str | None,
) -> Market:
    """Connect to the chain, read the deployment, unlock the signer, open the API client."""
    w3 = connect(rpc)
    manifest = load_deployment(w3, deployment)
    signer = unlock(
        w3, account=account, dev=dev, keystore_dir=keystore_dir, password_env=password_env
    )
    return Market(
        w3=w3,
        manifest=manifest,
        account=signer,
        market=MarketplaceClient.from_manifest(w3, manifest, signer),
        api=BazaarApi(api),
    )


# ----------------------------------------------------------------------------- values

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
    if token == ZERO_ADDRESS:
        return ETH_DECIMALS, "ETH"
    erc20 = Erc20Client(market.w3, token)
    return erc20.decimals(), erc20.symbol()


def listing_events(
    market: MarketplaceClient, names: list[str], listing_id: int
) -> list[DecodedEvent]:
    """The Marketplace's events ``names`` about listing ``listing_id`` (each indexes it first),
    in chain order."""
    topics = ["0x" + market.registry.topic_of(name).hex() for name in names]
    logs = market.w3.eth.get_logs(
        {
            "address": market.address,
            "fromBlock": market.deploy_block,
            "toBlock": "latest",
            "topics": [topics, "0x" + listing_id.to_bytes(32, "big").hex()],
        }
    )
    events = market.registry.decode_logs(logs, skip_unknown=True)
    return sorted((e for e in events if not e.removed), key=lambda e: (e.block_number, e.log_index))


def purchase_event(market: MarketplaceClient, order_id: int) -> DecodedEvent:
    """The ``Purchased`` or ``OrderPlaced`` event that created listing order ``order_id``.

    Raises:
        OrderNotFoundError: No purchase has that id.
    """
    for event in listing_events(market, ["Purchased", "OrderPlaced"], order_id >> 32):
        if event.args["orderId"] == order_id:
            return event
    raise OrderNotFoundError(
        f"no purchase with order id {order_id} on the Marketplace at {market.address}; "
        "check the id the buy command printed"
    )


OrderStatus = Annotated[
    str | None,
    typer.Option(help="Only orders in this status (paid, shipped, completed, refunded, ...)."),
]
