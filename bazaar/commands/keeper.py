"""``bazaar keeper``: run the keeper (:mod:`chain.keeper`) against a deployment.

Each action is one JSON line on stdout (``{"event": "keeper_action", "action": "collect",
...}``); Ctrl-C (or SIGTERM) finishes the pass in progress and exits 0.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Annotated, Any

import typer
from rich.table import Table

from bazaar.commands.common import (
    DEFAULT_RPC_URL,
    AccountName,
    DeploymentFile,
    DevAccount,
    KeystoreDir,
    PasswordEnv,
    Rpc,
    connect,
    console,
    errors_exit,
    load_deployment,
    unlock,
)
from chain.defaults import DEFAULT_MAX_RANGE


class PassSummary:
    """Collects the events of one keeper pass and prints them in plain words."""

    def __init__(self) -> None:
        """Start with nothing seen."""
        self.lines: list[str] = []
        self.actions: list[dict[str, Any]] = []
        self.passed: dict[str, Any] = {}

    def __call__(self, event: str, **fields: Any) -> None:
        """Take one event of :class:`~chain.keeper.Keeper` (its ``emit``)."""
        if event == "keeper_action":
            self.actions.append(fields)
        elif event == "keeper_pass":
            self.passed = fields
        elif event == "keeper_skipped":
            self.lines.append(
                f"skipped {fields.get('action')} on {fields.get('contract')} "
                f"{fields.get('id')}: {fields.get('reason')}"
            )
        elif event == "keeper_item_error":
            self.lines.append(
                f"could not handle {fields.get('contract')} {fields.get('id')}: "
                f"{fields.get('error')}"
            )
        elif event == "keeper_range_split":
            self.lines.append(
                f"the RPC refused blocks {fields.get('start')}..{fields.get('end')} in one "
                "request; asked in halves"
            )

    def print(self) -> None:
        """One line for the pass, a table of what was sent (``--json`` has the full
        transaction hashes), then anything skipped."""
        sent = len(self.actions)
        console.print(
            f"keeper pass at block {self.passed.get('head')}: watching "
            f"{self.passed.get('watched')} open deals, sent {sent} "
            f"transaction{'' if sent == 1 else 's'}",
            highlight=False,
        )
        if self.actions:
            table = Table()
            for column in ("action", "contract", "id", "gas", "transaction"):
                table.add_column(column, no_wrap=True)
            for action in self.actions:
                table.add_row(
                    str(action.get("action")),
                    str(action.get("contract")),
                    str(action.get("id")),
                    str(action.get("gas", "")),
                    str(action.get("tx", ""))[:12] + "…",
                )
            console.print(table)
        for line in self.lines:
            console.print(line, highlight=False, soft_wrap=True)


def keeper(
    rpc: Rpc = DEFAULT_RPC_URL,
    deployment: DeploymentFile = None,
    once: Annotated[bool, typer.Option("--once", help="Do one pass and exit.")] = False,
    json_lines: Annotated[
        bool,
        typer.Option("--json", help="With --once: print each event as a JSON line, not a summary."),
    ] = False,
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
    from chain.keeper import Keeper, json_line_emitter

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
        if once and not json_lines:
            summary = PassSummary()
            Keeper(w3, manifest, signer, emit=summary, max_range=max_range).run_once()
            summary.print()
            return
        runner = Keeper(w3, manifest, signer, emit=json_line_emitter(), max_range=max_range)
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
