"""Indexer settings: defaults that work on a laptop, overridable by ``BAZAAR_*`` variables.

The shared fields (``rpc_url``, ``db_url``, ``deployment``, ...) come from
:class:`core.settings.BazaarSettings`. Every field can be set in the environment with the
``BAZAAR_`` prefix (``BAZAAR_RPC_URL``, ``BAZAAR_DB_URL``, ``BAZAAR_FINALITY_DEPTH``, ...)
and most from the command line (``bazaar index --help``), which wins over the environment.

Example:
    >>> IndexerSettings(db_url="sqlite:///x.db").finality_depth
    64
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from core.settings import BazaarSettings


class IndexerSettings(BazaarSettings):
    """How to reach the chain and the database, and how hard to try.

    Attributes (besides those of :class:`~core.settings.BazaarSettings`: ``rpc_url``,
    ``db_url``, ``deployment`` (the manifest to index) and the rest):
        finality_depth: Blocks below the head after which a block is treated as final.
            Reorgs deeper than this are detected only while their blocks are in the window,
            and are otherwise reported as an error.
        poll_interval: Seconds between head polls when following the chain.
        rpc_timeout: Seconds before an RPC request is abandoned and retried.
        rpc_attempts: Attempts per RPC request (timeouts, 429, 5xx, malformed answers)
            before the indexer gives up and exits non-zero.
        retry_base_delay: First backoff delay in seconds; doubled per attempt, with jitter.
        retry_max_delay: Cap on a single backoff delay in seconds.
        initial_span: Blocks in the first ``eth_getLogs`` range of a backfill.
        max_span: Largest ``eth_getLogs`` range, however quiet the chain.
        target_logs: Logs per ``eth_getLogs`` answer the range adapts towards (one batch).
        header_batch: Block headers per JSON-RPC batch request.
        log_format: ``logfmt`` or ``json`` lines for the follow-mode logs.
    """

    finality_depth: int = Field(default=64, ge=0, le=10_000)
    poll_interval: float = Field(default=0.05, gt=0, le=60)
    rpc_timeout: float = Field(default=10.0, gt=0)
    rpc_attempts: int = Field(default=8, ge=1)
    retry_base_delay: float = Field(default=0.25, ge=0)
    retry_max_delay: float = Field(default=10.0, ge=0)
    initial_span: int = Field(default=10, ge=1)
    max_span: int = Field(default=100_000, ge=1)
    target_logs: int = Field(default=5_000, ge=1)
    header_batch: int = Field(default=100, ge=1, le=1_000)
    log_format: Literal["logfmt", "json"] = "logfmt"
