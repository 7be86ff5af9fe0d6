"""Collect gasUsed per operation and merge it into bench/results/gas.json.

Gas is deterministic, so the figures are exact: the `gasUsed` of the EOA transaction's
receipt, base cost included. Each benchmark module records its own keys; keys written by
other modules are kept. Whole sections (such as `bytecode`, the runtime sizes written by
test_gas_bytecode.py) are replaced as a unit.
"""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[1] / "results" / "gas.json"
# Permit deadline for every measured permit: a fixed value keeps the calldata and the
# signature's bytes, and so the gas, the same on every run (a clock-based one did not).
FIXED_DEADLINE = 4_102_444_800  # 2100-01-01


class GasReport:
    """Gather measurements and write them merged into gas.json with a printed table."""

    def __init__(self, targets: dict[str, int] | None = None) -> None:
        self.measured: dict[str, int] = {}
        self.sections: dict[str, object] = {}
        self.targets = targets or {}

    def record(self, key: str, receipt: object) -> int:
        gas = int(receipt.gas_used)  # type: ignore[attr-defined]
        self.measured[key] = gas
        return gas

    def section(self, key: str, value: object) -> None:
        """Record a whole section (not a gas figure), written under `key` as it is."""
        self.sections[key] = value

    def write(self) -> None:
        existing: dict[str, object] = {}
        if RESULTS.exists():
            existing = json.loads(RESULTS.read_text())
        existing.update(self.measured)
        existing.update(self.sections)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(dict(sorted(existing.items())), indent=2) + "\n")
        if self.measured:
            print(f"\n{'operation':<36}{'gasUsed':>10}{'target':>10}  ")
        for key, gas in self.measured.items():
            target = self.targets.get(key)
            mark = "" if target is None else ("ok" if gas <= target else "OVER")
            target_s = "" if target is None else f"{target:,}"
            print(f"{key:<36}{gas:>10,}{target_s:>10}  {mark}")
        print(f"written to {RESULTS}")
