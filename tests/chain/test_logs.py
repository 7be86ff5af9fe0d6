"""``chain.logs.get_logs`` against a provider that caps ranges and result counts."""

from __future__ import annotations

from typing import Any, cast

import pytest
from web3 import Web3
from web3.exceptions import Web3RPCError

from chain.errors import ChainError
from chain.logs import get_logs, is_range_refusal, suggested_range


class CappedEth:
    """Logs at the given blocks; refuses ranges over ``range_cap`` and answers over
    ``result_cap`` logs (with a suggested range, as Infura words it)."""

    def __init__(
        self,
        log_blocks: list[int],
        head: int,
        *,
        range_cap: int | None = None,
        result_cap: int | None = None,
        failure: str | None = None,
    ) -> None:
        self.log_blocks = log_blocks
        self.block_number = head
        self.range_cap = range_cap
        self.result_cap = result_cap
        self.failure = failure
        self.queries: list[tuple[int, int]] = []

    def get_logs(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        start, stop = int(query["fromBlock"]), int(query["toBlock"])
        self.queries.append((start, stop))
        if self.failure is not None:
            raise Web3RPCError(self.failure)
        if self.range_cap is not None and stop - start + 1 > self.range_cap:
            raise Web3RPCError(f"eth_getLogs is limited to a {self.range_cap:,} range")
        found = [{"blockNumber": b, "address": query["address"]} for b in self.log_blocks]
        found = [log for log in found if start <= log["blockNumber"] <= stop]
        if self.result_cap is not None and len(found) > self.result_cap:
            last = found[self.result_cap - 1]["blockNumber"]
            raise Web3RPCError(
                f"query returned more than {self.result_cap} results. "
                f"Try with this block range [{hex(start)}, {hex(max(start, last - 1))}]."
            )
        return found


class FakeWeb3:
    def __init__(self, eth: CappedEth) -> None:
        self.eth = eth


def _run(eth: CappedEth, start: int = 0, stop: int | None = None) -> list[int]:
    w3 = cast(Web3, FakeWeb3(eth))
    logs = get_logs(w3, {"address": "0x" + "11" * 20}, start, stop, first_span=1_000)
    return [int(log["blockNumber"]) for log in logs]


def test_walks_a_range_cap_and_finds_every_log_once() -> None:
    blocks = list(range(5, 20_000, 37))
    eth = CappedEth(blocks, head=20_000, range_cap=500)
    assert _run(eth) == blocks
    assert all(stop - start < 1_000 for start, stop in eth.queries)


def test_takes_the_suggested_range_under_a_result_cap() -> None:
    blocks = [7] * 3 + list(range(100, 400))
    eth = CappedEth(blocks, head=1_000, result_cap=50)
    assert _run(eth) == blocks
    assert len(eth.queries) < 40


def test_bounded_by_to_block() -> None:
    eth = CappedEth([1, 2, 3, 50], head=100)
    assert _run(eth, 2, 3) == [2, 3]


def test_a_single_refused_block_is_an_error() -> None:
    eth = CappedEth([4] * 10, head=10, result_cap=5)
    with pytest.raises(ChainError, match="even for block 4"):
        _run(eth)


def test_other_errors_are_not_retried() -> None:
    eth = CappedEth([1], head=10, failure="execution reverted")
    with pytest.raises(ChainError, match="execution reverted"):
        _run(eth)
    assert len(eth.queries) == 1


@pytest.mark.parametrize(
    ("message", "refused"),
    [
        ("query returned more than 10000 results", True),
        ("Log response size exceeded.", True),
        ("block range is too wide", True),
        ("exceed maximum block range: 5000", True),
        ("execution reverted", False),
    ],
)
def test_refusal_wording(message: str, refused: bool) -> None:
    assert is_range_refusal(message) is refused


def test_suggested_range_parses_hex_pairs() -> None:
    assert suggested_range("Try with this block range [0x10, 0x1f].") == (16, 31)
    assert suggested_range("[0x20, 0x1f]") is None
    assert suggested_range("no range") is None
