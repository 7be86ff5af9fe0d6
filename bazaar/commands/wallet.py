"""``bazaar wallet``: create, import and list keystores, and show balances.

Keystores are eth-account V3 files (scrypt) in the keystore directory
(``--keystore-dir``, ``$BAZAAR_KEYSTORE_DIR``, default ``~/.bazaar/keystores``). Passwords
come from a hidden prompt or the variable ``--password-env`` names; a private key to import
comes from stdin or a hidden prompt, never from the command line. No raw key is ever
written to disk.

Example:
    $ bazaar wallet new alice
    $ bazaar wallet balance alice --token 0x5FbDB2315678afecb367f032d93F642f64180aa3
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from bazaar.commands.common import DEFAULT_RPC_URL as DEFAULT_RPC
from bazaar.commands.common import (
    DeploymentFile,
    DevAccount,
    KeystoreDir,
    PasswordEnv,
    Rpc,
    connect,
    console,
    errors_exit,
    format_amount,
    keystores,
    load_deployment,
    password_for,
    prompt_hidden,
)
from chain.errors import ManifestError
from core.errors import WalletError

app = typer.Typer(help="Keystores: create, import, list; balances.", no_args_is_help=True)

ScryptN = Annotated[
    int | None,
    typer.Option(
        "--scrypt-n", hidden=True, help="scrypt cost of new keystores (lower only in tests)."
    ),
]


@app.command("new")
def new(
    name: Annotated[str, typer.Argument(help="Name of the keystore (letters, digits, . _ -).")],
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
    scrypt_n: ScryptN = None,
) -> None:
    """Create a new random account, stored encrypted under a password."""
    with errors_exit():
        store = keystores(keystore_dir, scrypt_n=scrypt_n)
        password = password_for(f"new keystore {name!r}", password_env, new=True)
        info = store.create(name, password)
        console.print(f"created keystore [bold]{info.name}[/]: {info.address}", highlight=False)
        console.print(f"file      {info.path}", highlight=False)


@app.command("import")
def import_(
    name: Annotated[str, typer.Argument(help="Name to store the account under.")],
    keystore_file: Annotated[
        Path | None,
        typer.Option(help="Import this V3 keystore (geth, foundry) instead of a private key."),
    ] = None,
    source_password_env: Annotated[
        str | None,
        typer.Option(help="Variable holding the password of --keystore-file (default: prompt)."),
    ] = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
    scrypt_n: ScryptN = None,
) -> None:
    """Import a private key (read from stdin or a hidden prompt) or another tool's keystore."""
    from wallet.passwords import read_private_key

    with errors_exit():
        store = keystores(keystore_dir, scrypt_n=scrypt_n)
        if keystore_file is not None:
            source_password = password_for(f"{keystore_file.name}", source_password_env)
            password = password_for(f"keystore {name!r}", password_env, new=True)
            info = store.import_keystore_file(name, keystore_file, source_password, password)
        else:
            piped = None if sys.stdin.isatty() else sys.stdin
            key = read_private_key(stream=piped, prompt=prompt_hidden)
            password = password_for(f"keystore {name!r}", password_env, new=True)
            info = store.import_private_key(name, key, password)
        console.print(f"imported keystore [bold]{info.name}[/]: {info.address}", highlight=False)


@app.command("list")
def list_(keystore_dir: KeystoreDir = None) -> None:
    """List the stored keystores (public data only)."""
    with errors_exit():
        store = keystores(keystore_dir)
        found = store.list_all()
        if not found:
            console.print(f"no keystores in {store.dir.root}; create one with `bazaar wallet new`")
            return
        table = Table(title=f"keystores in {store.dir.root}")
        for column in ("name", "address", "created", "origin"):
            table.add_column(column, no_wrap=column == "address")
        for info in found:
            table.add_row(info.name, info.address, info.created, info.origin)
        console.print(table)


def _owners(who: str | None, dev: int | None, keystore_dir: Path | None) -> list[tuple[str, str]]:
    """(label, address) pairs to show: an address, a keystore, a dev account or all keystores."""
    from web3 import Web3

    from chain.anvil import dev_account

    if who is not None and dev is not None:
        raise WalletError("give an address or keystore name, or --dev-account, not both")
    if dev is not None:
        return [(f"dev account {dev}", dev_account(dev).address)]
    if who is not None and Web3.is_address(who):
        return [(who, Web3.to_checksum_address(who))]
    store = keystores(keystore_dir)
    if who is not None:
        return [(who, store.info(who).address)]
    found = [(info.name, info.address) for info in store.list_all()]
    if not found:
        raise WalletError(
            f"no keystores in {store.dir.root}; name an address or create one with "
            "`bazaar wallet new`"
        )
    return found


@app.command("balance")
def balance(
    who: Annotated[
        str | None,
        typer.Argument(help="Keystore name or address (default: every keystore)."),
    ] = None,
    token: Annotated[
        list[str] | None,
        typer.Option("--token", help="Also show this ERC-20's balance (repeatable)."),
    ] = None,
    dev: DevAccount = None,
    rpc: Rpc = DEFAULT_RPC,
    deployment: DeploymentFile = None,
    keystore_dir: KeystoreDir = None,
) -> None:
    """Show ETH, ERC-20 and review-credit balances."""
    from web3 import Web3

    from chain.erc20 import Erc20Client
    from chain.reputation.credits import ReviewCreditsClient

    with errors_exit():
        owners = _owners(who, dev, keystore_dir)
        w3 = connect(rpc)
        tokens = []
        for address in token or []:
            if not Web3.is_address(address):
                raise WalletError(f"--token {address!r} is not an address")
            erc20 = Erc20Client(w3, Web3.to_checksum_address(address))
            tokens.append((erc20, erc20.decimals(), erc20.symbol()))
        credits = None
        try:
            credits = ReviewCreditsClient.from_manifest(w3, load_deployment(w3, deployment))
        except ManifestError:
            pass  # no deployment here: a plain wallet, no credits to show
        table = Table(title=f"balances on chain {w3.eth.chain_id}")
        table.add_column("account")
        table.add_column("address", no_wrap=True)
        table.add_column("ETH", justify="right")
        for _erc20, _decimals, symbol in tokens:
            table.add_column(symbol, justify="right")
        if credits is not None:
            table.add_column("review credits", justify="right")
        for label, address in owners:
            row = [
                label,
                address,
                format_amount(w3.eth.get_balance(Web3.to_checksum_address(address)), 18, "ETH"),
            ]
            row += [format_amount(e.balance_of(address), d, s) for e, d, s in tokens]
            if credits is not None:
                row.append(format_amount(credits.balance_of(address), 18, "bcETH"))
            table.add_row(*row)
        console.print(table)
