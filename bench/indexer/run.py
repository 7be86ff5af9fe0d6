"""``make bench-indexer``: backfill throughput, head latency and memory of the indexer.

1. Start anvil and pre-mine at least ``--events`` Marketplace events (bench/indexer/
   activity.py: blocks of 400 transactions, mostly purchases, escrowed orders shipped and
   confirmed, listing updates, settlements).
2. Backfill them with ``python -m indexer --no-follow`` into a fresh SQLite file and a fresh
   PostgreSQL database. Throughput is the indexer's own figure (events / seconds from the
   indexer being built, after the schema migration, to reaching the head: no interpreter
   start-up, no migration); the peak RSS comes from the kernel (``wait4``).
3. Head latency, on each database: the indexer follows the head (default settings) from
   where its backfill ended; purchases are sent one at a time, each mined into its own
   block with ``evm_mine``, and timed from the block being mined to the feed item being
   readable through a separate database connection, as the API reads it.

Writes bench/results/indexer.json and prints a table. Timings depend on the machine and on
what else runs on it: the load average is recorded next to the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import func, select

from bench.indexer.activity import BUY, ZERO_HASH, Activity, Chain, generate
from chain.anvil import dev_account, start_anvil
from chain.deploy import deploy_all
from indexer.db import make_engine
from indexer.models import FeedItem
from indexer.store.tables import table_of

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "bench" / "results" / "indexer.json"
PG_ADMIN = os.environ.get("BAZAAR_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
TARGETS = {"backfill_events_per_s": 5_000, "head_latency_ms_p50": 100, "head_latency_ms_p99": 500}


def _indexer(rpc: str, db: str, deployment: Path, *extra: str) -> list[str]:
    command = [sys.executable, "-m", "indexer", "--rpc", rpc, "--db", db]
    return command + ["--deployment", str(deployment), "--log-format", "json", *extra]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def backfill(rpc: str, db: str, deployment: Path) -> dict[str, Any]:
    """Run a backfill to the head; the indexer's rate, wall time and peak RSS."""
    began = time.monotonic()
    process = subprocess.Popen(
        _indexer(rpc, db, deployment, "--no-follow"),
        cwd=REPO,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    peak = _PeakRss(process.pid)
    peak.start()
    lines = process.stderr.read().splitlines()
    _pid, code, usage = os.wait4(process.pid, 0)
    peak.join()
    process.returncode = code
    if code != 0:
        raise RuntimeError("indexer failed:\n" + "\n".join(lines[-20:]))
    done = next(json.loads(line) for line in lines if '"following_head"' in line)
    return {
        "events": done["events"],
        "seconds": done["seconds"],
        "events_per_s": round(done["events"] / done["seconds"]),
        "process_seconds": round(time.monotonic() - began, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "rss_mb": round(peak.kib / 1024, 1),
    }


class _PeakRss(threading.Thread):
    """The peak resident set size of a running process (``VmHWM``), read until it exits.

    Not ``ru_maxrss``: that also counts the forked child before ``exec``, which is a copy of
    this (much bigger) benchmark process.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.status = Path(f"/proc/{pid}/status")
        self.kib = 0

    def run(self) -> None:
        while True:
            try:
                text = self.status.read_text()
            except (FileNotFoundError, ProcessLookupError):
                return
            for line in text.splitlines():
                if line.startswith("VmHWM:"):
                    self.kib = max(self.kib, int(line.split()[1]))
                elif line.startswith("State:") and line.split()[1] == "Z":
                    return  # exited: the zombie's memory is gone
            time.sleep(0.05)


def head_latency(chain: Chain, rpc: str, db: str, deployment: Path, samples: int) -> dict[str, Any]:
    """Latency from a mined purchase to its feed item, over ``samples`` purchases.

    Automine stays off: each purchase is sent to the pool and its block mined with
    ``evm_mine``, whose answer is the moment the block exists on the node (with automine,
    ``eth_sendTransaction`` answers before the block is mined: on a node holding a big
    history that is a few hundred milliseconds earlier). The feed item is then looked for
    every 5 ms through one reader connection, a new read transaction each time, as the API
    reads: the way the API's live stream does, ``seq > last ORDER BY seq`` (indexed).
    """
    log = os.environ.get("BAZAAR_BENCH_FOLLOW_LOG")
    follower = subprocess.Popen(
        _indexer(rpc, db, deployment),
        cwd=REPO,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=open(log, "w") if log else subprocess.DEVNULL,  # noqa: SIM115 (closed with the process)
    )
    engine = make_engine(db)
    feed = table_of(FeedItem)
    buyer = dev_account(5).address
    rng = random.Random(11)
    latencies: list[float] = []
    mining: list[float] = []
    try:
        chain.call("evm_setAutomine", [False])
        _wait_caught_up(chain, engine)
        with engine.connect() as reader:
            # Sample 0 is a warm-up, not counted: the backfilled status row says "caught
            # up" before the follower process has even started.
            for sample in range(samples + 1):
                time.sleep(rng.uniform(0.02, 0.2))  # not in step with the indexer's polling
                data = BUY + _listing_call(rng)
                tx = {
                    "from": buyer,
                    "to": _marketplace(deployment),
                    "data": "0x" + data.hex(),
                    "value": hex(10**15),
                }
                last = reader.execute(select(func.coalesce(func.max(feed.c.seq), 0))).scalar_one()
                reader.rollback()
                tx_hash = chain.call("eth_sendTransaction", [tx])
                asked = time.perf_counter()
                chain.call("evm_mine", [])
                mined = time.perf_counter()
                query = select(feed.c.seq, feed.c.tx_hash).where(feed.c.seq > last)
                while True:
                    new = reader.execute(query.order_by(feed.c.seq)).all()
                    reader.rollback()  # the next look gets a fresh snapshot
                    if any(row.tx_hash == tx_hash for row in new):
                        break
                    if follower.poll() is not None or time.perf_counter() - mined > 600:
                        raise RuntimeError(f"the follower did not index {tx_hash} ({db})")
                    time.sleep(0.005)
                if sample > 0:
                    latencies.append((time.perf_counter() - mined) * 1000)
                    mining.append((mined - asked) * 1000)
    finally:
        follower.terminate()
        follower.wait(30)
        engine.dispose()
    latencies.sort()
    mining.sort()
    return {
        "samples": samples,
        "p50": _percentile(latencies, 50),
        "p90": _percentile(latencies, 90),
        "p99": _percentile(latencies, 99),
        "max": round(latencies[-1], 1),
        "evm_mine_ms_p50": _percentile(mining, 50),
    }


def _percentile(values: list[float], percent: int) -> float:
    """The nearest-rank percentile of sorted ``values``."""
    rank = max(1, -(-len(values) * percent // 100))  # ceil
    return round(values[rank - 1], 1)


def _listing_call(rng: random.Random) -> bytes:
    from eth_abi.abi import encode

    return encode(["uint256", "uint32", "bytes32"], [rng.randrange(1, 400), 1, ZERO_HASH])


def _marketplace(deployment: Path) -> str:
    return str(json.loads(deployment.read_text())["contracts"]["Marketplace"]["address"])


def _wait_caught_up(chain: Chain, engine: Any) -> None:
    head = int(chain.call("eth_blockNumber", []), 16)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            with engine.connect() as connection:
                indexed = connection.exec_driver_sql(
                    "SELECT indexed_block FROM indexer_status"
                ).scalar()
            if indexed is not None and indexed >= head:
                return
        except Exception:  # the follower is still creating the schema
            pass
        time.sleep(0.1)
    raise RuntimeError("the follower did not catch up within 10 minutes")


def _count_logs(chain: Chain, address: str, head: int) -> int:
    total, start = 0, 0
    while start <= head:
        end = min(head, start + 199)
        total += len(
            chain.call(
                "eth_getLogs", [{"address": address, "fromBlock": hex(start), "toBlock": hex(end)}]
            )
        )
        start = end + 1
    return total


def _pg_database() -> tuple[str, str] | None:
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as admin:
            name = f"bazaar_bench_{uuid.uuid4().hex[:8]}"
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL unavailable ({exc}); skipping it", file=sys.stderr)
        return None
    return name, PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def _drop(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-indexer-"))
    began = time.monotonic()
    load_start = os.getloadavg()
    try:
        results = _measure(work, args.events, args.samples)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["details"]["machine"] = {
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(value, 2) for value in load_start],
        "load_average_at_end": [round(value, 2) for value in os.getloadavg()],
    }
    results["details"]["bench_seconds"] = round(time.monotonic() - began)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    _print(results)


def _measure(work: Path, target_events: int, samples: int) -> dict[str, Any]:
    """Pre-mine, backfill both databases, then follow each; the results document."""
    with start_anvil(extra_args=["--accounts", "60", "--gas-limit", "300000000"]) as node:
        deployment = deploy_all(node.web3(), dev_account(0), deployments_dir=work)
        assert deployment.path is not None
        chain = Chain(node.url)
        accounts = chain.call("eth_accounts", [])
        chain.call("evm_setAutomine", [False])
        activity = Activity(
            chain, deployment.address("Marketplace"), accounts[1:21], accounts[21:60]
        )
        began = time.monotonic()
        generate(activity, target_events)
        head = int(chain.call("eth_blockNumber", []), 16)
        events = _count_logs(chain, deployment.address("Marketplace"), head)
        mining_seconds = round(time.monotonic() - began, 1)
        print(f"pre-mined {events} events in {head} blocks ({mining_seconds} s)", flush=True)
        databases = {"sqlite": f"sqlite:///{work / 'bench.db'}"}
        pg = _pg_database()
        if pg is not None:
            databases["postgresql"] = pg[1]
        runs: dict[str, dict[str, Any]] = {}
        latency: dict[str, dict[str, Any]] = {}
        try:
            for name, url in databases.items():
                runs[name] = backfill(node.url, url, deployment.path)
                print(f"backfill {name}: {runs[name]['events_per_s']:,} events/s", flush=True)
            # The followers resume the backfilled databases: they start at the head.
            for name, url in databases.items():
                latency[name] = head_latency(chain, node.url, url, deployment.path, samples)
                print(f"head latency {name}: p50 {latency[name]['p50']} ms", flush=True)
        finally:
            if pg is not None:
                _drop(pg[0])
    return {
        "events": events,
        "backfill_events_per_s": {name: run["events_per_s"] for name, run in runs.items()},
        # The worse of the databases measured: the API may run on either.
        "head_latency_ms_p50": max(run["p50"] for run in latency.values()),
        "head_latency_ms_p99": max(run["p99"] for run in latency.values()),
        "rss_mb": max(run["rss_mb"] for run in runs.values()),
        "details": {
            "backfill": runs,
            "head_latency_ms": latency,
            "blocks": head,
            "premine_seconds": mining_seconds,
            "targets": TARGETS,
        },
    }


def _print(results: dict[str, Any]) -> None:
    rows = [
        (
            f"backfill events/s ({name})",
            rate,
            TARGETS["backfill_events_per_s"],
            rate >= TARGETS["backfill_events_per_s"],
        )
        for name, rate in results["backfill_events_per_s"].items()
    ]
    rows += [
        (
            "head latency p50 (ms)",
            results["head_latency_ms_p50"],
            TARGETS["head_latency_ms_p50"],
            results["head_latency_ms_p50"] <= TARGETS["head_latency_ms_p50"],
        ),
        (
            "head latency p99 (ms)",
            results["head_latency_ms_p99"],
            TARGETS["head_latency_ms_p99"],
            results["head_latency_ms_p99"] <= TARGETS["head_latency_ms_p99"],
        ),
        ("peak RSS (MB)", results["rss_mb"], None, None),
    ]
    print(f"\nindexer benchmark, {results['events']:,} events")
    print(f"{'measure':<34}{'value':>12}{'target':>10}")
    for name, value, target, ok in rows:
        mark = "" if ok is None else ("ok" if ok else "MISSED")
        print(f"{name:<34}{value:>12,}{'' if target is None else target:>10}  {mark}")
    print(f"\nwritten to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
