"""The indexer's errors: the ``IndexerError`` branch of the exception tree (:mod:`core.errors`)."""

from __future__ import annotations

from core.errors import ConfigurationError, IndexerError

__all__ = [
    "ChainMismatchError",
    "ChainMovedError",
    "ConcurrentIndexerError",
    "IndexerError",
    "ProjectionError",
    "ProviderLimitError",
    "ReorgTooDeepError",
    "RpcError",
    "RpcResponseError",
    "RpcUnavailableError",
    "SchemaOutdatedError",
]


class RpcError(IndexerError):
    """Talking to the JSON-RPC node failed."""


class RpcUnavailableError(RpcError):
    """The node kept failing (timeouts, 429, 5xx, malformed answers) past the retry limit."""


class RpcResponseError(RpcError):
    """The node answered with a JSON-RPC error that retrying will not fix.

    Attributes:
        code: The JSON-RPC error code.
        rpc_message: The node's message.
    """

    def __init__(self, method: str, code: int, rpc_message: str) -> None:
        self.code = code
        self.rpc_message = rpc_message
        super().__init__(f"{method} failed with JSON-RPC error {code}: {rpc_message}")


class ProviderLimitError(RpcResponseError):
    """The provider refused an ``eth_getLogs`` range as too wide or too large.

    Attributes:
        suggested: The ``(from, to)`` range the provider proposed, when it named one.
    """

    def __init__(
        self, method: str, code: int, rpc_message: str, suggested: tuple[int, int] | None
    ) -> None:
        self.suggested = suggested
        super().__init__(method, code, rpc_message)


class ChainMovedError(IndexerError):
    """The chain changed while a batch was fetched (log and header hashes disagree)."""


class ReorgTooDeepError(IndexerError):
    """A reorg reaches below the unfinalized window the indexer keeps."""


class ChainMismatchError(IndexerError, ConfigurationError):
    """The database was indexed from another chain or another deployment."""


class ConcurrentIndexerError(IndexerError):
    """Another indexer moved the cursor of this database while this one was working."""


class ProjectionError(IndexerError):
    """An event contradicts the projected state (e.g. a purchase from an unknown listing)."""


class SchemaOutdatedError(IndexerError, ConfigurationError):
    """The database schema is not at the migration head."""
