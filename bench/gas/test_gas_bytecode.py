"""Runtime bytecode size of every production contract (issue: EIP-170 headroom).
Run with `make bench-gas`; writes the `bytecode` section of bench/results/gas.json.

The limits themselves are enforced by tests/chain/test_bytecode_size.py; this only measures
and prints.
"""

from __future__ import annotations

from codesize import bytecode_section, production_sizes, table
from gasreport import GasReport


def test_bytecode_sizes() -> None:
    sizes = production_sizes()
    assert "Marketplace" in sizes
    report = GasReport()
    report.section("bytecode", bytecode_section(sizes))
    print(table(sizes))
    report.write()
