"""The Following tab of the feed in a real browser: without a wallet it says to connect one;
connected, one Sign-In with Ethereum opens it; it shows what the followed seller did, live, and
not what others did; the kind filter and each item's link work on it as on the global feed."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

from cli_helpers import LISTING_METADATA, last_int
from conftest import Visitor, WebStack
from playwright.sync_api import expect
from web_helpers import RIVAL, TIMEOUT, connect, create_listing, only_own_origin, snap

LISTING_KINDS = {
    "listing_created",
    "listing_updated",
    "rental_listing_created",
    "rental_listing_updated",
    "plan_listing_created",
    "plan_listing_updated",
}


def sign_ins(seen: Visitor) -> int:
    return sum(url.endswith("/v1/auth/verify") for url in seen.requests)


def listing_by(web_stack: WebStack, tmp_path: Path, title: str, dev_account: int) -> int:
    metadata = tmp_path / f"{uuid.uuid4().hex}.json"
    metadata.write_text(json.dumps({**LISTING_METADATA, "title": title}))
    result = web_stack.stack.cli(
        "seller", "create", metadata, "--price", "0.01", "--dev-account", str(dev_account)
    )
    return last_int(result.stdout, "listing")


def test_following_tab_shows_the_followed_seller_live_and_nobody_else(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    fan = visitor("fan", RIVAL)  # dev account 3 follows nobody before this test
    page = fan.page
    followed_title = f"Rolleiflex {uuid.uuid4().hex[:6]}"
    listing_id = create_listing(web_stack, tmp_path, followed_title, "--price", "0.02")

    page.goto(web_stack.url)
    page.get_by_test_id("following-tab").click()
    expect(page.get_by_test_id("following-needs-wallet")).to_contain_text("Connect a wallet")
    assert sign_ins(fan) == 0
    connect(page)
    page.get_by_test_id("following-tab").click()
    expect(page.get_by_text("You follow nobody yet")).to_be_visible(timeout=TIMEOUT)
    assert sign_ins(fan) == 1

    # Follow the seller from the global feed's item → its listing (the same page load).
    page.get_by_role("tab", name="Everyone").click()
    item = page.get_by_test_id("feed-item").filter(has_text=followed_title).first
    target = item.get_by_test_id("feed-target")
    expect(target).to_have_attribute("href", f"/listings/{listing_id}", timeout=TIMEOUT)
    target.click()
    page.get_by_test_id("follow").click()
    expect(page.get_by_test_id("follow")).to_have_text("Following · unfollow", timeout=TIMEOUT)
    page.get_by_role("link", name="Feed", exact=True).first.click()

    page.get_by_test_id("following-tab").click()
    feed = page.get_by_test_id("feed")
    expect(feed.get_by_test_id("feed-item").filter(has_text=followed_title)).to_have_count(
        1, timeout=TIMEOUT
    )
    assert sign_ins(fan) == 1  # the session of the first sign-in is reused
    expect(page.get_by_test_id("live-state")).to_have_text("● live", timeout=TIMEOUT)

    # Someone the fan does not follow lists something, then the followed seller does: only the
    # seller's arrives, live, without a reload.
    page.evaluate("window.__sameDocument = true")
    stranger_title = f"Stranger's lamp {uuid.uuid4().hex[:6]}"
    listing_by(web_stack, tmp_path, stranger_title, 5)
    live_title = f"Hasselblad {uuid.uuid4().hex[:6]}"
    live_id = create_listing(web_stack, tmp_path, live_title, "--price", "0.03")
    arrived = feed.get_by_test_id("feed-item").filter(has_text=live_title)
    expect(arrived).to_have_count(1, timeout=TIMEOUT)
    expect(arrived.get_by_test_id("feed-target")).to_have_attribute("href", f"/listings/{live_id}")
    expect(feed.get_by_test_id("feed-item").filter(has_text=stranger_title)).to_have_count(0)
    assert page.evaluate("window.__sameDocument") is True
    # The global tab has the stranger's listing.
    page.get_by_role("tab", name="Everyone").click()
    expect(
        page.get_by_test_id("feed").get_by_test_id("feed-item").filter(has_text=stranger_title)
    ).to_have_count(1, timeout=TIMEOUT)

    # The kind filter applies to the following tab too.
    page.get_by_test_id("following-tab").click()
    page.get_by_role("button", name="New listings").click()
    expect(feed.get_by_test_id("feed-item").filter(has_text=live_title)).to_have_count(
        1, timeout=TIMEOUT
    )
    kinds = feed.get_by_test_id("feed-item").evaluate_all("items => items.map(i => i.dataset.kind)")
    assert kinds and set(kinds) <= LISTING_KINDS, kinds
    page.get_by_role("button", name="Shipping").click()
    expect(feed.get_by_test_id("feed-item").filter(has_text=live_title)).to_have_count(
        0, timeout=TIMEOUT
    )
    snap(page, "feed-following")
    only_own_origin(web_stack, fan)
