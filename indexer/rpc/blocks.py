"""Typed reads the indexer makes: block headers and logs, validated on arrival.

A result that does not have the expected shape counts as a malformed answer and is
retried by the client (:func:`indexer.rpc.client.RpcClient.call`'s ``parse``).

Example:
    >>> header = parse_header({"number": "0x2", "hash": "0x" + "aa" * 32,
    ...                        "parentHash": "0x" + "bb" * 32, "timestamp": "0x10"})
    >>> header.number, header.timestamp
    (2, 16)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from indexer.errors import ChainMovedError
from indexer.rpc.client import RpcClient

RawLog = dict[str, Any]

_LOG_FIELDS = ("address", "topics", "data", "blockNumber", "blockHash", "logIndex")


@dataclass(frozen=True)
class Header:
    """The parts of a block header the indexer uses."""

    number: int
    hash: str
    parent_hash: str
    timestamp: int


def _hash(value: Any) -> str:
    text = str(value).lower()
    if not text.startswith("0x") or len(text) != 66:
        raise ValueError(f"{value!r} is not a 32-byte hash")
    int(text, 16)
    return text


def parse_header(value: Any) -> Header:
    """A :class:`Header` from an ``eth_getBlockByNumber`` result.

    Raises:
        ValueError: ``value`` is ``None`` (unknown block) or lacks a field.
    """
    if value is None:
        raise ValueError("the node does not know this block")
    return Header(
        number=int(value["number"], 16),
        hash=_hash(value["hash"]),
        parent_hash=_hash(value["parentHash"]),
        timestamp=int(value["timestamp"], 16),
    )


def _header_or_none(value: Any) -> Header | None:
    return None if value is None else parse_header(value)


def parse_logs(value: Any) -> list[RawLog]:
    """The logs of an ``eth_getLogs`` result, each checked for the fields decoding needs.

    Raises:
        TypeError: The result is not a list of log objects.
        KeyError: A log lacks a field.
    """
    if not isinstance(value, list):
        raise TypeError(f"eth_getLogs answered {type(value).__name__}, not a list")
    for item in value:
        if not isinstance(item, dict):
            raise TypeError("eth_getLogs answered a non-object log")
        for name in _LOG_FIELDS:
            if item.get(name) is None:
                raise KeyError(f"log without {name}")
    return value


def latest_header(rpc: RpcClient) -> Header:
    """The header of the node's latest block."""
    header = rpc.call("eth_getBlockByNumber", ["latest", False], _header_or_none)
    if header is None:
        raise ChainMovedError("the node has no latest block yet")
    return header


def get_headers(rpc: RpcClient, numbers: Sequence[int], chunk: int = 100) -> list[Header]:
    """Headers of blocks ``numbers``, fetched in JSON-RPC batches of ``chunk``.

    Raises:
        ChainMovedError: The node does not know one of the blocks (the chain got shorter).
    """
    headers: list[Header] = []
    for offset in range(0, len(numbers), chunk):
        part = numbers[offset : offset + chunk]
        calls = [("eth_getBlockByNumber", [hex(number), False]) for number in part]
        for number, header in zip(part, rpc.batch(calls, _header_or_none), strict=True):
            if header is None:
                raise ChainMovedError(f"block {number} is unknown to the node (chain shortened?)")
            if header.number != number:
                raise ChainMovedError(f"asked for block {number}, the node sent {header.number}")
            headers.append(header)
    return headers


def get_logs(rpc: RpcClient, addresses: Sequence[str], start: int, end: int) -> list[RawLog]:
    """Logs of ``addresses`` in blocks ``start..end`` (inclusive), in chain order."""
    params = [{"address": list(addresses), "fromBlock": hex(start), "toBlock": hex(end)}]
    return rpc.call("eth_getLogs", params, parse_logs)
