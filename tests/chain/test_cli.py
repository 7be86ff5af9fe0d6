"""bazaar/cli.py: `bazaar deploy` with a keystore, `bazaar chain up` stopped by SIGINT."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from eth_account import Account
from typer.testing import CliRunner
from web3 import HTTPProvider, Web3

from bazaar.cli import app
from chain.anvil import AnvilNode, dev_account, free_port
from chain.manifest import read_manifest
from chain.marketplace.client import MarketplaceClient

REPO_ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
PASSWORD = "correct horse battery staple"


@pytest.fixture
def keystore(tmp_path: Path) -> Path:
    """A V3 keystore of dev account 6 (funded on anvil), cheap scrypt for speed."""
    encrypted = Account.encrypt(dev_account(6).key, PASSWORD, kdf="scrypt", iterations=2**10)
    path = tmp_path / "deployer.json"
    path.write_text(json.dumps(encrypted))
    return path


def test_deploy_from_keystore_writes_manifest(
    anvil: AnvilNode, keystore: Path, tmp_path: Path
) -> None:
    arbiter = dev_account(7).address
    result = runner.invoke(
        app,
        [
            "deploy",
            "--rpc",
            anvil.url,
            "--key-file",
            str(keystore),
            "--password-env",
            "BAZAAR_TEST_PASSWORD",
            "--fee-bps",
            "200",
            "--arbiter",
            arbiter,
            "--deployments-dir",
            str(tmp_path / "deployments"),
        ],
        env={"BAZAAR_TEST_PASSWORD": PASSWORD},
    )

    assert result.exit_code == 0, result.output
    manifest = read_manifest(31337, tmp_path / "deployments")
    assert manifest.deployer == dev_account(6).address
    address = manifest.get("Marketplace").address
    assert address in result.output
    client = MarketplaceClient(anvil.web3(), address)
    assert (client.fee_bps(), client.arbiter(), client.owner()) == (200, arbiter, manifest.deployer)


def test_deploy_with_wrong_password_fails_clearly(
    anvil: AnvilNode, keystore: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        app,
        ["deploy", "--rpc", anvil.url, "--key-file", str(keystore), "--password-env", "PW"],
        env={"PW": "wrong"},
    )

    assert result.exit_code == 1
    assert "check the password" in result.output


def test_deploy_prompts_for_the_password(anvil: AnvilNode, keystore: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["deploy", "--rpc", anvil.url, "--key-file", str(keystore)]
        + ["--deployments-dir", str(tmp_path)],
        input=PASSWORD + "\n",
    )

    assert result.exit_code == 0, result.output
    assert (tmp_path / "31337.json").is_file()


def test_deploy_to_an_unreachable_rpc_fails_clearly(keystore: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = runner.invoke(
        app,
        ["deploy", "--rpc", url, "--key-file", str(keystore), "--password-env", "PW"],
        env={"PW": PASSWORD},
    )

    assert result.exit_code == 1
    assert "cannot reach the RPC" in result.output


def test_chain_up_on_a_taken_port_fails_clearly(anvil: AnvilNode) -> None:
    result = runner.invoke(app, ["chain", "up", "--port", str(anvil.port)])

    assert result.exit_code == 1
    assert "port" in result.output


def _wait_for_manifest(process: subprocess.Popen[str], path: Path, url: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[0]
        if path.is_file() and Web3(HTTPProvider(url)).is_connected():
            return
        time.sleep(0.2)
    pytest.fail("bazaar chain up did not deploy within 90 s")


def test_chain_up_deploys_and_stops_on_sigint(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    deployments = tmp_path / "deployments"
    command = [sys.executable, "-m", "bazaar.cli", "chain", "up", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--deployments-dir", str(deployments)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=REPO_ROOT,  # `python -m bazaar.cli` runs this checkout's chain package
        env={**os.environ, "COLUMNS": "160"},
    )
    try:
        _wait_for_manifest(process, deployments / "31337.json", url)
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert process.returncode == 0, output
    manifest = read_manifest(31337, deployments)
    assert manifest.get("Marketplace").address in output
    assert url in output
    assert "anvil stopped" in output
    assert not Web3(HTTPProvider(url)).is_connected()
