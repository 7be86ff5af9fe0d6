"""chain/manifest.py: typed read/write of deployments/<chain-id>.json."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chain.artifacts import Artifact
from chain.errors import ManifestError, ManifestInvalidError, ManifestNotFoundError
from chain.manifest import (
    ContractDeployment,
    DeploymentManifest,
    read_manifest,
    write_manifest,
)

ADDRESS = "0x5fbdb2315678afecb367f032d93f642f64180aa3"
TX = "0x" + "ab" * 32


def _manifest() -> DeploymentManifest:
    return DeploymentManifest(
        chain_id=31337,
        deployer="0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
        deployed_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        contracts={
            "Marketplace": ContractDeployment(
                address=ADDRESS, deploy_block=1, tx_hash=TX, abi_hash="0" * 64
            )
        },
    )


def test_round_trip_uses_camel_case_and_checksums(tmp_path: Path) -> None:
    path = write_manifest(_manifest(), tmp_path)

    assert path == tmp_path / "31337.json"
    raw = json.loads(path.read_text())
    assert set(raw) == {"chainId", "deployer", "deployedAt", "contracts"}
    assert raw["contracts"]["Marketplace"] == {
        "address": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        "deployBlock": 1,
        "txHash": TX,
        "abiHash": "0" * 64,
    }
    assert read_manifest(31337, tmp_path) == _manifest()
    assert read_manifest(path) == _manifest()


def test_missing_manifest_says_how_to_deploy(tmp_path: Path) -> None:
    with pytest.raises(ManifestNotFoundError, match="bazaar deploy"):
        read_manifest(5, tmp_path)


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("address", "0x1234", "contracts.Marketplace.address"),
        ("txHash", "0xnothex", "contracts.Marketplace.txHash"),
        ("deployBlock", -1, "contracts.Marketplace.deployBlock"),
        ("abiHash", "XYZ", "contracts.Marketplace.abiHash"),
    ],
)
def test_invalid_fields_are_named(tmp_path: Path, field: str, value: object, where: str) -> None:
    raw = json.loads(_manifest().to_json())
    raw["contracts"]["Marketplace"][field] = value
    (tmp_path / "31337.json").write_text(json.dumps(raw))

    with pytest.raises(ManifestInvalidError, match=where.replace(".", r"\.")):
        read_manifest(31337, tmp_path)


def test_unknown_keys_and_bad_json_are_invalid(tmp_path: Path) -> None:
    raw = json.loads(_manifest().to_json())
    raw["surprise"] = 1
    (tmp_path / "31337.json").write_text(json.dumps(raw))
    with pytest.raises(ManifestInvalidError, match="surprise"):
        read_manifest(31337, tmp_path)

    (tmp_path / "31337.json").write_text("{not json")
    with pytest.raises(ManifestInvalidError):
        read_manifest(31337, tmp_path)


def test_file_name_must_match_chain_id(tmp_path: Path) -> None:
    (tmp_path / "1.json").write_text(_manifest().to_json())
    with pytest.raises(ManifestInvalidError, match="chainId 31337"):
        read_manifest(1, tmp_path)


def test_address_map_and_lookup() -> None:
    manifest = _manifest()

    assert manifest.address_map() == {"0x5FbDB2315678afecb367f032d93F642f64180aa3": "Marketplace"}
    assert manifest.get("Marketplace").deploy_block == 1
    with pytest.raises(ManifestError, match="no RentalEscrow deployment"):
        manifest.get("RentalEscrow")


def test_stale_contracts_compares_abi_hashes(artifacts: dict[str, Artifact]) -> None:
    manifest = _manifest()
    assert manifest.stale_contracts(artifacts) == ["Marketplace"]

    fresh = manifest.model_copy(
        update={
            "contracts": {
                "Marketplace": manifest.contracts["Marketplace"].model_copy(
                    update={"abi_hash": artifacts["Marketplace"].abi_hash}
                )
            }
        }
    )
    assert fresh.stale_contracts(artifacts) == []
