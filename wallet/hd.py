"""HD wallets (BIP-39 mnemonic, BIP-44 path ``m/44'/60'/0'/0/i``): a fresh address per purchase.

Paying every purchase from a new address keeps purchases from being linked to each other
on chain (as long as each address is funded from somewhere unlinked, see docs/wallet.md).
The mnemonic is sealed with :mod:`wallet.sealing` (scrypt + AES-128-CTR + keccak MAC, the
V3 keystore scheme) in ``<wallet dir>/hd/<name>.json``; the file also tracks the next unused
index. It does not list the used addresses: whoever reads the file learns nothing about
which addresses belong together.

Derivation is eth-account's (``Account.from_mnemonic``), which MetaMask, anvil and hardware
wallets agree with for this path.

Example:
    >>> phrase = "test test test test test test test test test test test junk"
    >>> derive_account(phrase, 0).address
    '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils.exceptions import ValidationError

from wallet.errors import (
    HdWalletNotFoundError,
    InvalidMnemonicError,
    InvalidWalletFileError,
    WalletError,
)
from wallet.sealing import SCRYPT_N, check_scrypt_n, seal, unseal
from wallet.storage import WalletDir, utc_now_iso

KIND = "hd"
FILE_KIND = "bazaar-hd-wallet"
FILE_VERSION = 1
PATH_PREFIX = "m/44'/60'/0'/0"
MAX_INDEX = 2**31 - 1  # non-hardened BIP-32 child indexes
WORD_COUNTS = (12, 15, 18, 21, 24)

# eth-account gates mnemonics behind this flag; its BIP-32/39 code is tested against the
# reference vectors (and the anvil vector in tests/wallet/test_hd.py), so we opt in.
Account.enable_unaudited_hdwallet_features()


def derivation_path(index: int) -> str:
    """The BIP-44 path of address ``index``: ``m/44'/60'/0'/0/<index>``.

    Raises:
        ValueError: ``index`` is outside [0, 2**31 - 1].
    """
    if not 0 <= index <= MAX_INDEX:
        raise ValueError(f"HD index must be in [0, {MAX_INDEX}], got {index}")
    return f"{PATH_PREFIX}/{index}"


def normalize_mnemonic(phrase: str) -> str:
    """``phrase`` lower-cased with whitespace collapsed, checked as a BIP-39 mnemonic.

    BIP-39 word lists are lower case, so capitals typed from a paper backup are harmless.

    Raises:
        InvalidMnemonicError: Wrong word count, unknown word or bad checksum.
    """
    words = phrase.lower().split()
    if len(words) not in WORD_COUNTS:
        raise InvalidMnemonicError(
            f"a BIP-39 mnemonic has 12, 15, 18, 21 or 24 words, got {len(words)}"
        )
    normalized = " ".join(words)
    try:
        Account.from_mnemonic(normalized, account_path=derivation_path(0))
    except (ValidationError, ValueError) as exc:
        raise InvalidMnemonicError(
            "that is not a valid BIP-39 mnemonic (unknown word or bad checksum); "
            "check the spelling and the order of the words"
        ) from exc
    return normalized


def derive_account(phrase: str, index: int) -> LocalAccount:
    """The account at ``m/44'/60'/0'/0/<index>`` of mnemonic ``phrase`` (no passphrase).

    Raises:
        InvalidMnemonicError: ``phrase`` is not a valid mnemonic.
    """
    try:
        account: LocalAccount = Account.from_mnemonic(phrase, account_path=derivation_path(index))
    except ValidationError as exc:
        raise InvalidMnemonicError("not a valid BIP-39 mnemonic; check the words") from exc
    return account


@dataclass(frozen=True)
class HdWalletInfo:
    """Public facts about a stored HD wallet.

    Attributes:
        name: Its name in the wallet directory.
        path: The state file.
        created: When it was stored, ISO 8601 UTC.
        next_index: The index the next purchase will use.
    """

    name: str
    path: Path
    created: str
    next_index: int

    def public_data(self) -> dict[str, str | int]:
        """The exportable view (no addresses: listing them would link them)."""
        return {
            "name": self.name,
            "path": str(self.path),
            "created": self.created,
            "next_index": self.next_index,
        }


@dataclass(frozen=True)
class NewHdWallet:
    """A freshly created HD wallet and its mnemonic, shown once for the user to write down."""

    info: HdWalletInfo
    mnemonic: str


class HdWallets:
    """The HD wallets of one wallet directory."""

    def __init__(
        self,
        wallet_dir: WalletDir | str | os.PathLike[str] | None = None,
        *,
        scrypt_n: int = SCRYPT_N,
    ) -> None:
        """Use ``wallet_dir`` (default: ``$BAZAAR_KEYSTORE_DIR`` or ``~/.bazaar/keystores``)."""
        self.dir = wallet_dir if isinstance(wallet_dir, WalletDir) else WalletDir(wallet_dir)
        self.scrypt_n = check_scrypt_n(scrypt_n)

    def create(self, name: str, password: str, *, words: int = 12) -> NewHdWallet:
        """Generate a mnemonic of ``words`` words and store it sealed under ``password``.

        The returned mnemonic is the only backup: show it to the user once.
        """
        if words not in WORD_COUNTS:
            raise InvalidMnemonicError(f"words must be one of {WORD_COUNTS}, got {words}")
        _account, phrase = Account.create_with_mnemonic(
            num_words=words, account_path=derivation_path(0)
        )
        return NewHdWallet(self._store(name, phrase, password), phrase)

    def import_mnemonic(self, name: str, phrase: str, password: str) -> HdWalletInfo:
        """Store an existing mnemonic sealed under ``password``; indexes start at 0.

        Raises:
            InvalidMnemonicError: ``phrase`` is not a valid BIP-39 mnemonic.
        """
        return self._store(name, normalize_mnemonic(phrase), password)

    def _store(self, name: str, phrase: str, password: str) -> HdWalletInfo:
        state = {
            "kind": FILE_KIND,
            "version": FILE_VERSION,
            "created": utc_now_iso(),
            "path_prefix": PATH_PREFIX,
            "next_index": 0,
            "crypto": seal(phrase.encode("utf-8"), password, scrypt_n=self.scrypt_n),
        }
        path = self.dir.create_json(KIND, name, state)
        return HdWalletInfo(name, path, str(state["created"]), 0)

    def _load(self, name: str) -> dict[str, Any]:
        state = self.dir.read_json(KIND, name)
        if state is None:
            known = ", ".join(self.dir.names(KIND)) or "none yet"
            raise HdWalletNotFoundError(
                f"no HD wallet named {name!r} in {self.dir.root} (known: {known}); "
                "create or import one first"
            )
        index = state.get("next_index")
        if (
            state.get("kind") != FILE_KIND
            or state.get("version") != FILE_VERSION
            or state.get("path_prefix") != PATH_PREFIX
            or not isinstance(index, int)
            or not 0 <= index <= MAX_INDEX + 1
            or not isinstance(state.get("crypto"), dict)
        ):
            raise InvalidWalletFileError(
                f"{self.dir.path(KIND, name)} is not a version-{FILE_VERSION} Bazaar HD wallet; "
                "restore it from a backup or re-import the mnemonic"
            )
        return state

    def _mnemonic(self, name: str, state: dict[str, Any], password: str) -> str:
        phrase = unseal(state["crypto"], password, what=f"HD wallet {name!r}")
        return phrase.decode("utf-8")

    def info(self, name: str) -> HdWalletInfo:
        """Public facts about HD wallet ``name`` (no password needed)."""
        state = self._load(name)
        return HdWalletInfo(
            name, self.dir.path(KIND, name), str(state["created"]), int(state["next_index"])
        )

    def list_all(self) -> list[HdWalletInfo]:
        """Every stored HD wallet, sorted by name."""
        return [self.info(name) for name in self.dir.names(KIND)]

    def account(self, name: str, password: str, index: int) -> LocalAccount:
        """The account at ``index`` (e.g. to act again on an earlier purchase)."""
        state = self._load(name)
        return derive_account(self._mnemonic(name, state, password), index)

    def used_accounts(self, name: str, password: str) -> list[LocalAccount]:
        """The accounts of indexes ``0 .. next_index - 1``, in order."""
        state = self._load(name)
        phrase = self._mnemonic(name, state, password)
        return [derive_account(phrase, i) for i in range(int(state["next_index"]))]

    def next_account(self, name: str, password: str) -> tuple[int, LocalAccount]:
        """Reserve the next unused index for a purchase and return it with its account.

        The index is written back before returning, under a lock, so two concurrent
        purchases (or a crash right after) never reuse an address.

        Raises:
            WrongPasswordError: The password is wrong (nothing is reserved then).
        """
        with self.dir.lock(KIND, name):
            state = self._load(name)
            phrase = self._mnemonic(name, state, password)
            index = int(state["next_index"])
            if index > MAX_INDEX:
                raise WalletError(f"HD wallet {name!r} has used every index; create a new one")
            account = derive_account(phrase, index)
            self.dir.replace_json(KIND, name, {**state, "next_index": index + 1})
        return index, account
