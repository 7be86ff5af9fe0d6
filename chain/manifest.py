"""Deployment manifests: ``deployments/<chain-id>.json``.

One file per chain records where every contract lives, the block it was deployed in (the
indexer starts there) and the hash of the ABI it was deployed with (so stale clients are
caught). The JSON uses camelCase keys::

    {"chainId": 31337, "deployer": "0x...", "deployedAt": "2025-01-01T00:00:00Z",
     "contracts": {"Marketplace": {"address": "0x...", "deployBlock": 1,
                                   "txHash": "0x...", "abiHash": "..."}}}

Example:
    >>> manifest = read_manifest(31337)  # doctest: +SKIP
    >>> manifest.contracts["Marketplace"].address  # doctest: +SKIP
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

from eth_utils.address import is_address, to_checksum_address
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from chain.artifacts import Artifact
from chain.errors import ManifestError, ManifestInvalidError, ManifestNotFoundError
from core.settings import BazaarSettings


def _checksum(value: str) -> str:
    if not is_address(value):
        raise ValueError(f"{value!r} is not an Ethereum address")
    return str(to_checksum_address(value))


def _tx_hash(value: str) -> str:
    body = value[2:] if value.startswith("0x") else ""
    if len(body) != 64 or any(c not in "0123456789abcdefABCDEF" for c in body):
        raise ValueError(f"{value!r} is not a 0x-prefixed 32-byte hash")
    return "0x" + body.lower()


Address = Annotated[str, AfterValidator(_checksum)]
Hash32 = Annotated[str, AfterValidator(_tx_hash)]


class _Model(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, frozen=True, extra="forbid"
    )


class ContractDeployment(_Model):
    """Where one contract was deployed."""

    address: Address
    deploy_block: int = Field(ge=0)
    tx_hash: Hash32
    abi_hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class DeploymentManifest(_Model):
    """Every contract Bazaar deployed on one chain."""

    chain_id: int = Field(gt=0)
    deployer: Address
    deployed_at: datetime
    contracts: dict[str, ContractDeployment]

    def address_map(self) -> dict[str, str]:
        """Contract address → contract name, for :class:`~chain.events.EventRegistry`."""
        return {deployment.address: name for name, deployment in self.contracts.items()}

    def get(self, name: str) -> ContractDeployment:
        """The deployment of contract ``name``.

        Raises:
            ManifestError: The manifest has no such contract.
        """
        try:
            return self.contracts[name]
        except KeyError:
            known = ", ".join(sorted(self.contracts)) or "none"
            raise ManifestError(
                f"chain {self.chain_id} has no {name} deployment (deployed: {known}); "
                "redeploy with `bazaar deploy`"
            ) from None

    def stale_contracts(self, artifacts: dict[str, Artifact]) -> list[str]:
        """Names of deployed contracts whose ABI differs from the current artifact."""
        return sorted(
            name
            for name, deployment in self.contracts.items()
            if name in artifacts and artifacts[name].abi_hash != deployment.abi_hash
        )

    def to_json(self) -> str:
        """The manifest as camelCase JSON text."""
        return self.model_dump_json(by_alias=True, indent=2) + "\n"


def deployments_dir(directory: str | Path | None = None) -> Path:
    """``directory``, else ``$BAZAAR_DEPLOYMENTS_DIR``, else ``./deployments``."""
    if directory is not None:
        return Path(directory)
    return BazaarSettings().deployments_dir


def manifest_path(chain_id: int, directory: str | Path | None = None) -> Path:
    """Path of the manifest for ``chain_id``."""
    return deployments_dir(directory) / f"{chain_id}.json"


def parse_manifest(text: str, *, source: str = "manifest") -> DeploymentManifest:
    """Validate manifest JSON text.

    Raises:
        ManifestInvalidError: The text is not a valid manifest; the message lists the fields.
    """
    try:
        return DeploymentManifest.model_validate_json(text)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or '(root)'}: {error['msg']}"
            for error in exc.errors()
        )
        raise ManifestInvalidError(
            f"{source} is not a valid deployment manifest ({problems}); "
            "fix it or redeploy with `bazaar deploy`"
        ) from exc


def read_manifest(
    chain_id_or_path: int | str | Path, directory: str | Path | None = None
) -> DeploymentManifest:
    """Read and validate a manifest, by chain id (in ``directory``) or by file path.

    Raises:
        ManifestNotFoundError: There is no manifest for that chain.
        ManifestInvalidError: The file does not validate.
    """
    if isinstance(chain_id_or_path, int):
        path = manifest_path(chain_id_or_path, directory)
    else:
        path = Path(chain_id_or_path)
    if not path.is_file():
        raise ManifestNotFoundError(
            f"no deployment manifest at {path}; deploy first with `bazaar deploy` "
            "(or `bazaar chain up` for a local chain)"
        )
    manifest = parse_manifest(path.read_text(), source=str(path))
    if path.stem.isdigit() and int(path.stem) != manifest.chain_id:
        raise ManifestInvalidError(
            f"{path} is named for chain {path.stem} but records chainId {manifest.chain_id}"
        )
    return manifest


def write_manifest(manifest: DeploymentManifest, directory: str | Path | None = None) -> Path:
    """Write ``manifest`` to ``<directory>/<chain-id>.json`` atomically and return the path."""
    path = manifest_path(manifest.chain_id, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(manifest.to_json())
    partial.replace(path)
    return path
