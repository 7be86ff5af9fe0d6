"""``bazaar wallet``: new, import, list, balance, and the errors a user can run into."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from cli_helpers import TEST_SCRYPT_N, Stack, one_line_error
from eth_account import Account

from chain.anvil import dev_account, free_port
from wallet.keystore import Keystores
from wallet.storage import WalletDir

PASSWORD = "correct horse battery staple"
CHEAP = ("--scrypt-n", str(TEST_SCRYPT_N))


@pytest.fixture
def keystore_dir(tmp_path: Path) -> Path:
    return tmp_path / "keystores"


def _store(keystore_dir: Path) -> Keystores:
    return Keystores(WalletDir(keystore_dir, flat="keystores"))


def test_new_with_password_env_stores_an_encrypted_keystore(
    stack: Stack, keystore_dir: Path
) -> None:
    result = stack.cli(
        "wallet", "new", "alice", "--password-env", "PW", *CHEAP,
        "--keystore-dir", keystore_dir,
        env={"PW": PASSWORD},
    )  # fmt: skip
    path = keystore_dir / "alice.json"
    assert "created keystore alice" in result.stdout
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    account = _store(keystore_dir).unlock("alice", PASSWORD)
    assert account.address in result.stdout
    text = path.read_text()
    assert bytes(account.key).hex() not in text.lower()  # never a raw key on disk
    assert json.loads(text)["crypto"]["kdf"] == "scrypt"


def test_new_prompts_twice_for_the_password(stack: Stack, keystore_dir: Path) -> None:
    stack.cli(
        "wallet", "new", "bob", *CHEAP, "--keystore-dir", keystore_dir,
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert _store(keystore_dir).unlock("bob", PASSWORD).address


def test_new_refuses_two_different_passwords(stack: Stack, keystore_dir: Path) -> None:
    result = stack.cli(
        "wallet", "new", "bob", *CHEAP, "--keystore-dir", keystore_dir,
        input=f"{PASSWORD}\nsomething else\n", expect=1,
    )  # fmt: skip
    assert "the two passwords differ" in one_line_error(result)
    assert not (keystore_dir / "bob.json").exists()


def test_new_refuses_an_existing_name(stack: Stack, keystore_dir: Path) -> None:
    args = ("wallet", "new", "carol", "--password-env", "PW", *CHEAP)
    stack.cli(*args, "--keystore-dir", keystore_dir, env={"PW": PASSWORD})
    result = stack.cli(*args, "--keystore-dir", keystore_dir, env={"PW": PASSWORD}, expect=1)
    assert "already exists" in one_line_error(result)


def test_import_reads_the_private_key_from_stdin(stack: Stack, keystore_dir: Path) -> None:
    key = dev_account(7).key.hex()
    result = stack.cli(
        "wallet", "import", "dev7", "--password-env", "PW", *CHEAP,
        "--keystore-dir", keystore_dir,
        input=key + "\n", env={"PW": PASSWORD},
    )  # fmt: skip
    assert dev_account(7).address in result.stdout
    assert key.removeprefix("0x") not in (keystore_dir / "dev7.json").read_text()
    assert _store(keystore_dir).unlock("dev7", PASSWORD).address == dev_account(7).address


def test_import_refuses_a_malformed_key_without_echoing_it(
    stack: Stack, keystore_dir: Path
) -> None:
    secret = "12" * 31  # 62 digits: one byte short
    result = stack.cli(
        "wallet", "import", "bad", "--password-env", "PW", "--keystore-dir", keystore_dir,
        input=secret + "\n", env={"PW": PASSWORD}, expect=1,
    )  # fmt: skip
    message = one_line_error(result)
    assert "64 hexadecimal digits" in message and secret not in message


def test_import_a_keystore_file_from_another_tool(
    stack: Stack, keystore_dir: Path, tmp_path: Path
) -> None:
    foreign = tmp_path / "geth.json"
    foreign.write_text(json.dumps(Account.encrypt(dev_account(8).key, "old", kdf="pbkdf2")))
    stack.cli(
        "wallet", "import", "dev8", "--keystore-file", foreign, "--source-password-env", "OLD",
        "--password-env", "PW", *CHEAP, "--keystore-dir", keystore_dir,
        env={"OLD": "old", "PW": PASSWORD},
    )  # fmt: skip
    stored = json.loads((keystore_dir / "dev8.json").read_text())
    assert stored["crypto"]["kdf"] == "scrypt"
    assert _store(keystore_dir).unlock("dev8", PASSWORD).address == dev_account(8).address


def test_import_a_keystore_file_with_the_wrong_password(
    stack: Stack, keystore_dir: Path, tmp_path: Path
) -> None:
    foreign = tmp_path / "geth.json"
    foreign.write_text(json.dumps(Account.encrypt(dev_account(8).key, "old", kdf="pbkdf2")))
    result = stack.cli(
        "wallet", "import", "dev8", "--keystore-file", foreign, "--source-password-env", "OLD",
        "--password-env", "PW", "--keystore-dir", keystore_dir,
        env={"OLD": "not it", "PW": PASSWORD}, expect=1,
    )  # fmt: skip
    assert "wrong password" in one_line_error(result)


def test_list_shows_every_keystore_and_no_secret(stack: Stack, keystore_dir: Path) -> None:
    for name in ("one", "two"):
        stack.cli(
            "wallet", "new", name, "--password-env", "PW", *CHEAP,
            "--keystore-dir", keystore_dir, env={"PW": PASSWORD},
        )  # fmt: skip
    result = stack.cli("wallet", "list", "--keystore-dir", keystore_dir)
    for info in _store(keystore_dir).list_all():
        assert info.name in result.stdout and info.address in result.stdout
    assert "ciphertext" not in result.stdout


def test_list_of_an_empty_directory_says_how_to_start(stack: Stack, keystore_dir: Path) -> None:
    result = stack.cli("wallet", "list", "--keystore-dir", keystore_dir)
    assert "bazaar wallet new" in result.stdout


def test_balance_shows_eth_token_and_credits(stack: Stack, keystore_dir: Path) -> None:
    stack.cli(
        "wallet", "new", "payer", "--password-env", "PW", *CHEAP,
        "--keystore-dir", keystore_dir, env={"PW": PASSWORD},
    )  # fmt: skip
    address = _store(keystore_dir).info("payer").address
    stack.mint(address, 12_500_000)  # 12.5 TUSD
    result = stack.cli(
        "wallet", "balance", "payer", "--token", stack.token, "--keystore-dir", keystore_dir
    )
    row = next(line for line in result.stdout.splitlines() if address in line)
    cells = [cell.strip() for cell in row.split("│") if cell.strip()]
    assert cells == ["payer", address, "0 ETH", "12.5 TUSD", "0 bcETH"]


def test_balance_of_a_dev_account(stack: Stack) -> None:
    expected = stack.w3.eth.get_balance(dev_account(9).address) // 10**18
    result = stack.cli("wallet", "balance", "--dev-account", "9")
    assert f"{expected}" in result.stdout and dev_account(9).address in result.stdout


def test_balance_of_an_unknown_keystore(stack: Stack, keystore_dir: Path) -> None:
    result = stack.cli("wallet", "balance", "nobody", "--keystore-dir", keystore_dir, expect=1)
    assert "no keystore named 'nobody'" in one_line_error(result)


def test_balance_with_a_bad_token_address(stack: Stack) -> None:
    result = stack.cli("wallet", "balance", "--dev-account", "9", "--token", "0x1234", expect=1)
    assert "is not an address" in one_line_error(result)


def test_balance_with_the_rpc_down(stack: Stack) -> None:
    result = stack.cli(
        "wallet", "balance", "--dev-account", "1", "--rpc", f"http://127.0.0.1:{free_port()}",
        expect=1,
    )  # fmt: skip
    assert "cannot reach the RPC" in one_line_error(result)


def test_keystores_default_to_home_bazaar_keystores(stack: Stack, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"HOME": str(home), "BAZAAR_KEYSTORE_DIR": None, "PW": PASSWORD}
    stack.cli("wallet", "new", "default", "--password-env", "PW", *CHEAP, env=env)
    assert (home / ".bazaar" / "keystores" / "default.json").is_file()
    assert "default" in stack.cli("wallet", "list", env=env).stdout
