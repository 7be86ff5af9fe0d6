"""``make bench-cli``: how long ``bazaar --help`` and the group helps take, as a user waits.

Each command runs as a whole new process (``python -m bazaar``, which imports exactly what
the ``bazaar`` script imports) ``--runs`` times after one warm-up run; the wall time of
every run is measured from outside, and the CPU time (user + system) from the operating
system's accounting of the finished child. Writes the median, minimum and maximum wall
seconds and the median CPU seconds per command to bench/results/cli.json, with the CPU
count and the load average (wall time grows with what else the machine runs; CPU time
much less), and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "bench" / "results" / "cli.json"
COMMANDS = (("--help",), ("buyer", "--help"), ("seller", "--help"))


def one_run(args: tuple[str, ...]) -> tuple[float, float]:
    """One run of ``bazaar ARGS`` in a fresh interpreter; its wall and CPU seconds.

    Raises:
        RuntimeError: The command failed.
    """
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bazaar", *args], cwd=REPO, env=env, capture_output=True
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise RuntimeError(f"bazaar {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return elapsed, cpu


def main() -> None:
    """Measure, print, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="counted runs per command")
    runs = parser.parse_args().runs
    figures: dict[str, Any] = {}
    for args in COMMANDS:
        one_run(args)  # warm-up: the file cache, .pyc files
        measured = [one_run(args) for _ in range(runs)]
        times = [wall for wall, _cpu in measured]
        figures["bazaar " + " ".join(args)] = {
            "median_s": round(statistics.median(times), 3),
            "min_s": round(min(times), 3),
            "max_s": round(max(times), 3),
            "cpu_median_s": round(statistics.median(cpu for _wall, cpu in measured), 3),
        }
    result = {
        "runs": runs,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "commands": figures,
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'command':<22} {'median s':>9} {'min s':>7} {'max s':>7} {'cpu s':>7}")
    for name, row in figures.items():
        walls = f"{row['median_s']:>9.3f} {row['min_s']:>7.3f} {row['max_s']:>7.3f}"
        print(f"{name:<22} {walls} {row['cpu_median_s']:>7.3f}")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
