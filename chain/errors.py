"""The chain branch of Bazaar's exception tree (the root and its branches: :mod:`core.errors`).

Everything here derives from :class:`~core.errors.ChainError`, and, where the failure has
a general kind, from that kind's branch too (a missing manifest is a
:class:`~core.errors.NotFoundError`, missing artifacts a
:class:`~core.errors.ConfigurationError`).

Example:
    >>> try:
    ...     raise ManifestNotFoundError("no deployment for chain 5")
    ... except ChainError as exc:
    ...     print(type(exc).__name__, exc)
    ManifestNotFoundError no deployment for chain 5
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.errors import (
    ChainError,
    ConfigurationError,
    NotFoundError,
)

__all__ = [
    "AnvilError",
    "ArtifactError",
    "ArtifactsMissingError",
    "ChainError",
    "ContractRevertError",
    "DealNotFoundError",
    "DeploymentError",
    "ManifestError",
    "ManifestInvalidError",
    "ManifestNotFoundError",
    "OrderNotFoundError",
    "RentalNotFoundError",
    "TransactionError",
    "TransactionFailedError",
    "UnknownEventError",
]


# ----------------------------------------------------------------------------- chain branch


class ArtifactError(ChainError):
    """A compiled contract artifact is missing, malformed or unknown."""


class ArtifactsMissingError(ArtifactError, ConfigurationError):
    """No artifacts were exported yet; the fix is to run `make build`."""


class ManifestError(ChainError):
    """A deployment manifest is missing or invalid."""


class ManifestNotFoundError(ManifestError, NotFoundError):
    """There is no deployment manifest for the requested chain."""


class ManifestInvalidError(ManifestError):
    """A deployment manifest exists but does not validate."""


class DeploymentError(ChainError):
    """Deploying contracts failed."""


class TransactionError(ChainError):
    """A transaction could not be built, sent or mined successfully."""


class TransactionFailedError(TransactionError):
    """A transaction was mined but its receipt reports failure (status 0)."""


class UnknownEventError(ChainError):
    """A log's topic0 matches no event in any artifact ABI."""


class OrderNotFoundError(ChainError, NotFoundError):
    """An escrowed order could not be rebuilt from the chain's events."""


class RentalNotFoundError(ChainError, NotFoundError):
    """A rental could not be rebuilt from the RentalEscrow's events."""


class DealNotFoundError(ChainError, NotFoundError):
    """A Reputation deal could not be rebuilt from the chain's events."""


class AnvilError(ChainError):
    """The local anvil node could not be started or did not answer."""


def _format_value(value: Any) -> str:
    if isinstance(value, Mapping):
        inner = ", ".join(f"{k}={_format_value(v)}" for k, v in value.items())
        return f"({inner})"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_format_value(v) for v in value) + "]"
    return str(value)


class ContractRevertError(ChainError):
    """A contract call reverted; the revert data was decoded against the known ABIs.

    Attributes:
        contract: Name of the contract that was called (or that declares the error).
        error: Error name, e.g. ``MarketplaceNotBuyer``, ``Error`` or ``Panic``;
            ``None`` when the revert data matched no known error.
        error_args: Decoded arguments by name, as plain Python values (``args`` is
            ``BaseException``'s own tuple, so the decoded ones live here).
        data: The raw revert data as a 0x-prefixed hex string.
        hint: What the user can do about it, when known.

    Example:
        >>> exc = ContractRevertError("Marketplace", "MarketplaceWrongPayment",
        ...                      {"sent": 1, "expected": 2}, "0x")
        >>> str(exc)
        'Marketplace reverted: MarketplaceWrongPayment(sent=1, expected=2)'
    """

    def __init__(
        self,
        contract: str,
        error: str | None,
        args: Mapping[str, Any],
        data: str,
        hint: str | None = None,
    ) -> None:
        self.contract = contract
        self.error = error
        self.error_args: dict[str, Any] = dict(args)
        self.data = data
        self.hint = hint
        super().__init__(self._render())

    def _render(self) -> str:
        if self.error is None:
            detail = f"unknown error (data {self.data or '0x'})"
        else:
            detail = f"{self.error}{_format_value(self.error_args)}"
        message = f"{self.contract} reverted: {detail}"
        if self.hint:
            message += f". {self.hint}"
        return message
