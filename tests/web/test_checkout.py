"""Checkout without registration, end to end in a real browser against a real chain.

A buyer with no account finds a listing in the feed, connects the injected wallet, pays in
ETH with a shipping address sealed in the browser; the seller, in another browser context,
publishes the shipping key derived from a signature, opens the address and ships; the buyer
confirms delivery. Python opens the envelope the browser sealed, with the key wallet/
derives from the same account. Then: a dispute opened from My orders, and a purchase in the
test token with an EIP-2612 permit (one transaction, no approval) cancelled once the
handling time passed unshipped. The chain's result is read back through the API each time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from cli_helpers import last_int
from conftest import Visitor, WebStack
from eth_utils.crypto import keccak
from playwright.sync_api import expect
from web_helpers import (
    BUYER,
    SELLER,
    TIMEOUT,
    connect,
    create_listing,
    only_own_origin,
    snap,
    unlock_shipping_key,
    wait_api,
)

from bazaar.api_client import BazaarApi
from chain.anvil import dev_account
from chain.artifacts import load_artifact
from wallet.derived_keys import derive_shipping_key, public_key_bytes
from wallet.shipping_details import ShippingDetails, open_shipping_details


def test_buy_in_eth_with_a_sealed_address_seller_ships_buyer_confirms(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    seller = visitor("seller", SELLER)
    buyer = visitor("buyer", BUYER)

    # The seller publishes the shipping key their wallet's signature derives.
    seller.page.goto(f"{web_stack.url}/sell")
    connect(seller.page)
    unlock_shipping_key(seller.page)
    seller.page.get_by_role("button", name="Publish my shipping key").click()
    expect(seller.page.get_by_test_id("key-state")).to_have_text(
        "Unlocked; this is the key buyers use.", timeout=TIMEOUT
    )
    # The browser derived, through the wallet's signature, the key wallet/ derives in Python.
    derived = derive_shipping_key(dev_account(1))
    published = web_stack.stack.market().encryption_key_of(SELLER)
    assert published == "0x" + public_key_bytes(derived).hex()

    title = f"Leica M6 {uuid.uuid4().hex[:6]}"
    listing_id = create_listing(web_stack, tmp_path, title, "--price", "0.05", "--escrow")

    # Feed → listing.
    buyer.page.goto(web_stack.url)
    item = buyer.page.get_by_test_id("feed-item").filter(has_text=title).first
    expect(item).to_contain_text("listed", timeout=TIMEOUT)
    item.get_by_role("link").first.click()  # the listing; the last is the permalink
    expect(buyer.page).to_have_url(f"{web_stack.url}/listings/{listing_id}")
    expect(buyer.page.get_by_role("heading", level=1)).to_have_text(title)
    expect(buyer.page.get_by_test_id("price")).to_have_text("0.05 ETH")
    expect(buyer.page.get_by_test_id("specs")).to_contain_text("1.36 kg")
    expect(buyer.page).to_have_title(f"{title} — 0.05 ETH — Bazaar")

    # Connect, fill the address, pay.
    connect(buyer.page)
    form = buyer.page.get_by_test_id("buy-box")
    form.get_by_label("name").fill("Ada Lovelace")
    form.get_by_label("street").fill("12 St James's Square")
    form.get_by_label("city", exact=True).fill("London")
    form.get_by_label("country").fill("GB")
    form.get_by_label("postal code (optional)").fill("SW1Y 4JH")
    form.get_by_role("button", name="Buy now").click()
    status = buyer.page.get_by_test_id("tx-status")
    expect(status).to_have_attribute("data-step", "confirmed", timeout=TIMEOUT)
    expect(status).to_contain_text("the seller can read your sealed address")
    snap(buyer.page, "checkout-confirmed")
    order_id = last_int(status.inner_text().replace(" is placed", ""), "order")

    order = wait_api(web_stack, f"/v1/orders/{order_id}", lambda o: o["status"] == "paid")
    assert order["buyer"] == BUYER and order["amount"] == str(5 * 10**16)
    assert order["shipping_ref"] != "0x" + "00" * 32

    # What the browser sealed and uploaded, Python opens with the same account's key.
    api = BazaarApi(web_stack.url)
    try:
        envelope = api.shipping_envelope("order", order_id, dev_account(1))
    finally:
        api.close()
    assert "0x" + keccak(envelope).hex() == order["shipping_ref"]
    assert open_shipping_details(derived, envelope) == ShippingDetails(
        name="Ada Lovelace",
        street="12 St James's Square",
        city="London",
        country="GB",
        postal_code="SW1Y 4JH",
    )

    # The seller opens the address in the browser and ships.
    seller.page.reload()
    unlock_shipping_key(seller.page)
    card = seller.page.locator(f'[data-testid="to-ship"][data-order-id="{order_id}"]')
    address = card.get_by_test_id("ship-to")
    expect(address).to_contain_text("Ada Lovelace", timeout=TIMEOUT)
    expect(address).to_contain_text("12 St James's Square")
    expect(address).to_contain_text("SW1Y 4JH")
    snap(seller.page, "seller-opened-address")
    card.get_by_label("Tracking number (optional; the chain keeps its hash)").fill("RR123456789GB")
    card.get_by_role("button", name="Mark as shipped").click()
    expect(card.get_by_test_id("tx-status")).to_have_attribute(
        "data-step", "confirmed", timeout=TIMEOUT
    )
    wait_api(web_stack, f"/v1/orders/{order_id}", lambda o: o["status"] == "shipped")

    # The buyer confirms delivery from My orders.
    buyer.page.goto(f"{web_stack.url}/orders")
    mine = buyer.page.locator(f'[data-testid="order"][data-order-id="{order_id}"]')
    expect(mine.get_by_test_id("order-status")).to_have_text("shipped", timeout=TIMEOUT)
    expect(mine.get_by_test_id("timeline")).to_contain_text("Shipped")
    mine.get_by_role("button", name="Confirm delivery").click()
    expect(mine.get_by_test_id("tx-status")).to_have_text(
        "Delivery confirmed: the seller is paid.", timeout=TIMEOUT
    )
    wait_api(web_stack, f"/v1/orders/{order_id}", lambda o: o["status"] == "completed")
    snap(buyer.page, "buyer-confirmed-delivery")

    # The buyer reviews the completed order: the text is a document, its hash on chain.
    buyer.page.reload()
    form = mine.get_by_test_id("review-form")
    form.get_by_label("4★", exact=True).check()
    form.get_by_label("Delivery").select_option("5")
    form.get_by_label("Title (optional)").fill("Works perfectly")
    text = f"Film advance smooth, meter accurate ({title})."
    form.get_by_label("Your review", exact=False).fill(text)
    form.get_by_role("button", name="Post the review").click()
    expect(form.get_by_test_id("tx-status")).to_have_attribute(
        "data-step", "confirmed", timeout=TIMEOUT
    )
    market = web_stack.stack.market().address
    review = wait_api(
        web_stack, "/v1/reviews", lambda page: page["count"] > 0, source=market, deal_id=order_id
    )["data"][0]
    assert (review["author"], review["rating"], review["delivery"]) == (BUYER, 4, 5)
    assert review["quality"] == 0
    stored = web_stack.get(f"/v1/reviews/{review['id']}")
    expected = {"kind": "review", "version": 1, "title": "Works perfectly", "text": text}
    assert stored["text"] == expected

    # It shows on the listing page; the seller answers it there.
    buyer.page.goto(f"{web_stack.url}/listings/{listing_id}")
    shown = buyer.page.get_by_test_id("review").filter(has_text=text)
    expect(shown).to_contain_text("Works perfectly.", timeout=TIMEOUT)
    expect(shown.get_by_label("4 out of 5")).to_be_visible()
    snap(buyer.page, "review-on-listing-page")
    seller.page.goto(f"{web_stack.url}/listings/{listing_id}")
    answered = seller.page.get_by_test_id("review").filter(has_text=text)
    answered.get_by_label("Answer this review", exact=False).fill("Thank you, enjoy it!")
    answered.get_by_role("button", name="Post the answer").click()
    expect(answered.get_by_test_id("tx-status")).to_have_attribute(
        "data-step", "confirmed", timeout=TIMEOUT
    )
    wait_api(web_stack, f"/v1/reviews/{review['id']}", lambda r: r["response"] is not None)
    buyer.page.reload()
    expect(shown).to_contain_text("Seller: Thank you, enjoy it!", timeout=TIMEOUT)
    only_own_origin(web_stack, seller, buyer)


def test_open_a_dispute_from_my_orders(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    account = dev_account(5).address
    buyer = visitor("buyer", account)
    title = f"Hasselblad back {uuid.uuid4().hex[:6]}"
    listing_id = create_listing(web_stack, tmp_path, title, "--price", "0.02", "--escrow")
    wait_api(web_stack, f"/v1/listings/{listing_id}", lambda listing: listing["stock"] > 0)
    buyer.page.goto(f"{web_stack.url}/listings/{listing_id}")
    connect(buyer.page)
    box = buyer.page.get_by_test_id("buy-box")
    box.get_by_label("Ship it to me (send a sealed address)").uncheck()
    box.get_by_role("button", name="Buy now").click()
    status = buyer.page.get_by_test_id("tx-status")
    expect(status).to_have_attribute("data-step", "confirmed", timeout=TIMEOUT)
    order_id = last_int(status.inner_text().replace(" is placed", ""), "order")
    wait_api(web_stack, f"/v1/orders/{order_id}", lambda o: o["status"] == "paid")

    buyer.page.goto(f"{web_stack.url}/orders")
    mine = buyer.page.locator(f'[data-testid="order"][data-order-id="{order_id}"]')
    expect(mine.get_by_test_id("order-status")).to_have_text("paid", timeout=TIMEOUT)
    mine.get_by_role("button", name="Open a dispute").click()
    reason = "The lens mount is cracked."
    mine.get_by_label("What went wrong", exact=False).fill(reason)
    mine.get_by_role("button", name="Open the dispute").click()
    expect(mine.get_by_test_id("tx-status")).to_have_text(
        "Dispute opened: the arbiter will rule on it.", timeout=TIMEOUT
    )
    order = wait_api(web_stack, f"/v1/orders/{order_id}", lambda o: o["status"] == "disputed")
    assert order["dispute_reason"] == "0x" + keccak(text=reason).hex()
    assert order["disputed_by"] == account
    only_own_origin(web_stack, buyer)


def test_pay_in_the_token_with_a_permit_then_cancel_an_unshipped_order(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    """Last in this module: it moves the shared chain's clock a day forward."""
    account = dev_account(4).address
    web_stack.stack.mint(account, 100 * 10**6)
    buyer = visitor("buyer", account)
    title = f"Technics SL-1200 {uuid.uuid4().hex[:6]}"
    token = web_stack.stack.token
    listing_id = create_listing(
        web_stack, tmp_path, title, "--price", "12.5", "--token", token, "--escrow",
        "--handling-time", "1d",
    )  # fmt: skip
    wait_api(web_stack, f"/v1/listings/{listing_id}", lambda listing: listing["stock"] > 0)
    buyer.page.goto(f"{web_stack.url}/listings/{listing_id}")
    connect(buyer.page)
    expect(buyer.page.get_by_test_id("price")).to_have_text("12.5 TUSD", timeout=TIMEOUT)
    box = buyer.page.get_by_test_id("buy-box")
    box.get_by_label("Ship it to me (send a sealed address)").uncheck()
    box.get_by_role("button", name="Buy now").click()
    status = buyer.page.get_by_test_id("tx-status")
    expect(status).to_have_attribute("data-step", "confirmed", timeout=TIMEOUT)
    order_id = last_int(status.inner_text().replace(" is placed", ""), "order")
    order = wait_api(web_stack, f"/v1/orders/{order_id}", lambda o: o["status"] == "paid")
    assert (order["token"], order["amount"]) == (token, str(12_500_000))
    permits = [e for e in order["history"] if e["event"] == "OrderPlaced"]
    assert len(permits) == 1
    # One transaction, no approval first: the permit was signed, not sent.
    marketplace = web_stack.stack.deployment.manifest.contracts["Marketplace"].address
    erc20 = web_stack.stack.w3.eth.contract(address=token, abi=list(load_artifact("TestToken").abi))
    allowance = erc20.functions.allowance(account, marketplace).call()
    assert allowance == 0

    buyer.page.goto(f"{web_stack.url}/orders")
    mine = buyer.page.locator(f'[data-testid="order"][data-order-id="{order_id}"]')
    expect(mine).to_contain_text("You can cancel from", timeout=TIMEOUT)
    expect(mine.get_by_role("button", name="Cancel and get a refund")).to_have_count(0)

    web_stack.stack.advance_time(86_400 + 60)
    buyer.page.reload()
    mine.get_by_role("button", name="Cancel and get a refund").click(timeout=TIMEOUT)
    expect(mine.get_by_test_id("tx-status")).to_have_text(
        "Order cancelled: the payment is back in your wallet.", timeout=TIMEOUT
    )
    wait_api(web_stack, f"/v1/orders/{order_id}", lambda o: o["status"] == "refunded")
    only_own_origin(web_stack, buyer)
