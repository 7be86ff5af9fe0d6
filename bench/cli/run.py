"""``make bench-cli``: how long ``bazaar --help`` and the group helps take, as a user waits.

Each command runs as a whole new process (``python -m bazaar``, which imports exactly what
the ``bazaar`` script imports) ``--runs`` times after one warm-up run, and the wall time of
every run is measured from outside. Writes the median, minimum and maximum seconds per
command to bench/results/cli.json, with the CPU count and the load average (the figures
depend on what else the machine runs), and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "bench" / "results" / "cli.json"
COMMANDS = (("--help",), ("buyer", "--help"), ("seller", "--help"))


def wall_seconds(args: tuple[str, ...]) -> float:
    """One run of ``bazaar ARGS`` in a fresh interpreter; its wall time in seconds.

    Raises:
        RuntimeError: The command failed.
    """
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bazaar", *args], cwd=REPO, env=env, capture_output=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"bazaar {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    """Measure, print, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="counted runs per command")
    runs = parser.parse_args().runs
    figures: dict[str, Any] = {}
    for args in COMMANDS:
        wall_seconds(args)  # warm-up: the file cache, .pyc files
        times = [wall_seconds(args) for _ in range(runs)]
        figures["bazaar " + " ".join(args)] = {
            "median_s": round(statistics.median(times), 3),
            "min_s": round(min(times), 3),
            "max_s": round(max(times), 3),
        }
    result = {
        "runs": runs,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "commands": figures,
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'command':<22} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, row in figures.items():
        print(f"{name:<22} {row['median_s']:>9.3f} {row['min_s']:>7.3f} {row['max_s']:>7.3f}")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
