"""Assemble an :class:`~indexer.runner.Indexer` from settings: RPC, manifest, registry, DB.

Example:
    >>> indexer = build_indexer(IndexerSettings(rpc_url="http://127.0.0.1:8545"))  # doctest: +SKIP
    >>> indexer.run(follow=False, stop=threading.Event())  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from rich.console import Console

from chain.artifacts import all_artifacts
from chain.events import EventRegistry
from chain.manifest import DeploymentManifest, read_manifest
from indexer.batch import Applier
from indexer.config import IndexerSettings
from indexer.db import make_engine
from indexer.errors import ChainMismatchError, IndexerError
from indexer.fetch import LogFetcher
from indexer.logs import emit
from indexer.migrate import ensure_schema, upgrade
from indexer.progress import Reporter
from indexer.projections import PROJECTIONS
from indexer.rpc.client import RpcClient
from indexer.rpc.retry import RetryPolicy
from indexer.runner import Contract, Indexer


def _chain_id(value: Any) -> int:
    return int(value, 16)


def load_deployment(settings: IndexerSettings, chain_id: int) -> DeploymentManifest:
    """The manifest to index: ``settings.deployment`` or ``deployments/<chain-id>.json``.

    Raises:
        ManifestNotFoundError: There is none.
        ChainMismatchError: It describes another chain than the RPC serves.
    """
    manifest = read_manifest(settings.deployment or chain_id)
    if manifest.chain_id != chain_id:
        raise ChainMismatchError(
            f"the deployment is for chain {manifest.chain_id}, the RPC at {settings.rpc_url} "
            f"serves chain {chain_id}; pass the matching --deployment or --rpc"
        )
    return manifest


def indexed_contracts(manifest: DeploymentManifest) -> list[Contract]:
    """The manifest's contracts that have a projection, in deployment order.

    Raises:
        IndexerError: None has, or one was deployed with another ABI than the artifacts'.
    """
    artifacts = all_artifacts()
    contracts = []
    for name, deployment in manifest.contracts.items():
        if name not in PROJECTIONS:
            emit("contract_skipped", contract=name, reason="no projection")
            continue
        artifact = artifacts.get(name)
        if artifact is None or artifact.abi_hash != deployment.abi_hash:
            raise IndexerError(
                f"{name} at {deployment.address} was deployed with another ABI than "
                "chain/artifacts holds; build the contracts of that deployment (`make build`) "
                "or redeploy"
            )
        contracts.append(Contract(name, deployment.address, deployment.deploy_block))
    if not contracts:
        raise IndexerError(f"chain {manifest.chain_id}'s deployment has no contract to index")
    return contracts


def build_indexer(
    settings: IndexerSettings,
    *,
    migrate: bool = False,
    console: Console | None = None,
    rpc: RpcClient | None = None,
) -> Indexer:
    """An indexer wired from ``settings``.

    Args:
        settings: Where the chain and the database are, and how to treat them.
        migrate: Upgrade the schema to the newest migration first.
        console: Where to draw the backfill progress bar (terminals only).
        rpc: A ready client (tests); default: one built from the settings.

    Raises:
        IndexerError: The chain, deployment or database cannot be indexed (see message).
        ChainError: The deployment manifest is missing or invalid.
    """
    client = rpc or RpcClient(
        settings.rpc_url,
        timeout=settings.rpc_timeout,
        policy=RetryPolicy(
            settings.rpc_attempts, settings.retry_base_delay, settings.retry_max_delay
        ),
    )
    chain_id = client.call("eth_chainId", [], _chain_id)
    manifest = load_deployment(settings, chain_id)
    contracts = indexed_contracts(manifest)
    registry = EventRegistry.from_artifacts(addresses=manifest.address_map())
    if migrate:
        upgrade(settings.db_url)
    engine = make_engine(settings.db_url, writer=True)
    ensure_schema(engine)
    return Indexer(
        engine=engine,
        rpc=client,
        applier=Applier(chain_id, registry, PROJECTIONS, settings.finality_depth),
        contracts=contracts,
        fetcher=LogFetcher(
            client,
            initial_span=settings.initial_span,
            max_span=settings.max_span,
            target_logs=settings.target_logs,
        ),
        settings=settings,
        reporter=Reporter(console),
    )
