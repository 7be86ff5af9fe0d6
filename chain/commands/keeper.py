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

from chain.commands.deal_common import (
    AccountOption,
    DeploymentOption,
    DevAccountOption,
    PasswordEnvOption,
    RpcOption,
    WalletDirOption,
    clean_errors,
    connect,
    load_account,
)
from chain.keeper import DEFAULT_MAX_RANGE, Keeper


def keeper(
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    once: Annotated[bool, typer.Option("--once", help="Do one pass and exit.")] = False,
    interval: Annotated[float, typer.Option(min=0.1, help="Seconds between passes.")] = 5.0,
    max_range: Annotated[
        int, typer.Option(min=1, help="Most blocks per eth_getLogs request.")
    ] = DEFAULT_MAX_RANGE,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Send the permissionless transactions that are due.

    Collects due installments, marks defaults past grace, auto-releases escrowed orders,
    settles expired rentals and applies the fallback to unruled disputes.
    """
    with clean_errors():
        conn = connect(rpc, deployment)
        signer = load_account(
            account, dev_account, password_env=password_env, wallet_dir=wallet_dir
        )
        runner = Keeper(conn.w3, conn.manifest, signer, max_range=max_range)
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
