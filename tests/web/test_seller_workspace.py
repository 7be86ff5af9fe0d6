"""The seller workspace in a real browser: create a listing from the metadata form (the
document goes to the API, its hash on chain), see it on the feed, its own feed-item page and
its listing page; change its price and pause it; withdraw a direct sale's proceeds."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

from cli_helpers import last_int
from conftest import Visitor, WebStack
from playwright.sync_api import expect
from web_helpers import (
    SELLER,
    TIMEOUT,
    connect,
    create_listing,
    only_own_origin,
    snap,
    wait_api,
)

from chain.anvil import dev_account
from chain.marketplace.signing import sign_voucher
from chain.marketplace.types import Voucher
from chain.marketplace.vouchers import VoucherBookClient


def test_seller_creates_a_listing_in_the_browser_then_updates_and_pauses_it(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor]
) -> None:
    seller = visitor("seller", SELLER)
    page = seller.page
    page.goto(f"{web_stack.url}/sell")
    connect(page)
    page.get_by_role("button", name="Create a listing").click()
    form = page.get_by_test_id("new-listing")
    title = f"Rolleiflex 2.8F {uuid.uuid4().hex[:6]}"
    form.get_by_label("Title").fill(title)
    form.get_by_label("Category", exact=False).fill("Cameras")  # capitals: refused
    form.get_by_label("Condition").select_option("like_new")
    form.get_by_label("Brand (optional)").fill("Rollei")
    form.get_by_label("Description").fill("Twin-lens reflex, Planar 80 mm.")
    form.get_by_role("button", name="Add a spec").click()
    form.get_by_label("Name").fill("weight")
    form.get_by_label("Value").fill("1220.50")
    form.get_by_label("Unit").select_option("g")
    form.get_by_label("Price per item in ETH").fill("0.03")
    form.get_by_label("Stock").fill("2")
    form.get_by_role("button", name="Publish the listing").click()
    problem = form.get_by_test_id("field-problem")
    expect(problem).to_contain_text("Lower-case words with dashes")
    snap(page, "listing-form-refused")
    form.get_by_label("Category", exact=False).fill("electronics/cameras")
    form.get_by_role("button", name="Publish the listing").click()
    expect(form.get_by_test_id("tx-status")).to_have_attribute(
        "data-step", "confirmed", timeout=TIMEOUT
    )
    link = form.get_by_test_id("created-listing")
    listing_id = last_int(link.inner_text(), "listing")
    listing = wait_api(web_stack, f"/v1/listings/{listing_id}", lambda lst: lst["stock"] == 2)
    assert listing["seller"] == SELLER
    assert (listing["price"], listing["escrow"]) == (str(3 * 10**16), True)
    assert listing["metadata_document"] == {
        "kind": "listing",
        "version": 1,
        "title": title,
        "description": "Twin-lens reflex, Planar 80 mm.",
        "category": "electronics/cameras",
        "condition": "like_new",
        "brand": "Rollei",
        "model": None,
        "images": [],
        "specs": {"weight": {"value": "1220.5", "unit": "g"}},
    }
    snap(page, "listing-created")

    # It is on the feed, with a shareable page of its own, and on its listing page.
    page.goto(web_stack.url)
    item = page.get_by_test_id("feed-item").filter(has_text=title).first
    expect(item).to_be_visible(timeout=TIMEOUT)
    item.locator("a.permalink").click()
    expect(page.get_by_test_id("feed-item-page")).to_contain_text(title, timeout=TIMEOUT)
    expect(page).to_have_title(f"{SELLER[:6]}…{SELLER[-4:]} listed — Bazaar")
    page.get_by_role("link", name="Go to the listing").click()
    expect(page.get_by_test_id("listing")).to_contain_text(title, timeout=TIMEOUT)
    expect(page.get_by_test_id("listing")).to_contain_text("Rollei")
    expect(page.get_by_test_id("price")).to_have_text("0.03 ETH")

    # Change the price and stock, then pause it.
    page.goto(f"{web_stack.url}/sell")
    row = page.locator(f'[data-testid="my-listing"][data-listing-id="{listing_id}"]')
    row.get_by_role("button", name="Edit").click()
    edit = row.get_by_test_id("edit-listing")
    expect(edit.get_by_label("Title")).to_have_value(title, timeout=TIMEOUT)
    edit.get_by_label("Price per item in ETH").fill("0.025")
    edit.get_by_label("Stock").fill("5")
    edit.get_by_role("button", name="Save changes").click()
    expect(row.get_by_test_id("tx-status").first).to_have_text("Listing updated.", timeout=TIMEOUT)
    wait_api(
        web_stack,
        f"/v1/listings/{listing_id}",
        lambda lst: lst["price"] == str(25 * 10**15) and lst["stock"] == 5,
    )
    row.get_by_role("button", name="Pause").click()
    expect(row.get_by_test_id("tx-status").first).to_have_attribute(
        "data-step", "confirmed", timeout=TIMEOUT
    )
    wait_api(web_stack, f"/v1/listings/{listing_id}", lambda lst: lst["status"] == "paused")
    expect(row).to_have_attribute("data-status", "paused", timeout=TIMEOUT)
    snap(page, "listing-paused")

    # At phone width the form fits the screen (no sideways scrolling).
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.get_by_role("button", name="Create a listing").click()
    page.get_by_test_id("new-listing").get_by_role("button", name="Add a spec").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    snap(page, "listing-form-390px")
    only_own_origin(web_stack, seller)


def test_seller_withdraws_the_proceeds_of_a_direct_sale(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor]
) -> None:
    account = dev_account(6)
    seller = visitor("seller", account.address)
    market = web_stack.stack.market(account)
    created = market.create_listing(price=10**16, stock=3)
    listing_id = created.event("ListingCreated").args["listingId"]
    buyer = web_stack.stack.market(dev_account(7))
    buyer.buy(listing_id, 1, max_price=10**16)
    wait_api(web_stack, f"/v1/listings/{listing_id}", lambda lst: lst["order_count"] == 1)

    seller.page.goto(f"{web_stack.url}/sell")
    connect(seller.page)
    proceeds = seller.page.get_by_test_id("proceeds")
    expect(proceeds).to_contain_text("0.01 ETH of sales", timeout=TIMEOUT)
    before = web_stack.stack.w3.eth.get_balance(account.address)
    proceeds.get_by_role("button", name="Withdraw sales proceeds").click()
    expect(proceeds.get_by_test_id("tx-status")).to_have_attribute(
        "data-step", "confirmed", timeout=TIMEOUT
    )
    assert web_stack.stack.w3.eth.get_balance(account.address) > before
    second = proceeds.get_by_role("button", name="Withdraw sales proceeds")
    expect(second).to_have_count(0, timeout=TIMEOUT)
    only_own_origin(web_stack, seller)


def test_seller_signs_a_voucher_the_book_and_python_agree_on(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor]
) -> None:
    account = dev_account(1)
    seller = visitor("seller", account.address)
    seller.page.goto(f"{web_stack.url}/sell")
    connect(seller.page)
    vouchers = seller.page.get_by_test_id("vouchers")
    vouchers.get_by_label("Discount", exact=True).fill("0.004")
    vouchers.get_by_label("Uses").fill("3")
    vouchers.get_by_role("button", name="Sign the voucher").click()
    signed = json.loads(vouchers.get_by_test_id("signed-voucher").input_value(timeout=TIMEOUT))
    # The file `bazaar seller voucher` writes, so `bazaar buyer` and the buy box read it too.
    voucher = Voucher(**signed["voucher"])
    assert (voucher.seller, voucher.discount, voucher.max_redemptions) == (
        account.address,
        4 * 10**15,
        3,
    )
    book = VoucherBookClient.of_marketplace(web_stack.stack.market())
    assert (signed["book"], signed["chain_id"]) == (book.address, 31337)
    # The same signature Python makes (RFC 6979), over the digest the book computes.
    assert signed["signature"] == sign_voucher(account, voucher, 31337, book.address)
    digest = book.hash_voucher(voucher)
    expect(vouchers).to_contain_text(f"Signed voucher {digest[:10]}…")
    snap(seller.page, "voucher-signed")
    only_own_origin(web_stack, seller)


def test_seller_refunds_an_escrowed_order_from_the_workspace(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    seller = visitor("seller", SELLER)
    title = f"Mamiya RB67 {uuid.uuid4().hex[:6]}"
    listing_id = create_listing(web_stack, tmp_path, title, "--price", "0.02", "--escrow")
    bought = web_stack.stack.market(dev_account(4)).buy(listing_id, 1, max_price=2 * 10**16)
    order_id = next(e for e in bought.events if e.event == "OrderPlaced").args["orderId"]
    wait_api(web_stack, f"/v1/orders/{order_id}", lambda o: o["status"] == "paid")

    seller.page.goto(f"{web_stack.url}/sell")
    connect(seller.page)
    card = seller.page.locator(f'[data-testid="to-ship"][data-order-id="{order_id}"]')
    seller.page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="Refund the buyer").click(timeout=TIMEOUT)
    expect(card.get_by_test_id("tx-status")).to_have_attribute(
        "data-step", "confirmed", timeout=TIMEOUT
    )
    order = wait_api(web_stack, f"/v1/orders/{order_id}", lambda o: o["status"] == "refunded")
    assert order["refunded"] == str(2 * 10**16)
    only_own_origin(web_stack, seller)
