"""Typed FastAPI dependencies: settings, database sessions, the signed-in address.

Routes declare what they need with these aliases::

    def follow(address: Address, me: SignedInWriter, session: WriteSessionDep) -> ...

``SignedInWriter`` checks the bearer token *and* counts the write against the address's
rate limit; ``Viewer`` only checks the token (for reads such as the following feed).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from api.core import ratelimit
from api.core.config import ApiSettings
from api.core.db import Database
from api.crud.auth import session_of
from api.errors import AuthenticationRequiredError
from api.models.common import now


async def get_settings(request: Request) -> ApiSettings:
    """The settings the app was created with (async: no worker thread for an attribute)."""
    settings: ApiSettings = request.app.state.settings
    return settings


async def get_database(request: Request) -> Database:
    """The app's engines (async: no worker thread for an attribute)."""
    database: Database = request.app.state.database
    return database


SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]


async def get_session(database: DatabaseDep) -> AsyncIterator[Session]:
    """A read-only session for this request.

    Async on purpose: opening a session does no I/O (the first query connects, in the
    route's worker thread), and closing it only hands the connection back to the pool, so
    neither is worth two extra hops through the thread pool on every request.
    """
    with Session(database.reader) as session:
        yield session


async def get_write_session(database: DatabaseDep) -> AsyncIterator[Session]:
    """A writing session for this request (async for the same reason); the route commits
    what it wants kept."""
    with Session(database.writer, expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
WriteSessionDep = Annotated[Session, Depends(get_write_session)]

bearer = HTTPBearer(
    auto_error=False,
    description="The token from POST /v1/auth/verify (Sign-In with Ethereum).",
)
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def _token(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None:
        raise AuthenticationRequiredError(
            "sign in first: POST /v1/auth/nonce, sign the message, POST /v1/auth/verify, "
            "then send Authorization: Bearer <token>"
        )
    return credentials.credentials


def bearer_token(credentials: BearerDep) -> str:
    """The bearer token of the request.

    Raises:
        AuthenticationRequiredError: No ``Authorization: Bearer`` header.
    """
    return _token(credentials)


def viewer(credentials: BearerDep, session: SessionDep) -> str:
    """The signed-in address (reads).

    Raises:
        AuthenticationRequiredError: No valid session token.
    """
    return session_of(session, _token(credentials), now()).address


def signed_in_writer(
    credentials: BearerDep, session: WriteSessionDep, settings: SettingsDep
) -> str:
    """The signed-in address, after counting this write against its rate limit.

    Raises:
        AuthenticationRequiredError: No valid session token.
        RateLimitExceededError: The address wrote too often in this window.
    """
    moment = now()
    address = session_of(session, _token(credentials), moment).address
    ratelimit.hit(
        session,
        f"address:{address}",
        limit=settings.write_rate_limit,
        length=settings.rate_window,
        now=moment,
        what="writes per address",
    )
    return address


def client_ip(request: Request, settings: ApiSettings) -> str:
    """The client's IP: the first ``X-Forwarded-For`` hop when the proxy is trusted."""
    if settings.trust_forwarded_for:
        forwarded = request.headers.get("x-forwarded-for", "").split(",")[0].strip()
        if forwarded:
            return forwarded[:64]
    return request.client.host if request.client else "unknown"


def anonymous_writer(request: Request, session: WriteSessionDep, settings: SettingsDep) -> None:
    """Count an anonymous write (nonce, sign-in, shipping envelope) against the client IP's
    rate limit.

    Raises:
        RateLimitExceededError: This IP wrote too often in this window.
    """
    ratelimit.hit(
        session,
        f"ip:{client_ip(request, settings)}",
        limit=settings.anonymous_rate_limit,
        length=settings.rate_window,
        now=now(),
        what="anonymous writes (sign-in, shipping envelopes) per client",
    )


Viewer = Annotated[str, Depends(viewer)]
SignedInWriter = Annotated[str, Depends(signed_in_writer)]
AnonymousWriter = Annotated[None, Depends(anonymous_writer)]
BearerToken = Annotated[str, Depends(bearer_token)]
