"""wallet/hd.py: BIP-39/BIP-44 derivation, sealed mnemonic, fresh index per purchase."""

from __future__ import annotations

import json
import threading

import pytest
from wallet_helpers import ANVIL_ADDRESSES, ANVIL_MNEMONIC, FAST_N, files_containing

from chain.anvil import DEV_PRIVATE_KEYS
from wallet.errors import (
    HdWalletNotFoundError,
    InvalidMnemonicError,
    InvalidWalletFileError,
    WrongPasswordError,
)
from wallet.hd import HdWallets, derivation_path, derive_account, normalize_mnemonic
from wallet.storage import WalletDir

# BIP-39 reference vector (trezor/python-mnemonic vectors.json, entropy 0x00 * 16)
ABANDON = "abandon " * 11 + "about"


@pytest.fixture
def hd(wallet_dir: WalletDir) -> HdWallets:
    return HdWallets(wallet_dir, scrypt_n=FAST_N)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_anvil_mnemonic_derives_the_known_dev_accounts(index: int) -> None:
    account = derive_account(ANVIL_MNEMONIC, index)

    assert account.address == ANVIL_ADDRESSES[index]
    assert "0x" + bytes(account.key).hex() == DEV_PRIVATE_KEYS[index]


def test_bip39_reference_mnemonic_first_address() -> None:
    # the address MetaMask and ethers derive for "abandon ... about" at m/44'/60'/0'/0/0
    assert derive_account(ABANDON, 0).address == "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"


def test_derivation_path_and_bounds() -> None:
    assert derivation_path(7) == "m/44'/60'/0'/0/7"
    with pytest.raises(ValueError):
        derivation_path(-1)
    with pytest.raises(ValueError):
        derivation_path(2**31)


def test_normalize_collapses_whitespace_and_case() -> None:
    assert normalize_mnemonic(f"  {ABANDON.replace(' ', '   ')}\n") == ABANDON
    assert normalize_mnemonic(ANVIL_MNEMONIC.upper()) == ANVIL_MNEMONIC


def test_import_with_capitals_derives_the_same_addresses(hd: HdWallets) -> None:
    hd.import_mnemonic("main", ANVIL_MNEMONIC.title(), "pw")

    assert hd.next_account("main", "pw")[1].address == ANVIL_ADDRESSES[0]


@pytest.mark.parametrize(
    "phrase",
    [
        "abandon " * 11 + "abandon",  # bad checksum
        "abandon " * 11 + "notaword",
        "abandon " * 10 + "about",  # 11 words
        "",
    ],
)
def test_invalid_mnemonics_are_typed(hd: HdWallets, phrase: str) -> None:
    with pytest.raises(InvalidMnemonicError):
        hd.import_mnemonic("main", phrase, "pw")
    assert hd.list_all() == []


def test_next_account_gives_fresh_sequential_addresses(hd: HdWallets) -> None:
    hd.import_mnemonic("main", ANVIL_MNEMONIC, "pw")

    reserved = [hd.next_account("main", "pw") for _ in range(3)]

    assert [index for index, _ in reserved] == [0, 1, 2]
    assert tuple(account.address for _, account in reserved) == ANVIL_ADDRESSES
    assert hd.info("main").next_index == 3


def test_next_index_survives_reopening(hd: HdWallets, wallet_dir: WalletDir) -> None:
    hd.import_mnemonic("main", ANVIL_MNEMONIC, "pw")
    hd.next_account("main", "pw")

    index, account = HdWallets(wallet_dir, scrypt_n=FAST_N).next_account("main", "pw")

    assert index == 1 and account.address == ANVIL_ADDRESSES[1]


def test_wrong_password_reserves_nothing(hd: HdWallets) -> None:
    hd.import_mnemonic("main", ANVIL_MNEMONIC, "pw")

    with pytest.raises(WrongPasswordError, match="HD wallet 'main'"):
        hd.next_account("main", "wrong")

    assert hd.info("main").next_index == 0


def test_account_and_used_accounts_rederive(hd: HdWallets) -> None:
    hd.import_mnemonic("main", ANVIL_MNEMONIC, "pw")
    hd.next_account("main", "pw")
    hd.next_account("main", "pw")

    assert hd.account("main", "pw", 2).address == ANVIL_ADDRESSES[2]
    assert [a.address for a in hd.used_accounts("main", "pw")] == list(ANVIL_ADDRESSES[:2])


def test_concurrent_reservations_never_share_an_index(hd: HdWallets) -> None:
    hd.import_mnemonic("main", ANVIL_MNEMONIC, "pw")
    results: list[int] = []
    errors: list[BaseException] = []

    def reserve() -> None:
        try:
            results.append(hd.next_account("main", "pw")[0])
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=reserve) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == list(range(8))
    assert hd.info("main").next_index == 8


@pytest.mark.parametrize("words", [12, 24])
def test_create_returns_a_valid_mnemonic_matching_the_stored_one(hd: HdWallets, words: int) -> None:
    new = hd.create("main", "pw", words=words)

    assert len(new.mnemonic.split()) == words
    assert normalize_mnemonic(new.mnemonic) == new.mnemonic
    assert hd.account("main", "pw", 5).address == derive_account(new.mnemonic, 5).address
    assert new.info == hd.info("main")


def test_create_rejects_odd_word_counts(hd: HdWallets) -> None:
    with pytest.raises(InvalidMnemonicError):
        hd.create("main", "pw", words=13)


def test_two_created_wallets_differ(hd: HdWallets) -> None:
    assert hd.create("a", "pw").mnemonic != hd.create("b", "pw").mnemonic


def test_state_file_holds_neither_mnemonic_nor_addresses_nor_keys(hd: HdWallets) -> None:
    info = hd.import_mnemonic("main", ANVIL_MNEMONIC, "pw")
    _, account = hd.next_account("main", "pw")

    state = json.loads(info.path.read_text())
    assert set(state) == {"kind", "version", "created", "path_prefix", "next_index", "crypto"}
    secrets: list[bytes | str] = [ANVIL_MNEMONIC, "junk", bytes(account.key)]
    secrets += list(ANVIL_ADDRESSES)
    secrets += [address.lower().removeprefix("0x") for address in ANVIL_ADDRESSES]
    assert files_containing(hd.dir.root, secrets) == []


def test_public_data_has_no_addresses(hd: HdWallets) -> None:
    info = hd.import_mnemonic("main", ANVIL_MNEMONIC, "pw")

    assert info.public_data() == {
        "name": "main",
        "path": str(info.path),
        "created": info.created,
        "next_index": 0,
    }


def test_missing_wallet_is_typed(hd: HdWallets) -> None:
    with pytest.raises(HdWalletNotFoundError, match="create or import"):
        hd.next_account("nope", "pw")


@pytest.mark.parametrize(
    ("field", "value"),
    [("next_index", -1), ("next_index", "3"), ("path_prefix", "m/44'/0'/0'/0"), ("kind", "x")],
)
def test_damaged_state_files_are_refused(hd: HdWallets, field: str, value: object) -> None:
    info = hd.import_mnemonic("main", ANVIL_MNEMONIC, "pw")
    state = json.loads(info.path.read_text())
    state[field] = value
    info.path.write_text(json.dumps(state))

    with pytest.raises(InvalidWalletFileError):
        hd.next_account("main", "pw")
