"""Fixtures and helpers for the rentals, installments and keeper CLI tests.

Each test module imports the fixtures it needs; the chain is module-scoped (one anvil with
everything deployed and a test stablecoin) and every test runs in an ``evm_snapshot`` that
is reverted afterwards, time travel included.

Accounts: dev 0 deploys and is owner, arbiter and fee recipient; dev 1 is the lender or
seller; dev 2 the renter or buyer; dev 5 the keeper.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result
from web3 import Web3

from chain.anvil import AnvilNode, dev_account, start_anvil
from chain.artifacts import load_artifact
from chain.cli import app
from chain.deploy import Deployment, deploy_all, deploy_contract
from chain.manifest import DeploymentManifest
from chain.tx import Transactor

DAY = 24 * 60 * 60
DEPLOYER, LENDER, RENTER, KEEPER = 0, 1, 2, 5
TOKEN_DECIMALS = 6

runner = CliRunner()


@dataclass(frozen=True)
class DealChain:
    """A running anvil with Bazaar deployed and a permit-capable test stablecoin."""

    node: AnvilNode
    deployment: Deployment
    manifest_path: Path
    token: str

    @property
    def w3(self) -> Web3:
        return self.node.web3()

    @property
    def manifest(self) -> DeploymentManifest:
        return self.deployment.manifest

    def cli(self, *args: str, dev: int | None = None, env: dict[str, str] | None = None) -> Result:
        """Run ``bazaar ARGS --rpc ... --deployment ...`` (``--dev-account dev`` if given)."""
        full = [*args, "--rpc", self.node.url, "--deployment", str(self.manifest_path)]
        if dev is not None:
            full += ["--dev-account", str(dev)]
        return runner.invoke(app, full, env=env)

    def ok(self, *args: str, dev: int | None = None) -> str:
        """:meth:`cli` that must succeed; its output."""
        result = self.cli(*args, dev=dev)
        assert result.exit_code == 0, result.output
        return result.output

    def now(self) -> int:
        return int(self.w3.eth.get_block("latest")["timestamp"])

    def travel(self, seconds: int) -> None:
        """Move anvil's clock forward and mine a block."""
        self.w3.provider.make_request("evm_increaseTime", [seconds])  # type: ignore[arg-type]
        self.w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]

    def mint(self, to: str, amount: int) -> None:
        artifact = load_artifact("TestToken")
        token = self.w3.eth.contract(address=self.token, abi=list(artifact.abi))
        data = token.encode_abi("mint", args=[to, amount])
        Transactor(self.w3, dev_account(DEPLOYER)).send(
            {"to": self.token, "data": data}, contract="TestToken"
        )


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DealChain]:
    with start_anvil() as node:
        w3 = node.web3()
        deployer = dev_account(DEPLOYER)
        directory = tmp_path_factory.mktemp("deployments")
        deployment = deploy_all(w3, deployer, deployments_dir=directory)
        assert deployment.path is not None
        deployed = deploy_contract(
            Transactor(w3, deployer), load_artifact("TestToken"), ("Test USD", "TUSD", 6)
        )
        assert deployed.address is not None
        found = DealChain(node, deployment, deployment.path, deployed.address)
        found.mint(dev_account(RENTER).address, 1_000_000 * 10**TOKEN_DECIMALS)
        yield found


@pytest.fixture
def fresh(chain: DealChain) -> Iterator[DealChain]:
    """The module's chain, reverted (state and clock) after the test."""
    snapshot = chain.w3.provider.make_request("evm_snapshot", [])["result"]  # type: ignore[arg-type]
    yield chain
    chain.w3.provider.make_request("evm_revert", [snapshot])  # type: ignore[arg-type]


def number_after(pattern: str, output: str) -> int:
    """The integer that follows ``pattern`` in ``output`` (e.g. ``rental (\\d+)``)."""
    found = re.search(pattern, output)
    assert found is not None, f"{pattern!r} not in {output!r}"
    return int(found.group(1))


def assert_clean_failure(result: Result, *fragments: str) -> None:
    """Exit code 1, one red ``error:`` line containing every fragment, no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.output
    for fragment in fragments:
        assert fragment in errors[0], result.output


def json_lines(output: str) -> list[dict[str, Any]]:
    """The JSON objects among ``output``'s lines."""
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]
