"""Helpers shared by the indexer tests: a chain to index, running the indexer, DB dumps."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_account.signers.local import LocalAccount
from sqlalchemy import Engine, select
from sqlmodel import SQLModel
from web3 import Web3

from chain.anvil import AnvilNode, dev_account, start_anvil
from chain.artifacts import load_artifact
from chain.deploy import deploy_all, deploy_contract
from chain.manifest import DeploymentManifest
from chain.marketplace.client import MarketplaceClient
from chain.tx import Transactor
from indexer.app import build_indexer
from indexer.config import IndexerSettings
from indexer.db import make_engine
from indexer.models import TABLE_NAMES  # importing the package registers the tables
from indexer.runner import Indexer

DAY = 24 * 60 * 60
TOKEN_UNIT = 10**6

# Tables that describe the indexer's own progress rather than the chain: they legitimately
# differ between an incrementally indexed database and a clean rebuild.
BOOKKEEPING = frozenset({"undo_log", "block_hashes", "indexer_status"})


@dataclass
class Chain:
    """A running anvil with Bazaar deployed, and clients for its actors."""

    node: AnvilNode
    w3: Web3
    manifest_path: Path
    manifest: DeploymentManifest
    token: str

    @property
    def url(self) -> str:
        """The node's RPC URL."""
        return self.node.url

    @property
    def marketplace(self) -> str:
        """The Marketplace's address."""
        return self.manifest.get("Marketplace").address

    def client(self, index: int) -> MarketplaceClient:
        """A Marketplace client for anvil's dev account ``index``."""
        return MarketplaceClient.from_manifest(self.w3, self.manifest, dev_account(index))

    def account(self, index: int) -> LocalAccount:
        """Anvil's dev account ``index``."""
        return dev_account(index)

    def rpc(self, method: str, *params: Any) -> Any:
        """A raw JSON-RPC call; raises on error."""
        answer: dict[str, Any] = self.w3.provider.make_request(method, list(params))  # type: ignore[arg-type]
        if "error" in answer:
            raise RuntimeError(f"{method} failed: {answer['error']}")
        return answer["result"]

    def head(self) -> int:
        """The latest block number."""
        return int(self.w3.eth.block_number)

    def mine(self, blocks: int = 1) -> None:
        """Mine empty blocks."""
        for _ in range(blocks):
            self.rpc("evm_mine")

    def increase_time(self, seconds: int) -> None:
        """Move the clock forward and mine a block."""
        self.rpc("evm_increaseTime", seconds)
        self.rpc("evm_mine")

    def reorg(self, depth: int, txs: list[tuple[dict[str, Any], int]] | None = None) -> None:
        """Replace the last ``depth`` blocks (``anvil_reorg``), with ``txs`` at block offsets."""
        self.rpc("anvil_reorg", depth, [[tx, offset] for tx, offset in txs or []])


@contextmanager
def start_chain(deployments_dir: Path) -> Iterator[Chain]:
    """Start anvil, deploy Bazaar and a permit token minted to the buyers (accounts 3-5)."""
    with start_anvil() as node:
        w3 = node.web3()
        deployment = deploy_all(w3, dev_account(0), deployments_dir=deployments_dir)
        assert deployment.path is not None
        artifact = load_artifact("TestToken")
        sender = Transactor(w3, dev_account(0))
        token = deploy_contract(sender, artifact, ("Test USD", "TUSD", 6)).address
        contract = w3.eth.contract(address=token, abi=list(artifact.abi))  # type: ignore[arg-type]
        for index in (3, 4, 5):
            data = contract.encode_abi(
                "mint", args=[dev_account(index).address, 10_000 * TOKEN_UNIT]
            )
            sender.send({"to": token, "data": data}, contract="TestToken")  # type: ignore[typeddict-item]
        yield Chain(node, w3, deployment.path, deployment.manifest, token)


def settings_for(chain: Chain, db_url: str, **overrides: Any) -> IndexerSettings:
    """Indexer settings for ``chain`` with test-friendly timings."""
    values: dict[str, Any] = {
        "rpc_url": chain.url,
        "db_url": db_url,
        "deployment": chain.manifest_path,
        "finality_depth": 8,
        "poll_interval": 0.01,
        "retry_base_delay": 0.01,
        "retry_max_delay": 0.05,
        "rpc_timeout": 5.0,
    }
    values.update(overrides)
    return IndexerSettings(**values)


def build(chain: Chain, db_url: str, **overrides: Any) -> Indexer:
    """An in-process indexer for ``chain`` (schema migrated)."""
    return build_indexer(settings_for(chain, db_url, **overrides), migrate=True)


def index(chain: Chain, db_url: str, **overrides: Any) -> Indexer:
    """Index ``chain`` into ``db_url`` up to the head, in process; returns the indexer."""
    indexer = build(chain, db_url, **overrides)
    try:
        indexer.run(follow=False, stop=threading.Event())
    finally:
        indexer.close()
    return indexer


@functools.cache
def reader(db_url: str) -> Engine:
    """A reading engine for ``db_url``, kept for the session (polling loops reuse it)."""
    return make_engine(db_url)


def rows(db_url: str, table: str) -> list[dict[str, Any]]:
    """Every row of ``table`` as dicts (through the SQLModel column types)."""
    with reader(db_url).connect() as connection:
        found = connection.execute(select(SQLModel.metadata.tables[table]))
        return [dict(row) for row in found.mappings()]


def canon(row: dict[str, Any]) -> str:
    """A row as text with every mapping's keys sorted (PostgreSQL's JSONB reorders them)."""
    return json.dumps(row, sort_keys=True, default=str)


def state(db_url: str) -> dict[str, list[str]]:
    """The chain-derived content of the database, canonically ordered.

    Bookkeeping tables are left out; feed items are compared without their surrogate id and
    change sequence, and only those not removed by a reorg.
    """
    dump: dict[str, list[str]] = {}
    for table in TABLE_NAMES:
        if table in BOOKKEEPING:
            continue
        found = rows(db_url, table)
        if table == "feed_items":
            found = [
                {k: v for k, v in row.items() if k not in ("id", "seq")}
                for row in found
                if not row["removed"]
            ]
        dump[table] = sorted(canon(row) for row in found)
    return dump


def status(db_url: str) -> dict[str, Any]:
    """The indexer status row."""
    (row,) = rows(db_url, "indexer_status")
    return row


def feed(db_url: str) -> list[dict[str, Any]]:
    """Every feed item, by ``seq``."""
    return sorted(rows(db_url, "feed_items"), key=lambda row: row["seq"])
