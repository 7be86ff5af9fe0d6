"""wallet/passwords.py: passwords from env or prompt, private keys from a stream or prompt."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from wallet.errors import InvalidPrivateKeyError, PasswordUnavailableError
from wallet.passwords import SECP256K1_ORDER, get_password, parse_private_key, read_private_key

KEY_HEX = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"


def _prompter(*answers: str) -> tuple[Callable[[str], str], list[str]]:
    asked: list[str] = []
    queue = list(answers)

    def prompt(text: str) -> str:
        asked.append(text)
        return queue.pop(0)

    return prompt, asked


def _no_prompt(text: str) -> str:
    raise AssertionError(f"must not prompt, but asked {text!r}")


def _eof(text: str) -> str:
    raise EOFError


def test_default_env_var_is_used_without_prompting() -> None:
    env = {"BAZAAR_WALLET_PASSWORD": "from-env"}

    assert get_password(purpose="x", environ=env, prompt=_no_prompt) == "from-env"


def test_named_env_var_wins_over_default() -> None:
    env = {"BAZAAR_WALLET_PASSWORD": "default", "SHOP_PW": "named"}

    assert get_password(purpose="x", env_var="SHOP_PW", environ=env, prompt=_no_prompt) == "named"


def test_named_env_var_must_be_set() -> None:
    env = {"BAZAAR_WALLET_PASSWORD": "default"}

    with pytest.raises(PasswordUnavailableError, match=r"\$SHOP_PW is not set"):
        get_password(purpose="x", env_var="SHOP_PW", environ=env, prompt=_no_prompt)


def test_prompt_when_no_env_names_the_purpose() -> None:
    prompt, asked = _prompter("typed")

    assert get_password(purpose="keystore 'alice'", environ={}, prompt=prompt) == "typed"
    assert asked == ["Password for keystore 'alice': "]


def test_new_password_is_asked_twice() -> None:
    prompt, asked = _prompter("secret", "secret")

    assert get_password(purpose="k", new=True, environ={}, prompt=prompt) == "secret"
    assert len(asked) == 2


def test_new_password_mismatch_is_refused() -> None:
    prompt, _ = _prompter("secret", "secreT")

    with pytest.raises(PasswordUnavailableError, match="differ"):
        get_password(purpose="k", new=True, environ={}, prompt=prompt)


def test_new_password_cannot_be_empty() -> None:
    prompt, _ = _prompter("", "")

    with pytest.raises(PasswordUnavailableError, match="non-empty"):
        get_password(purpose="k", new=True, environ={}, prompt=prompt)


def test_new_password_from_empty_env_is_refused() -> None:
    with pytest.raises(PasswordUnavailableError, match="is empty"):
        get_password(purpose="k", new=True, environ={"BAZAAR_WALLET_PASSWORD": ""})


def test_no_terminal_is_a_typed_error() -> None:
    with pytest.raises(PasswordUnavailableError, match="BAZAAR_WALLET_PASSWORD"):
        get_password(purpose="k", environ={}, prompt=_eof)


def test_process_environment_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAZAAR_WALLET_PASSWORD", "process-env")

    assert get_password(purpose="k", prompt=_no_prompt) == "process-env"


@pytest.mark.parametrize("text", [KEY_HEX, "0x" + KEY_HEX, f"  0x{KEY_HEX.upper()}\n"])
def test_parse_private_key_accepts_hex_forms(text: str) -> None:
    assert parse_private_key(text) == bytes.fromhex(KEY_HEX)


@pytest.mark.parametrize(
    "text",
    [
        "",
        KEY_HEX[:-1],
        KEY_HEX + "00",
        "0x" + "g" * 64,
        "00" * 32,
        f"{SECP256K1_ORDER:064x}",
        "test test test test test test test test test test test junk",
    ],
)
def test_parse_private_key_rejects_without_echoing(text: str) -> None:
    with pytest.raises(InvalidPrivateKeyError) as raised:
        parse_private_key(text)

    if text.strip():
        assert text.strip() not in str(raised.value)


def test_read_private_key_from_stream_reads_first_line() -> None:
    stream = io.StringIO(f"0x{KEY_HEX}\nignored\n")

    assert read_private_key(stream=stream, prompt=_no_prompt) == bytes.fromhex(KEY_HEX)


def test_read_private_key_prompts_hidden_without_stream() -> None:
    prompt, asked = _prompter(KEY_HEX)

    assert read_private_key(prompt=prompt) == bytes.fromhex(KEY_HEX)
    assert asked == ["Private key (input hidden): "]


def test_read_private_key_without_terminal_suggests_stdin() -> None:
    with pytest.raises(PasswordUnavailableError, match="stdin"):
        read_private_key(prompt=_eof)
