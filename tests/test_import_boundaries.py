"""The packages import downwards only: the app layer on top, core at the bottom.

Every ``.py`` file under the library packages is parsed with :mod:`ast`, so an import
inside a function counts as much as one at the top. ``ALLOWED`` is the whole table: a
package may import itself and the packages listed for it, nothing else of this project.
``bazaar`` (the application: CLI, demo) may import every library and is not checked.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Which project packages each library package may import, besides itself.
ALLOWED: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "chain": frozenset({"core"}),
    "wallet": frozenset({"core", "chain"}),
    "indexer": frozenset({"core", "chain"}),
    "api": frozenset({"core", "chain", "wallet", "indexer"}),
}
PROJECT = frozenset({*ALLOWED, "bazaar"})


def imported_packages(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, top-level package) of every absolute import in ``tree``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def violations(root: Path, allowed: dict[str, frozenset[str]] = ALLOWED) -> list[str]:
    """``path:line: a imports b`` for every import of ``root``'s packages not in ``allowed``."""
    found = []
    for package, may_import in allowed.items():
        for path in sorted((root / package).rglob("*.py")):
            tree = ast.parse(path.read_text(), filename=str(path))
            for line, target in imported_packages(tree):
                if target in PROJECT and target != package and target not in may_import:
                    where = path.relative_to(root)
                    found.append(f"{where}:{line}: {package} imports {target}")
    return found


def test_library_packages_import_only_downwards() -> None:
    assert violations(REPO) == []


def test_every_library_package_is_checked() -> None:
    for package in ALLOWED:
        assert (REPO / package / "__init__.py").is_file(), package


def _plant(root: Path, package: str, relative: str, source: str) -> None:
    for name in ALLOWED:
        (root / name).mkdir(exist_ok=True)
        (root / name / "__init__.py").touch()
    path = root / package / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)


@pytest.mark.parametrize(
    ("package", "source", "expected"),
    [
        (
            "chain",
            "import os\n\n\ndef f():\n    from bazaar.cli import app\n",
            "chain imports bazaar",
        ),
        ("chain", "from wallet.keystore import Keystores\n", "chain imports wallet"),
        ("chain", "import indexer.db\n", "chain imports indexer"),
        ("wallet", "def f():\n    import api.main\n", "wallet imports api"),
        ("indexer", "from api.models import x\n", "indexer imports api"),
        ("api", "from bazaar import cli\n", "api imports bazaar"),
    ],
)
def test_a_planted_upward_import_is_named_with_file_and_line(
    tmp_path: Path, package: str, source: str, expected: str
) -> None:
    _plant(tmp_path, package, "sub/mod.py", source)
    line = source.count("\n", 0, source.index(expected.split()[-1])) + 1
    assert violations(tmp_path) == [f"{package}/sub/mod.py:{line}: {expected}"]


def test_allowed_and_relative_imports_pass(tmp_path: Path) -> None:
    _plant(tmp_path, "api", "ok.py", "from chain.errors import X\nfrom . import sibling\n")
    _plant(tmp_path, "indexer", "ok.py", "import chain.events\nimport sqlalchemy\n")
    assert violations(tmp_path) == []
