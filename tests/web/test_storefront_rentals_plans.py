"""Rentals and installment plans in a real browser against a real chain (journey 5).

A renter books a rental from its listing page, paying rent and deposit in ETH with the terms
hash computed in the page; a second renter trying to book it meanwhile is told why in words;
the lender, in another browser context, hands the item over; the
renter marks it returned; the lender accepts the return; the deposit is credited back and the
renter withdraws it. Then a buyer starts an installment plan, sees the schedule with its due
dates, lets the first installment fall late, pays it with its late fee, and sees the schedule
move on. Every step's result is read back through the API or the chain.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

from cli_helpers import LISTING_METADATA, last_int
from conftest import Visitor, WebStack
from playwright.sync_api import Locator, Page, expect
from web_helpers import BUYER, RIVAL, SELLER, TIMEOUT, connect, only_own_origin, snap, wait_api

from bazaar.api_client import BazaarApi
from chain.anvil import dev_account
from chain.erc20 import Erc20Client
from chain.installments.client import InstallmentPlansClient
from chain.installments.types import PlanTerms

DAY = 86_400
PHONE = {"width": 390, "height": 844}


def rental_card(page: Page, rental_id: int, side: str) -> Locator:
    """The rental's card in the renter's or the lender's section of My rentals."""
    section = page.get_by_test_id(f"rentals-{side}")
    return section.locator(f'[data-testid="rental"][data-rental-id="{rental_id}"]')


def confirmed(scope: Locator) -> None:
    """The wallet action shown in ``scope`` was mined and succeeded."""
    status = scope.get_by_test_id("tx-status")
    expect(status).to_have_attribute("data-step", "confirmed", timeout=TIMEOUT)


def test_book_a_rental_hand_over_return_inspect_and_get_the_deposit_back(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    lender = visitor("lender", SELLER)
    renter = visitor("renter", BUYER)
    title = f"Canoe {uuid.uuid4().hex[:6]}"
    metadata = tmp_path / "canoe.json"
    metadata.write_text(json.dumps({**LISTING_METADATA, "title": title}))
    listed = web_stack.stack.cli(
        "rentals", "list", "--daily-rate", "0.01", "--deposit", "0.05", "--late-fee-per-day",
        "0.002", "--min-days", "1", "--max-days", "5", "--metadata", metadata,
        "--dev-account", "1",
    )  # fmt: skip
    listing_id = last_int(listed.stdout, "listing")
    wait_api(web_stack, f"/v1/rental-listings/{listing_id}", lambda body: True)

    # Browse: the listing is in the rentals list, its page shows the terms.
    renter.page.set_viewport_size(PHONE)
    renter.page.goto(f"{web_stack.url}/rentals")
    card = renter.page.locator(f'[data-testid="rental-listing"][data-listing-id="{listing_id}"]')
    expect(card).to_contain_text("0.01 ETH a day", timeout=TIMEOUT)
    snap(renter.page, "rentals-browse-390px")
    card.get_by_role("link").click()
    expect(renter.page.get_by_role("heading", level=1)).to_have_text(title, timeout=TIMEOUT)
    connect(renter.page)
    terms = renter.page.get_by_test_id("rental-terms")
    expect(terms).to_contain_text("0.05 ETH")
    expect(terms).to_contain_text("1 to 5")

    # Out of range days are refused in the page, before any wallet request.
    days = renter.page.get_by_label("Days")
    days.fill("9")
    expect(renter.page.get_by_test_id("booking")).to_contain_text("Choose between 1 and 5 days.")
    days.fill("3")
    expect(renter.page.get_by_test_id("booking-cost")).to_contain_text("0.08 ETH")
    snap(renter.page, "rental-booking-390px")
    # The keyboard reaches the button and presses it.
    renter.page.get_by_role("button", name="Book and pay").focus()
    renter.page.keyboard.press("Enter")
    booking = renter.page.get_by_test_id("booking")
    confirmed(booking)
    rental_id = last_int(booking.get_by_test_id("tx-status").inner_text(), "rental")
    rental = wait_api(web_stack, f"/v1/rentals/{rental_id}", lambda r: r["status"] == "booked")
    assert rental["renter"] == BUYER and rental["rent"] == str(3 * 10**16)
    assert rental["deposit"] == str(5 * 10**16)

    # Someone else trying to book it meanwhile is told why, before anything is signed.
    rival = visitor("rival", RIVAL)
    rival.page.goto(f"{web_stack.url}/rentals/listings/{listing_id}")
    connect(rival.page)
    rival.page.get_by_role("button", name="Book and pay").click()
    refused = rival.page.get_by_test_id("booking").get_by_test_id("tx-status")
    expect(refused).to_have_attribute("data-step", "failed", timeout=TIMEOUT)
    expect(refused).to_have_text(
        "Someone else has booked this item; it can be booked again once that rental ends."
    )

    # The lender hands the item over from My rentals.
    lender.page.goto(f"{web_stack.url}/rentals/mine")
    connect(lender.page)
    lent = rental_card(lender.page, rental_id, "lender")
    expect(lent.get_by_test_id("rental-status")).to_have_text("booked", timeout=TIMEOUT)
    lent.get_by_role("button", name="Hand it over").click()
    confirmed(lent)
    wait_api(web_stack, f"/v1/rentals/{rental_id}", lambda r: r["status"] == "active")

    # The renter returns it a day later: two of the three days come back as a refund.
    web_stack.stack.advance_time(DAY // 2)
    renter.page.goto(f"{web_stack.url}/rentals/mine")
    rented = rental_card(renter.page, rental_id, "renter")
    expect(rented.get_by_test_id("rental-status")).to_have_text("active", timeout=TIMEOUT)
    rented.get_by_role("button", name="I returned it").click()
    confirmed(rented)
    returned = wait_api(web_stack, f"/v1/rentals/{rental_id}", lambda r: r["status"] == "returned")
    assert returned["rent_refund"] == str(2 * 10**16)

    # The lender inspects it and accepts the return: the deposit goes back to the renter.
    lender.page.reload()
    lent = rental_card(lender.page, rental_id, "lender")
    expect(lent.get_by_test_id("rental-status")).to_have_text("returned", timeout=TIMEOUT)
    expect(lent.get_by_role("button", name="Claim damages")).to_be_visible()
    snap(lender.page, "rental-inspection")
    lent.get_by_role("button", name="Accept the return and release the deposit").click()
    confirmed(lent)
    done = wait_api(web_stack, f"/v1/rentals/{rental_id}", lambda r: r["status"] == "completed")
    assert done["deposit_returned"] == str(5 * 10**16) and done["damages"] == "0"

    # The renter sees it completed and withdraws the deposit.
    renter.page.reload()
    rented = rental_card(renter.page, rental_id, "renter")
    expect(rented.get_by_test_id("rental-status")).to_have_text("completed", timeout=TIMEOUT)
    expect(rented.get_by_test_id("deposit-returned")).to_have_text("0.05 ETH")
    withdraw = renter.page.get_by_test_id("withdraw")
    expect(withdraw).to_contain_text("ETH", timeout=TIMEOUT)
    before = web_stack.stack.w3.eth.get_balance(BUYER)
    withdraw.get_by_role("button", name="Withdraw").click()
    confirmed(withdraw)
    # The deposit, 0.05 ETH, minus the withdrawal's gas (the unused rent was paid at the return).
    gained = web_stack.stack.w3.eth.get_balance(BUYER) - before
    assert 5 * 10**16 - 10**15 < gained <= 5 * 10**16
    snap(renter.page, "rental-completed")
    only_own_origin(web_stack, lender, renter, rival)


def test_start_an_installment_plan_pay_a_late_installment_and_see_the_schedule_move(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor]
) -> None:
    title = f"Cargo bike {uuid.uuid4().hex[:6]}"
    api = BazaarApi(web_stack.url)
    try:
        stored = api.upload_document({**LISTING_METADATA, "title": title}, dev_account(1))
    finally:
        api.close()
    seller = InstallmentPlansClient.from_manifest(
        web_stack.stack.w3, web_stack.stack.deployment.manifest, dev_account(1)
    )
    # 1 ETH: 0.1 down, then 3 installments of 0.3 (no financing fee), 5 % late fee.
    terms = PlanTerms(
        price=10**18, installments=3, interval=10 * DAY, financing_fee_bps=0, late_fee_bps=500
    )
    created = seller.create_listing(terms, stock=1, metadata_hash=str(stored["hash"]))
    listing_id = int(created.event("PlanListingCreated").args["listingId"])
    wait_api(web_stack, f"/v1/plan-listings/{listing_id}", lambda body: True)

    buyer = visitor("buyer", BUYER)
    buyer.page.goto(f"{web_stack.url}/plans")
    card = buyer.page.locator(f'[data-testid="plan-listing"][data-listing-id="{listing_id}"]')
    expect(card).to_contain_text("3 × 0.3 ETH", timeout=TIMEOUT)
    card.get_by_role("link").click()
    expect(buyer.page.get_by_role("heading", level=1)).to_have_text(title, timeout=TIMEOUT)
    connect(buyer.page)
    expect(buyer.page.get_by_test_id("plan-terms")).to_contain_text("0.1 ETH now (10 %)")
    snap(buyer.page, "plan-listing")
    buyer.page.get_by_role("button", name="Pay the down payment and start").click()
    start = buyer.page.get_by_test_id("start-plan")
    confirmed(start)
    plan = wait_api(
        web_stack, "/v1/plans", lambda b: b["count"] > 0, buyer=BUYER, listing_id=listing_id
    )
    plan_id = plan["data"][0]["plan_id"]
    assert plan["data"][0]["down_payment"] == str(10**17)

    # The schedule: three installments, none paid, the first due in ten days.
    start.get_by_role("link", name="See the schedule in My plans").click()
    mine = buyer.page.locator(f'[data-testid="plan"][data-plan-id="{plan_id}"]')
    rows = mine.get_by_test_id("installment")
    expect(rows).to_have_count(3, timeout=TIMEOUT)
    expect(rows.nth(0)).to_have_attribute("data-state", "upcoming")

    # Two days past the first due date it is late: the page shows its 5 % fee.
    web_stack.stack.advance_time(12 * DAY)
    buyer.page.reload()
    rows = mine.get_by_test_id("installment")
    expect(rows.nth(0)).to_have_attribute("data-state", "late", timeout=TIMEOUT)
    expect(rows.nth(0)).to_contain_text("0.015 ETH")
    expect(mine.get_by_test_id("next-payment")).to_contain_text("0.315 ETH")
    buyer.page.set_viewport_size(PHONE)
    snap(buyer.page, "plan-late-390px")
    mine.get_by_role("button", name="Pay installment 1").click()
    confirmed(mine)
    paid = wait_api(web_stack, f"/v1/plans/{plan_id}", lambda p: p["paid_count"] == 1)
    assert paid["paid"] == str(3 * 10**17) and paid["late_fees"] == str(15 * 10**15)

    # The schedule moved on: the first is paid with its fee charged, the second is next.
    buyer.page.reload()
    rows = mine.get_by_test_id("installment")
    expect(rows.nth(0)).to_have_attribute("data-state", "paid", timeout=TIMEOUT)
    expect(rows.nth(0)).to_contain_text("charged")
    expect(rows.nth(1)).to_have_attribute("data-state", "upcoming")
    expect(mine.get_by_test_id("plan-progress")).to_contain_text("1 of 3 installments")
    snap(buyer.page, "plan-paid")

    only_own_origin(web_stack, buyer)


def test_book_a_token_rental_with_a_permit_lender_declines_renter_withdraws_the_refund(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor]
) -> None:
    token = web_stack.stack.token
    listed = web_stack.stack.cli(
        "rentals", "list", "--daily-rate", "1", "--deposit", "5", "--token", token,
        "--dev-account", "1",
    )  # fmt: skip
    listing_id = last_int(listed.stdout, "listing")
    web_stack.stack.mint(BUYER, 7 * 10**6)
    erc20 = Erc20Client(web_stack.stack.w3, token)
    before = erc20.balance_of(BUYER)
    wait_api(web_stack, f"/v1/rental-listings/{listing_id}", lambda body: True)

    renter = visitor("renter", BUYER)
    renter.page.goto(f"{web_stack.url}/rentals/listings/{listing_id}")
    connect(renter.page)
    # The token's symbol and decimals are read through the wallet once it is connected.
    expect(renter.page.get_by_test_id("rental-terms")).to_contain_text("5 TUSD", timeout=TIMEOUT)
    renter.page.get_by_label("Days").fill("2")
    expect(renter.page.get_by_test_id("booking-cost")).to_contain_text("7 TUSD")
    renter.page.get_by_role("button", name="Book and pay").click()
    booking = renter.page.get_by_test_id("booking")
    confirmed(booking)
    rental_id = last_int(booking.get_by_test_id("tx-status").inner_text(), "rental")
    wait_api(web_stack, f"/v1/rentals/{rental_id}", lambda r: r["status"] == "booked")
    # One transaction paid with the permit: no allowance was left standing.
    escrow = web_stack.stack.deployment.manifest.contracts["RentalEscrow"].address
    assert erc20.balance_of(BUYER) == before - 7 * 10**6
    assert erc20.allowance(BUYER, escrow) == 0

    lender = visitor("lender", SELLER)
    lender.page.goto(f"{web_stack.url}/rentals/mine")
    connect(lender.page)
    lent = rental_card(lender.page, rental_id, "lender")
    lent.get_by_role("button", name="Decline and refund the renter").click()
    confirmed(lent)
    wait_api(web_stack, f"/v1/rentals/{rental_id}", lambda r: r["status"] == "cancelled")

    renter.page.goto(f"{web_stack.url}/rentals/mine")
    expect(
        rental_card(renter.page, rental_id, "renter").get_by_test_id("rental-status")
    ).to_have_text("cancelled", timeout=TIMEOUT)
    withdraw = renter.page.locator(f'[data-testid="withdraw"][data-token="{token.lower()}"]')
    expect(withdraw).to_contain_text("7 TUSD", timeout=TIMEOUT)
    withdraw.get_by_role("button", name="Withdraw").click()
    confirmed(withdraw)
    assert erc20.balance_of(BUYER) == before
    only_own_origin(web_stack, renter, lender)
