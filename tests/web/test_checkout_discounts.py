"""Checkout with a seller's voucher, and the phone-wallet path, in a real browser.

The seller signs a voucher with the CLI (``bazaar seller voucher``, an EIP-712 signature
over the VoucherBook's domain); the buyer pastes the file into the buy box, sees the
discount and pays ``purchaseWithVoucher`` with the discounted value. The chain's result is
read back through the API. The phone path shows the API's EIP-681 link as a QR code.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from cli_helpers import last_int
from conftest import Visitor, WebStack
from playwright.sync_api import expect
from web_helpers import SELLER, TIMEOUT, connect, create_listing, only_own_origin, wait_api

from chain.anvil import dev_account
from chain.marketplace.types import Voucher
from chain.marketplace.vouchers import VoucherBookClient

BUYER = dev_account(8).address


def signed_voucher(web: WebStack, tmp_path: Path, *options: str) -> str:
    """The voucher file the seller (dev account 1) signs with the CLI, as text."""
    out = tmp_path / f"voucher-{uuid.uuid4().hex[:6]}.json"
    web.stack.cli("seller", "voucher", "--out", out, *options, "--dev-account", "1")
    return out.read_text()


def test_buy_with_a_sellers_voucher(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    buyer = visitor("buyer", BUYER)
    title = f"Mamiya RB67 {uuid.uuid4().hex[:6]}"
    listing_id = create_listing(web_stack, tmp_path, title, "--price", "0.05", "--stock", "3")
    other_id = create_listing(web_stack, tmp_path, f"{title} lens", "--price", "0.05")
    voucher = signed_voucher(
        web_stack, tmp_path, "--discount", "0.01", "--listing", str(listing_id)
    )
    elsewhere = signed_voucher(
        web_stack, tmp_path, "--discount", "0.01", "--listing", str(other_id)
    )
    wait_api(web_stack, f"/v1/listings/{listing_id}", lambda listing: listing["stock"] == 3)

    buyer.page.goto(f"{web_stack.url}/listings/{listing_id}")
    connect(buyer.page)
    box = buyer.page.get_by_test_id("buy-box")
    box.get_by_label("Ship it to me (send a sealed address)").uncheck()
    field = box.get_by_label("Voucher (optional: paste the file the seller sent you)")

    # A voucher for another listing is refused before anything is signed.
    field.fill(elsewhere)
    expect(box.get_by_test_id("voucher-problem")).to_have_text(
        f"This voucher is for listing {other_id} only."
    )
    expect(box.get_by_test_id("total")).to_have_text("Total 0.05 ETH")

    field.fill(voucher)
    expect(box.get_by_test_id("voucher-applied")).to_have_text("Voucher applied: 0.01 ETH off.")
    expect(box.get_by_test_id("total")).to_contain_text("Total 0.04 ETH")
    box.get_by_role("button", name="Buy now").click()
    status = buyer.page.get_by_test_id("tx-status")
    expect(status).to_have_attribute("data-step", "confirmed", timeout=TIMEOUT)
    order_id = last_int(status.inner_text().replace(" is placed", ""), "order")

    order = wait_api(web_stack, f"/v1/orders/{order_id}", lambda o: o["buyer"] == BUYER)
    assert order["amount"] == str(4 * 10**16)
    # The chain counted one redemption of exactly this voucher (its EIP-712 digest).
    book = VoucherBookClient.of_marketplace(web_stack.stack.market())
    digest = book.local_hash(Voucher(**json.loads(voucher)["voucher"]))
    vouchers = wait_api(
        web_stack,
        f"/v1/sellers/{SELLER}/vouchers",
        lambda page: any(v["voucher_hash"] == digest for v in page["data"]),
    )
    [seen] = [v for v in vouchers["data"] if v["voucher_hash"] == digest]
    assert (seen["redemptions"], seen["discount_total"]) == (1, str(10**16))

    # Used once (max_redemptions 1): the same voucher now fails as the contract says.
    buyer.page.reload()
    box.get_by_label("Ship it to me (send a sealed address)").uncheck(timeout=TIMEOUT)
    field.fill(voucher)
    box.get_by_role("button", name="Buy now").click()
    expect(status).to_have_attribute("data-step", "failed", timeout=TIMEOUT)
    expect(status).to_have_text("This voucher was used up or cancelled by the seller.")
    only_own_origin(web_stack, buyer)


def test_the_phone_path_shows_the_payment_link_as_a_qr_code(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    shopper = visitor("shopper", BUYER)
    title = f"Yashica Mat {uuid.uuid4().hex[:6]}"
    listing_id = create_listing(web_stack, tmp_path, title, "--price", "0.02", "--stock", "4")
    wait_api(web_stack, f"/v1/listings/{listing_id}", lambda listing: listing["stock"] == 4)
    shopper.page.goto(f"{web_stack.url}/listings/{listing_id}")
    connect(shopper.page)
    box = shopper.page.get_by_test_id("buy-box")
    box.get_by_label("Quantity").fill("2")
    box.get_by_text("Pay from a phone wallet").click()
    phone = box.get_by_test_id("phone-pay")
    image = phone.get_by_role("img", name="QR code of the payment link for 2 units")
    expect(image).to_be_visible(timeout=TIMEOUT)
    assert shopper.page.evaluate(
        "(img) => img.complete && img.naturalWidth > 0", image.element_handle()
    ), "the QR code did not render as an image"
    checkout = web_stack.get(f"/v1/listings/{listing_id}/checkout", quantity=2)
    source = unquote(str(image.get_attribute("src")))
    assert source == "data:image/svg+xml;charset=utf-8," + checkout["qr_svg"]
    link = phone.get_by_role("link", name="open the payment link")
    assert link.get_attribute("href") == checkout["payment_link"]
    assert checkout["payment_link"].startswith("ethereum:")
    only_own_origin(web_stack, shopper)


def test_a_token_price_reads_in_its_units_before_a_wallet_connects(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    """The API names the token in the shell (token_labels): no wallet is needed to read it."""
    shopper = visitor("shopper", BUYER)
    title = f"Nagra IV-S {uuid.uuid4().hex[:6]}"
    token = web_stack.stack.token
    listing_id = create_listing(web_stack, tmp_path, title, "--price", "1234.5", "--token", token)
    wait_api(web_stack, f"/v1/listings/{listing_id}", lambda listing: listing["stock"] > 0)
    shopper.page.goto(f"{web_stack.url}/listings/{listing_id}")
    expect(shopper.page.get_by_test_id("price")).to_have_text("1,234.5 TUSD", timeout=TIMEOUT)
    expect(shopper.page.get_by_role("button", name="Connect wallet")).to_be_visible()
    only_own_origin(web_stack, shopper)


def test_pay_part_of_the_price_with_review_credits(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    """Credits a review earned (a quarter of the 1 % fee), spent at a seller who takes them."""
    account = dev_account(9)
    reviewed = create_listing(
        web_stack, tmp_path, f"Contax T2 {uuid.uuid4().hex[:6]}", "--price", "1"
    )
    bought = web_stack.stack.cli("buyer", "buy", reviewed, "--dev-account", "9")
    first_order = last_int(bought.stdout, "order")
    wait_api(web_stack, f"/v1/orders/{first_order}", lambda o: o["status"] == "completed")
    web_stack.stack.cli(
        "buyer", "review", first_order, "--rating", "5", "--text", "Sharp.", "--dev-account", "9"
    )
    earned = 10**18 * 100 // 10_000 * 2_500 // 10_000  # 0.0025 ETH of credits
    wait_api(
        web_stack,
        f"/v1/credits/{account.address}",
        lambda c: any(b["balance"] == str(earned) for b in c["balances"]),
    )
    title = f"Olympus XA {uuid.uuid4().hex[:6]}"
    listing_id = create_listing(web_stack, tmp_path, title, "--price", "0.05", "--stock", "2")
    web_stack.stack.cli(
        "seller", "accept-credits", listing_id, "--cap-bps", "1000", "--dev-account", "1"
    )
    wait_api(web_stack, f"/v1/listings/{listing_id}", lambda lst: lst["credit_cap_bps"] == 1000)

    buyer = visitor("buyer", account.address)
    buyer.page.goto(f"{web_stack.url}/listings/{listing_id}")
    connect(buyer.page)
    box = buyer.page.get_by_test_id("buy-box")
    box.get_by_label("Ship it to me (send a sealed address)").uncheck()
    # The cap (10 % of 0.05 ETH) is more than the balance: the whole balance is offered.
    box.get_by_label("Pay 0.0025 ETH with my review credits").check(timeout=TIMEOUT)
    expect(box.get_by_test_id("total")).to_contain_text("Total 0.0475 ETH")
    box.get_by_role("button", name="Buy now").click()
    status = buyer.page.get_by_test_id("tx-status")
    expect(status).to_have_attribute("data-step", "confirmed", timeout=TIMEOUT)
    order_id = last_int(status.inner_text().replace(" is placed", ""), "order")
    order = wait_api(web_stack, f"/v1/orders/{order_id}", lambda o: o["buyer"] == account.address)
    assert order["amount"] == str(5 * 10**16 - earned)
    wait_api(
        web_stack,
        f"/v1/credits/{account.address}",
        lambda c: all(b["balance"] == "0" for b in c["balances"]),
    )
    only_own_origin(web_stack, buyer)
