"""Compiled contract artifacts: export from ape's build output, load at run time.

`make build` compiles the contracts with ape, which writes an EthPM v3 manifest to
``.build/__local__.json``, then runs ``python -m chain.artifacts export`` to turn it into one
small JSON file per contract under ``chain/artifacts/``. Runtime code (deploy, clients, the
indexer) reads only those files, so it never imports ape.

Example:
    >>> from chain.artifacts import load_artifact
    >>> marketplace = load_artifact("Marketplace")  # doctest: +SKIP
    >>> marketplace.abi_hash  # doctest: +SKIP
    '3f1c...'
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from chain.errors import ArtifactError, ArtifactsMissingError
from core.settings import BazaarSettings

DEFAULT_ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"

AbiElement = dict[str, Any]


@dataclass(frozen=True)
class Artifact:
    """One compiled contract.

    Attributes:
        name: Contract name, e.g. ``Marketplace``.
        abi: The contract's ABI elements, in compiler order.
        bytecode: Creation bytecode (0x-prefixed; ``0x`` for interfaces and abstract contracts).
        deployed_bytecode: Runtime bytecode (0x-prefixed; ``0x`` when there is none).
        abi_hash: :func:`abi_hash` of ``abi``, recorded in deployment manifests.
        source_id: Source file the contract came from, e.g. ``contracts/Marketplace.sol``.
    """

    name: str
    abi: tuple[AbiElement, ...]
    bytecode: str
    deployed_bytecode: str
    abi_hash: str
    source_id: str = ""

    @property
    def deployable(self) -> bool:
        """Whether the artifact has creation bytecode (interfaces do not)."""
        return len(self.bytecode) > 2

    def elements(self, kind: str) -> list[AbiElement]:
        """The ABI elements of one ``type`` (``function``, ``event``, ``error``, ...)."""
        return [element for element in self.abi if element.get("type") == kind]

    def to_json(self) -> dict[str, Any]:
        """The artifact as written to ``chain/artifacts/<name>.json``."""
        return {
            "contractName": self.name,
            "sourceId": self.source_id,
            "abi": list(self.abi),
            "bytecode": self.bytecode,
            "deployedBytecode": self.deployed_bytecode,
            "abiHash": self.abi_hash,
        }


def abi_hash(abi: Sequence[AbiElement]) -> str:
    """SHA-256 of the canonical JSON of an ABI, as lowercase hex.

    Canonical means keys sorted, no whitespace, and elements sorted by their own canonical
    text, so the hash depends on what the ABI declares and not on the order the compiler
    happened to list it in.

    Example:
        >>> abi_hash([{"type": "fallback"}]) == abi_hash([{"type": "fallback"}])
        True
    """
    elements = sorted(json.dumps(e, sort_keys=True, separators=(",", ":")) for e in abi)
    return hashlib.sha256(("[" + ",".join(elements) + "]").encode()).hexdigest()


def _hex(value: Any) -> str:
    """Bytecode from an EthPM ``{"bytecode": "0x..."}`` object (or nothing) as 0x-hex."""
    code = value.get("bytecode", "") if isinstance(value, dict) else ""
    if not isinstance(code, str):
        return "0x"
    return code if code.startswith("0x") else "0x" + code


def _from_contract_type(name: str, contract_type: dict[str, Any]) -> Artifact:
    abi = contract_type.get("abi")
    if not isinstance(abi, list):
        raise ArtifactError(f"contract type {name!r} has no ABI list; rerun `make build`")
    return Artifact(
        name=str(contract_type.get("contractName") or name),
        abi=tuple(abi),
        bytecode=_hex(contract_type.get("deploymentBytecode")),
        deployed_bytecode=_hex(contract_type.get("runtimeBytecode")),
        abi_hash=abi_hash(abi),
        source_id=str(contract_type.get("sourceId", "")),
    )


def export(manifest_path: str | Path, out_dir: str | Path) -> list[Artifact]:
    """Write one ``<Name>.json`` per contract type of an ape (EthPM v3) build manifest.

    Contract types whose source file is no longer in the manifest's ``sources`` (ape keeps
    them after the file is deleted) are skipped, and JSON files in ``out_dir`` that belong to
    no current contract are removed, so a deleted contract does not linger as an artifact.

    Args:
        manifest_path: ape's ``.build/__local__.json``.
        out_dir: Directory to write to (created if needed), usually ``chain/artifacts``.

    Returns:
        The exported artifacts, sorted by name.

    Raises:
        ArtifactsMissingError: The manifest does not exist.
        ArtifactError: The manifest is not valid JSON or has no ``contractTypes``.
    """
    source = Path(manifest_path)
    if not source.is_file():
        raise ArtifactsMissingError(f"{source} does not exist; run `make build` to compile")
    try:
        manifest = json.loads(source.read_text())
    except json.JSONDecodeError as exc:
        raise ArtifactError(f"{source} is not valid JSON ({exc}); run `make build`") from exc
    contract_types = manifest.get("contractTypes") if isinstance(manifest, dict) else None
    if not isinstance(contract_types, dict):
        raise ArtifactError(f"{source} has no contractTypes; run `make build`")
    # ape keeps contract types of deleted sources in the manifest; keep only current ones.
    sources = manifest.get("sources")
    artifacts = sorted(
        (
            _from_contract_type(name, ct)
            for name, ct in contract_types.items()
            if not isinstance(sources, dict) or ct.get("sourceId") in sources
        ),
        key=lambda artifact: artifact.name,
    )
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    names = {f"{artifact.name}.json" for artifact in artifacts}
    for stale in target.glob("*.json"):
        if stale.name not in names:
            stale.unlink()
    for artifact in artifacts:
        text = json.dumps(artifact.to_json(), indent=2, sort_keys=True) + "\n"
        (target / f"{artifact.name}.json").write_text(text)
    _load_dir.cache_clear()
    return artifacts


def artifacts_dir(directory: str | Path | None = None) -> Path:
    """The artifact directory: ``directory``, else ``$BAZAAR_ARTIFACTS_DIR``, else the default."""
    if directory is not None:
        return Path(directory)
    return BazaarSettings().artifacts_dir or DEFAULT_ARTIFACTS_DIR


def _read(path: Path) -> Artifact:
    try:
        data = json.loads(path.read_text())
        abi = data["abi"]
        artifact = Artifact(
            name=data["contractName"],
            abi=tuple(abi),
            bytecode=data["bytecode"],
            deployed_bytecode=data["deployedBytecode"],
            abi_hash=data["abiHash"],
            source_id=data.get("sourceId", ""),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ArtifactError(f"{path} is not a valid artifact ({exc}); run `make build`") from exc
    if abi_hash(abi) != artifact.abi_hash:
        raise ArtifactError(f"{path} has an abiHash that does not match its ABI; run `make build`")
    return artifact


@lru_cache(maxsize=8)
def _load_dir(directory: Path) -> dict[str, Artifact]:
    if not directory.is_dir() or not any(directory.glob("*.json")):
        raise ArtifactsMissingError(
            f"no contract artifacts in {directory}; run `make build` to compile and export them"
        )
    return {path.stem: _read(path) for path in sorted(directory.glob("*.json"))}


def all_artifacts(directory: str | Path | None = None) -> dict[str, Artifact]:
    """Every exported artifact by contract name.

    Raises:
        ArtifactsMissingError: Nothing was exported yet (run ``make build``).
    """
    return dict(_load_dir(artifacts_dir(directory).resolve()))


def load_artifact(name: str, directory: str | Path | None = None) -> Artifact:
    """The artifact of contract ``name``.

    Raises:
        ArtifactsMissingError: Nothing was exported yet (run ``make build``).
        ArtifactError: There is no contract of that name.
    """
    artifacts = _load_dir(artifacts_dir(directory).resolve())
    try:
        return artifacts[name]
    except KeyError:
        known = ", ".join(sorted(artifacts)) or "none"
        raise ArtifactError(
            f"no artifact for contract {name!r} (known: {known}); "
            "check the name or run `make build` after adding the contract"
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m chain.artifacts export SRC DST``."""
    parser = argparse.ArgumentParser(prog="python -m chain.artifacts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export_cmd = commands.add_parser("export", help="export ape's build manifest to artifacts")
    export_cmd.add_argument("src", type=Path, help="ape build manifest (.build/__local__.json)")
    export_cmd.add_argument("dst", type=Path, help="output directory (chain/artifacts)")
    args = parser.parse_args(argv)
    try:
        exported = export(args.src, args.dst)
    except ArtifactError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for artifact in exported:
        kind = "contract" if artifact.deployable else "abi only"
        print(f"{artifact.name:<28} {kind:<9} abi {artifact.abi_hash[:12]}")
    print(f"exported {len(exported)} artifacts to {args.dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
