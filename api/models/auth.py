"""Sign-In with Ethereum state: issued nonces, session tokens, and rate-limit counters.

Nothing here links an address to a public profile: a session only proves who signs a write.
Timestamps are Unix seconds.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints
from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel

from api.models.common import ADDRESS_LENGTH


class SiweNonce(SQLModel, table=True):
    """``siwe_nonces``: a nonce the API issued; usable once, until ``expires_at``."""

    __tablename__ = "siwe_nonces"

    nonce: str = Field(primary_key=True, max_length=64)
    created_at: int = Field(sa_type=BigInteger)
    expires_at: int = Field(sa_type=BigInteger, index=True)
    used_at: int | None = Field(default=None, sa_type=BigInteger)


class AuthSession(SQLModel, table=True):
    """``auth_sessions``: a session token's SHA-256 (the token itself is never stored)."""

    __tablename__ = "auth_sessions"

    token_hash: str = Field(primary_key=True, max_length=64)
    address: str = Field(max_length=ADDRESS_LENGTH, index=True)
    created_at: int = Field(sa_type=BigInteger)
    expires_at: int = Field(sa_type=BigInteger, index=True)
    revoked_at: int | None = Field(default=None, sa_type=BigInteger)


class RateLimitWindow(SQLModel, table=True):
    """``rate_limits``: writes counted per key (address or client IP) and fixed window."""

    __tablename__ = "rate_limits"

    key: str = Field(primary_key=True, max_length=96)
    window: int = Field(primary_key=True, sa_type=BigInteger, index=True)
    count: int = Field(default=0)


class NoncePublic(SQLModel):
    """A fresh nonce and exactly what the sign-in message must say to be accepted.

    Attributes:
        nonce: Put it in the message's ``Nonce:`` line; it works once.
        expires_at: Unix time after which the nonce is refused.
        domain: The message's domain (first line).
        uri: The message's ``URI:``.
        chain_id: The message's ``Chain ID:``.
        statement: The statement to show the user.
    """

    nonce: str
    expires_at: int
    domain: str
    uri: str
    chain_id: int
    statement: str


class SignIn(SQLModel):
    """A signed EIP-4361 message.

    Attributes:
        message: The exact text the wallet signed (LF line endings).
        signature: The ``personal_sign`` signature, 0x + 130 hex digits.
    """

    message: str = Field(min_length=1, max_length=16_384)
    # pydantic's own constraint: SQLModel 0.0.50 silently ignores Field(regex=...).
    signature: Annotated[str, StringConstraints(pattern=r"^0x[0-9a-fA-F]{130}$")]


class SessionPublic(SQLModel):
    """A live session (what ``GET /v1/auth/session`` answers; never the token).

    Attributes:
        address: The signed-in address.
        expires_at: Unix time the token stops working.
    """

    address: str
    expires_at: int


class NewSessionPublic(SessionPublic):
    """A session just opened: send ``token`` as ``Authorization: Bearer <token>`` on every
    write. The token is returned only here, once.

    Attributes:
        token: The bearer token.
    """

    token: str
