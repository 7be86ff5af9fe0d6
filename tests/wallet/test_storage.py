"""wallet/storage.py: directory layout, permissions, atomic writes, names, locking."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from wallet.errors import InvalidWalletFileError, InvalidWalletNameError, WalletExistsError
from wallet.storage import WalletDir, check_name, default_wallet_dir


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_default_wallet_dir_is_under_home(monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI's keystore directory (issue 16): one place for keystores, not two.
    monkeypatch.setenv("HOME", "/home/someone")

    assert default_wallet_dir() == Path("/home/someone/.bazaar/keystores")
    assert WalletDir().folder("keystores") == Path("/home/someone/.bazaar/keystores")


def test_keystore_dir_env_overrides_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BAZAAR_KEYSTORE_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("BAZAAR_WALLET_DIR", str(tmp_path / "old"))  # the new name wins

    store = WalletDir()

    assert store.root == tmp_path / "keys"
    assert store.folder("keystores") == tmp_path / "keys"
    assert store.folder("encryption-keys") == tmp_path / "keys" / "encryption-keys"


def test_wallet_dir_env_overrides_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BAZAAR_WALLET_DIR", str(tmp_path / "elsewhere"))

    with pytest.warns(DeprecationWarning, match="BAZAAR_KEYSTORE_DIR"):
        store = WalletDir()

    assert store.root == tmp_path / "elsewhere"
    assert store.folder("keystores") == tmp_path / "elsewhere" / "keystores"


def test_created_files_are_0600_in_0700_directories(wallet_dir: WalletDir) -> None:
    old_umask = os.umask(0o000)  # even a permissive umask must not loosen the modes
    try:
        path = wallet_dir.create_json("keystores", "alice", {"a": 1})
    finally:
        os.umask(old_umask)

    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert _mode(wallet_dir.root) == 0o700


def test_existing_loose_wallet_dir_is_tightened(tmp_path: Path) -> None:
    root = tmp_path / "wallets"
    root.mkdir(mode=0o755)
    os.chmod(root, 0o755)

    WalletDir(root).create_json("hd", "main", {})

    assert _mode(root) == 0o700


def test_create_never_replaces_an_existing_file(wallet_dir: WalletDir) -> None:
    wallet_dir.create_json("keystores", "alice", {"first": True})

    with pytest.raises(WalletExistsError, match="keystore 'alice' already exists"):
        wallet_dir.create_json("keystores", "alice", {"second": True})

    assert wallet_dir.read_json("keystores", "alice") == {"first": True}
    assert [p.name for p in (wallet_dir.root / "keystores").iterdir()] == ["alice.json"]


def test_replace_keeps_mode_and_leaves_no_temporary_files(wallet_dir: WalletDir) -> None:
    wallet_dir.create_json("hd", "main", {"next_index": 0})

    path = wallet_dir.replace_json("hd", "main", {"next_index": 1})

    assert wallet_dir.read_json("hd", "main") == {"next_index": 1}
    assert _mode(path) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["main.json"]


def test_names_are_sorted_and_per_kind(wallet_dir: WalletDir) -> None:
    for name in ("zed", "alice", "bob"):
        wallet_dir.create_json("keystores", name, {})
    wallet_dir.create_json("hd", "main", {})

    assert wallet_dir.names("keystores") == ["alice", "bob", "zed"]
    assert wallet_dir.names("hd") == ["main"]
    assert wallet_dir.names("encryption-keys") == []


def test_read_missing_returns_none(wallet_dir: WalletDir) -> None:
    assert wallet_dir.read_json("keystores", "nobody") is None


@pytest.mark.parametrize("content", ["not json", "[1, 2]"])
def test_read_rejects_non_object_files(wallet_dir: WalletDir, content: str) -> None:
    path = wallet_dir.create_json("keystores", "alice", {})
    path.write_text(content)

    with pytest.raises(InvalidWalletFileError, match="alice.json"):
        wallet_dir.read_json("keystores", "alice")


@pytest.mark.parametrize("name", ["alice", "a", "Shop-2.main_1", "x" * 64])
def test_valid_names(name: str) -> None:
    assert check_name(name) == name


@pytest.mark.parametrize(
    "name", ["", "../escape", "a/b", ".hidden", "-dash", "x" * 65, "with space", "naïve"]
)
def test_invalid_names_are_rejected(wallet_dir: WalletDir, name: str) -> None:
    with pytest.raises(InvalidWalletNameError):
        wallet_dir.path("keystores", name)


def test_unknown_kind_is_a_programming_error(wallet_dir: WalletDir) -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        wallet_dir.path("passwords", "alice")


def test_lock_is_exclusive_between_threads(wallet_dir: WalletDir) -> None:
    events: list[str] = []
    entered = threading.Event()

    def hold() -> None:
        with wallet_dir.lock("hd", "main"):
            entered.set()
            events.append("first in")
            time.sleep(0.2)
            events.append("first out")

    thread = threading.Thread(target=hold)
    thread.start()
    entered.wait(5)
    with wallet_dir.lock("hd", "main"):
        events.append("second in")
    thread.join()

    assert events == ["first in", "first out", "second in"]


def test_flat_kind_lives_at_the_top_level_and_others_below(tmp_path: Path) -> None:
    """The CLI's keystore directory: keystores at its top, shipping keys in a subfolder."""
    store = WalletDir(tmp_path / "keystores", flat="keystores")
    keystore = store.create_json("keystores", "alice", {"version": 3})
    key = store.create_json("encryption-keys", "alice", {"kind": "x"})
    assert keystore == tmp_path / "keystores" / "alice.json"
    assert key == tmp_path / "keystores" / "encryption-keys" / "alice.json"
    assert store.names("keystores") == ["alice"] and store.names("encryption-keys") == ["alice"]
    assert stat.S_IMODE((tmp_path / "keystores").stat().st_mode) == 0o700
    with pytest.raises(WalletExistsError):
        store.create_json("keystores", "alice", {"version": 3})


def test_flat_must_name_a_known_kind(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        WalletDir(tmp_path, flat="passwords")
