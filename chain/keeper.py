"""The keeper: sends the permissionless transactions that move deals past their deadlines.

Each pass (:meth:`Keeper.run_once`) reads the new logs of the Marketplace, the RentalEscrow
and InstallmentPlans with ``eth_getLogs`` in bounded block ranges (halved when the provider
refuses a range), marks every deal named in them for a fresh look, asks each marked deal when
it next needs a keeper (views only), and acts on the deals whose time has come (see
:mod:`chain.keeper_duties` for what is done when). Every action and every skip is one
structured log line.

Why logs and not the indexer's database: the chain is the source of truth and a keeper that
acts on a lagging projection sends transactions that revert; the keeper must keep working
when the indexer is down or behind; and it needs nothing but an RPC URL, so anyone can run
one. The log scan only *discovers* deals; before acting, each deal is rebuilt from its own
(topic-filtered) logs and checked with views, and the transaction is simulated, so a stale
view never costs gas.

Never spamming: a deal that is not ready is not sent (views first, then simulation); a
simulation that reverts is logged once and retried only after ``retry_seconds`` of chain
time or when a new event names the deal; a collection the buyer's allowance cannot cover is
checked with ``eth_call`` and not sent.

Example:
    >>> keeper = Keeper(w3, manifest, account, emit=print)  # doctest: +SKIP
    >>> keeper.run_once()  # doctest: +SKIP
    [KeeperAction(action='settle_late', contract='RentalEscrow', ...)]
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from eth_account.signers.local import LocalAccount
from web3 import Web3
from web3.exceptions import Web3Exception
from web3.types import FilterParams, LogReceipt

from chain.defaults import DEFAULT_MAX_RANGE
from chain.errors import ChainError, ContractRevertError
from chain.events import EventRegistry
from chain.installments.client import InstallmentPlansClient
from chain.keeper_duties import Duty, KeeperAction, OrderDuty, PlanDuty, RentalDuty, Skip
from chain.manifest import DeploymentManifest
from chain.marketplace.client import MarketplaceClient
from chain.rentals.client import RentalClient
from core.errors import BazaarError

REORG_OVERLAP = 12  # blocks re-read each pass, so a shallow reorg cannot hide an event
DEFAULT_RETRY_SECONDS = 600

Emit = Callable[..., None]


def json_line_emitter(stream: Any = None) -> Emit:
    """An ``emit(event, **fields)`` that writes one JSON object per line (default stdout)."""

    def emit(event: str, **fields: Any) -> None:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        line = json.dumps({"ts": now, "event": event, **fields}, default=str)
        out = stream if stream is not None else sys.stdout
        out.write(line + "\n")
        out.flush()

    return emit


@dataclass
class _Watch:
    """When a known open deal next needs a look."""

    due_at: int
    retry_at: int = 0


class Keeper:
    """Scans the deployment's logs and sends what is due, from one funded account."""

    def __init__(
        self,
        w3: Web3,
        manifest: DeploymentManifest,
        account: LocalAccount,
        *,
        emit: Emit | None = None,
        max_range: int = DEFAULT_MAX_RANGE,
        retry_seconds: int = DEFAULT_RETRY_SECONDS,
    ) -> None:
        """Bind the deployment's three contracts to ``account`` (which pays the gas)."""
        if max_range < 1:
            raise ChainError(f"max_range must be at least 1 block, got {max_range}")
        self.w3 = w3
        self.account = account
        self.emit = emit or json_line_emitter()
        self.max_range = max_range
        self.retry_seconds = retry_seconds
        self.registry = EventRegistry.from_artifacts(addresses=manifest.address_map())
        self.duties: dict[str, Duty] = {
            duty.contract: duty
            for duty in (
                RentalDuty(RentalClient.from_manifest(w3, manifest, account)),
                PlanDuty(InstallmentPlansClient.from_manifest(w3, manifest, account)),
                OrderDuty(MarketplaceClient.from_manifest(w3, manifest, account)),
            )
        }
        self.cursor = min(duty.client.deploy_block for duty in self.duties.values())
        self._dirty: set[tuple[str, int]] = set()
        self._watches: dict[tuple[str, int], _Watch] = {}

    # ---------------------------------------------------------------- the loop

    def run(self, stop: threading.Event, interval: float) -> None:
        """Run passes every ``interval`` seconds until ``stop`` is set."""
        self.emit("keeper_started", account=self.account.address, interval=interval)
        while not stop.is_set():
            started = time.monotonic()
            try:
                self.run_once()
            except BazaarError as exc:  # the RPC is down, say; try again next pass
                self.emit("keeper_pass_failed", error=str(exc))
            stop.wait(max(0.0, interval - (time.monotonic() - started)))
        self.emit("keeper_stopped")

    def run_once(self) -> list[KeeperAction]:
        """One pass: read new logs, refresh the deals they name, send what is due.

        Raises:
            ChainError: The RPC failed during the pass (the next pass starts over from the
                last block fully scanned).
        """
        try:
            return self._pass()
        except (Web3Exception, OSError) as exc:
            raise ChainError(f"the RPC failed during the keeper pass: {exc}") from exc

    def _pass(self) -> list[KeeperAction]:
        head = self._block_number()
        self._scan(head)
        now = int(self.w3.eth.get_block("latest")["timestamp"])
        for key in sorted(self._dirty):
            self._refresh(key)
        actions: list[KeeperAction] = []
        for key, watch in sorted(self._watches.items()):
            if watch.due_at <= now and watch.retry_at <= now:
                actions.extend(self._act(key, now))
        self.emit(
            "keeper_pass",
            head=head,
            watched=len(self._watches),
            actions=len(actions),
            chain_time=now,
        )
        return actions

    # ---------------------------------------------------------------- discovery

    def _block_number(self) -> int:
        try:
            return int(self.w3.eth.block_number)
        except (Web3Exception, OSError, ValueError) as exc:
            raise ChainError(f"cannot reach the RPC ({exc}); check --rpc and the node") from exc

    def _scan(self, head: int) -> None:
        """Mark every deal named in the logs from the cursor (minus an overlap) to ``head``."""
        start = max(self.cursor - REORG_OVERLAP, 0)
        while start <= head:
            end = min(start + self.max_range - 1, head)
            for log in self._get_logs(start, end):
                self._note(log)
            start = end + 1
        self.cursor = head + 1

    def _get_logs(self, start: int, end: int) -> Iterable[LogReceipt]:
        """Logs of ``start..end``; a range the provider refuses is split in halves."""
        topics = [
            "0x" + self.registry.topic_of(name).hex()
            for duty in self.duties.values()
            for name in duty.events
        ]
        params: FilterParams = {
            "address": [duty.client.address for duty in self.duties.values()],
            "fromBlock": start,
            "toBlock": end,
            "topics": [topics],
        }
        try:
            return self.w3.eth.get_logs(params)
        except (Web3Exception, ValueError) as exc:
            if start == end:
                raise ChainError(f"eth_getLogs failed for block {start}: {exc}") from exc
            self.max_range = max(1, (end - start + 1) // 2)
            self.emit("keeper_range_split", start=start, end=end, max_range=self.max_range)
            middle = start + (end - start) // 2
            return [*self._get_logs(start, middle), *self._get_logs(middle + 1, end)]

    def _note(self, log: LogReceipt) -> None:
        event = self.registry.decode_log(log)
        duty = self.duties.get(event.contract or "")
        if duty is None or event.event not in duty.events:
            return
        item_id = event.args.get(duty.id_arg)
        if item_id is not None:
            self._dirty.add((duty.contract, int(item_id)))

    # ---------------------------------------------------------------- per deal

    def _refresh(self, key: tuple[str, int]) -> None:
        contract, item_id = key
        try:
            due_at = self.duties[contract].due_at(item_id)
        except BazaarError as exc:  # e.g. the head moved mid-rebuild: look again next pass
            self.emit("keeper_item_error", contract=contract, id=item_id, error=str(exc))
            return
        self._dirty.discard(key)
        if due_at is None:
            self._watches.pop(key, None)
        else:
            self._watches[key] = _Watch(due_at)

    def _act(self, key: tuple[str, int], now: int) -> list[KeeperAction]:
        contract, item_id = key
        try:
            outcomes = self.duties[contract].act(item_id, now)
        except ContractRevertError as exc:
            self._watches[key].retry_at = now + self.retry_seconds
            self.emit("keeper_skipped", contract=contract, id=item_id, reason=str(exc))
            return []
        except BazaarError as exc:
            self._watches[key].retry_at = now + self.retry_seconds
            self.emit("keeper_item_error", contract=contract, id=item_id, error=str(exc))
            return []
        actions = [outcome for outcome in outcomes if isinstance(outcome, KeeperAction)]
        for outcome in outcomes:
            if isinstance(outcome, KeeperAction):
                self.emit(
                    "keeper_action",
                    action=outcome.action,
                    contract=outcome.contract,
                    id=outcome.item_id,
                    tx=outcome.tx_hash,
                    gas=outcome.gas_used,
                    block=outcome.block,
                )
            elif isinstance(outcome, Skip):
                self.emit(
                    "keeper_skipped",
                    action=outcome.action,
                    contract=contract,
                    id=item_id,
                    reason=outcome.reason,
                )
        self._refresh(key)
        if not actions and key in self._watches:  # due but nothing could be sent
            self._watches[key].retry_at = now + self.retry_seconds
        return actions
