"""``bazaar keeper``: run the keeper (:mod:`chain.keeper`) against a deployment.

Each action is one JSON line on stdout (``{"event": "keeper_action", "action": "collect",
...}``); Ctrl-C (or SIGTERM) finishes the pass in progress and exits 0.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Annotated

import typer

from bazaar.commands.common import (
    DEFAULT_RPC_URL,
    AccountName,
    DeploymentFile,
    DevAccount,
    KeystoreDir,
    PasswordEnv,
    Rpc,
    connect,
    errors_exit,
    load_deployment,
    unlock,
)
from chain.defaults import DEFAULT_MAX_RANGE


def keeper(
    rpc: Rpc = DEFAULT_RPC_URL,
    deployment: DeploymentFile = None,
    once: Annotated[bool, typer.Option("--once", help="Do one pass and exit.")] = False,
    interval: Annotated[float, typer.Option(min=0.1, help="Seconds between passes.")] = 5.0,
    max_range: Annotated[
        int, typer.Option(min=1, help="Most blocks per eth_getLogs request.")
    ] = DEFAULT_MAX_RANGE,
    account: AccountName = None,
    dev_account: DevAccount = None,
    keystore_dir: KeystoreDir = None,
    password_env: PasswordEnv = None,
) -> None:
    """Send the permissionless transactions that are due.

    Collects due installments, marks defaults past grace, auto-releases escrowed orders,
    settles expired rentals and applies the fallback to unruled disputes.
    """
    from chain.keeper import Keeper

    with errors_exit():
        w3 = connect(rpc)
        manifest = load_deployment(w3, deployment)
        signer = unlock(
            w3,
            account=account,
            dev=dev_account,
            keystore_dir=keystore_dir,
            password_env=password_env,
        )
        runner = Keeper(w3, manifest, signer, max_range=max_range)
        if once:
            runner.run_once()
            return
        stop = threading.Event()

        def handler(_signum: int, _frame: FrameType | None) -> None:
            stop.set()

        previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            runner.run(stop, interval)
        finally:
            for sig, old in previous.items():
                signal.signal(sig, old)
