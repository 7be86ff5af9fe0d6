"""What the storefront's browser tests share: accounts, listings, waiting on the API."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from cli_helpers import LISTING_METADATA, last_int
from conftest import Visitor, WebStack
from playwright.sync_api import Page, expect

from chain.anvil import dev_account

SELLER = dev_account(1).address
BUYER = dev_account(2).address
RIVAL = dev_account(3).address
TIMEOUT = 30_000  # ms a step may take on a loaded machine; never asserted as a timing


def create_listing(web: WebStack, tmp_path: Path, title: str, *extra: str) -> int:
    """A listing by the seller (dev account 1), its metadata stored through the API."""
    metadata = tmp_path / f"{uuid.uuid4().hex}.json"
    metadata.write_text(json.dumps({**LISTING_METADATA, "title": title}))
    result = web.stack.cli("seller", "create", metadata, *extra, "--dev-account", "1")
    return last_int(result.stdout, "listing")


def wait_api(web: WebStack, path: str, ready: Callable[[Any], bool], **params: Any) -> Any:
    """The API's answer once ``ready`` holds (the indexer follows the chain in a thread)."""
    deadline = time.monotonic() + TIMEOUT / 1000
    while True:
        response = httpx.get(f"{web.url}{path}", params=params, timeout=30)
        body = response.json()
        if response.status_code == 200 and ready(body):
            return body
        assert response.status_code in (200, 404), f"GET {path}: {response.status_code} {body}"
        assert time.monotonic() < deadline, f"{path} never became ready: {body}"
        time.sleep(0.2)


def connect(page: Page) -> None:
    page.get_by_role("button", name="Connect wallet").click()
    page.get_by_role("menuitem", name="Bazaar Test Wallet").click()
    expect(page.get_by_test_id("account")).to_contain_text("Bazaar Test Wallet", timeout=TIMEOUT)


def only_own_origin(web: WebStack, *visitors: Visitor) -> None:
    for seen in visitors:
        outside = [url for url in seen.requests if not url.startswith(web.url + "/")]
        assert outside == [], f"the page fetched from outside its origin: {outside}"
        assert seen.errors == [], f"uncaught errors in the page: {seen.errors}"


def unlock_shipping_key(page: Page) -> None:
    page.get_by_role("button", name="Unlock my shipping key").click()


STEPS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web" / "steps"


def snap(page: Page, name: str) -> None:
    """A screenshot of a step worth looking at (test-artifacts/web/steps/, not committed)."""
    STEPS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(STEPS / f"{name}.png"), full_page=True)
