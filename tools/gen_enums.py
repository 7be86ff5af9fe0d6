"""Generate docs/enums.md: the numeric value of every enum the contracts' ABIs carry as uint8.

The Solidity declarations are the single source: the enums of ``contracts/types/*.sol`` and
those declared inside ``contracts/interfaces/*.sol``. This module parses them (names, values,
the trailing ``// N: meaning`` comments, the ``@notice`` above), renders the Markdown page,
and names the Python ``IntEnum`` twin of each in ``chain/`` so a test can check the twins
against the declarations (tests/tools/test_gen_enums.py, which also fails when the page is
stale).

Usage::

    python -m tools.gen_enums          # rewrite docs/enums.md
    python -m tools.gen_enums --check  # exit 1 if docs/enums.md is not what it would write
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from chain.deal_kinds import DealKind
from chain.installments.types import DeliveryMode, PlanListingStatus, PlanStatus
from chain.marketplace.types import OrderStatus
from chain.rentals.types import RentalStatus
from chain.reputation.types import Fact, ReportReason
from chain.types import ListingStatus

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("contracts/types", "contracts/interfaces")
OUTPUT = ROOT / "docs" / "enums.md"

# The Python twin of each Solidity enum, by the name the ABI's internalType gives it.
PYTHON_TWINS: dict[str, type[IntEnum]] = {
    "OrderStatus": OrderStatus,
    "ListingStatus": ListingStatus,
    "RentalStatus": RentalStatus,
    "DeliveryMode": DeliveryMode,
    "PlanStatus": PlanStatus,
    "IInstallmentPlans.ListingStatus": PlanListingStatus,
    "IDealRecorder.DealKind": DealKind,
    "IDealRecorder.Fact": Fact,
    "IReputation.ReportReason": ReportReason,
}

_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
_CONTAINER = re.compile(r"\b(?:abstract\s+contract|contract|interface|library)\s+(\w+)[^{;]*\{")
_ENUM = re.compile(r"((?:[ \t]*///[^\n]*\n)*)[ \t]*enum\s+(\w+)\s*\{([^}]*)\}")
_NAME = re.compile(r"[A-Za-z_]\w*")
_NUMBERED = re.compile(r"^(\d+):\s*(.*)$")


class EnumSourceError(ValueError):
    """A Solidity enum declaration this generator cannot read, or whose comments contradict it."""


@dataclass(frozen=True)
class Member:
    """One enum value: its Solidity name, number and the meaning its comment gives."""

    name: str
    value: int
    meaning: str

    @property
    def python_name(self) -> str:
        """Its name in a Python twin: ``CancelledBySeller`` → ``CANCELLED_BY_SELLER``."""
        return re.sub(r"(?<!^)(?=[A-Z])", "_", self.name).upper()


@dataclass(frozen=True)
class SolidityEnum:
    """One enum declaration.

    Attributes:
        name: As the ABI's ``internalType`` names it: ``OrderStatus`` at file level,
            ``IMarketplace.ListingStatus`` inside an interface.
        source: The file it is declared in, relative to the repository.
        notice: Its ``@notice`` text, if any.
        members: Its values in order (the first is 0).
    """

    name: str
    source: str
    notice: str
    members: tuple[Member, ...]


def _blank_comments(text: str) -> str:
    """``text`` with comments replaced by spaces (positions kept), so braces in them vanish."""
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _container_at(code: str, position: int) -> str | None:
    """The contract, interface or library whose body contains ``position``, if any."""
    owner: str | None = None
    for match in _CONTAINER.finditer(code, 0, position):
        opened = match.end() - 1
        depth = 0
        for char in code[opened:position]:
            depth += {"{": 1, "}": -1}.get(char, 0)
        if depth > 0:
            owner = match.group(1)
    return owner


def _notice(doc: str) -> str:
    lines = [line.strip().removeprefix("///").strip() for line in doc.strip().splitlines()]
    text = " ".join(line for line in lines if line)
    return text.removeprefix("@notice").strip()


def _member(source: str, enum: str, name: str, value: int, meaning: str) -> Member:
    numbered = _NUMBERED.match(meaning)
    if numbered is not None:
        if int(numbered.group(1)) != value:
            raise EnumSourceError(
                f"{source}: {enum}.{name} is value {value}, but its comment says "
                f"{numbered.group(1)}"
            )
        meaning = numbered.group(2)
    return Member(name, value, meaning)


def parse_enums(text: str, source: str) -> list[SolidityEnum]:
    """Every enum declared in the Solidity ``text`` of file ``source``.

    Raises:
        EnumSourceError: A member line cannot be read, or a ``// N:`` comment numbers a
            member differently from its position.
    """
    code = _blank_comments(text)
    found = []
    for match in _ENUM.finditer(text):
        if not re.search(r"\benum\s+$", code[max(0, match.start(2) - 32) : match.start(2)]):
            continue  # the declaration is inside a comment
        owner = _container_at(code, match.start(2))
        name = f"{owner}.{match.group(2)}" if owner else match.group(2)
        members: list[Member] = []
        for line in match.group(3).splitlines():
            body, _, comment = line.partition("//")
            names = [word.strip() for word in body.split(",") if word.strip()]
            if not all(_NAME.fullmatch(word) for word in names):
                raise EnumSourceError(f"{source}: cannot read enum {name} member line {line!r}")
            for position, member in enumerate(names):
                # A trailing comment describes the last member of its line.
                meaning = comment.strip() if position == len(names) - 1 else ""
                members.append(_member(source, name, member, len(members), meaning))
        found.append(SolidityEnum(name, source, _notice(match.group(1)), tuple(members)))
    return found


def solidity_enums(root: Path = ROOT) -> list[SolidityEnum]:
    """The enums of every ``.sol`` file in :data:`SOURCES`, sorted by file then position."""
    found: list[SolidityEnum] = []
    for directory in SOURCES:
        for path in sorted((root / directory).glob("*.sol")):
            found.extend(parse_enums(path.read_text(), path.relative_to(root).as_posix()))
    return found


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render(enums: list[SolidityEnum]) -> str:
    """The Markdown page."""
    out = [
        "# Enum values",
        "",
        "<!-- Generated by `python -m tools.gen_enums` from the Solidity declarations; do not",
        "edit by hand (a test fails when this page is stale). -->",
        "",
        "Every enum the contracts' ABIs carry is a `uint8` there: events, views and errors",
        "give these numbers, and calls take them. Each section names the Solidity declaration",
        "(the single source of these values) and the Python `IntEnum` twin in `chain/`,",
        "which a test keeps equal to it.",
        "",
    ]
    for enum in enums:
        twin = PYTHON_TWINS.get(enum.name)
        where = f"`{twin.__module__}.{twin.__name__}`" if twin else "none"
        out += [f"## {enum.name}", ""]
        if enum.notice:
            out += [enum.notice, ""]
        out += [f"Declared in `{enum.source}`; Python twin: {where}.", ""]
        out += ["| value | name | meaning |", "|---:|---|---|"]
        out += [f"| {m.value} | `{m.name}` | {_cell(m.meaning)} |" for m in enum.members]
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Write docs/enums.md, or with ``--check`` report whether it is stale."""
    args = sys.argv[1:] if argv is None else argv
    page = render(solidity_enums())
    if "--check" in args:
        if not OUTPUT.is_file() or OUTPUT.read_text() != page:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run `python -m tools.gen_enums`")
            return 1
        return 0
    OUTPUT.write_text(page)
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
