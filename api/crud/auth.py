"""Sign-In with Ethereum: issue nonces, verify signed messages, open and check sessions.

A message may name any of the API's sign-in origins (:func:`origins`): the configured
``siwe_domain`` with ``siwe_uri``, each of ``siwe_allowed_domains``, and in development the
authority the request came to, so a storefront opened at ``http://127.0.0.1:8000`` signs in
as well as one opened at ``http://localhost:8000``. In production the request's ``Host`` is
not trusted on its own: a client chooses it, so a phishing site's signed message, replayed
with a forged ``Host``, would otherwise open a session here; list every public name the
storefront is served under instead.

Verification reuses :func:`wallet.siwe.verify_siwe` (signature, domain and scheme, URI,
chain id, validity window). The nonce is then consumed with one conditional ``UPDATE``, so
of two concurrent sign-ins with the same message exactly one succeeds, and a replayed
message, an unknown nonce or an expired one is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import CursorResult, delete, update
from sqlmodel import Session, col

from api.core.config import ApiSettings
from api.core.security import new_session_token, token_hash
from api.errors import AuthenticationRequiredError, InvalidRequestError, SignInFailedError
from api.models.auth import AuthSession, NewSessionPublic, NoncePublic, SignIn, SiweNonce
from wallet.errors import InvalidSiweMessageError, SiweDomainMismatchError, SiweError
from wallet.siwe import new_nonce, parse_siwe_message, rules, verify_siwe


@dataclass(frozen=True)
class SignInOrigin:
    """What a sign-in message must name: domain (authority), URI and the URI's scheme."""

    domain: str
    uri: str
    scheme: str


def _origin_at(settings: ApiSettings, scheme: str, domain: str) -> SignInOrigin:
    """``siwe_uri`` moved to ``scheme://domain`` (same path, query and fragment)."""
    parts = urlsplit(settings.siwe_uri)
    uri = urlunsplit((scheme, domain, parts.path, parts.query, parts.fragment))
    return SignInOrigin(domain, uri, scheme)


def origins(settings: ApiSettings, host: str | None, scheme: str) -> list[SignInOrigin]:
    """Every origin a sign-in message sent to this request may name; the one the request
    came to first.

    Args:
        host: The request's ``Host`` header (the authority the client reached).
        scheme: The request's scheme (``http`` or ``https``).
    """
    primary = SignInOrigin(settings.siwe_domain, settings.siwe_uri, settings.siwe_scheme)
    found = [primary] + [
        _origin_at(settings, settings.siwe_scheme, domain)
        for domain in settings.siwe_allowed_domains
        if domain != settings.siwe_domain.lower()
    ]
    if not host or not rules.is_authority(host):
        return found
    own = next((origin for origin in found if origin.domain.lower() == host.lower()), None)
    if own is None and settings.environment == "development":
        own = _origin_at(settings, scheme, host.lower())
    if own is None:
        return found
    return [own, *(origin for origin in found if origin is not own)]


def issue_nonce(
    session: Session, settings: ApiSettings, origin: SignInOrigin, now: int
) -> NoncePublic:
    """Store a fresh nonce valid for ``settings.nonce_ttl`` seconds and describe it, with
    the domain and URI of ``origin`` (the first of :func:`origins`)."""
    session.execute(delete(SiweNonce).where(col(SiweNonce.expires_at) < now - settings.nonce_ttl))
    row = SiweNonce(nonce=new_nonce(), created_at=now, expires_at=now + settings.nonce_ttl)
    session.add(row)
    session.commit()
    return NoncePublic(
        nonce=row.nonce,
        expires_at=row.expires_at,
        domain=origin.domain,
        uri=origin.uri,
        chain_id=settings.chain_id,
        statement=settings.siwe_statement,
    )


def _consume_nonce(session: Session, nonce: str, now: int) -> None:
    result = session.execute(
        update(SiweNonce)
        .where(
            col(SiweNonce.nonce) == nonce,
            col(SiweNonce.used_at).is_(None),
            col(SiweNonce.expires_at) > now,
        )
        .values(used_at=now)
    )
    if isinstance(result, CursorResult) and result.rowcount == 1:
        return
    session.rollback()
    row = session.get(SiweNonce, nonce)
    if row is None:
        raise SignInFailedError(
            "the message's nonce was not issued here; get one from /v1/auth/nonce"
        )
    if row.used_at is not None:
        raise SignInFailedError("the message's nonce was already used; sign in with a new nonce")
    raise SignInFailedError("the message's nonce expired; get a new one from /v1/auth/nonce")


def sign_in(
    session: Session,
    settings: ApiSettings,
    accepted: list[SignInOrigin],
    body: SignIn,
    now: int,
) -> NewSessionPublic:
    """Verify ``body`` and open a session for its signer.

    The message must name one of the ``accepted`` origins (from :func:`origins`).

    Raises:
        InvalidRequestError: The message is not EIP-4361 text.
        SignInFailedError: Bad signature; wrong domain, scheme, URI or chain; expired or not yet
            valid message; unknown, used or expired nonce.
    """
    try:
        message = parse_siwe_message(body.message)
    except InvalidSiweMessageError as exc:
        raise InvalidRequestError(f"not a Sign-In with Ethereum message: {exc}") from exc
    named = message.domain.lower()
    configured = SignInOrigin(settings.siwe_domain, settings.siwe_uri, settings.siwe_scheme)
    origin = next((each for each in accepted if each.domain.lower() == named), configured)
    try:
        address = verify_siwe(
            body.message,
            body.signature,
            expected_domain=origin.domain,
            expected_scheme=origin.scheme,
            expected_uri=origin.uri,
            expected_chain_id=settings.chain_id,
            now=datetime.fromtimestamp(now, UTC),
        )
    except SiweDomainMismatchError as exc:
        domains = ", ".join(repr(each.domain) for each in accepted)
        raise SignInFailedError(f"{exc} (this API accepts {domains})") from exc
    except SiweError as exc:
        raise SignInFailedError(str(exc)) from exc
    _consume_nonce(session, message.nonce, now)
    expires_at = now + settings.session_ttl
    if message.expiration_at is not None:
        expires_at = min(expires_at, int(message.expiration_at.timestamp()))
    token = new_session_token()
    session.add(
        AuthSession(
            token_hash=token_hash(token), address=address, created_at=now, expires_at=expires_at
        )
    )
    session.commit()
    return NewSessionPublic(token=token, address=address, expires_at=expires_at)


def session_of(session: Session, token: str, now: int) -> AuthSession:
    """The live session of bearer ``token``.

    Raises:
        AuthenticationRequiredError: Unknown, revoked or expired token.
    """
    row = session.get(AuthSession, token_hash(token))
    if row is None or row.revoked_at is not None:
        raise AuthenticationRequiredError("the session token is not valid; sign in again")
    if row.expires_at <= now:
        raise AuthenticationRequiredError("the session expired; sign in again")
    return row


def sign_out(session: Session, token: str, now: int) -> None:
    """Revoke bearer ``token`` (its row stays until it would have expired)."""
    row = session_of(session, token, now)
    row.revoked_at = now
    session.add(row)
    session.execute(delete(AuthSession).where(col(AuthSession.expires_at) < now))
    session.commit()
