"""The storefront's quality bar on its main pages: accessibility, phone width, keyboard.

- axe-core (from web/node_modules, injected by Playwright: nothing is fetched from outside)
  reports no ``serious`` or ``critical`` violation on the feed, a listing with its buy box,
  My orders, the seller workspace and a profile;
- at 390 px wide no page scrolls sideways;
- a shopper can connect and buy with the keyboard alone, and focus is always visible.

Screenshots of every main page at 390 px and 1280 px go to test-artifacts/web/steps/.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import last_int
from conftest import ROOT, Visitor, WebStack
from playwright.sync_api import Page, expect
from web_helpers import (
    SELLER,
    TIMEOUT,
    connect,
    create_listing,
    only_own_origin,
    snap,
    unlock_shipping_key,
    wait_api,
)

from chain.anvil import dev_account

AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOPPER = dev_account(6).address


@dataclass(frozen=True)
class Shop:
    """A listing with an order by the shopper, so every main page has something to show."""

    listing_id: int
    order_id: int


@pytest.fixture(scope="module")
def shop(web_stack: WebStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    tmp = tmp_path_factory.mktemp("quality")
    title = f"Rolleiflex 2.8F {uuid.uuid4().hex[:6]}"
    listing_id = create_listing(
        web_stack, tmp, title, "--price", "0.03", "--escrow", "--stock", "5"
    )
    result = web_stack.stack.cli("buyer", "buy", listing_id, "--dev-account", "6")
    order_id = last_int(result.stdout, "order")
    wait_api(web_stack, f"/v1/orders/{order_id}", lambda o: o["status"] == "paid")
    yield Shop(listing_id, order_id)


def axe_problems(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return {
                rules: result.passes.length + result.violations.length,
                found: result.violations
                    .filter((v) => v.impact === "serious" || v.impact === "critical")
                    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                  targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 5)})),
            };
        }"""
    )
    # axe checked a rendered page (color contrast, names, landmarks...), not an empty one.
    assert result["rules"] > 10, f"axe-core ran only {result['rules']} rules: is the page empty?"
    found: list[dict[str, Any]] = result["found"]
    return [f"{v['impact']} {v['id']}: {v['help']} at {v['targets']}" for v in found]


def main_pages(web: WebStack, shop: Shop) -> list[tuple[str, str, Callable[[Page], None]]]:
    """(name, path, wait until the page shows its content) of every main page."""

    def heading(name: str) -> Callable[[Page], None]:
        return lambda page: expect(page.get_by_role("heading", name=name)).to_be_visible(
            timeout=TIMEOUT
        )

    def feed(page: Page) -> None:
        expect(page.get_by_test_id("feed-item").first).to_be_visible(timeout=TIMEOUT)

    def listing(page: Page) -> None:
        expect(page.get_by_role("button", name="Buy now")).to_be_visible(timeout=TIMEOUT)

    def orders(page: Page) -> None:
        mine = page.locator(f'[data-testid="order"][data-order-id="{shop.order_id}"]')
        expect(mine).to_be_visible(timeout=TIMEOUT)

    return [
        ("feed", "/", feed),
        ("listing", f"/listings/{shop.listing_id}", listing),
        ("orders", "/orders", orders),
        ("sell", "/sell", heading("Orders to ship")),
        ("profile", f"/profiles/{SELLER}", heading("As a seller")),
    ]


def open_connected(page: Page, url: str) -> None:
    """Open ``url``, connecting the wallet if this context has not connected it yet."""
    page.goto(url)
    account = page.get_by_test_id("account")
    connect_button = page.get_by_role("button", name="Connect wallet")
    expect(account.or_(connect_button)).to_be_visible(timeout=TIMEOUT)
    if connect_button.is_visible():
        connect(page)


def test_axe_finds_no_serious_or_critical_violation_on_the_main_pages(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], shop: Shop
) -> None:
    shopper, seller = visitor("shopper", SHOPPER), visitor("seller", SELLER)
    problems: dict[str, list[str]] = {}
    for name, path, ready in main_pages(web_stack, shop):
        page = seller.page if name == "sell" else shopper.page
        open_connected(page, f"{web_stack.url}{path}")
        ready(page)
        if name == "sell":
            unlock_shipping_key(page)
            expect(page.get_by_test_id("key-state")).to_be_visible(timeout=TIMEOUT)
        found = axe_problems(page)
        if found:
            problems[name] = found
    assert problems == {}, "axe-core found:\n" + "\n".join(
        f"{page}: {line}" for page, lines in problems.items() for line in lines
    )
    # The same check does catch a violation: a button with no name is a critical one.
    shopper.page.evaluate("document.querySelector('main').append(document.createElement('button'))")
    assert any("critical button-name" in line for line in axe_problems(shopper.page))
    only_own_origin(web_stack, shopper, seller)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_no_main_page_scrolls_sideways(
    web_stack: WebStack,
    visitor: Callable[[str, str], Visitor],
    shop: Shop,
    viewport: dict[str, int],
) -> None:
    shopper, seller = visitor("shopper", SHOPPER), visitor("seller", SELLER)
    wide: dict[str, int] = {}
    for name, path, ready in main_pages(web_stack, shop):
        page = seller.page if name == "sell" else shopper.page
        page.set_viewport_size(viewport)
        open_connected(page, f"{web_stack.url}{path}")
        ready(page)
        if name == "sell":
            unlock_shipping_key(page)
            expect(page.get_by_test_id("key-state")).to_be_visible(timeout=TIMEOUT)
        snap(page, f"{name}-{viewport['width']}px")
        width = int(page.evaluate("document.scrollingElement.scrollWidth"))
        if width > viewport["width"]:
            wide[name] = width
    assert wide == {}, f"pages wider than {viewport['width']} px (scrollWidth): {wide}"
    only_own_origin(web_stack, shopper, seller)


def focus_ring(page: Page) -> str:
    """The focused element's outline or box-shadow: what makes focus visible."""
    return str(
        page.evaluate(
            """() => {
                const style = getComputedStyle(document.activeElement);
                const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
                    ? `outline ${style.outlineWidth} ${style.outlineStyle}` : "";
                return outline || (style.boxShadow !== "none" ? style.boxShadow : "");
            }"""
        )
    )


def tab_to(page: Page, name: str, limit: int = 60) -> None:
    """Press Tab until the focused element is named ``name``; its focus must be visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
                return label || el.innerText || el.getAttribute("aria-label") || "";
            }"""
        )
        if str(focused).strip() == name:
            assert focus_ring(page), f"{name!r} has focus but no visible focus style"
            return
    raise AssertionError(f"{limit} presses of Tab never reached {name!r}")


def test_connect_and_buy_with_the_keyboard_alone(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    account = dev_account(7).address
    buyer = visitor("buyer", account)
    buyer.page.set_viewport_size(PHONE)
    title = f"Pentax 67 {uuid.uuid4().hex[:6]}"
    listing_id = create_listing(web_stack, tmp_path, title, "--price", "0.01")
    wait_api(web_stack, f"/v1/listings/{listing_id}", lambda listing: listing["stock"] > 0)
    buyer.page.goto(f"{web_stack.url}/listings/{listing_id}")
    expect(buyer.page.get_by_role("heading", level=1)).to_have_text(title, timeout=TIMEOUT)

    tab_to(buyer.page, "Connect wallet")
    buyer.page.keyboard.press("Enter")
    tab_to(buyer.page, "Bazaar Test Wallet", limit=5)
    buyer.page.keyboard.press("Enter")
    expect(buyer.page.get_by_test_id("account")).to_contain_text(
        "Bazaar Test Wallet", timeout=TIMEOUT
    )

    # Untick the address (Space on a checkbox), then Enter on the buy button.
    box = buyer.page.get_by_test_id("buy-box")
    tab_to(buyer.page, "Ship it to me (send a sealed address)")
    buyer.page.keyboard.press("Space")
    expect(box.get_by_label("Ship it to me (send a sealed address)")).not_to_be_checked()
    tab_to(buyer.page, "Buy now")
    buyer.page.keyboard.press("Enter")
    status = buyer.page.get_by_test_id("tx-status")
    expect(status).to_have_attribute("data-step", "confirmed", timeout=TIMEOUT)
    order_id = last_int(status.inner_text().replace(" is placed", ""), "order")
    order = wait_api(web_stack, f"/v1/orders/{order_id}", lambda o: o["status"] == "completed")
    assert order["buyer"] == account
    only_own_origin(web_stack, buyer)
