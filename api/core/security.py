"""Session tokens: random bearer secrets of which only a SHA-256 is stored.

A leaked database therefore hands out no usable token, and a token is revoked by deleting
(or marking) its row. Tokens are 256-bit URL-safe strings.

Example:
    >>> token = new_session_token()
    >>> len(token) >= 43 and token_hash(token) == token_hash(token)
    True
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32


def new_session_token() -> str:
    """A fresh bearer token (256 random bits, URL-safe base64)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the database stores for ``token``: its SHA-256 as 64 hex digits."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
