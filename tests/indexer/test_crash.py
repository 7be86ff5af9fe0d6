"""SIGKILL the indexer at random points, during backfill and while following; restart.

Afterwards the database equals a clean rebuild, and the feed's change sequence has no gap
and no repeat: nothing was lost or applied twice. Most kills hit a forked child running the
indexer (no interpreter start-up, so many kills fit in a short test); one in ten hits the
real ``python -m indexer`` process. The first half of the kills land while the backlog is
being backfilled, the second half while the indexer follows new blocks. Set
``BAZAAR_CRASH_KILLS`` for more kills and ``BAZAAR_CRASH_SEED`` to replay a run.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import DbFactory
from eth_abi.abi import encode
from indexer_helpers import Chain, feed, index, settings_for, state, status

from bench.indexer.activity import BUY, ZERO_HASH, Activity, generate
from bench.indexer.activity import Chain as RawChain
from indexer.app import build_indexer
from indexer.config import IndexerSettings

KILLS = int(os.environ.get("BAZAAR_CRASH_KILLS", "20"))
SEED = int(os.environ.get("BAZAAR_CRASH_SEED", str(random.SystemRandom().randrange(10**6))))
REPO = Path(__file__).resolve().parents[2]
SMALL_BATCHES = {"initial_span": 1, "max_span": 3, "target_logs": 6, "finality_depth": 4}


def _child(values: dict[str, Any]) -> None:
    """The forked indexer process: everything is built after the fork."""
    indexer = build_indexer(IndexerSettings(**values), migrate=True)
    indexer.run(follow=True, stop=threading.Event())


def _start(chain: Chain, db_url: str, via_cli: bool, log: Path) -> Callable[[], None]:
    """Start an indexer process; return a function that SIGKILLs it and reaps it."""
    settings = settings_for(chain, db_url, poll_interval=0.02, **SMALL_BATCHES)
    if via_cli:
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            **{f"BAZAAR_{k.upper()}": str(v) for k, v in SMALL_BATCHES.items()},
        }
        command = [sys.executable, "-m", "indexer", "--rpc", chain.url, "--db", db_url]
        command += ["--deployment", str(chain.manifest_path), "--poll-interval", "0.02"]
        with log.open("ab") as out:
            process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=out)

        def kill_cli() -> None:
            process.send_signal(signal.SIGKILL)
            process.wait(10)

        return kill_cli
    child = multiprocessing.get_context("fork").Process(
        target=_child, args=(settings.model_dump(),), daemon=True
    )
    child.start()

    def kill_fork() -> None:
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)

    return kill_fork


def _indexed(db_url: str) -> int:
    try:
        return int(status(db_url)["indexed_block"])
    except Exception:  # no schema or no status row yet: the first run is starting
        return -1


def _wait_for_progress(db_url: str, since: int, on_idle: Callable[[], None]) -> None:
    deadline = time.monotonic() + 60
    while _indexed(db_url) <= since:
        if time.monotonic() > deadline:
            raise AssertionError("the indexer made no progress within 60 s")
        on_idle()
        time.sleep(0.01)


def test_sigkill_at_random_points_loses_and_duplicates_nothing(
    chain: Chain, db_url: str, new_db: DbFactory, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    raw = RawChain(chain.url)
    accounts = raw.call("eth_accounts", [])
    raw.call("evm_setAutomine", [False])
    activity = Activity(raw, chain.marketplace, accounts[1:3], accounts[3:8], per_block=4)
    generate(activity, target_events=1_500, listings=10)
    backlog = chain.head()
    mined = {"last": 0.0}

    def mine_when_caught_up() -> None:  # new blocks keep coming while following
        caught_up = _indexed(db_url) >= chain.head() - 1
        if caught_up and time.monotonic() - mined["last"] > 0.05:
            _round(activity, rng)
            mined["last"] = time.monotonic()

    phases: Counter[str] = Counter()
    for kill_no in range(KILLS):
        following = kill_no >= KILLS // 2
        kill = _start(chain, db_url, via_cli=kill_no % 10 == 3, log=tmp_path / "cli.log")
        try:
            if following:
                while _indexed(db_url) < chain.head() - 1:
                    time.sleep(0.02)
            _wait_for_progress(db_url, _indexed(db_url), mine_when_caught_up)
            end = time.monotonic() + rng.uniform(0, 0.2)
            while time.monotonic() < end:
                if following:
                    mine_when_caught_up()
                time.sleep(0.005)
            phases["backfill" if _indexed(db_url) < backlog else "follow"] += 1
        finally:
            kill()

    index(chain, db_url, poll_interval=0.02, **SMALL_BATCHES)
    fresh = new_db()
    index(chain, fresh)

    assert state(db_url) == state(fresh), f"seed {SEED}"
    seqs = [item["seq"] for item in feed(db_url)]
    assert seqs == list(range(1, len(seqs) + 1)), f"seed {SEED}"
    assert min(phases["backfill"], phases["follow"]) >= KILLS // 4, (phases, SEED)


def _round(activity: Activity, rng: random.Random) -> None:
    """One block with two purchases from the generator's direct listings (ids 1-8)."""
    for _ in range(2):
        listing = rng.randrange(1, 9)
        data = BUY + encode(["uint256", "uint32", "bytes32"], [listing, 1, ZERO_HASH])
        activity.send(rng.choice(activity.buyers), data, 10**15)
    activity.mine()
    activity.take_blocks()
