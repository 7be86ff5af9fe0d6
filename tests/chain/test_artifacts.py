"""chain/artifacts.py: export from ape's manifest, load, errors, CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chain.artifacts import Artifact, abi_hash, all_artifacts, export, load_artifact, main
from chain.errors import ArtifactError, ArtifactsMissingError

TOKEN_ABI = [
    {"type": "event", "name": "Ping", "inputs": [], "anonymous": False},
    {"type": "function", "name": "ping", "inputs": [], "outputs": [], "stateMutability": "view"},
]


def _manifest(tmp_path: Path, **contract_types: dict[str, Any]) -> Path:
    sources = {ct["sourceId"]: {} for ct in contract_types.values()}
    path = tmp_path / "__local__.json"
    path.write_text(json.dumps({"contractTypes": contract_types, "sources": sources}))
    return path


def _contract_type(name: str, code: str = "0x6001") -> dict[str, Any]:
    return {
        "abi": TOKEN_ABI,
        "contractName": name,
        "sourceId": f"contracts/{name}.sol",
        "deploymentBytecode": {"bytecode": code},
        "runtimeBytecode": {"bytecode": "0x6002"},
    }


def test_export_writes_one_json_per_contract_with_abi_hash(tmp_path: Path) -> None:
    manifest = _manifest(tmp_path, Ping=_contract_type("Ping"))
    out = tmp_path / "artifacts"

    export(manifest, out)

    data = json.loads((out / "Ping.json").read_text())
    assert data["contractName"] == "Ping"
    assert data["abi"] == TOKEN_ABI
    assert data["bytecode"] == "0x6001"
    assert data["deployedBytecode"] == "0x6002"
    assert data["abiHash"] == abi_hash(TOKEN_ABI)
    assert len(data["abiHash"]) == 64


def test_abi_hash_ignores_element_and_key_order() -> None:
    reordered = [dict(reversed(list(e.items()))) for e in reversed(TOKEN_ABI)]
    assert abi_hash(reordered) == abi_hash(TOKEN_ABI)
    assert abi_hash(TOKEN_ABI[:1]) != abi_hash(TOKEN_ABI)


def test_export_skips_deleted_sources_and_removes_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "artifacts"
    out.mkdir()
    (out / "Gone.json").write_text("{}")
    manifest = tmp_path / "__local__.json"
    manifest.write_text(
        json.dumps(
            {
                "contractTypes": {"Ping": _contract_type("Ping"), "Old": _contract_type("Old")},
                "sources": {"contracts/Ping.sol": {}},  # Old.sol was deleted
            }
        )
    )

    exported = export(manifest, out)

    assert [a.name for a in exported] == ["Ping"]
    assert sorted(p.name for p in out.glob("*.json")) == ["Ping.json"]


def test_interfaces_export_without_bytecode(tmp_path: Path) -> None:
    interface = _contract_type("IPing")
    interface["deploymentBytecode"] = {}
    export(_manifest(tmp_path, IPing=interface), tmp_path / "out")

    artifact = load_artifact("IPing", tmp_path / "out")

    assert artifact.bytecode == "0x"
    assert not artifact.deployable


def test_load_artifact_round_trips(tmp_path: Path) -> None:
    export(_manifest(tmp_path, Ping=_contract_type("Ping")), tmp_path / "out")

    artifact = load_artifact("Ping", tmp_path / "out")

    assert isinstance(artifact, Artifact)
    assert artifact.abi == tuple(TOKEN_ABI)
    assert artifact.deployable
    assert [e["name"] for e in artifact.elements("event")] == ["Ping"]
    assert set(all_artifacts(tmp_path / "out")) == {"Ping"}


def test_missing_artifacts_tell_the_user_to_build(tmp_path: Path) -> None:
    with pytest.raises(ArtifactsMissingError, match="make build"):
        load_artifact("Marketplace", tmp_path / "nothing-here")


def test_missing_manifest_tells_the_user_to_build(tmp_path: Path) -> None:
    with pytest.raises(ArtifactsMissingError, match="make build"):
        export(tmp_path / "absent.json", tmp_path / "out")


def test_unknown_contract_lists_the_known_ones(tmp_path: Path) -> None:
    export(_manifest(tmp_path, Ping=_contract_type("Ping")), tmp_path / "out")
    with pytest.raises(ArtifactError, match="known: Ping"):
        load_artifact("Nope", tmp_path / "out")


def test_tampered_artifact_is_rejected(tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(_manifest(tmp_path, Ping=_contract_type("Ping")), out)
    data = json.loads((out / "Ping.json").read_text())
    data["abi"] = data["abi"][:1]
    (tmp_path / "tampered").mkdir()
    (tmp_path / "tampered" / "Ping.json").write_text(json.dumps(data))

    with pytest.raises(ArtifactError, match="abiHash"):
        load_artifact("Ping", tmp_path / "tampered")


def test_cli_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = _manifest(tmp_path, Ping=_contract_type("Ping"))

    assert main(["export", str(manifest), str(tmp_path / "out")]) == 0
    assert "exported 1 artifacts" in capsys.readouterr().out
    assert main(["export", str(tmp_path / "missing.json"), str(tmp_path / "out")]) == 1
    assert "make build" in capsys.readouterr().err


def test_real_build_exports_the_marketplace(artifacts: dict[str, Artifact]) -> None:
    marketplace = artifacts["Marketplace"]

    assert marketplace.deployable
    assert marketplace.source_id == "contracts/Marketplace.sol"
    assert any(e["name"] == "OrderPlaced" for e in marketplace.elements("event"))
