"""``make bench-web``: how heavy the storefront is and how fast its main pages paint.

Two figures, written to bench/results/web.json with a printed table:

- the JavaScript ``web/dist/index.html`` loads before the app can run (its module scripts
  and module preloads; chunks loaded later on demand are listed apart), raw and gzipped at
  level 9. Goal: at most 200 KB gzipped.
- first contentful paint and largest contentful paint of the feed (``/``) and of a listing
  page, in Debian's headless Chromium against ``bazaar demo`` (:class:`bazaar.demo.run.Demo`
  on free ports in a temporary directory, keeper off), read from the page's Performance API
  (``paint`` entries and a buffered ``largest-contentful-paint`` observer). Each load is a
  fresh browser context (empty cache, no wallet); the median and maximum of ``--loads``
  loads are kept. Goal: LCP at most 1.0 s on localhost.

A benchmark, not a test: nothing here asserts a timing; the figures depend on the machine's
load, which the JSON records.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import tempfile
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, sync_playwright

from bazaar.demo.run import Demo, DemoConfig
from chain.anvil import free_port

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "web" / "dist"
RESULTS = REPO / "bench" / "results" / "web.json"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"]
JS_GOAL_KB = 200
LCP_GOAL_S = 1.0
# Read once the page has settled: LCP candidates stop with the last large render.
PAINTS_JS = """() => new Promise((resolve) => {
    let lcp = null;
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) lcp = entry;
    }).observe({type: "largest-contentful-paint", buffered: true});
    setTimeout(() => {
        const fcp = performance.getEntriesByName("first-contentful-paint")[0];
        resolve({
            fcp: fcp ? fcp.startTime : null,
            lcp: lcp ? lcp.startTime : null,
            lcp_element: lcp && lcp.element ? lcp.element.tagName.toLowerCase() +
                (lcp.element.className ? "." + lcp.element.className : "") : null,
        });
    }, 300);
})"""


def initial_scripts(dist: Path = DIST) -> dict[str, Any]:
    """The JavaScript ``index.html`` loads up front, raw and gzipped (level 9), in bytes."""
    shell = (dist / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script[^>]*type="module"[^>]*src="([^"]+)"', shell)
    preloads = re.findall(r'<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"', shell)
    initial = sorted(set(scripts + preloads))
    if not initial:
        raise SystemExit(f"{dist / 'index.html'} loads no module script: run `make build`")
    files = {path: (dist / path.lstrip("/")).read_bytes() for path in initial}
    on_demand = sorted(
        "/" + str(p.relative_to(dist))
        for p in (dist / "assets").glob("*.js")
        if "/" + str(p.relative_to(dist)) not in files
    )
    return {
        "files": initial,
        "raw_bytes": sum(len(body) for body in files.values()),
        "gzip9_bytes": sum(len(gzip.compress(body, compresslevel=9)) for body in files.values()),
        "on_demand_files": on_demand,
    }


def paints(browser: Browser, url: str) -> dict[str, Any]:
    """FCP and LCP (milliseconds since navigation) of one cold load of ``url``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        result: dict[str, Any] = page.evaluate(PAINTS_JS)
        return result
    finally:
        context.close()


def summarise(samples: list[dict[str, Any]]) -> dict[str, Any]:
    fcp = [s["fcp"] for s in samples if s["fcp"] is not None]
    lcp = [s["lcp"] for s in samples if s["lcp"] is not None]
    if len(lcp) != len(samples) or len(fcp) != len(samples):
        raise SystemExit(f"Chromium reported no paint for some loads: {samples}")
    return {
        "fcp_median_s": round(statistics.median(fcp) / 1000, 3),
        "fcp_max_s": round(max(fcp) / 1000, 3),
        "lcp_median_s": round(statistics.median(lcp) / 1000, 3),
        "lcp_max_s": round(max(lcp) / 1000, 3),
        "lcp_element": samples[-1]["lcp_element"],
    }


def measure_pages(loads: int) -> dict[str, Any]:
    """Start the demo, then time ``loads`` cold loads of the feed and of one listing."""
    with tempfile.TemporaryDirectory(prefix="bazaar-bench-web-") as directory:
        config = DemoConfig(
            demo_dir=Path(directory) / "demo",
            rpc_port=free_port(),
            api_port=free_port(),
            deployments_dir=Path(directory) / "deployments",
            keeper=False,
        )
        demo = Demo(config)
        try:
            demo.start()
            listings = httpx.get(f"{config.api_url}/v1/listings", params={"limit": 1}).json()
            listing_id = listings["data"][0]["listing_id"]
            pages = {"feed": "/", "listing": f"/listings/{listing_id}"}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    paints(browser, config.api_url + "/")  # warm the API's own caches once
                    return {
                        name: {"path": path, "loads": loads}
                        | summarise([paints(browser, config.api_url + path) for _ in range(loads)])
                        for name, path in pages.items()
                    }
                finally:
                    browser.close()
        finally:
            demo.stop()


def main() -> None:
    """Measure, print, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", type=int, default=7, help="Cold loads per page.")
    loads = parser.parse_args().loads
    scripts = initial_scripts()
    pages = measure_pages(loads)
    result: dict[str, Any] = {
        "initial_js": scripts,
        "initial_js_gzip9_kb": round(scripts["gzip9_bytes"] / 1000, 1),
        "initial_js_goal_kb": JS_GOAL_KB,
        "pages": pages,
        "lcp_goal_s": LCP_GOAL_S,
        "cpus": os.cpu_count(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    kb = result["initial_js_gzip9_kb"]
    print(f"initial JavaScript: {kb} KB gzip -9 (goal <= {JS_GOAL_KB} KB)")
    print(f"{'page':<8} {'FCP med s':>9} {'LCP med s':>9} {'LCP max s':>9}  (goal LCP <= 1.0 s)")
    for name, page in pages.items():
        print(
            f"{name:<8} {page['fcp_median_s']:>9.3f} {page['lcp_median_s']:>9.3f} "
            f"{page['lcp_max_s']:>9.3f}"
        )
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
