"""bazaar index / python -m indexer and bazaar db: exit codes, messages, schema commands."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fault_proxy import FaultProxy
from indexer_helpers import Chain, rows, status
from sqlalchemy import update
from typer.testing import CliRunner

from bazaar.cli import app
from indexer.db import make_engine
from indexer.migrate import upgrade
from indexer.models import IndexerStatus
from indexer.store.tables import table_of

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_bazaar_index_runs_to_the_head_and_exits(chain: Chain, db_url: str) -> None:
    listing = chain.client(1).create_listing(price=10**15, stock=3).event("ListingCreated")
    chain.client(3).buy(int(listing.args["listingId"]))
    command = [sys.executable, "-m", "bazaar.cli", "index", "--rpc", chain.url, "--db", db_url]
    command += ["--deployment", str(chain.manifest_path), "--no-follow", "--log-format", "json"]

    done = subprocess.run(
        command,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert '"event": "following_head"' in done.stderr
    assert status(db_url)["indexed_block"] == chain.head()
    assert [item["kind"] for item in rows(db_url, "feed_items")] == ["listing_created", "purchased"]


def test_a_failing_rpc_ends_in_one_clear_line_and_exit_1(tmp_path: Path) -> None:
    with FaultProxy("http://127.0.0.1:9", always="503") as proxy:
        began = time.monotonic()
        result = runner.invoke(
            app,
            [
                "index",
                "--rpc",
                proxy.url,
                "--db",
                f"sqlite:///{tmp_path / 'x.db'}",
                "--rpc-attempts",
                "3",
            ],
            env={"BAZAAR_RETRY_BASE_DELAY": "0.2", "BAZAAR_RETRY_MAX_DELAY": "1"},
        )
        elapsed = time.monotonic() - began

    assert result.exit_code == 1
    assert "eth_chainId failed 3 times" in result.output
    assert "HTTP 503" in result.output
    assert result.output.count("event=rpc_retry") == 2
    assert proxy.requests == 3  # bounded: no retry beyond the limit, no busy loop
    assert elapsed >= 0.1 + 0.2  # waited at least half of each nominal backoff (0.2, 0.4)


def test_index_refuses_a_database_of_another_chain(chain: Chain, db_url: str) -> None:
    upgrade(db_url)
    result = runner.invoke(
        app,
        [
            "index",
            "--rpc",
            chain.url,
            "--db",
            db_url,
            "--deployment",
            str(chain.manifest_path),
            "--no-follow",
        ],
    )
    assert result.exit_code == 0
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(update(table_of(IndexerStatus)).values(chain_id=1))
    engine.dispose()

    result = runner.invoke(
        app,
        [
            "index",
            "--rpc",
            chain.url,
            "--db",
            db_url,
            "--deployment",
            str(chain.manifest_path),
            "--no-follow",
        ],
    )

    assert result.exit_code == 1
    assert "this database indexes chain 1" in result.output


def test_index_without_migrating_names_the_command_to_run(chain: Chain, db_url: str) -> None:
    result = runner.invoke(
        app,
        [
            "index",
            "--rpc",
            chain.url,
            "--db",
            db_url,
            "--deployment",
            str(chain.manifest_path),
            "--no-migrate",
        ],
    )

    assert result.exit_code == 1
    assert "bazaar db upgrade --db URL" in result.output


def test_db_upgrade_and_current(db_url: str) -> None:
    assert runner.invoke(app, ["db", "current", "--db", db_url]).output.strip() == "none"

    upgraded = runner.invoke(app, ["db", "upgrade", "--db", db_url])

    assert upgraded.exit_code == 0, upgraded.output
    assert runner.invoke(app, ["db", "current", "--db", db_url]).output.strip() == "0002"


def test_a_missing_deployment_is_explained(chain: Chain, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "index",
            "--rpc",
            chain.url,
            "--db",
            f"sqlite:///{tmp_path / 'x.db'}",
            "--deployment",
            str(tmp_path / "nope.json"),
        ],
    )

    assert result.exit_code == 1
    assert "no deployment manifest" in result.output


@pytest.mark.parametrize("url", ["mysql://x", "oracle://y"])
def test_unsupported_database_urls_are_refused(url: str) -> None:
    result = runner.invoke(app, ["db", "upgrade", "--db", url])

    assert result.exit_code == 1
    assert "unsupported database URL" in result.output
