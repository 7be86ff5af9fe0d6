"""`make audit`: slither over contracts/ with a checked-in triage (audit/slither-triage.toml).

Run: `make audit` (or `python tools/slither_audit.py` after `make toolchain`).

How it compiles, offline: crytic-compile's "solc" platform drives the compiler through
`--combined-json`, which the solc-js adapter does not speak, so this script builds a Standard
JSON input itself (every production source under contracts/, contracts/test/ left out, with the
solc settings of ape-config.yaml: optimizer, runs, via_ir, evm version, remappings) and hands it
to crytic-compile's "solc_standard_json" platform with `solc=` pointing at the adapter that
`make toolchain` installs into $SOLCX_BINARY_PATH. That platform only runs
`solc --version` and `solc --standard-json`, which the adapter answers; nothing goes through
solc-select, so nothing is downloaded.

What fails: a High or Medium finding in contracts/ (not contracts/test/) that no triage entry
matches; a triage entry that matches no finding (stale: delete it); slither failing to build its
IR for a function of ours (its detectors would then silently skip that function). Low,
Informational and Optimization findings are printed as a summary and never fail.

A finding is keyed by detector + contract + function (+ variable), never by line or source
offset, so the triage survives code motion. The contract is the one that declares the flagged
code (e.g. MarketplaceEscrow, not Marketplace).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TRIAGE = ROOT / "audit" / "slither-triage.toml"
RESULTS = ROOT / ".build" / "slither.json"
CONTRACTS = "contracts"
MOCKS = "contracts/test"
FAILING_IMPACTS = ("High", "Medium")
IMPACTS = ("High", "Medium", "Low", "Informational", "Optimization")


@dataclass(frozen=True)
class Finding:
    """One slither result, reduced to what identifies it across code motion."""

    detector: str
    impact: str
    confidence: str
    contract: str
    function: str | None
    variable: str | None
    file: str | None
    description: str

    def key(self) -> str:
        parts = [self.detector, self.contract]
        if self.function:
            parts.append(self.function)
        if self.variable:
            parts.append(self.variable)
        return " / ".join(parts)


@dataclass(frozen=True)
class TriageEntry:
    """A reviewed finding: why it is a false positive or an accepted risk."""

    detector: str
    contract: str
    function: str | None
    variable: str | None
    severity: str
    reason: str

    def matches(self, finding: Finding) -> bool:
        return (
            self.detector == finding.detector
            and self.contract == finding.contract
            and (self.function is None or self.function == finding.function)
            and (self.variable is None or self.variable == finding.variable)
        )

    def key(self) -> str:
        parts = [self.detector, self.contract]
        parts += [p for p in (self.function, self.variable) if p]
        return " / ".join(parts)


class TriageError(Exception):
    """The triage file is malformed; the message names the entry and the field."""


def load_triage(text: str) -> list[TriageEntry]:
    """Parse the triage TOML: a list of `[[finding]]` tables.

    >>> load_triage('''[[finding]]
    ... detector = "uninitialized-local"
    ... contract = "MarketplaceListings"
    ... function = "withdrawProceeds"
    ... variable = "paid"
    ... severity = "Medium"
    ... reason = "bool paid; starts false by definition"''')[0].key()
    'uninitialized-local / MarketplaceListings / withdrawProceeds / paid'
    """
    data = tomllib.loads(text)
    unknown = set(data) - {"finding"}
    if unknown:
        raise TriageError(f"unknown top-level keys {sorted(unknown)}; use [[finding]] tables")
    entries: list[TriageEntry] = []
    for i, raw in enumerate(data.get("finding", []), start=1):
        where = f"[[finding]] #{i}"
        extra = set(raw) - {"detector", "contract", "function", "variable", "severity", "reason"}
        if extra:
            raise TriageError(f"{where}: unknown fields {sorted(extra)}")
        for field in ("detector", "contract", "severity", "reason"):
            if not isinstance(raw.get(field), str) or not raw[field].strip():
                raise TriageError(f"{where}: `{field}` is required (a non-empty string)")
        if raw["severity"] not in IMPACTS:
            raise TriageError(f"{where}: severity must be one of {', '.join(IMPACTS)}")
        entries.append(
            TriageEntry(
                detector=raw["detector"],
                contract=raw["contract"],
                function=raw.get("function"),
                variable=raw.get("variable"),
                severity=raw["severity"],
                reason=raw["reason"].strip(),
            )
        )
    return entries


def _relative(path: str | None) -> str | None:
    if not path:
        return None
    p = Path(path)
    if p.is_absolute():
        try:
            return p.resolve().relative_to(ROOT).as_posix()
        except ValueError:
            return p.as_posix()
    return p.as_posix()


def _owner(element: Mapping[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(contract, function, variable) of a slither JSON element, walking up its parents."""
    contract: str | None = None
    function: str | None = None
    variable: str | None = None
    node: Mapping[str, Any] | None = element
    while node is not None:
        kind = node.get("type")
        if kind == "contract" and contract is None:
            contract = node.get("name")
        elif kind == "function" and function is None:
            function = node.get("name")
        elif kind == "variable" and variable is None:
            variable = node.get("name")
        node = node.get("type_specific_fields", {}).get("parent")
    return contract, function, variable


def finding_of(result: Mapping[str, Any]) -> Finding:
    """Reduce a slither JSON result to a Finding keyed by its first element."""
    elements: Sequence[Mapping[str, Any]] = result.get("elements", [])
    contract = function = variable = file = None
    if elements:
        first = elements[0]
        contract, function, variable = _owner(first)
        file = _relative(first.get("source_mapping", {}).get("filename_relative"))
    return Finding(
        detector=result["check"],
        impact=result["impact"],
        confidence=result["confidence"],
        contract=contract or "?",
        function=function,
        variable=variable,
        file=file,
        description=str(result.get("description", "")).strip(),
    )


def is_ours(finding: Finding) -> bool:
    """Production code only: contracts/ minus the test mocks (OpenZeppelin is node_modules/)."""
    f = finding.file or ""
    return f.startswith(CONTRACTS + "/") and not f.startswith(MOCKS + "/")


@dataclass
class Verdict:
    untriaged: list[Finding]
    triaged: list[tuple[Finding, TriageEntry]]
    stale: list[TriageEntry]
    severity_changed: list[tuple[Finding, TriageEntry]]
    minor: list[Finding]

    @property
    def failed(self) -> bool:
        return bool(self.untriaged or self.stale)


def judge(findings: Iterable[Finding], triage: Sequence[TriageEntry]) -> Verdict:
    """Split findings into untriaged (fail), triaged and minor; find stale entries.

    A triage entry may match any finding with its detector and key, whatever its severity,
    so a Low finding can be triaged too; only High and Medium ones fail when untriaged.
    """
    used: set[int] = set()
    verdict = Verdict([], [], [], [], [])
    for finding in findings:
        entry_i = next((i for i, e in enumerate(triage) if e.matches(finding)), None)
        if entry_i is not None:
            used.add(entry_i)
            entry = triage[entry_i]
            verdict.triaged.append((finding, entry))
            if entry.severity != finding.impact:
                verdict.severity_changed.append((finding, entry))
        elif finding.impact in FAILING_IMPACTS:
            verdict.untriaged.append(finding)
        else:
            verdict.minor.append(finding)
    verdict.stale = [e for i, e in enumerate(triage) if i not in used]
    return verdict


def _rank(impact: str) -> int:
    return IMPACTS.index(impact) if impact in IMPACTS else len(IMPACTS)


def report(verdict: Verdict, out: Any = sys.stdout) -> None:
    """Print the verdict: what fails first, in words that say what to do."""
    w = out.write
    counts = Counter(f.impact for f in verdict.minor)
    summary = ", ".join(f"{counts[i]} {i}" for i in IMPACTS if counts[i]) or "none"
    w(f"slither: not failing (below Medium, untriaged): {summary}\n")
    by_detector = Counter((f.impact, f.detector) for f in verdict.minor)
    for (impact, detector), n in sorted(by_detector.items(), key=lambda kv: _rank(kv[0][0])):
        w(f"  {impact:<14}{detector:<32}{n:>4}\n")
    w(f"slither: {len(verdict.triaged)} finding(s) reviewed in {TRIAGE.relative_to(ROOT)}\n")
    for finding, entry in verdict.severity_changed:
        w(
            f"  note: {finding.key()} is now {finding.impact}, triaged as {entry.severity}; "
            "re-review it and update `severity`\n"
        )
    for finding in verdict.untriaged:
        w(f"\nFAIL new {finding.impact} finding: {finding.key()}  ({finding.file})\n")
        for line in finding.description.splitlines():
            w(f"    {line}\n")
    for entry in verdict.stale:
        w(
            f"\nFAIL stale triage entry (matches no finding today): {entry.key()}\n"
            "    the code it excused changed or was fixed; delete the entry\n"
        )
    if verdict.untriaged:
        w(
            "\nFix the code, or if the finding is a false positive or an accepted risk, add a\n"
            f"[[finding]] to {TRIAGE.relative_to(ROOT)} with detector, contract, function,\n"
            "severity and a one-line reason (docs/audit.md). A real bug goes to the lead.\n"
        )
    w("slither audit: " + ("FAILED\n" if verdict.failed else "ok\n"))


# --------------------------------------------------------------------------- running slither


def _solidity_config(root: Path) -> dict[str, Any]:
    """The `solidity:` section of ape-config.yaml, the settings `make build` compiles with."""
    import yaml  # type: ignore[import-untyped]  # PyYAML ships no stubs

    section: dict[str, Any] = yaml.safe_load((root / "ape-config.yaml").read_text())["solidity"]
    return section


def standard_json_input(root: Path = ROOT) -> dict[str, Any]:
    """Standard JSON for every production source, with ape-config.yaml's solc settings."""
    cfg = _solidity_config(root)
    sources = sorted(
        p.relative_to(root).as_posix()
        for p in (root / CONTRACTS).rglob("*.sol")
        if not p.relative_to(root).as_posix().startswith(MOCKS + "/") and ".cache" not in p.parts
    )
    remappings = []
    for remap in cfg.get("import_remapping", []):
        prefix, target = remap.split("=", 1)
        remappings.append(f"{prefix.rstrip('/')}/={target.rstrip('/')}/")
    evm_outputs = [
        "abi",
        "evm.bytecode.object",
        "evm.bytecode.sourceMap",
        "evm.deployedBytecode.object",
        "evm.deployedBytecode.sourceMap",
    ]
    return {
        "language": "Solidity",
        "sources": {s: {"content": (root / s).read_text()} for s in sources},
        "settings": {
            "remappings": remappings,
            "optimizer": {
                "enabled": bool(cfg.get("optimize", True)),
                "runs": int(cfg.get("optimization_runs", 200)),
            },
            "viaIR": bool(cfg.get("via_ir", False)),
            "evmVersion": cfg.get("evm_version", "cancun"),
            # crytic-compile reads bytecode and source maps for every contract.
            "outputSelection": {"*": {"*": evm_outputs, "": ["ast"]}},
        },
    }


def solc_binary(root: Path = ROOT) -> Path:
    """The compiler py-solc-x uses: the solc-js adapter installed by `make toolchain`."""
    version = _solidity_config(root)["version"]
    base = Path(os.environ.get("SOLCX_BINARY_PATH", root / ".solcx"))
    path = base / f"solc-v{version}"
    if not path.exists():
        raise SystemExit(f"{path} not found: run `make toolchain` (tools/install-solc.sh) first")
    return path


class _IrFailures(logging.Handler):
    """Collect slither's "Impossible to generate IR" errors: detectors skip those functions."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        if "Impossible to generate IR" in msg:
            self.messages.append(msg.splitlines()[0])


def run_slither(root: Path = ROOT) -> tuple[list[dict[str, Any]], list[str]]:
    """Compile and run every slither detector; return raw results and IR failures."""
    import inspect

    from crytic_compile import CryticCompile
    from crytic_compile.platform.solc_standard_json import SolcStandardJson
    from slither import Slither  # type: ignore[import-untyped]  # slither ships no py.typed
    from slither.detectors import all_detectors  # type: ignore[import-untyped]
    from slither.detectors.abstract_detector import AbstractDetector  # type: ignore[import-untyped]

    ir_failures = _IrFailures()
    logging.getLogger().addHandler(ir_failures)
    # solc's warnings (unused parameters...) belong to the build, not to the audit's output.
    logging.getLogger("CryticCompile").setLevel(logging.ERROR)
    compiled = CryticCompile(
        SolcStandardJson(standard_json_input(root)),
        solc=str(solc_binary(root)),
        solc_working_dir=str(root),
    )
    slither = Slither(compiled)
    for _, detector in inspect.getmembers(all_detectors, inspect.isclass):
        if issubclass(detector, AbstractDetector):
            slither.register_detector(detector)
    results = [r for per_detector in slither.run_detectors() for r in per_detector]
    return results, ir_failures.messages


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--results",
        type=Path,
        help="judge this slither JSON (a list of results) instead of running slither",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    triage = load_triage(TRIAGE.read_text())
    ir_failures: list[str] = []
    if args.results:
        raw = json.loads(args.results.read_text())
    else:
        raw, ir_failures = run_slither()
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(raw, indent=1) + "\n")
    findings = [f for f in map(finding_of, raw) if is_ours(f)]
    verdict = judge(findings, triage)
    report(verdict)
    ours_blind = [m for m in ir_failures if "node_modules/" not in m]
    for msg in ir_failures:
        if msg not in ours_blind:
            print(f"slither note (dependency, not analysed): {msg}")
    for msg in ours_blind:
        print(f"FAIL slither could not analyse project code: {msg}")
    where = args.results or RESULTS
    print(f"slither audit took {time.monotonic() - started:.0f} s; all results in {where}")
    return 1 if verdict.failed or ours_blind else 0


if __name__ == "__main__":
    sys.exit(main())
