"""chain/deploy.py against a real anvil: deploy_all and the manifest it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount
from web3 import Web3

from chain.anvil import dev_account
from chain.artifacts import Artifact, load_artifact
from chain.deploy import (
    DERIVED_CONTRACTS,
    PRODUCTION_CONTRACTS,
    Deployment,
    deploy_all,
    dev_token,
)
from chain.errors import ContractRevertError, DeploymentError
from chain.manifest import read_manifest
from chain.marketplace.client import MarketplaceClient


def test_production_contracts_are_data(artifacts: dict[str, Artifact]) -> None:
    names = [spec.name for spec in PRODUCTION_CONTRACTS]

    assert names[0] == "Marketplace"
    assert all(artifacts[name].deployable for name in names)


def test_deploy_all_writes_the_manifest(
    w3: Web3,
    deployment: Deployment,
    deployer: LocalAccount,
    deployments_path: Path,
    artifacts: dict[str, Artifact],
) -> None:
    path = deployments_path / f"{w3.eth.chain_id}.json"
    assert deployment.path == path
    raw = json.loads(path.read_text())
    assert raw["chainId"] == 31337
    assert raw["deployer"] == deployer.address

    manifest = read_manifest(path)
    created = {entry.name for entry in DERIVED_CONTRACTS}
    assert set(manifest.contracts) == {spec.name for spec in PRODUCTION_CONTRACTS} | created
    for name, contract in manifest.contracts.items():
        if name in created:
            continue  # no transaction of its own: test_derived_contracts_are_listed
        receipt = w3.eth.get_transaction_receipt(contract.tx_hash)
        assert receipt["contractAddress"] == contract.address
        assert receipt["blockNumber"] == contract.deploy_block
        assert contract.abi_hash == artifacts[name].abi_hash
        runtime = bytes.fromhex(artifacts[name].deployed_bytecode.removeprefix("0x"))
        assert len(w3.eth.get_code(contract.address)) == len(runtime)  # immutables differ
    assert manifest.stale_contracts(artifacts) == []


def test_derived_contracts_are_listed(
    w3: Web3, deployment: Deployment, admin: MarketplaceClient, artifacts: dict[str, Artifact]
) -> None:
    book = deployment.manifest.get("VoucherBook")
    market = deployment.manifest.get("Marketplace")
    assert book.address == admin.vouchers_book()
    assert (book.deploy_block, book.tx_hash) == (market.deploy_block, market.tx_hash)
    assert book.abi_hash == artifacts["VoucherBook"].abi_hash
    assert w3.eth.get_code(book.address)


def test_a_test_token_deployed_with_the_rest_is_in_the_manifest(w3: Web3, tmp_path: Path) -> None:
    contracts = (*PRODUCTION_CONTRACTS, dev_token("Bazaar Test USD", "tUSD", 6))
    deployment = deploy_all(w3, dev_account(6), contracts=contracts, deployments_dir=tmp_path)

    token = read_manifest(deployment.path or tmp_path).get("TestToken")
    erc20 = w3.eth.contract(address=token.address, abi=list(load_artifact("TestToken").abi))
    assert (erc20.functions.symbol().call(), erc20.functions.decimals().call()) == ("tUSD", 6)
    assert w3.eth.get_transaction_receipt(token.tx_hash)["contractAddress"] == token.address


def test_deployed_marketplace_is_configured(
    admin: MarketplaceClient, deployer: LocalAccount
) -> None:
    assert admin.owner() == deployer.address
    assert admin.fee_recipient() == deployer.address
    assert admin.arbiter() == deployer.address
    assert admin.fee_bps() == 100
    assert admin.dispute_timeout() == 14 * 24 * 60 * 60


def test_deploy_all_passes_settings_through(w3: Web3, tmp_path: Path) -> None:
    arbiter, recipient = dev_account(3).address, dev_account(4).address

    deployment = deploy_all(
        w3,
        dev_account(5),
        fee_bps=250,
        arbiter=arbiter,
        fee_recipient=recipient,
        dispute_timeout=3 * 24 * 60 * 60,
        deployments_dir=tmp_path,
    )

    client = MarketplaceClient(w3, deployment.address("Marketplace"))
    assert (client.fee_bps(), client.arbiter(), client.fee_recipient()) == (250, arbiter, recipient)
    assert client.dispute_timeout() == 3 * 24 * 60 * 60
    assert client.owner() == dev_account(5).address


def test_constructor_revert_is_decoded_and_nothing_written(w3: Web3, tmp_path: Path) -> None:
    with pytest.raises(ContractRevertError) as caught:
        deploy_all(w3, dev_account(0), fee_bps=501, deployments_dir=tmp_path)

    assert caught.value.error == "PlatformFeeTooHigh"
    assert caught.value.error_args == {"feeBps": 501, "maxFeeBps": 500}
    assert not list(tmp_path.iterdir())


def test_interfaces_cannot_be_deployed(w3: Web3, artifacts: dict[str, Artifact]) -> None:
    from chain.deploy import ContractSpec

    with pytest.raises(DeploymentError, match="no bytecode"):
        deploy_all(
            w3,
            dev_account(0),
            contracts=[ContractSpec("IMarketplace", lambda _config, _deployed: ())],
            write=False,
        )
