"""Assemble an :class:`~indexer.runner.Indexer` from settings: RPC, manifest, registry, DB.

Example:
    >>> indexer = build_indexer(IndexerSettings(rpc_url="http://127.0.0.1:8545"))  # doctest: +SKIP
    >>> indexer.run(follow=False, stop=threading.Event())  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from rich.console import Console

from chain.artifacts import all_artifacts
from chain.events import EventRegistry
from chain.manifest import ContractDeployment, DeploymentManifest, read_manifest
from indexer.batch import Applier
from indexer.config import IndexerSettings
from indexer.db import make_engine
from indexer.errors import ChainMismatchError, IndexerError
from indexer.fetch import LogFetcher
from indexer.logs import emit
from indexer.migrate import current_revision, ensure_schema, head_revision, upgrade
from indexer.progress import Reporter
from indexer.projections import PROJECTIONS
from indexer.rpc.client import RpcClient
from indexer.rpc.retry import RetryPolicy
from indexer.runner import Contract, Indexer
from indexer.source import BatchSource


def _client(settings: IndexerSettings) -> RpcClient:
    policy = RetryPolicy(settings.rpc_attempts, settings.retry_base_delay, settings.retry_max_delay)
    return RpcClient(settings.rpc_url, timeout=settings.rpc_timeout, policy=policy)


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


def voucher_book_address(marketplace: str) -> str:
    """The VoucherBook a Marketplace created in its constructor: the first contract a new
    contract creates has the address of ``CREATE`` from it at nonce 1 (EIP-161).

    Example:
        >>> voucher_book_address("0x5FbDB2315678afecb367f032d93F642f64180aa3")
        '0xa16E02E87b7454126E5E10d957A927A7F5B5d2be'
    """
    encoded = b"\xd6\x94" + bytes.fromhex(marketplace[2:]) + b"\x01"  # rlp([address, 1])
    return str(to_checksum_address(keccak(encoded)[12:]))


def with_derived_contracts(manifest: DeploymentManifest) -> DeploymentManifest:
    """``manifest`` plus the contracts deployed contracts created themselves: the
    Marketplace's VoucherBook (same deploy block, the artifact's ABI).

    ``bazaar deploy`` lists the VoucherBook in the manifest (chain/deploy.py,
    ``DERIVED_CONTRACTS``); this derives it only for manifests written before it did."""
    marketplace = manifest.contracts.get("Marketplace")
    if marketplace is None or "VoucherBook" in manifest.contracts:
        return manifest
    artifact = all_artifacts().get("VoucherBook")
    if artifact is None:
        return manifest
    book = ContractDeployment(
        address=voucher_book_address(marketplace.address),
        deploy_block=marketplace.deploy_block,
        tx_hash=marketplace.tx_hash,
        abi_hash=artifact.abi_hash,
    )
    return manifest.model_copy(update={"contracts": {**manifest.contracts, "VoucherBook": book}})


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
    client = rpc or _client(settings)
    chain_id = client.call("eth_chainId", [], _chain_id)
    manifest = with_derived_contracts(load_deployment(settings, chain_id))
    contracts = indexed_contracts(manifest)
    registry = EventRegistry.from_artifacts(addresses=manifest.address_map())
    engine = make_engine(settings.db_url, writer=True)
    if migrate and current_revision(engine) != head_revision():
        upgrade(settings.db_url)
    ensure_schema(engine)
    return Indexer(
        engine=engine,
        rpc=client,
        applier=Applier(chain_id, registry, PROJECTIONS, settings.finality_depth),
        contracts=contracts,
        source=BatchSource(
            rpc=client,
            fetcher=LogFetcher(
                _client(settings),  # its own connection: it runs in the pipeline's thread
                initial_span=settings.initial_span,
                max_span=settings.max_span,
                target_logs=settings.target_logs,
            ),
            registry=registry,
            header_batch=settings.header_batch,
        ),
        settings=settings,
        reporter=Reporter(console),
    )
