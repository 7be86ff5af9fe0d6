"""The storefront in a real browser: a readable revert, and the live feed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from conftest import Visitor, WebStack
from playwright.sync_api import expect
from web_helpers import (
    BUYER,
    SELLER,
    TIMEOUT,
    connect,
    create_listing,
    only_own_origin,
    snap,
    wait_api,
)

from chain.anvil import dev_account


def test_a_revert_is_shown_as_a_sentence(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    buyer = visitor("buyer", BUYER)
    title = f"Last Walkman {uuid.uuid4().hex[:6]}"
    listing_id = create_listing(web_stack, tmp_path, title, "--price", "0.01", "--stock", "1")
    wait_api(web_stack, f"/v1/listings/{listing_id}", lambda listing: listing["stock"] == 1)
    buyer.page.goto(f"{web_stack.url}/listings/{listing_id}")
    connect(buyer.page)
    expect(buyer.page.get_by_test_id("stock")).to_have_text("1 in stock")

    # Someone else buys the last one while the page is open.
    web_stack.stack.cli("buyer", "buy", listing_id, "--dev-account", "3")

    box = buyer.page.get_by_test_id("buy-box")
    box.get_by_label("Ship it to me (send a sealed address)").uncheck()
    box.get_by_role("button", name="Buy now").click()
    status = buyer.page.get_by_test_id("tx-status")
    expect(status).to_have_attribute("data-step", "failed", timeout=TIMEOUT)
    expect(status).to_have_text("Only 0 left, and you asked for 1. Lower the quantity.")
    snap(buyer.page, "revert-sold-out")

    # The seller card leads to the seller's profile, a shareable page of its own.
    buyer.page.get_by_test_id("seller-card").get_by_role("link").click()
    expect(buyer.page).to_have_url(f"{web_stack.url}/profiles/{SELLER}")
    expect(buyer.page.get_by_role("heading", name="As a seller")).to_be_visible(timeout=TIMEOUT)
    expect(buyer.page).to_have_title(f"{SELLER[:6]}…{SELLER[-4:]} — Bazaar")
    only_own_origin(web_stack, buyer)


def test_a_new_listing_arrives_in_the_feed_without_reload(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    viewer = visitor("viewer", BUYER)
    viewer.page.goto(web_stack.url)
    expect(viewer.page.get_by_test_id("live-state")).to_have_text("● live", timeout=TIMEOUT)
    viewer.page.evaluate("window.__sameDocument = true")

    title = f"Brompton folding bike {uuid.uuid4().hex[:6]}"
    create_listing(web_stack, tmp_path, title, "--price", "0.3")

    arrived = viewer.page.get_by_test_id("feed-item").filter(has_text=title)
    expect(arrived).to_have_count(1, timeout=TIMEOUT)
    expect(viewer.page.get_by_test_id("feed-item").first).to_contain_text(title)
    snap(viewer.page, "feed-live-item")
    assert viewer.page.evaluate("window.__sameDocument") is True  # no reload happened
    only_own_origin(web_stack, viewer)


def test_an_item_a_reorg_removed_leaves_the_feed_without_reload(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    viewer = visitor("viewer", BUYER)
    viewer.page.goto(web_stack.url)
    expect(viewer.page.get_by_test_id("live-state")).to_have_text("● live", timeout=TIMEOUT)
    viewer.page.evaluate("window.__sameDocument = true")
    rpc = web_stack.stack.w3.provider
    snapshot = rpc.make_request("evm_snapshot", [])["result"]  # type: ignore[arg-type]

    title = f"Doomed listing {uuid.uuid4().hex[:6]}"
    create_listing(web_stack, tmp_path, title, "--price", "0.1")
    doomed = viewer.page.get_by_test_id("feed-item").filter(has_text=title)
    expect(doomed).to_have_count(1, timeout=TIMEOUT)

    # The block is replaced by a longer chain without it: the stream sends `delete`.
    assert rpc.make_request("evm_revert", [snapshot])["result"] is True  # type: ignore[arg-type]
    for _ in range(3):
        rpc.make_request("evm_mine", [])  # type: ignore[arg-type]
    expect(doomed).to_have_count(0, timeout=TIMEOUT)
    assert viewer.page.evaluate("window.__sameDocument") is True
    only_own_origin(web_stack, viewer)


def test_a_price_raised_while_the_page_was_open_is_refused_not_charged(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    buyer = visitor("buyer", dev_account(6).address)
    title = f"Rolleiflex {uuid.uuid4().hex[:6]}"
    listing_id = create_listing(web_stack, tmp_path, title, "--price", "0.01")
    wait_api(web_stack, f"/v1/listings/{listing_id}", lambda listing: listing["stock"] > 0)
    buyer.page.goto(f"{web_stack.url}/listings/{listing_id}")
    connect(buyer.page)
    expect(buyer.page.get_by_test_id("price")).to_have_text("0.01 ETH")

    # The seller doubles the price while the buyer looks at the old one.
    web_stack.stack.cli("seller", "update", listing_id, "--price", "0.02", "--dev-account", "1")

    box = buyer.page.get_by_test_id("buy-box")
    box.get_by_label("Ship it to me (send a sealed address)").uncheck()
    box.get_by_role("button", name="Buy now").click()
    status = buyer.page.get_by_test_id("tx-status")
    expect(status).to_have_attribute("data-step", "failed", timeout=TIMEOUT)
    expect(status).to_have_text(
        "The seller changed the price since this page loaded, so nothing was paid. "
        "Reload to see the new price."
    )
    snap(buyer.page, "revert-price-raised")
    listing = web_stack.get(f"/v1/listings/{listing_id}")
    assert listing["order_count"] == 0
    only_own_origin(web_stack, buyer)
