"""Sign-In with Ethereum (EIP-4361): nonce, verify, session.

1. ``POST /v1/auth/nonce`` returns a nonce and the exact domain, URI and chain id to use:
   those of the origin the request came to when the API accepts it (see
   :func:`api.crud.auth.origins`), else the configured ``siwe_domain`` and ``siwe_uri``.
2. The wallet signs an EIP-4361 message carrying them (``personal_sign``).
3. ``POST /v1/auth/verify`` checks it and returns a bearer token for every write.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from api.crud import auth
from api.deps import AnonymousWriter, BearerToken, SessionDep, SettingsDep, WriteSessionDep
from api.models.auth import NewSessionPublic, NoncePublic, SessionPublic, SignIn
from api.models.common import now
from api.routes.responses import errors

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/nonce", status_code=status.HTTP_201_CREATED, responses=errors(429))
def create_nonce(
    request: Request, _limit: AnonymousWriter, session: WriteSessionDep, settings: SettingsDep
) -> NoncePublic:
    """Issue a single-use nonce for a sign-in message, valid for a few minutes."""
    origin = _origins(request, settings)[0]
    return auth.issue_nonce(session, settings, origin, now())


def _origins(request: Request, settings: SettingsDep) -> list[auth.SignInOrigin]:
    return auth.origins(settings, request.headers.get("host"), request.url.scheme)


@router.post(
    "/verify",
    responses=errors(
        400, 401, 429, e400="Not an EIP-4361 message", e401="Refused (the detail says why)"
    ),
)
def verify(
    body: SignIn,
    request: Request,
    _limit: AnonymousWriter,
    session: WriteSessionDep,
    settings: SettingsDep,
) -> NewSessionPublic:
    """Verify a signed sign-in message and open a session for its signer."""
    return auth.sign_in(session, settings, _origins(request, settings), body, now())


@router.get("/session", responses=errors(401))
def current_session(token: BearerToken, session: SessionDep) -> SessionPublic:
    """The session of the bearer token (without the token)."""
    row = auth.session_of(session, token, now())
    return SessionPublic(address=row.address, expires_at=row.expires_at)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401))
def logout(token: BearerToken, session: WriteSessionDep) -> None:
    """Revoke the bearer token."""
    auth.sign_out(session, token, now())
