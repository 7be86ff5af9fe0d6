"""The audit gate of tools/slither_audit.py: what fails, what is excused, what is stale.

These run on slither-shaped JSON results, so they need neither solc nor slither; `make audit`
runs the real thing. The checked-in triage file is parsed here too, so a malformed edit fails
`make test` even before slither runs.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from tools.slither_audit import (
    TRIAGE,
    Finding,
    TriageError,
    finding_of,
    is_ours,
    judge,
    load_triage,
    report,
)


def _function(name: str, contract: str, file: str) -> dict[str, Any]:
    return {
        "type": "function",
        "name": name,
        "source_mapping": {"filename_relative": file},
        "type_specific_fields": {"parent": {"type": "contract", "name": contract}},
    }


def _result(check: str, impact: str, first: dict[str, Any]) -> dict[str, Any]:
    return {
        "check": check,
        "impact": impact,
        "confidence": "High",
        "description": f"{check} in {first['name']}",
        "elements": [first],
    }


def _local(variable: str, function: str, contract: str, file: str) -> dict[str, Any]:
    return {
        "type": "variable",
        "name": variable,
        "source_mapping": {"filename_relative": file},
        "type_specific_fields": {"parent": _function(function, contract, file)},
    }


ESCROW = "contracts/marketplace/MarketplaceEscrow.sol"
TRIAGE_TEXT = """
[[finding]]
detector = "reentrancy-no-eth"
contract = "MarketplaceEscrow"
function = "_resolve"
severity = "Medium"
reason = "guarded by nonReentrant"
"""


def test_finding_of_keys_by_detector_contract_function_and_variable() -> None:
    f = finding_of(
        _result(
            "uninitialized-local",
            "Medium",
            _local("paid", "withdrawProceeds", "X", "contracts/X.sol"),
        )
    )
    assert (f.detector, f.contract, f.function, f.variable) == (
        "uninitialized-local",
        "X",
        "withdrawProceeds",
        "paid",
    )
    assert f.key() == "uninitialized-local / X / withdrawProceeds / paid"


def test_untriaged_medium_fails_and_is_named() -> None:
    finding = finding_of(
        _result("reentrancy-no-eth", "Medium", _function("refund", "MarketplaceEscrow", ESCROW))
    )
    verdict = judge([finding], load_triage(TRIAGE_TEXT))
    assert verdict.failed
    assert verdict.untriaged == [finding]
    out = io.StringIO()
    report(verdict, out)
    assert (
        "FAIL new Medium finding: reentrancy-no-eth / MarketplaceEscrow / refund" in out.getvalue()
    )


def test_triaged_finding_passes_wherever_the_code_moved() -> None:
    # No line or offset in the key: the same function elsewhere in the file still matches.
    result = _result(
        "reentrancy-no-eth", "Medium", _function("_resolve", "MarketplaceEscrow", ESCROW)
    )
    result["elements"][0]["source_mapping"]["start"] = 99_999
    verdict = judge([finding_of(result)], load_triage(TRIAGE_TEXT))
    assert not verdict.failed
    assert len(verdict.triaged) == 1


def test_triage_entry_matching_nothing_is_stale_and_fails() -> None:
    verdict = judge([], load_triage(TRIAGE_TEXT))
    assert verdict.failed
    assert [e.key() for e in verdict.stale] == ["reentrancy-no-eth / MarketplaceEscrow / _resolve"]
    out = io.StringIO()
    report(verdict, out)
    assert "stale triage entry" in out.getvalue()


def test_low_finding_is_printed_but_does_not_fail() -> None:
    finding = finding_of(
        _result("timestamp", "Low", _function("release", "MarketplaceEscrow", ESCROW))
    )
    verdict = judge([finding], [])
    assert not verdict.failed
    assert verdict.minor == [finding]


def test_high_finding_in_other_contract_is_not_excused_by_an_entry_for_another() -> None:
    finding = finding_of(
        _result("reentrancy-no-eth", "High", _function("_resolve", "RentalEscrowLifecycle", ESCROW))
    )
    verdict = judge([finding], load_triage(TRIAGE_TEXT))
    assert verdict.untriaged == [finding]


@pytest.mark.parametrize(
    ("file", "ours"),
    [
        ("contracts/Marketplace.sol", True),
        ("contracts/libraries/Payments.sol", True),
        ("contracts/test/ReentrantReceiver.sol", False),
        ("node_modules/@openzeppelin/contracts/utils/cryptography/EIP712.sol", False),
    ],
)
def test_only_production_contracts_count(file: str, ours: bool) -> None:
    finding = Finding("d", "High", "High", "C", "f", None, file, "")
    assert is_ours(finding) is ours


@pytest.mark.parametrize(
    "text",
    [
        '[[finding]]\ndetector = "x"\ncontract = "C"\nseverity = "Medium"\n',  # no reason
        '[[finding]]\ndetector = "x"\ncontract = "C"\nseverity = "Bad"\nreason = "r"\n',
        '[[finding]]\ndetector = "x"\ncontract = "C"\nseverity = "Low"\nreason = "r"\nline = 3\n',
    ],
)
def test_malformed_triage_is_rejected(text: str) -> None:
    with pytest.raises(TriageError):
        load_triage(text)


def test_checked_in_triage_parses_and_gives_every_entry_a_reason() -> None:
    entries = load_triage(TRIAGE.read_text())
    assert entries
    assert all(e.reason and e.function for e in entries)
