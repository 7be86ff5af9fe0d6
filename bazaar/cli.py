"""The ``bazaar`` command line.

``bazaar chain up`` runs a local chain with everything deployed; ``bazaar deploy`` deploys
to any RPC from an encrypted keystore. The libraries hand over their own sub-commands
through a ``register(app)`` hook (``indexer.cli``: ``bazaar index``, ``bazaar db``;
``api.cli``: ``bazaar api``); the user journeys live in :mod:`bazaar.commands`, the demo in
:mod:`bazaar.demo`. Heavy libraries (web3, SQLAlchemy, FastAPI) are imported inside the
commands that use them, so ``bazaar --help`` answers at once.
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli import register as register_api
from bazaar.commands import buyer, installments, keeper, rentals, seller, wallet
from bazaar.demo.command import demo
from chain.defaults import DEFAULT_DISPUTE_TIMEOUT, DEFAULT_FEE_BPS
from chain.errors import ChainError
from core.errors import BazaarError, WalletError
from indexer.cli import register as register_indexer

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from chain.deploy import Deployment

app = typer.Typer(
    name="bazaar",
    help="Bazaar: a decentralized crypto-payment and reputation marketplace.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
chain_app = typer.Typer(help="Run a local development chain.", no_args_is_help=True)
app.add_typer(chain_app, name="chain")

console = Console()
err_console = Console(stderr=True)

FeeBps = Annotated[int, typer.Option(help="Platform fee in basis points (at most 500).")]
DisputeTimeout = Annotated[
    int, typer.Option(help="Seconds the arbiter has to rule before the timeout fallback.")
]
DeploymentsDir = Annotated[
    Path | None,
    typer.Option(
        help="Where to write <chain-id>.json (default: $BAZAAR_DEPLOYMENTS_DIR or ./deployments)."
    ),
]


@contextmanager
def _errors_exit() -> Iterator[None]:
    """Print Bazaar errors as one red line and exit 1 instead of a traceback."""
    try:
        yield
    except BazaarError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from exc


def print_deployment(deployment: Deployment, rpc_url: str) -> None:
    """Print what was deployed as a Rich table, then where the manifest and RPC are."""
    manifest = deployment.manifest
    table = Table(title=f"Bazaar deployed on chain {manifest.chain_id}")
    table.add_column("contract", style="bold")
    table.add_column("address", style="cyan", no_wrap=True, min_width=42)
    table.add_column("block", justify="right")
    table.add_column("abi hash", style="dim", no_wrap=True)
    for name, contract in manifest.contracts.items():
        table.add_row(name, contract.address, str(contract.deploy_block), contract.abi_hash[:12])
    console.print(table)
    if deployment.path is not None:
        console.print(f"manifest  {deployment.path}", highlight=False)
    console.print(f"deployer  {manifest.deployer}", highlight=False)
    console.print(f"RPC URL   [bold]{rpc_url}[/]", highlight=False)


@contextmanager
def stop_signals() -> Iterator[threading.Event]:
    """Turn SIGINT and SIGTERM into an event for the duration of the block."""
    stop = threading.Event()

    def handler(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@chain_app.command("up")
def chain_up(
    port: Annotated[int, typer.Option(help="Port for anvil's JSON-RPC.")] = 8545,
    block_time: Annotated[
        int | None, typer.Option(help="Seconds per block (default: one block per transaction).")
    ] = None,
    host: Annotated[str, typer.Option(help="Interface anvil binds to.")] = "127.0.0.1",
    fee_bps: FeeBps = DEFAULT_FEE_BPS,
    dispute_timeout: DisputeTimeout = DEFAULT_DISPUTE_TIMEOUT,
    deployments_dir: DeploymentsDir = None,
) -> None:
    """Start anvil, deploy every contract with its first dev account, and wait for Ctrl-C."""
    from chain.anvil import dev_account, start_anvil
    from chain.deploy import deploy_all

    with _errors_exit(), stop_signals() as stop:
        node = start_anvil(port, host=host, block_time=block_time)
        try:
            deployment = deploy_all(
                node.web3(),
                dev_account(0),
                fee_bps=fee_bps,
                dispute_timeout=dispute_timeout,
                deployments_dir=deployments_dir,
            )
            print_deployment(deployment, node.url)
            console.print("anvil is running; press Ctrl-C to stop.")
            while not stop.wait(0.5):
                if not node.running():
                    raise ChainError(
                        f"anvil exited unexpectedly with code {node.process.returncode}:\n"
                        + node.log_tail()
                    )
        finally:
            node.stop()
        console.print("anvil stopped.")


def load_keystore(key_file: Path, password: str) -> LocalAccount:
    """Decrypt an eth-account V3 keystore file.

    Raises:
        WalletError: The file is missing, not a keystore, or the password is wrong.
    """
    from eth_account import Account

    try:
        keystore = json.loads(key_file.read_text())
    except (OSError, ValueError) as exc:
        raise WalletError(f"cannot read keystore {key_file}: {exc}") from exc
    try:
        key = Account.decrypt(keystore, password)
    except (ValueError, KeyError, TypeError) as exc:
        raise WalletError(
            f"cannot decrypt {key_file} ({exc}); check the password and that it is a V3 keystore"
        ) from exc
    account: LocalAccount = Account.from_key(key)
    return account


def _password(key_file: Path, password_env: str | None) -> str:
    if password_env is None:
        return str(typer.prompt(f"Password for {key_file.name}", hide_input=True))
    from core.settings import environment_variables

    password = environment_variables().get(password_env)
    if password is None:
        raise WalletError(f"${password_env} is not set; export it or omit --password-env")
    return password


@app.command("deploy")
def deploy(
    rpc: Annotated[str, typer.Option(help="JSON-RPC URL of the target chain.")],
    key_file: Annotated[
        Path, typer.Option(help="eth-account V3 keystore of the deployer (owner).")
    ],
    password_env: Annotated[
        str | None, typer.Option(help="Read the keystore password from this env var.")
    ] = None,
    fee_bps: FeeBps = DEFAULT_FEE_BPS,
    arbiter: Annotated[
        str | None, typer.Option(help="Dispute arbiter (default: the deployer).")
    ] = None,
    fee_recipient: Annotated[
        str | None, typer.Option(help="Who may withdraw fees (default: the deployer).")
    ] = None,
    dispute_timeout: DisputeTimeout = DEFAULT_DISPUTE_TIMEOUT,
    deployments_dir: DeploymentsDir = None,
) -> None:
    """Deploy every contract to RPC from a keystore account and write the manifest."""
    from web3 import HTTPProvider, Web3

    from chain.deploy import deploy_all

    with _errors_exit():
        account = load_keystore(key_file, _password(key_file, password_env))
        w3 = Web3(HTTPProvider(rpc, request_kwargs={"timeout": 60}))
        if not w3.is_connected():
            raise ChainError(f"cannot reach the RPC at {rpc}; check the URL and the node")
        for label, value in (("arbiter", arbiter), ("fee recipient", fee_recipient)):
            if value is not None and not Web3.is_address(value):
                raise ChainError(f"{label} {value!r} is not an address")
        deployment = deploy_all(
            w3,
            account,
            fee_bps=fee_bps,
            fee_recipient=fee_recipient,
            arbiter=arbiter,
            dispute_timeout=dispute_timeout,
            deployments_dir=deployments_dir,
        )
        print_deployment(deployment, rpc)


def _register_subcommands() -> None:
    """Mount ``bazaar index`` and ``bazaar db`` (the indexer's hook), ``bazaar api`` (the
    API's), the user journeys (``wallet``, ``seller``, ``buyer``...), ``keeper`` and
    ``demo``. Every module mounted here imports its heavy libraries (web3, SQLAlchemy,
    FastAPI) inside the commands, so ``bazaar --help`` answers at once."""
    register_indexer(app)
    register_api(app)
    app.add_typer(wallet.app, name="wallet")
    app.add_typer(seller.app, name="seller", no_args_is_help=True)
    app.add_typer(buyer.app, name="buyer", no_args_is_help=True)
    app.add_typer(rentals.app, name="rentals", no_args_is_help=True)
    app.add_typer(installments.app, name="installments", no_args_is_help=True)
    app.command("keeper")(keeper.keeper)
    app.command("demo")(demo)


_register_subcommands()

if __name__ == "__main__":
    app()
