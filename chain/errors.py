"""Bazaar's one exception tree.

Every error the project raises on purpose derives from :class:`BazaarError`, split into one
branch per runtime package. Catch a branch to handle a whole family, or the root to catch
everything Bazaar raises. Messages say what went wrong and, where possible, what to do next.

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


class BazaarError(Exception):
    """Root of every error Bazaar raises on purpose."""


class ChainError(BazaarError):
    """Compiling, deploying, calling or decoding contracts went wrong."""


class WalletError(BazaarError):
    """Key storage, signing or encryption went wrong."""


class IndexerError(BazaarError):
    """Following the chain or projecting events into the database went wrong."""


class ApiError(BazaarError):
    """The HTTP API could not serve a request."""


# ----------------------------------------------------------------------------- chain branch


class ArtifactError(ChainError):
    """A compiled contract artifact is missing, malformed or unknown."""


class ArtifactsMissingError(ArtifactError):
    """No artifacts were exported yet; the fix is to run `make build`."""


class ManifestError(ChainError):
    """A deployment manifest is missing or invalid."""


class ManifestNotFoundError(ManifestError):
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


class OrderNotFoundError(ChainError):
    """An escrowed order could not be rebuilt from the chain's events."""


class RentalNotFoundError(ChainError):
    """A rental could not be rebuilt from the RentalEscrow's events."""


class DealNotFoundError(ChainError):
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


class ContractRevert(ChainError):
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
        >>> exc = ContractRevert("Marketplace", "MarketplaceWrongPayment",
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
