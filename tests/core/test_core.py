"""core/: the exception tree, the shared settings and the rule that core imports nothing."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from types import ModuleType

import pytest

import api.errors
import chain.errors
import indexer.errors
import wallet.errors
from api.core.config import ApiSettings
from core.constants import DEFAULT_DB_URL, DEFAULT_RPC_URL
from core.errors import (
    BazaarError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    WalletError,
)
from core.settings import BazaarSettings
from indexer.config import IndexerSettings

CORE = Path(__file__).resolve().parents[2] / "core"
OUR_PACKAGES = {"api", "bazaar", "chain", "indexer", "wallet"}


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("module", sorted(CORE.glob("*.py")), ids=lambda path: path.name)
def test_core_imports_none_of_our_packages(module: Path) -> None:
    assert _imported_roots(module) & OUR_PACKAGES == set()


@pytest.mark.parametrize("module", [chain.errors, wallet.errors, indexer.errors, api.errors])
def test_every_exception_class_ends_in_error_and_has_the_one_root(module: ModuleType) -> None:
    classes = [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, BaseException) and cls.__module__ == module.__name__
    ]

    assert classes
    assert [c.__name__ for c in classes if not c.__name__.endswith("Error")] == []
    assert all(issubclass(cls, BazaarError) for cls in classes)


def test_kind_branches_cross_the_packages() -> None:
    assert issubclass(wallet.errors.KeystoreNotFoundError, NotFoundError)
    assert issubclass(chain.errors.ManifestNotFoundError, NotFoundError)
    assert issubclass(api.errors.ResourceNotFoundError, NotFoundError)
    assert issubclass(api.errors.InvalidRequestError, InvalidInputError)
    assert issubclass(wallet.errors.SiweExpiredError, InvalidInputError)
    assert issubclass(wallet.errors.WalletExistsError, ConflictError)
    assert issubclass(wallet.errors.WalletExistsError, WalletError)
    assert not issubclass(wallet.errors.WrongPasswordError, NotFoundError)


def test_api_codes_keep_the_names_clients_know() -> None:
    assert api.errors.ResourceNotFoundError("x").code == "ResourceNotFound"
    assert api.errors.ShippingRefMismatchError("x").code == "ShippingRefMismatch"


def test_shared_settings_come_from_bazaar_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BAZAAR_RPC_URL", "http://node:8545")
    monkeypatch.setenv("BAZAAR_DB_URL", "sqlite:///other.db")
    monkeypatch.setenv("BAZAAR_KEYSTORE_DIR", str(tmp_path))
    monkeypatch.setenv("BAZAAR_ANVIL", "")  # empty counts as unset

    for settings in (BazaarSettings(), IndexerSettings(), ApiSettings()):
        assert (settings.rpc_url, settings.db_url) == ("http://node:8545", "sqlite:///other.db")
        assert settings.keystore_dir == tmp_path
        assert settings.anvil is None


def test_shared_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BAZAAR_RPC_URL", "BAZAAR_DB_URL", "BAZAAR_DEPLOYMENTS_DIR"):
        monkeypatch.delenv(name, raising=False)

    settings = BazaarSettings()

    assert (settings.rpc_url, settings.db_url) == (DEFAULT_RPC_URL, DEFAULT_DB_URL)
    assert settings.deployments_dir == Path("deployments")


def test_prometheus_variable_keeps_its_own_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    assert BazaarSettings().prometheus_multiproc_dir == tmp_path


def test_an_invalid_shared_value_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAZAAR_ENVIRONMENT", "staging")

    with pytest.raises(ValueError, match="environment"):
        BazaarSettings()


def _unsuffixed_exception_classes(root: Path) -> list[str]:
    """``path:line name`` of every class under ``root`` that derives from a class named
    ``...Error`` or ``...Exception`` but does not end in ``Error`` itself."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef) or node.name.endswith("Error"):
                continue
            bases = [ast.unparse(base).rsplit(".", 1)[-1] for base in node.bases]
            if any(base.endswith(("Error", "Exception")) for base in bases):
                found.append(f"{path.relative_to(root.parent)}:{node.lineno} {node.name}")
    return found


@pytest.mark.parametrize("package", sorted(OUR_PACKAGES | {"core"}))
def test_the_naming_rule_holds_in_every_module_of_every_package(package: str) -> None:
    assert _unsuffixed_exception_classes(CORE.parent / package) == []


def test_the_naming_rule_check_finds_a_planted_violation(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "m.py").write_text("class Broken(ValueError):\n    pass\n")

    assert _unsuffixed_exception_classes(package) == ["pkg/m.py:1 Broken"]
