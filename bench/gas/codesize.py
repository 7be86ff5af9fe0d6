"""Runtime bytecode size of every production contract against the EIP-170 limit.

Sizes come from the exported artifacts (`make build` -> chain/artifacts/), whose runtime
bytecode is exactly what a deployment stores (immutables are placeholders of the same
length), so they are deterministic: the same sources and compiler settings give the same bytes.

A production contract is a deployable artifact compiled from a top-level file
`contracts/<Name>.sol`: the repo keeps one deployable contract per top-level file, its
abstract parts, libraries, types and interfaces in subfolders, and mocks in contracts/test/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from chain.artifacts import all_artifacts

# EIP-170: a contract's runtime code may be at most 0x6000 bytes; a larger one fails to deploy.
EIP170_LIMIT = 24_576
# Marketplace is the contract that grows with every feature; keep 1 KiB of headroom so a
# feature cannot land that leaves no room for the next fix.
MARKETPLACE_MIN_MARGIN = 1_024


@dataclass(frozen=True)
class CodeSize:
    """Runtime size of one contract and how far it is below the EIP-170 limit."""

    name: str
    runtime_bytes: int

    @property
    def margin(self) -> int:
        return EIP170_LIMIT - self.runtime_bytes


def is_production(source_id: str) -> bool:
    """Whether a source file holds a production contract (`contracts/<Name>.sol`)."""
    return PurePosixPath(source_id).parent == PurePosixPath("contracts")


def production_sizes(directory: str | Path | None = None) -> dict[str, CodeSize]:
    """Runtime size of every production contract, by name."""
    sizes = {}
    for name, artifact in sorted(all_artifacts(directory).items()):
        if artifact.deployable and is_production(artifact.source_id):
            hex_code = artifact.deployed_bytecode.removeprefix("0x")
            sizes[name] = CodeSize(name, len(hex_code) // 2)
    return sizes


def bytecode_section(sizes: dict[str, CodeSize]) -> dict[str, object]:
    """The `bytecode` section of bench/results/gas.json."""
    return {
        "eip170_limit": EIP170_LIMIT,
        "contracts": {
            s.name: {"runtime_bytes": s.runtime_bytes, "margin_bytes": s.margin}
            for s in sizes.values()
        },
    }


def table(sizes: dict[str, CodeSize]) -> str:
    """The printed table: size, limit and margin per contract, OVER past the limit."""
    lines = [f"\n{'contract':<24}{'runtime bytes':>14}{'EIP-170':>9}{'margin':>8}  "]
    for s in sizes.values():
        mark = "OVER" if s.margin < 0 else ""
        lines.append(f"{s.name:<24}{s.runtime_bytes:>14,}{EIP170_LIMIT:>9,}{s.margin:>8,}  {mark}")
    return "\n".join(lines)
