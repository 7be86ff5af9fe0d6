"""``make bench-demo``: how long ``bazaar demo`` takes to be ready, step by step.

Runs the demo's startup (:class:`bazaar.demo.run.Demo`, keeper included) ``--runs`` times on
free ports in a temporary directory, stops it each time, and writes the seconds of every
step (anvil, deploy, API up, seeding, indexer caught up, social writes) and the total to
bench/results/demo.json, with the chain's block count (one transaction per block), the CPU
count and the load average (the figures depend on what else the machine runs). Prints a
table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bazaar.demo.run import Demo, DemoConfig
from chain.anvil import free_port

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "bench" / "results" / "demo.json"


def one_run(directory: Path) -> tuple[dict[str, float], int]:
    """One startup and stop; seconds per step (and ``total``) and blocks seeded."""
    config = DemoConfig(
        demo_dir=directory / "demo",
        rpc_port=free_port(),
        api_port=free_port(),
        deployments_dir=directory / "deployments",
    )
    demo = Demo(config)
    started = time.monotonic()
    try:
        demo.start()
        total = time.monotonic() - started
    finally:
        demo.stop()
    assert demo.report is not None
    return {**demo.timings, "total": total}, demo.report.last_block


def main() -> None:
    """Measure, print, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    samples: list[dict[str, float]] = []
    blocks = 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bazaar-bench-demo-") as directory:
            timings, blocks = one_run(Path(directory))
            samples.append(timings)
    steps = list(samples[0])
    result: dict[str, Any] = {
        "runs": runs,
        "chain_blocks": blocks,
        "median_s": {step: round(statistics.median(s[step] for s in samples), 2) for step in steps},
        "max_s": {step: round(max(s[step] for s in samples), 2) for step in steps},
        "cpus": os.cpu_count(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'step':<8} {'median s':>9} {'max s':>7}")
    for step in steps:
        print(f"{step:<8} {result['median_s'][step]:>9.2f} {result['max_s'][step]:>7.2f}")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
