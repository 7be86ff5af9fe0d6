"""Getting passwords and private keys from the user without leaking them.

A password comes from, in order: the environment variable the caller names (it must then be
set), ``$BAZAAR_WALLET_PASSWORD``, or a hidden prompt. A private key to import comes from a
stream (stdin, a pipe) or a hidden prompt, never from a command-line argument, which other
users could read in the process list. Error messages never repeat what was typed.

Example:
    >>> get_password(purpose="keystore 'alice'", environ={"BAZAAR_WALLET_PASSWORD": "pw"})
    'pw'
    >>> parse_private_key("0x" + "11" * 32) == bytes([0x11]) * 32
    True
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Callable, Mapping
from typing import TextIO

from core.settings import environment_variables
from wallet.errors import InvalidPrivateKeyError, PasswordUnavailableError

PASSWORD_ENV = "BAZAAR_WALLET_PASSWORD"
SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

Prompt = Callable[[str], str]
_HEX_KEY = re.compile(r"(?:0x)?[0-9a-fA-F]{64}")


def _ask(prompt: Prompt, text: str, hint: str = f"or set ${PASSWORD_ENV}") -> str:
    try:
        return prompt(text)
    except (EOFError, KeyboardInterrupt) as exc:
        raise PasswordUnavailableError(
            f"no input for {text.strip()!r}: run in a terminal, {hint}"
        ) from exc


def get_password(
    *,
    purpose: str,
    env_var: str | None = None,
    new: bool = False,
    prompt: Prompt = getpass.getpass,
    environ: Mapping[str, str] | None = None,
) -> str:
    """Get a password from the environment or a hidden prompt.

    Args:
        purpose: What the password is for, shown in the prompt (``"keystore 'alice'"``).
        env_var: Name of an environment variable that must hold the password. When ``None``,
            ``$BAZAAR_WALLET_PASSWORD`` is used if set, else the user is prompted.
        new: The password protects a new secret: prompt twice, and refuse an empty one.
        prompt: Reads a line without echo (``getpass.getpass``; tests pass a fake).
        environ: The environment (default: the process's, through
            :func:`core.settings.environment_variables`).

    Raises:
        PasswordUnavailableError: The named variable is unset, there is no terminal to prompt on,
            the two entries differ, or a new password is empty.
    """
    env = environment_variables() if environ is None else environ
    if env_var is not None and env_var not in env:
        raise PasswordUnavailableError(
            f"${env_var} is not set; export it, or leave out the variable name to be prompted"
        )
    name = env_var if env_var is not None else PASSWORD_ENV
    if name in env:
        password = env[name]
        if new and not password:
            raise PasswordUnavailableError(f"${name} is empty; a new {purpose} needs a password")
        return password
    password = _ask(prompt, f"Password for {purpose}: ")
    if new:
        if not password:
            raise PasswordUnavailableError(f"a new {purpose} needs a non-empty password")
        if _ask(prompt, f"Repeat the password for {purpose}: ") != password:
            raise PasswordUnavailableError("the two passwords differ; run the command again")
    return password


def parse_private_key(text: str) -> bytes:
    """A secp256k1 private key from 64 hex digits (``0x`` optional, whitespace trimmed).

    Raises:
        InvalidPrivateKeyError: Not 32 bytes of hex, or not in [1, n-1] for the curve order n.
    """
    cleaned = text.strip()
    if not _HEX_KEY.fullmatch(cleaned):
        raise InvalidPrivateKeyError(
            "a private key is 64 hexadecimal digits, optionally prefixed with 0x; "
            "check that it was pasted completely"
        )
    key = bytes.fromhex(cleaned.removeprefix("0x"))
    if not 0 < int.from_bytes(key, "big") < SECP256K1_ORDER:
        raise InvalidPrivateKeyError("that number is not a valid secp256k1 private key")
    return key


def read_private_key(*, stream: TextIO | None = None, prompt: Prompt = getpass.getpass) -> bytes:
    """Read a private key from the first line of ``stream``, or a hidden prompt without one.

    Raises:
        InvalidPrivateKeyError: The line is not a valid private key.
        PasswordUnavailableError: No stream and no terminal to prompt on.
    """
    if stream is not None:
        return parse_private_key(stream.readline())
    return parse_private_key(_ask(prompt, "Private key (input hidden): ", "or pipe it on stdin"))
