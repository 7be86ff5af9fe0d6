"""indexer/rpc: bounded retries with backoff and jitter, error classification, batches."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from indexer.errors import (
    ChainMovedError,
    ProviderLimitError,
    RpcResponseError,
    RpcUnavailableError,
)
from indexer.rpc.blocks import get_headers, parse_logs
from indexer.rpc.classify import Verdict, classify, suggested_range
from indexer.rpc.client import RpcClient, raw
from indexer.rpc.retry import RetryPolicy

HASH = "0x" + "ab" * 32


def _client(
    answer: Callable[[dict[str, Any]], httpx.Response], attempts: int = 4
) -> tuple[RpcClient, list[float], list[dict[str, Any]]]:
    sleeps: list[float] = []
    seen: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append(body)
        return answer(body)

    client = RpcClient(
        "http://node.test",
        policy=RetryPolicy(attempts=attempts, base_delay=0.5, max_delay=4.0),
        sleep=sleeps.append,
        transport=httpx.MockTransport(handler),
        rng=random.Random(3),
    )
    return client, sleeps, seen


def _ok(body: dict[str, Any], result: Any) -> httpx.Response:
    return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "result": result})


def _error(body: dict[str, Any], code: int, message: str) -> httpx.Response:
    error = {"code": code, "message": message}
    return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "error": error})


@pytest.mark.parametrize(
    "failure",
    [
        lambda body: httpx.Response(429, headers={"retry-after": "1"}),
        lambda body: httpx.Response(502, text="bad gateway"),
        lambda body: httpx.Response(200, text='{"jsonrpc": "2.0", "id": '),
        lambda body: httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"]}),
        lambda body: _error(body, -32005, "daily request count exceeded, request rate limited"),
        lambda body: _error(body, -32603, "internal error"),
    ],
    ids=["429", "502", "truncated", "no-result", "rate-limit-error", "internal-error"],
)
def test_transient_failures_are_retried_then_succeed(
    failure: Callable[[dict[str, Any]], httpx.Response],
) -> None:
    calls = iter([failure, failure, lambda body: _ok(body, "0x7a69")])
    client, sleeps, seen = _client(lambda body: next(calls)(body))

    assert client.call("eth_chainId", [], raw) == "0x7a69"
    assert len(seen) == 3 and client.stats.retries == 2
    assert len(sleeps) == 2


def test_timeouts_are_retried() -> None:
    calls = iter([None, None])

    def answer(body: dict[str, Any]) -> httpx.Response:
        if next(calls, "done") is None:
            raise httpx.ReadTimeout("stalled")
        return _ok(body, "0x1")

    client, sleeps, _ = _client(answer)

    assert client.call("eth_blockNumber", [], raw) == "0x1"
    assert len(sleeps) == 2


def test_backoff_is_exponential_with_jitter_and_bounded() -> None:
    client, sleeps, seen = _client(lambda body: httpx.Response(503), attempts=6)

    with pytest.raises(RpcUnavailableError, match=r"eth_getLogs failed 6 times .*HTTP 503"):
        client.call("eth_getLogs", [{}], raw)

    assert len(seen) == 6  # exactly the configured attempts: never a busy loop
    nominal = [0.5, 1.0, 2.0, 4.0, 4.0]
    assert len(sleeps) == 5
    for delay, cap in zip(sleeps, nominal, strict=True):
        assert cap / 2 <= delay <= cap  # equal jitter: at least half the nominal delay
    assert len(set(sleeps)) == len(sleeps)  # jittered, not lockstep


def test_retry_after_raises_the_delay_up_to_the_cap() -> None:
    policy = RetryPolicy(attempts=3, base_delay=0.1, max_delay=2.0)

    assert policy.delay(0, retry_after=1.5, rng=random.Random(1)) == 1.5
    assert policy.delay(0, retry_after=60, rng=random.Random(1)) == 2.0
    assert policy.worst_case_wait() == pytest.approx(0.1 + 0.2)


def test_a_malformed_result_is_retried() -> None:
    calls = iter(["not logs", [{"address": "0x1"}], []])
    client, sleeps, _ = _client(lambda body: _ok(body, next(calls)))

    assert client.call("eth_getLogs", [{}], parse_logs) == []
    assert len(sleeps) == 2


def test_provider_limits_are_reported_at_once_with_the_suggested_range() -> None:
    message = "query returned more than 10000 results. Try with this block range [0x10, 0x1f]."
    client, sleeps, _ = _client(lambda body: _error(body, -32005, message))

    with pytest.raises(ProviderLimitError) as raised:
        client.call("eth_getLogs", [{}], raw)

    assert raised.value.suggested == (16, 31)
    assert sleeps == []


def test_unknown_blocks_mean_the_chain_moved() -> None:
    message = "BlockOutOfRangeError: block height is 1 but requested was 5"
    client, _, _ = _client(lambda body: _error(body, -32602, message))

    with pytest.raises(ChainMovedError):
        client.call("eth_getLogs", [{}], raw)


def test_invalid_requests_fail_without_retrying() -> None:
    client, sleeps, seen = _client(lambda body: _error(body, -32601, "method not found"))

    with pytest.raises(RpcResponseError, match="-32601"):
        client.call("eth_foo", [], raw)
    assert len(seen) == 1 and sleeps == []


def test_batches_map_answers_by_id() -> None:
    def answer(body: Any) -> httpx.Response:
        items = [
            {"jsonrpc": "2.0", "id": call["id"], "result": _header(int(call["params"][0], 16))}
            for call in reversed(body)
        ]
        return httpx.Response(200, json=items)

    client, _, _ = _client(answer)

    headers = get_headers(client, [5, 6, 7], chunk=2)

    assert [h.number for h in headers] == [5, 6, 7]


def test_a_missing_block_in_a_batch_means_the_chain_moved() -> None:
    def answer(body: Any) -> httpx.Response:
        return httpx.Response(
            200, json=[{"jsonrpc": "2.0", "id": c["id"], "result": None} for c in body]
        )

    client, _, _ = _client(answer)

    with pytest.raises(ChainMovedError, match="block 9"):
        get_headers(client, [9])


def _header(number: int) -> dict[str, str]:
    return {"number": hex(number), "hash": HASH, "parentHash": HASH, "timestamp": "0x1"}


@pytest.mark.parametrize(
    ("message", "verdict"),
    [
        ("Log response size exceeded. this block range should work: [0x1, 0x2]", Verdict.SPLIT),
        ("eth_getLogs is limited to a 10,000 range", Verdict.SPLIT),
        ("exceed maximum block range: 5000", Verdict.SPLIT),
        ("block range is too wide", Verdict.SPLIT),
        ("query timeout exceeded", Verdict.SPLIT),
        ("Your app has exceeded its compute units per second capacity", Verdict.RETRY),
        ("header not found", Verdict.MOVED),
        ("execution reverted", Verdict.RETRY),
        ("invalid argument 0: hex string without 0x prefix", Verdict.FATAL),
    ],
)
def test_provider_messages_are_classified(message: str, verdict: Verdict) -> None:
    code = -32602 if verdict is Verdict.FATAL else -32000
    assert classify("eth_getLogs", code, message) is verdict


def test_limits_only_split_eth_get_logs() -> None:
    assert classify("eth_getBlockByNumber", -32000, "block range is too wide") is Verdict.RETRY
    assert suggested_range("no range here") is None
    assert suggested_range("[0x20, 0x10]") is None
