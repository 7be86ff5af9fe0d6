"""api/routes/stream.py: server-sent events, resumable, with deletes after a reorg."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from api_helpers import ALICE, CAROL
from chain_rows import ETH, ChainRows


def purchase(block: int, log: int = 0) -> dict[str, Any]:
    return {
        "block": block,
        "log": log,
        "kind": "purchased",
        "actor": CAROL.address,
        "seller": ALICE.address,
        "buyer": CAROL.address,
        "token": ETH,
        "amount": 5,
    }


class Events:
    """Reads server-sent events off an open response."""

    def __init__(self, response: httpx.Response) -> None:
        self.lines = response.iter_lines()

    def next(self) -> dict[str, Any]:
        """The next event (comments and the retry line skipped)."""
        fields: dict[str, str] = {}
        for line in self.lines:
            if line == "":
                if "event" in fields:
                    return {
                        "id": int(fields["id"]),
                        "event": fields["event"],
                        "data": json.loads(fields["data"]),
                    }
                fields = {}
                continue
            if line.startswith(":"):
                continue
            name, _, value = line.partition(": ")
            fields[name] = value
        raise AssertionError("the stream ended")

    def take(self, count: int) -> list[dict[str, Any]]:
        return [self.next() for _ in range(count)]


@contextmanager
def stream(base: str, query: str = "", **headers: str) -> Iterator[Events]:
    with httpx.stream("GET", f"{base}/v1/stream{query}", headers=headers, timeout=10) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        yield Events(response)


def test_stream_sends_new_items_as_updates(live_api: str, chain: ChainRows) -> None:
    chain.status(head=10, finalized=0)
    chain.feed(purchase(1))  # before the stream opened: not sent
    with stream(live_api) as events:
        chain.feed(purchase(2), purchase(3))
        received = events.take(2)
    assert [e["event"] for e in received] == ["update", "update"]
    assert [e["data"]["cursor"] for e in received] == ["2.0", "3.0"]
    assert [e["id"] for e in received] == [e["data"]["seq"] for e in received] == [2, 3]


def test_stream_sends_delete_for_items_a_reorg_removed(live_api: str, chain: ChainRows) -> None:
    chain.status(head=10, finalized=0)
    with stream(live_api) as events:
        chain.feed(purchase(5), purchase(6), purchase(7))
        assert [e["event"] for e in events.take(3)] == ["update"] * 3
        assert chain.reorg(fork=5) == 2
        deleted = events.take(2)
        chain.feed(purchase(6, log=1), fork=1)  # the new chain's block 6
        replacement = events.next()
    assert [(e["event"], e["data"]["cursor"], e["data"]["removed"]) for e in deleted] == [
        ("delete", "6.0", True),
        ("delete", "7.0", True),
    ]
    assert [e["id"] for e in deleted] == [4, 5]
    assert (replacement["event"], replacement["data"]["cursor"]) == ("update", "6.1")


def test_stream_resumes_after_last_event_id(live_api: str, chain: ChainRows) -> None:
    chain.status(head=10, finalized=0)
    chain.feed(purchase(1), purchase(2), purchase(3))
    chain.reorg(fork=2)  # block 3's item is removed and re-numbered: seq 3 becomes 4
    with stream(live_api, **{"Last-Event-ID": "1"}) as events:
        replayed = events.take(2)
    assert [(e["id"], e["event"], e["data"]["cursor"]) for e in replayed] == [
        (2, "update", "2.0"),
        (4, "delete", "3.0"),
    ]


def test_stream_filters_like_the_feed(live_api: str, chain: ChainRows) -> None:
    chain.status(head=10, finalized=0)
    with stream(live_api, "?kind=listing_created&since=0") as events:
        chain.feed(
            purchase(1),
            {
                "block": 2,
                "log": 0,
                "kind": "listing_created",
                "actor": ALICE.address,
                "seller": ALICE.address,
            },
        )
        assert events.next()["data"]["cursor"] == "2.0"


def test_malformed_last_event_id_is_refused(live_api: str) -> None:
    response = httpx.get(f"{live_api}/v1/stream", headers={"Last-Event-ID": "abc"}, timeout=10)
    assert response.status_code == 400
