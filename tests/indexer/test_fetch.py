"""indexer/fetch.py: eth_getLogs ranges grow on quiet stretches and split on refusals."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from indexer.errors import RpcResponseError
from indexer.fetch import PROBE_AFTER, LogFetcher
from indexer.rpc.client import RpcClient
from indexer.rpc.retry import RetryPolicy


class FakeProvider:
    """Logs at given blocks; refuses ranges wider than ``range_cap`` or answers with more
    than ``result_cap`` logs (suggesting a range when ``suggest`` is set)."""

    def __init__(
        self,
        logs_per_block: dict[int, int],
        range_cap: int | None = None,
        result_cap: int | None = None,
        suggest: bool = False,
    ) -> None:
        self.logs_per_block = logs_per_block
        self.range_cap = range_cap
        self.result_cap = result_cap
        self.suggest = suggest
        self.ranges: list[tuple[int, int]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        query = body["params"][0]
        start, end = int(query["fromBlock"], 16), int(query["toBlock"], 16)
        self.ranges.append((start, end))
        if self.range_cap is not None and end - start + 1 > self.range_cap:
            return self._error(body, f"exceed maximum block range: {self.range_cap}")
        logs = [
            _log(block, index)
            for block in range(start, end + 1)
            for index in range(self.logs_per_block.get(block, 0))
        ]
        if self.result_cap is not None and len(logs) > self.result_cap:
            hint = ""
            if self.suggest:
                last = int(logs[self.result_cap]["blockNumber"], 16) - 1
                hint = (
                    f" Try with this block range [{hex(start)}, {hex(last)}]."
                    if last >= start
                    else ""
                )
            return self._error(body, f"query returned more than {self.result_cap} results.{hint}")
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "result": logs})

    @staticmethod
    def _error(body: dict[str, Any], message: str) -> httpx.Response:
        error = {"code": -32005, "message": message}
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": body["id"], "error": error})


def _log(block: int, index: int) -> dict[str, Any]:
    return {
        "address": "0x" + "11" * 20,
        "topics": ["0x" + "22" * 32],
        "data": "0x",
        "blockNumber": hex(block),
        "blockHash": "0x" + "33" * 32,
        "logIndex": hex(index),
    }


def _fetch_all(provider: FakeProvider, end: int, **tuning: int) -> tuple[LogFetcher, int]:
    rpc = RpcClient(
        "http://node.test",
        policy=RetryPolicy(attempts=2, base_delay=0),
        transport=httpx.MockTransport(provider),
    )
    fetcher = LogFetcher(rpc, **tuning)
    start, total = 1, 0
    while start <= end:
        last, logs = fetcher.fetch(["0x" + "11" * 20], start, end)
        total += len(logs)
        assert [int(log["blockNumber"], 16) for log in logs] == sorted(
            int(log["blockNumber"], 16) for log in logs
        )
        start = last + 1
    return fetcher, total


def test_ranges_grow_on_quiet_chains() -> None:
    provider = FakeProvider({})

    fetcher, _ = _fetch_all(provider, 100_000, initial_span=100, max_span=20_000)

    widths = [end - start + 1 for start, end in provider.ranges]
    assert widths[:4] == [100, 200, 400, 800]
    assert max(widths) == 20_000
    assert len(provider.ranges) < 20


def test_ranges_shrink_to_the_target_on_dense_blocks() -> None:
    provider = FakeProvider(dict.fromkeys(range(1, 2_001), 10))

    _, total = _fetch_all(provider, 2_000, initial_span=1_000, target_logs=500)

    assert total == 20_000
    widths = [end - start + 1 for start, end in provider.ranges]
    assert widths[1:-1] == [50] * (len(widths) - 2)


def test_a_block_range_cap_is_learned_and_probed_rarely() -> None:
    provider = FakeProvider({}, range_cap=500)

    fetcher, _ = _fetch_all(provider, 50_000, initial_span=2_000)

    refused = [r for r in provider.ranges if r[1] - r[0] + 1 > 500]
    accepted = len(provider.ranges) - len(refused)
    assert accepted == pytest.approx(100, abs=2)
    assert len(refused) <= 2 + accepted // PROBE_AFTER
    assert fetcher.ceiling is not None and fetcher.ceiling <= 500


@pytest.mark.parametrize("suggest", [True, False])
def test_a_result_cap_splits_the_range(suggest: bool) -> None:
    provider = FakeProvider(dict.fromkeys(range(1, 301), 7), result_cap=100, suggest=suggest)

    fetcher, total = _fetch_all(provider, 300, initial_span=300, target_logs=1_000)

    assert total == 2_100
    assert fetcher.refusals >= 1
    assert len(provider.ranges) <= 60


def test_a_single_block_above_the_result_cap_is_a_clear_error() -> None:
    provider = FakeProvider({5: 20}, result_cap=10)

    with pytest.raises(RpcResponseError, match="even for the single block 5"):
        _fetch_all(provider, 10, initial_span=8)
