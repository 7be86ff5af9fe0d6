"""OpenAPI descriptions of the error responses routes declare.

Example:
    >>> sorted(errors(401, 429))
    [401, 429]
"""

from __future__ import annotations

from typing import Any

from api.models.common import ErrorPublic

Responses = dict[int | str, dict[str, Any]]

DESCRIPTIONS = {
    400: "The request breaks a rule (the detail says which)",
    401: "Not signed in, or the session expired",
    403: "Not allowed for the signed-in address",
    404: "Not found",
    409: "Conflicts with the current state",
    413: "Too large",
    429: "Too many writes; see Retry-After",
    503: "A dependency is unavailable",
}


def errors(*codes: int, **overrides: str) -> Responses:
    """``responses=`` for the given status codes; ``overrides`` as ``e400="..."``."""
    return {
        code: {
            "model": ErrorPublic,
            "description": overrides.get(f"e{code}", DESCRIPTIONS[code]),
        }
        for code in codes
    }


WRITE = errors(401, 429)
"""What any signed-in write can answer besides its own errors."""
