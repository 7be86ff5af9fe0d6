"""JSON-RPC access for the indexer: the client, its retry policy, typed reads."""

from __future__ import annotations

from indexer.rpc.blocks import Header, RawLog, get_headers, get_logs, latest_header
from indexer.rpc.client import RpcClient, RpcStats
from indexer.rpc.retry import RetryPolicy

__all__ = [
    "Header",
    "RawLog",
    "RetryPolicy",
    "RpcClient",
    "RpcStats",
    "get_headers",
    "get_logs",
    "latest_header",
]
