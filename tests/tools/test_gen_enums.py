"""tools/gen_enums.py: docs/enums.md is current, and the Python twins equal the Solidity enums.

The Solidity declarations are the single source of the numbers; these tests fail when the
generated page is stale, when a Python ``IntEnum`` in chain/ drifts from its declaration,
or when an ABI carries an enum the generator does not document.
"""

from __future__ import annotations

from typing import Any

import pytest

from chain.artifacts import all_artifacts
from tools.gen_enums import (
    OUTPUT,
    PYTHON_TWINS,
    EnumSourceError,
    parse_enums,
    render,
    solidity_enums,
)


def test_docs_enums_md_is_generated_from_the_current_sources() -> None:
    assert OUTPUT.read_text() == render(solidity_enums()), (
        "docs/enums.md is stale: run `python -m tools.gen_enums`"
    )


@pytest.mark.parametrize("name", sorted(PYTHON_TWINS))
def test_each_python_twin_has_the_declared_names_and_values(name: str) -> None:
    declared = {enum.name: enum for enum in solidity_enums()}
    assert name in declared, f"{name} is not declared in contracts/types or contracts/interfaces"
    twin = PYTHON_TWINS[name]
    expected = {member.python_name: member.value for member in declared[name].members}
    assert {member.name: member.value for member in twin} == expected


def _enum_types(element: Any, found: set[str]) -> None:
    if isinstance(element, dict):
        kind = element.get("internalType", "")
        if kind.startswith("enum "):
            found.add(kind.removeprefix("enum "))
        for value in element.values():
            _enum_types(value, found)
    elif isinstance(element, list | tuple):
        for value in element:
            _enum_types(value, found)


def test_every_enum_of_the_production_abis_is_documented() -> None:
    in_abis: set[str] = set()
    for artifact in all_artifacts().values():
        if not artifact.source_id.startswith("contracts/test/"):
            _enum_types(artifact.abi, in_abis)
    documented = {enum.name for enum in solidity_enums()}
    assert in_abis == documented


def test_file_level_and_interface_enums_are_named_as_the_abi_names_them() -> None:
    text = """
    /// @notice How it went.
    enum Outcome {
        Won, // 0: first
        Lost // 1: second
    }
    /// {Braces} in a comment do not open a scope. enum Fake { A }
    interface IThing {
        struct S { uint8 a; }
        enum Side { Buy, Sell }
    }
    """
    first, second = parse_enums(text, "x.sol")
    assert (first.name, first.notice) == ("Outcome", "How it went.")
    assert [(m.name, m.value, m.meaning) for m in first.members] == [
        ("Won", 0, "first"),
        ("Lost", 1, "second"),
    ]
    assert second.name == "IThing.Side"
    assert [m.python_name for m in second.members] == ["BUY", "SELL"]


def test_a_comment_numbering_a_member_wrongly_is_refused() -> None:
    with pytest.raises(EnumSourceError, match=r"Outcome.Lost is value 1, but its comment says 2"):
        parse_enums("enum Outcome {\n Won, // 0: a\n Lost // 2: b\n}", "x.sol")
