"""The API branch of Bazaar's exception tree: one class per HTTP failure the API reports.

Every class derives from :class:`core.errors.ApiError` and carries the HTTP status it maps
to; :func:`api.main.create_app` renders any of them as ``{"detail": ..., "code": ...}``,
where ``code`` is the class name without the ``Error`` suffix every exception class
carries (``ResourceNotFoundError`` answers ``"ResourceNotFound"``), so clients can branch
on it without parsing prose.

Example:
    >>> error = RateLimitExceededError("30 writes per minute; retry in 12 s", retry_after=12)
    >>> error.status_code, error.code, error.headers()
    (429, 'RateLimitExceeded', {'Retry-After': '12'})
"""

from __future__ import annotations

from typing import ClassVar

from core.errors import ApiError, ConflictError, InvalidInputError, NotFoundError

__all__ = [
    "ApiError",
    "AuthenticationRequiredError",
    "HttpApiError",
    "InvalidRequestError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitExceededError",
    "ResourceConflictError",
    "ResourceNotFoundError",
    "ServiceUnavailableError",
    "ShippingRefMismatchError",
    "SignInFailedError",
    "UnknownQueryParameterError",
]


class HttpApiError(ApiError):
    """An API failure with an HTTP status; the message is shown to the client as is."""

    status_code: ClassVar[int] = 500
    code: ClassVar[str] = "HttpApiError"
    """A stable machine-readable name: the class name without its ``Error`` suffix."""

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls.code = cls.__name__.removesuffix("Error")

    def headers(self) -> dict[str, str]:
        """Extra response headers (none by default)."""
        return {}


class InvalidRequestError(HttpApiError, InvalidInputError):
    """The request is well-formed JSON but breaks a rule (400)."""

    status_code = 400


class UnknownQueryParameterError(HttpApiError):
    """A query parameter the route does not support was sent (422); the message names it
    and the accepted ones, rather than the parameter being silently ignored."""

    status_code = 422


class AuthenticationRequiredError(HttpApiError):
    """No valid session token was sent (401)."""

    status_code = 401

    def headers(self) -> dict[str, str]:
        """RFC 6750: tell the client which scheme to use."""
        return {"WWW-Authenticate": 'Bearer realm="bazaar"'}


class SignInFailedError(AuthenticationRequiredError):
    """A Sign-In with Ethereum attempt was refused (401); the message says why."""


class PermissionDeniedError(HttpApiError):
    """Signed in, but not allowed to do this (403)."""

    status_code = 403


class ResourceNotFoundError(HttpApiError, NotFoundError):
    """The thing asked for does not exist (404)."""

    status_code = 404


class ResourceConflictError(HttpApiError, ConflictError):
    """The request conflicts with the current state (409)."""

    status_code = 409


class ShippingRefMismatchError(ResourceConflictError):
    """An uploaded shipping envelope does not hash to the ``shippingRef`` its deal
    committed on chain (409)."""


class PayloadTooLargeError(HttpApiError):
    """The request body is larger than the API accepts (413)."""

    status_code = 413


class RateLimitExceededError(HttpApiError):
    """Too many writes in the current window (429).

    Attributes:
        retry_after: Seconds until the window resets.
    """

    status_code = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        """``Retry-After`` in seconds (RFC 9110)."""
        return {"Retry-After": str(self.retry_after)}


class ServiceUnavailableError(HttpApiError):
    """A dependency (database, deployment manifest) is not available (503)."""

    status_code = 503
