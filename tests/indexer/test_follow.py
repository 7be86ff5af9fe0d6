"""Following the head: new blocks reach the feed quickly, the status row tells the lag,
a stop request ends the loop; the backfill draws a progress bar on terminals."""

from __future__ import annotations

import io
import logging
import threading
import time

from indexer_helpers import Chain, build, feed, index, status
from rich.console import Console

from indexer.batch import BatchResult
from indexer.logs import StructuredFormatter
from indexer.progress import Reporter


def _wait(condition: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_follow_mode_indexes_new_blocks_and_stops_on_request(chain: Chain, db_url: str) -> None:
    listing = int(
        chain.client(1)
        .create_listing(price=10**15, stock=9)
        .event("ListingCreated")
        .args["listingId"]
    )
    indexer = build(chain, db_url, poll_interval=0.02)
    stop = threading.Event()
    runner = threading.Thread(target=indexer.run, kwargs={"follow": True, "stop": stop})
    runner.start()
    try:
        _wait(lambda: len(feed(db_url)) == 1)
        purchase = chain.client(3).buy(listing).tx_hash
        _wait(lambda: any(item["tx_hash"] == purchase for item in feed(db_url)))
        chain.mine(3)
        _wait(lambda: status(db_url)["indexed_block"] == chain.head())
    finally:
        stop.set()
        runner.join(10)
    indexer.close()

    assert not runner.is_alive()
    row = status(db_url)
    assert (row["head_block"], row["lag"], row["mode"]) == (chain.head(), 0, "follow")
    assert row["finalized_block"] == chain.head() - 8


def test_status_reports_the_lag_until_caught_up(chain: Chain, db_url: str) -> None:
    chain.mine(30)
    indexer = build(chain, db_url, initial_span=4, max_span=4)
    indexer.prepare()
    indexer.step()

    first = status(db_url)
    assert (
        first["mode"] == "backfill"
        and first["lag"] == first["head_block"] - first["indexed_block"] > 0
    )

    index(chain, db_url)
    assert status(db_url)["lag"] == 0


def test_backfill_draws_a_progress_bar_on_a_terminal() -> None:
    screen = io.StringIO()
    reporter = Reporter(Console(file=screen, force_terminal=True, width=120))
    for end in (100, 200):
        reporter.batch(BatchResult(end - 99, end, 500, 2_000, end, 400, 0.1), final=True)
    reporter.close()

    text = screen.getvalue()
    assert "backfill" in text and "events/s" in text and "200/400" in text


def test_follow_mode_logs_one_structured_line_per_batch() -> None:
    record = logging.LogRecord("bazaar.indexer", logging.INFO, "", 0, "block_indexed", None, None)
    record.fields = {"start": 7, "end": 7, "events": 2, "lag": 0}

    line = StructuredFormatter("logfmt", clock=lambda: 0.0).format(record)
    as_json = StructuredFormatter("json", clock=lambda: 0.0).format(record)

    assert (
        line
        == "ts=1970-01-01T00:00:00.000Z level=info event=block_indexed start=7 end=7 events=2 lag=0"
    )
    assert '"event": "block_indexed"' in as_json and '"lag": 0' in as_json
