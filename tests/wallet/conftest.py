"""Fixtures for wallet/ tests: a fresh wallet directory per test and a clean environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from wallet.storage import WalletDir


@pytest.fixture
def wallet_dir(tmp_path: Path) -> WalletDir:
    return WalletDir(tmp_path / "wallets")


@pytest.fixture(autouse=True)
def _clean_wallet_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests must not see the developer's $BAZAAR_WALLET_PASSWORD, $BAZAAR_KEYSTORE_DIR or
    $BAZAAR_WALLET_DIR."""
    monkeypatch.delenv("BAZAAR_WALLET_PASSWORD", raising=False)
    monkeypatch.delenv("BAZAAR_KEYSTORE_DIR", raising=False)
    monkeypatch.delenv("BAZAAR_WALLET_DIR", raising=False)
