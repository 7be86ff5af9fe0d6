"""Shared constants and checks for wallet/ tests (imported as ``wallet_helpers``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

FAST_N = 2**10
"""scrypt cost for tests: the minimum the wallet accepts; test_keystore checks the default."""

ANVIL_MNEMONIC = "test test test test test test test test test test test junk"
ANVIL_ADDRESSES = (
    "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
)


def secret_forms(secret: bytes | str) -> list[bytes]:
    """Every way a secret could show up in a file: raw bytes, hex in both cases, or text."""
    if isinstance(secret, str):
        return [secret.encode("utf-8")]
    hex_lower = secret.hex().encode()
    return [secret, hex_lower, hex_lower.upper()]


def files_containing(root: Path, secrets: Iterable[bytes | str]) -> list[str]:
    """Files under ``root`` (relative paths) that contain any form of any secret."""
    forms = [form for secret in secrets for form in secret_forms(secret)]
    hits = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            content = path.read_bytes()
            if any(form in content for form in forms):
                hits.append(str(path.relative_to(root)))
    return hits
