"""Fixtures for chain/ tests: one anvil per session, Marketplace deployed once.

These are plain pytest tests against a real anvil (not ape's test runner). Run them with
ape's pytest plugin disabled, as ``make test-python`` does: ``pytest -p no:ape_test``.
Tests that move time or need a clean slate use the ``snapshot`` fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eth_account.signers.local import LocalAccount
from web3 import Web3

from chain.anvil import AnvilNode, dev_account, start_anvil
from chain.artifacts import all_artifacts, load_artifact
from chain.deploy import Deployment, deploy_all, deploy_contract
from chain.marketplace.client import MarketplaceClient
from chain.tx import Transactor


@pytest.fixture(scope="session")
def artifacts() -> dict[str, Any]:
    """The exported artifacts; `make build` must have run."""
    return all_artifacts()


@pytest.fixture(scope="session")
def anvil(artifacts: dict[str, Any]) -> Iterator[AnvilNode]:
    with start_anvil() as node:
        yield node


@pytest.fixture(scope="session")
def w3(anvil: AnvilNode) -> Web3:
    return anvil.web3()


@pytest.fixture(scope="session")
def deployer() -> LocalAccount:
    return dev_account(0)


@pytest.fixture(scope="session")
def seller_account() -> LocalAccount:
    return dev_account(1)


@pytest.fixture(scope="session")
def buyer_account() -> LocalAccount:
    return dev_account(2)


@pytest.fixture(scope="session")
def deployments_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("deployments")


@pytest.fixture(scope="session")
def deployment(w3: Web3, deployer: LocalAccount, deployments_path: Path) -> Deployment:
    return deploy_all(w3, deployer, deployments_dir=deployments_path)


@pytest.fixture(scope="session")
def marketplace_address(deployment: Deployment) -> str:
    return deployment.address("Marketplace")


@pytest.fixture(scope="session")
def seller(w3: Web3, deployment: Deployment, seller_account: LocalAccount) -> MarketplaceClient:
    return MarketplaceClient.from_manifest(w3, deployment.manifest, seller_account)


@pytest.fixture(scope="session")
def buyer(w3: Web3, deployment: Deployment, buyer_account: LocalAccount) -> MarketplaceClient:
    return MarketplaceClient.from_manifest(w3, deployment.manifest, buyer_account)


@pytest.fixture(scope="session")
def admin(w3: Web3, deployment: Deployment, deployer: LocalAccount) -> MarketplaceClient:
    """The owner, who is also fee recipient and arbiter by default."""
    return MarketplaceClient.from_manifest(w3, deployment.manifest, deployer)


@pytest.fixture(scope="session")
def token_address(w3: Web3, deployer: LocalAccount, buyer_account: LocalAccount) -> str:
    """A TestToken (ERC-20 with permit, 6 decimals) with 1,000 units minted to the buyer."""
    artifact = load_artifact("TestToken")
    deployed = deploy_contract(Transactor(w3, deployer), artifact, ("Test USD", "TUSD", 6))
    token = w3.eth.contract(address=deployed.address, abi=list(artifact.abi))
    data = token.encode_abi("mint", args=[buyer_account.address, 1_000 * 10**6])
    Transactor(w3, deployer).send({"to": deployed.address, "data": data}, contract="TestToken")
    return deployed.address


@pytest.fixture
def snapshot(w3: Web3) -> Iterator[None]:
    """Revert the chain (state and time) after the test."""
    snapshot_id = w3.provider.make_request("evm_snapshot", [])["result"]  # type: ignore[arg-type]
    yield
    w3.provider.make_request("evm_revert", [snapshot_id])  # type: ignore[arg-type]
