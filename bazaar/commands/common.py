"""What every ``bazaar`` journey shares: accounts, the connection, the deployment.

:func:`open_market` turns the common options (:mod:`bazaar.commands.options`) into a
:class:`Market`: web3 on ``--rpc`` (checked to answer), the deployment manifest for that
chain, the unlocked signer and a client of the API. Options, values, lookups and output
live in their own modules; their names are re-exported here for convenience.

Example:
    >>> m = open_market(rpc="http://127.0.0.1:8545", api="http://127.0.0.1:8000",
    ...                 deployment=None, account=None, dev=1, keystore_dir=None,
    ...                 password_env=None)  # doctest: +SKIP
    >>> m.listing(1).price  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import typer

from bazaar.commands.lookups import listing_events, purchase_event, show_orders
from bazaar.commands.options import (
    DEFAULT_API_URL,
    KEYSTORE_DIR_ENV,
    AccountName,
    ApiUrl,
    DealId,
    DealOf,
    DeploymentFile,
    DevAccount,
    KeystoreDir,
    ListingId,
    OrderId,
    OrderStatus,
    PasswordEnv,
    Rpc,
)
from bazaar.commands.output import console, err_console, errors_exit
from bazaar.commands.values import (
    ETH_DECIMALS,
    format_amount,
    parse_amount,
    parse_duration,
    parse_id,
    read_json_file,
    token_label,
)
from chain.deal_kinds import DealKind
from chain.errors import ChainError
from core.constants import DEFAULT_CHAIN_ID, DEFAULT_RPC_URL
from core.errors import WalletError

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount
    from web3 import Web3

    from bazaar.api_client import BazaarApi
    from chain.manifest import DeploymentManifest
    from chain.marketplace.client import MarketplaceClient
    from chain.marketplace.types import Listing, Order
    from wallet.keystore import Keystores
    from wallet.storage import WalletDir

__all__ = [
    "DEFAULT_API_URL",
    "DEFAULT_RPC_URL",
    "DEV_CHAIN_IDS",
    "ETH_DECIMALS",
    "KEYSTORE_DIR_ENV",
    "AccountName",
    "ApiUrl",
    "DealId",
    "DealOf",
    "DeploymentFile",
    "DevAccount",
    "KeystoreDir",
    "ListingId",
    "Market",
    "OrderId",
    "OrderStatus",
    "PasswordEnv",
    "Rpc",
    "address_of",
    "connect",
    "console",
    "err_console",
    "errors_exit",
    "format_amount",
    "keystores",
    "listing_events",
    "load_deployment",
    "Signer",
    "open_market",
    "with_signer",
    "parse_amount",
    "parse_duration",
    "parse_id",
    "password_for",
    "prompt_hidden",
    "purchase_event",
    "read_json_file",
    "show_orders",
    "token_label",
    "unlock",
    "wallet_dir",
]

DEV_CHAIN_IDS = (DEFAULT_CHAIN_ID, 1337)
RPC_TIMEOUT = 60


def keystores(keystore_dir: Path | None, *, scrypt_n: int | None = None) -> Keystores:
    """The keystores of ``keystore_dir`` (default ``$BAZAAR_KEYSTORE_DIR`` or
    ``~/.bazaar/keystores``); keystore files sit at its top level."""
    from wallet.keystore import Keystores

    directory = wallet_dir(keystore_dir)
    return Keystores(directory) if scrypt_n is None else Keystores(directory, scrypt_n=scrypt_n)


def wallet_dir(keystore_dir: Path | None) -> WalletDir:
    """The keystore directory as a :class:`~wallet.storage.WalletDir`: keystores at the top
    level, the seller's shipping keys in ``encryption-keys/``."""
    from core.settings import BazaarSettings
    from wallet.storage import WalletDir

    root = keystore_dir or BazaarSettings().keystore_dir
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
    from wallet.passwords import get_password

    return get_password(purpose=what, env_var=password_env, new=new, prompt=prompt_hidden)


def connect(rpc: str) -> Web3:
    """Web3 on ``rpc``, checked to answer.

    Raises:
        ChainError: The node does not answer.
    """
    from web3 import HTTPProvider, Web3
    from web3.exceptions import Web3Exception

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
    from eth_utils.address import is_address, to_checksum_address

    from chain.anvil import dev_account

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
    from eth_utils.address import is_address, to_checksum_address

    from chain.anvil import dev_account

    if (account is None) == (dev is None):
        raise WalletError("choose whose: --account NAME|ADDRESS or --dev-account N")
    if dev is not None:
        return dev_account(dev).address
    assert account is not None
    if is_address(account):
        return to_checksum_address(account)
    return keystores(keystore_dir).info(account).address


def load_deployment(w3: Web3, deployment: Path | None) -> DeploymentManifest:
    """The manifest at ``deployment`` or ``deployments/<chain-id>.json``, checked to be
    for the connected chain."""
    from chain.manifest import read_manifest

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
        from chain.types import ListingStatus

        listing = self.market.get_listing(listing_id)
        if listing.status == ListingStatus.NONE:
            raise ChainError(
                f"listing {listing_id} does not exist on the Marketplace at "
                f"{self.market.address}; check the id (`GET /v1/listings`)"
            )
        return listing

    def open_order(self, order_id: str, action: str) -> Order:
        """Order ``order_id`` rebuilt from the chain, checked to be still open to ``action``.

        Raises:
            ChainError: Not an id, no such order, or the order is closed (completed,
                refunded or ruled): the message says which.
        """
        from chain.marketplace.types import OrderStatus

        order = self.market.order_from_chain(parse_id(order_id, "order"))
        closed = {
            OrderStatus.COMPLETED: "is already completed: the seller has been paid (delivery "
            "was confirmed, or released after the timeout)",
            OrderStatus.REFUNDED: "was refunded to the buyer",
            OrderStatus.RESOLVED: "was settled by the arbiter's ruling on its dispute",
        }.get(order.status)
        if closed is not None:
            raise ChainError(f"order {order.id} {closed}; there is nothing to {action}")
        return order

    def deal_source(self, of: DealKind) -> str:
        """The contract that records the deals ``--of`` names (orders, rentals or plans)."""
        if of is DealKind.PURCHASE:
            return self.market.address
        return self.manifest.get(DEAL_SOURCES[of]).address


# The deal recorders besides the Marketplace, by the ``--of`` value that names them.
DEAL_SOURCES = {DealKind.RENTAL: "RentalEscrow", DealKind.INSTALLMENT: "InstallmentPlans"}


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
    from bazaar.api_client import BazaarApi
    from chain.marketplace.client import MarketplaceClient

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


@dataclass(frozen=True)
class Signer:
    """Who signs and where: the options every sending command takes."""

    rpc: str
    api: str
    deployment: Path | None
    account: str | None
    dev: int | None
    keystore_dir: Path | None
    password_env: str | None

    def open(self) -> Market:
        """Connect, read the deployment, unlock the account (see :func:`open_market`)."""
        return open_market(
            rpc=self.rpc,
            api=self.api,
            deployment=self.deployment,
            account=self.account,
            dev=self.dev,
            keystore_dir=self.keystore_dir,
            password_env=self.password_env,
        )


_SIGNER_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    ("rpc", Rpc, DEFAULT_RPC_URL),
    ("api", ApiUrl, DEFAULT_API_URL),
    ("deployment", DeploymentFile, None),
    ("account", AccountName, None),
    ("dev_account", DevAccount, None),
    ("keystore_dir", KeystoreDir, None),
    ("password_env", PasswordEnv, None),
)


def with_signer(command: Callable[..., None]) -> Callable[..., None]:
    """Give a sending command the options every one of them takes.

    ``command`` declares its own arguments and options and a parameter ``signer: Signer``.
    Typer sees the command's own parameters followed by ``--rpc``, ``--api``,
    ``--deployment``, ``--account``, ``--dev-account``, ``--keystore-dir`` and
    ``--password-env`` (:mod:`bazaar.commands.options`); ``signer`` carries their values.
    Put it between ``@app.command(...)`` and the function.
    """
    own = inspect.signature(command, eval_str=True)
    if "signer" not in own.parameters:
        raise TypeError(f"{command.__name__} has no `signer: Signer` parameter")
    kept = [p for p in own.parameters.values() if p.name != "signer"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint)
        for name, hint, default in _SIGNER_OPTIONS
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        values = [kwargs.pop(name) for name, _hint, _default in _SIGNER_OPTIONS]
        command(*args, signer=Signer(*values), **kwargs)

    signature = own.replace(parameters=[*kept, *added])
    wrapper.__signature__ = signature  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in signature.parameters.values()}
    return wrapper
