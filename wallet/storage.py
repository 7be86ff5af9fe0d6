"""The wallet directory: where encrypted secrets live, and how files are written there.

Layout (every directory 0700, every file 0600), the same for the ``bazaar`` CLI and the
library::

    $BAZAAR_KEYSTORE_DIR (default ~/.bazaar/keystores)
    ├── <name>.json                  eth-account V3 keystores
    ├── hd/<name>.json               HD wallets: encrypted mnemonic + next unused index
    └── encryption-keys/<name>.json  X25519 shipping keys: public key + encrypted private key

The deprecated ``$BAZAAR_WALLET_DIR`` (used only when ``$BAZAAR_KEYSTORE_DIR`` is unset)
keeps its old layout, with the keystores in ``keystores/<name>.json``.

Files are written atomically (a temporary file in the same directory, fsynced, then renamed
or hard-linked into place), so a crash never leaves a half-written keystore, and a new file
never replaces an existing one by accident.

Example:
    >>> import tempfile
    >>> store = WalletDir(tempfile.mkdtemp())
    >>> path = store.create_json("keystores", "alice", {"version": 3})
    >>> oct(path.stat().st_mode & 0o777), store.names("keystores")
    ('0o600', ['alice'])
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.settings import BazaarSettings
from wallet.errors import (
    InvalidWalletFileError,
    InvalidWalletNameError,
    WalletDirError,
    WalletExistsError,
)

KEYSTORE_DIR_ENV = "BAZAAR_KEYSTORE_DIR"
KINDS = ("keystores", "hd", "encryption-keys")
_LABELS = {"keystores": "keystore", "hd": "HD wallet", "encryption-keys": "encryption key"}

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def default_wallet_dir() -> Path:
    """``$BAZAAR_KEYSTORE_DIR`` if set, else ``~/.bazaar/keystores`` (user home expanded).

    The deprecated ``$BAZAAR_WALLET_DIR`` is used when it is set and
    ``$BAZAAR_KEYSTORE_DIR`` is not (with a :class:`DeprecationWarning`).
    """
    return BazaarSettings().wallet_root()[0]


def utc_now_iso() -> str:
    """The current time as ISO 8601 UTC with seconds, e.g. ``2025-01-31T12:00:00Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_name(name: str) -> str:
    """Return ``name`` if it is safe as a file name, else raise.

    Raises:
        InvalidWalletNameError: Not 1-64 characters of letters, digits, ``.``, ``_`` or ``-``
            starting with a letter or digit.
    """
    if not _NAME.fullmatch(name):
        raise InvalidWalletNameError(
            f"invalid name {name!r}: use 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name


class WalletDir:
    """A wallet directory on disk (created on first write, 0700)."""

    def __init__(
        self, root: str | os.PathLike[str] | None = None, *, flat: str | None = None
    ) -> None:
        """Use ``root``, or :func:`default_wallet_dir` when ``None`` (then keystores sit at
        its top level, as ``flat="keystores"`` says, unless the deprecated
        ``$BAZAAR_WALLET_DIR`` names it).

        ``flat`` names one kind stored directly in ``root`` instead of ``root/<kind>``: the
        CLI's keystore directory holds keystore files at its top level and the other kinds
        in subdirectories (``encryption-keys/``).
        """
        if flat is not None and flat not in KINDS:
            raise ValueError(f"unknown kind {flat!r}; expected one of {KINDS}")
        if root is not None:
            self.root = Path(root).expanduser()
        else:
            self.root, keystores_on_top = BazaarSettings().wallet_root()
            if flat is None and keystores_on_top:
                flat = "keystores"
        self.flat = flat

    def folder(self, kind: str) -> Path:
        """The directory holding the files of ``kind``."""
        return self.root if kind == self.flat else self.root / kind

    def __repr__(self) -> str:
        return f"WalletDir({str(self.root)!r})"

    def path(self, kind: str, name: str) -> Path:
        """Where the secret ``name`` of ``kind`` (one of :data:`KINDS`) is stored."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")
        return self.folder(kind) / f"{check_name(name)}.json"

    def names(self, kind: str) -> list[str]:
        """Names stored under ``kind``, sorted; empty if nothing was stored yet."""
        folder = self.folder(kind)
        if not folder.is_dir():
            return []
        found = (p.stem for p in folder.glob("*.json") if _NAME.fullmatch(p.stem))
        return sorted(found)

    def _ensure(self, kind: str) -> Path:
        folder = self.folder(kind)
        try:
            for directory in dict.fromkeys((self.root, folder)):
                directory.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.chmod(directory, 0o700)
        except OSError as exc:
            raise WalletDirError(
                f"cannot use wallet directory {self.root}: {exc}; "
                f"fix its permissions or point ${KEYSTORE_DIR_ENV} elsewhere"
            ) from exc
        return folder

    def _write_temp(self, folder: Path, data: Mapping[str, Any]) -> Path:
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            os.fchmod(handle, 0o600)
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file, indent=2, sort_keys=True)
                file.write("\n")
                file.flush()
                os.fsync(file.fileno())
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        return Path(temp_name)

    def create_json(self, kind: str, name: str, data: Mapping[str, Any]) -> Path:
        """Write a new file atomically with mode 0600; never replaces an existing one.

        Raises:
            WalletExistsError: ``name`` is already stored under ``kind``.
            WalletDirError: The directory cannot be written.
        """
        target = self.path(kind, name)
        temp = self._write_temp(self._ensure(kind), data)
        try:
            os.link(temp, target)  # atomic, and fails if the target exists
        except FileExistsError as exc:
            raise WalletExistsError(
                f"{_LABELS[kind]} {name!r} already exists in {self.root}; choose another name"
            ) from exc
        except OSError as exc:
            raise WalletDirError(f"cannot write {target}: {exc}") from exc
        finally:
            temp.unlink(missing_ok=True)
        return target

    def replace_json(self, kind: str, name: str, data: Mapping[str, Any]) -> Path:
        """Atomically replace an existing file (mode 0600); hold :meth:`lock` around it."""
        target = self.path(kind, name)
        temp = self._write_temp(self._ensure(kind), data)
        try:
            os.replace(temp, target)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise WalletDirError(f"cannot write {target}: {exc}") from exc
        return target

    def read_json(self, kind: str, name: str) -> dict[str, Any] | None:
        """The parsed file, or ``None`` if ``name`` is not stored under ``kind``.

        Raises:
            InvalidWalletFileError: The file exists but is not a JSON object.
        """
        target = self.path(kind, name)
        try:
            text = target.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise WalletDirError(f"cannot read {target}: {exc}") from exc
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InvalidWalletFileError(f"{target} is not valid JSON ({exc}); restore it") from exc
        if not isinstance(data, dict):
            raise InvalidWalletFileError(f"{target} is not a JSON object; restore it from a backup")
        return data

    @contextlib.contextmanager
    def lock(self, kind: str, name: str) -> Iterator[None]:
        """Hold an exclusive advisory lock on ``name`` (other processes wait)."""
        folder = self._ensure(kind)
        lock_path = folder / f".{check_name(name)}.lock"
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            os.close(handle)
