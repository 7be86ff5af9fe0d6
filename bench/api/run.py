"""``make bench-api``: throughput and latency of the feed and listing reads on PostgreSQL.

1. Create a throwaway PostgreSQL database, migrate it (indexer and API tables) and load
   1,000,000 feed items and 10,000 listings with ``COPY`` (bench/api/data.py).
2. Serve it with ``python -m api`` (uvicorn, ``--workers`` processes) in its own process.
3. Drive it with ``wrk`` from another process: the first feed page, a page 90 % deep
   (``before=<cursor>``), and one listing. Each scenario is warmed up, then measured; the
   API's CPU time per request is read from /proc beside wrk's figures.

Writes bench/results/api.json and prints a table. Figures depend on the machine and on what
else runs on it: the CPU count and the load average before and after are recorded beside
them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import psycopg

from api.migrate import upgrade
from bench.api.data import load
from indexer.migrate import upgrade as upgrade_indexer

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "bench" / "results" / "api.json"
PG_SERVER = os.environ.get("BAZAAR_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
TARGET = {"rps": 2_000, "p99_ms": 50}
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([0-9.]+)(us|ms|s)", text)
    if match is None:
        raise ValueError(f"wrk printed an unexpected latency {text!r}")
    return round(float(match.group(1)) * _UNITS[match.group(2)], 3)


def parse_wrk(output: str) -> dict[str, float]:
    """Requests per second and the 50th/99th latency percentiles of ``wrk --latency``.

    Example:
        >>> parse_wrk("  Latency Distribution\\n     50%  812.00us\\n     99%    4.10ms\\n"
        ...           "Requests/sec:   2345.67\\n")
        {'rps': 2345.67, 'p50_ms': 0.812, 'p99_ms': 4.1}
    """
    rps = re.search(r"Requests/sec:\s+([0-9.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    if not (rps and p50 and p99):
        raise ValueError(f"cannot read wrk's output:\n{output}")
    return {"rps": float(rps.group(1)), "p50_ms": _ms(p50.group(1)), "p99_ms": _ms(p99.group(1))}


def cpu_seconds(group: int) -> float:
    """CPU time (user + system) used so far by the processes of process group ``group``."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue  # the process ended meanwhile
        if int(fields[2]) == group:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def wrk(
    url: str, *, seconds: int, connections: int, threads: int, server: int | None = None
) -> dict[str, Any]:
    """Run wrk against ``url``; refuse runs with socket errors or non-2xx answers.

    With ``server`` (the API's process group), also the API's CPU milliseconds per request:
    unlike requests per second, that figure hardly moves when other work shares the CPUs.
    """
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    began = cpu_seconds(server) if server is not None else 0.0
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw errors against {url}:\n{output}")
    result: dict[str, Any] = parse_wrk(output)
    requests = re.search(r"([0-9]+) requests in", output)
    if server is not None and requests is not None and int(requests.group(1)) > 0:
        used = cpu_seconds(server) - began
        result["api_cpu_ms_per_request"] = round(used * 1000 / int(requests.group(1)), 3)
    return result


def _database() -> tuple[str, str]:
    name = f"bazaar_bench_api_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG_SERVER}/test", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return name, f"{PG_SERVER}/{name}"


def _drop(name: str) -> None:
    with psycopg.connect(f"{PG_SERVER}/test", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "BAZAAR_ENVIRONMENT": "development"}
    command = [sys.executable, "-m", "api", "--db", url, "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    process = subprocess.Popen(command, env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise RuntimeError("the API exited before answering /health")
        time.sleep(0.5)
    raise RuntimeError("the API did not answer /health within 120 s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feed-items", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk (make bench-api does it)")
    load_before = [round(x, 2) for x in os.getloadavg()]
    name, url = _database()
    try:
        upgrade_indexer(url)
        upgrade(url)
        began = time.monotonic()
        deep = load(url, feed_items=args.feed_items)
        print(f"loaded {args.feed_items:,} feed items in {time.monotonic() - began:.0f} s")
        server = _serve(url, args.port, args.workers)
        base = f"http://127.0.0.1:{args.port}"
        scenarios = {
            "feed_first_page": f"{base}/v1/feed",
            "feed_deep_cursor": f"{base}/v1/feed?before={deep}",
            "listing": f"{base}/v1/listings/4242",
        }
        results: dict[str, Any] = {}
        try:
            for scenario, target in scenarios.items():
                assert httpx.get(target, timeout=10).status_code == 200, target
                wrk(target, seconds=3, connections=args.connections, threads=args.threads)
                results[scenario] = wrk(
                    target,
                    seconds=args.seconds,
                    connections=args.connections,
                    threads=args.threads,
                    server=server.pid,
                )
        finally:
            _stop(server)
    finally:
        if not args.keep:
            _drop(name)
    results["setup"] = {
        "database": "postgresql",
        "feed_items": args.feed_items,
        "deep_cursor": deep,
        "api_workers": args.workers,
        "wrk_connections": args.connections,
        "wrk_threads": args.threads,
        "seconds": args.seconds,
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "target_feed_first_page": TARGET,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"{'scenario':<18} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'API CPU ms/req':>15}")
    for scenario in ("feed_first_page", "feed_deep_cursor", "listing"):
        row = results[scenario]
        cpu = row.get("api_cpu_ms_per_request", float("nan"))
        print(
            f"{scenario:<18} {row['rps']:>9.0f} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} "
            f"{cpu:>15.3f}"
        )
    first = results["feed_first_page"]
    met = first["rps"] >= TARGET["rps"] and first["p99_ms"] <= TARGET["p99_ms"]
    print(
        f"target (first page >= {TARGET['rps']} req/s at p99 <= {TARGET['p99_ms']} ms): "
        f"{'met' if met else 'NOT met'}; written to {RESULTS.relative_to(REPO)}"
    )


if __name__ == "__main__":
    main()
