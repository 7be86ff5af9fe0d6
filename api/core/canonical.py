"""Canonical JSON and the content hash that the chain commits.

A document's key is ``keccak256(canonical_json(document))``: the value a seller passes as a
listing's ``metadataHash`` and a reviewer as a review's ``textHash``. The canonical form is
RFC 8785 (JCS) restricted to what Bazaar documents contain, so any JCS library computes the
same bytes: object keys sorted, no insignificant whitespace, UTF-8, strings escaped only
where JSON requires it, and integers only (no floats, whose text differs between languages;
decimals are written as strings). Keys must be ASCII, where JCS's UTF-16 key order and code
point order agree.

Example:
    >>> canonical_json({"b": 1, "a": "é"})
    b'{"a":"\\xc3\\xa9","b":1}'
    >>> content_hash(b"{}")
    '0xb48d38f93eaa084033fc5970bf96e559c33c4cdc07d889ab00b4d63f9590739d'
"""

from __future__ import annotations

import json
from typing import Any

from eth_utils.crypto import keccak

from api.errors import InvalidRequestError

MAX_SAFE_INTEGER = 2**53 - 1  # beyond it JavaScript numbers (and so JCS) lose precision
MAX_DEPTH = 8


def _no_floats(text: str) -> Any:
    raise InvalidRequestError(
        f'the number {text} is not an integer; write decimals as strings, e.g. "6.1"'
    )


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidRequestError(f"the key {key!r} appears twice in one object")
        if not key.isascii():
            raise InvalidRequestError(f"the key {key!r} is not ASCII")
        result[key] = value
    return result


def parse_document(raw: bytes) -> Any:
    """Parse JSON the way the hash needs it: no floats, no duplicate or non-ASCII keys.

    Raises:
        InvalidRequestError: Not UTF-8 JSON, or it uses something the canonical form forbids.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidRequestError("the document is not UTF-8 text") from exc
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_float=_no_floats,
            parse_constant=_no_floats,
        )
    except json.JSONDecodeError as exc:
        raise InvalidRequestError(f"the document is not JSON: {exc}") from exc
    _check(value, 0)
    return value


def _check(value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise InvalidRequestError(f"the document nests deeper than {MAX_DEPTH} levels")
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise InvalidRequestError(f"{value} is beyond 2**53 - 1; write it as a string")
        return
    children = value.values() if isinstance(value, dict) else value
    for child in children:
        _check(child, depth + 1)


def canonical_json(value: Any) -> bytes:
    """The canonical bytes of a parsed document (see the module docstring)."""
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def content_hash(canonical: bytes) -> str:
    """``keccak256(canonical)`` as 0x + 64 lower-case hex digits."""
    return "0x" + keccak(canonical).hex()
