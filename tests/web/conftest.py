"""Fixtures for browser tests: the storefront in Debian's Chromium, driven by Playwright,
against a real anvil, indexer and API (the CLI tests' stack, ``tests/cli/cli_helpers.py``).

The API serves the built app (``web/dist``, made by ``make build``) at ``/``; an indexer
follows the chain in a thread, so the live feed works as in ``make demo``. Each browser
context gets a test wallet (``wallet.js``): an EIP-6963 provider whose requests go through
a Playwright binding to anvil, which signs for its unlocked dev accounts. A failing test
leaves a screenshot of every page it opened under ``test-artifacts/web/``.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "cli"))  # the shared stack

from cli_helpers import Stack, start_stack  # noqa: E402

from indexer.app import build_indexer  # noqa: E402
from indexer.config import IndexerSettings  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "web" / "dist"
ARTIFACTS = ROOT / "test-artifacts" / "web"
CHROMIUM = Path("/usr/bin/chromium")
# Root needs --no-sandbox; the rest keep Chromium off the (closed) network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
WALLET_JS = (Path(__file__).parent / "wallet.js").read_text()


@dataclass
class WebStack:
    """The CLI tests' stack plus an indexer that follows the chain."""

    stack: Stack
    pages: list[Page] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.stack.api_url

    def get(self, path: str, **params: Any) -> Any:
        """``GET`` an API path now (no indexing: the follower keeps up) and return its JSON."""
        response = httpx.get(f"{self.url}{path}", params=params, timeout=30)
        assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text}"
        return response.json()


@pytest.fixture(scope="session")
def web_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebStack]:
    if not (DIST / "index.html").is_file():
        pytest.fail(f"{DIST / 'index.html'} is missing: run `make build` (it builds web/)")
    with start_stack(tmp_path_factory.mktemp("web-stack")) as stack:
        settings = IndexerSettings(
            rpc_url=stack.node.url,
            db_url=stack.db_url,
            deployment=stack.manifest_path,
            finality_depth=2,
            poll_interval=0.1,
        )
        indexer = build_indexer(settings)
        stop = threading.Event()
        thread = threading.Thread(
            target=indexer.run, kwargs={"follow": True, "stop": stop}, daemon=True
        )
        thread.start()
        try:
            yield WebStack(stack)
        finally:
            stop.set()
            thread.join(timeout=15)
            indexer.close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@dataclass
class Visitor:
    """One person in their own browser context, with a wallet for one dev account."""

    context: BrowserContext
    page: Page
    account: str
    requests: list[str]
    errors: list[str]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash.setdefault(FAILED, False)
        if report.failed:
            item.stash[FAILED] = True
    return report


FAILED = pytest.StashKey[bool]()


@pytest.fixture
def visitor(
    request: pytest.FixtureRequest, browser: Browser, web_stack: WebStack
) -> Iterator[Callable[[str, str], Visitor]]:
    """``visitor(name, account)``: a fresh browser context whose wallet is ``account``."""
    opened: list[tuple[str, Visitor]] = []
    rpc_url = web_stack.stack.node.url

    def forward(_source: Any, method: str, params: list[Any]) -> dict[str, Any]:
        body = {"jsonrpc": "2.0", "id": 1, "method": method, "params": params}
        answer: dict[str, Any] = httpx.post(rpc_url, json=body, timeout=30).json()
        return {"error": answer["error"]} if "error" in answer else {"result": answer["result"]}

    def make(name: str, account: str) -> Visitor:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.expose_binding("__bazaarRpc", forward)
        context.add_init_script(
            f"window.__bazaarTestWallet = {{account: {account!r}, chainId: 31337}};\n{WALLET_JS}"
        )
        page = context.new_page()
        seen = Visitor(context, page, account, [], [])
        page.on("request", lambda r: seen.requests.append(r.url))
        page.on("pageerror", lambda e: seen.errors.append(str(e)))
        opened.append((name, seen))
        return seen

    yield make
    failed = request.node.stash.get(FAILED, False)
    for name, seen in opened:
        if failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
            seen.page.screenshot(path=str(ARTIFACTS / f"{slug}-{name}.png"), full_page=True)
        seen.context.close()
