"""Damage claims on a returned rental, in a real browser against a real chain.

The lender claims damages from the deposit in My rentals; the renter, in another browser
context, accepts one claim, disputes another, and leaves a third unanswered, which the lender
settles once the 3-day answer window passed (before it, the page says when it can). Each
outcome shows on both sides' cards and is read back through the API. The booking, handover and
return go through the CLI: test_rentals_plans.py covers them in the browser.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

from cli_helpers import LISTING_METADATA, last_int
from conftest import Visitor, WebStack
from playwright.sync_api import Locator, Page, expect
from web_helpers import TIMEOUT, connect, only_own_origin, snap, wait_api

from chain.anvil import dev_account

# Accounts no other rental test uses: test_rentals_plans.py reads the escrow's pull ledger of
# dev accounts 1 and 2 (what they withdraw), which these rentals would add to.
LENDER, RENTER = 5, 4
DAY = 86_400
DEPOSIT = 5 * 10**16
CLAIM = 2 * 10**16


def rental_card(page: Page, rental_id: int, side: str) -> Locator:
    section = page.get_by_test_id(f"rentals-{side}")
    return section.locator(f'[data-testid="rental"][data-rental-id="{rental_id}"]')


def confirmed(scope: Locator) -> None:
    status = scope.get_by_test_id("tx-status")
    expect(status).to_have_attribute("data-step", "confirmed", timeout=TIMEOUT)


def returned_rental(web_stack: WebStack, listing_id: int) -> int:
    """Book (renter), hand over (lender) and return a rental by the CLI."""
    booked = web_stack.stack.cli(
        "rentals", "rent", str(listing_id), "--days", "2", "--dev-account", str(RENTER)
    )
    rental_id = last_int(booked.stdout, "rental")
    web_stack.stack.cli("rentals", "handover", str(rental_id), "--dev-account", str(LENDER))
    web_stack.stack.cli("rentals", "return", str(rental_id), "--dev-account", str(RENTER))
    wait_api(web_stack, f"/v1/rentals/{rental_id}", lambda r: r["status"] == "returned")
    return rental_id


def claim_damages(lender: Page, web_stack: WebStack, rental_id: int, evidence: str) -> Locator:
    """The lender claims 0.02 ETH from the returned item's deposit in My rentals."""
    lender.goto(f"{web_stack.url}/rentals/mine")
    card = rental_card(lender, rental_id, "lender")
    expect(card.get_by_test_id("rental-status")).to_have_text("returned", timeout=TIMEOUT)
    card.get_by_role("button", name="Claim damages").click()
    card.get_by_label("Damages").fill("0.02")
    card.get_by_label("What is damaged").fill(evidence)
    card.get_by_role("button", name="Claim the damages").click()
    confirmed(card)
    claimed = wait_api(web_stack, f"/v1/rentals/{rental_id}", lambda r: r["status"] == "claimed")
    assert claimed["claim"] == str(CLAIM)
    return card


def test_damage_claims_accepted_disputed_and_settled_after_the_window(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    lender = visitor("lender", dev_account(LENDER).address)
    renter = visitor("renter", dev_account(RENTER).address)
    metadata = tmp_path / "kayak.json"
    metadata.write_text(json.dumps({**LISTING_METADATA, "title": f"Kayak {uuid.uuid4().hex[:6]}"}))
    listed = web_stack.stack.cli(
        "rentals", "list", "--daily-rate", "0.01", "--deposit", "0.05", "--min-days", "1",
        "--max-days", "5", "--metadata", metadata, "--dev-account", str(LENDER),
    )  # fmt: skip
    listing_id = last_int(listed.stdout, "listing")
    wait_api(web_stack, f"/v1/rental-listings/{listing_id}", lambda body: True)
    lender.page.goto(f"{web_stack.url}/rentals/mine")
    connect(lender.page)
    renter.page.goto(f"{web_stack.url}/rentals/mine")
    connect(renter.page)

    # 1. The renter accepts the claim: the claim goes to the lender, the rest of the deposit back.
    first = returned_rental(web_stack, listing_id)
    claim_damages(lender.page, web_stack, first, "A dent in the hull, photos sent.")
    lender.page.reload()
    lent = rental_card(lender.page, first, "lender")
    expect(lent).to_contain_text("Waiting for the renter to accept or dispute the claim")
    renter.page.reload()
    rented = rental_card(renter.page, first, "renter")
    expect(rented.get_by_test_id("rental-status")).to_have_text("claimed", timeout=TIMEOUT)
    expect(rented.get_by_test_id("rental-facts")).to_contain_text("0.02 ETH")
    snap(renter.page, "rental-claim-to-answer")
    rented.get_by_role("button", name="Accept the damage claim").click()
    confirmed(rented)
    done = wait_api(web_stack, f"/v1/rentals/{first}", lambda r: r["status"] == "completed")
    assert done["deposit_returned"] == str(DEPOSIT - CLAIM) and done["damages"] == str(CLAIM)
    renter.page.reload()
    rented = rental_card(renter.page, first, "renter")
    expect(rented.get_by_test_id("rental-status")).to_have_text("completed", timeout=TIMEOUT)
    expect(rented.get_by_test_id("deposit-returned")).to_have_text("0.03 ETH")

    # 2. The renter disputes the claim with a reason: the arbiter rules next.
    second = returned_rental(web_stack, listing_id)
    claim_damages(lender.page, web_stack, second, "Scratches on the paddle.")
    renter.page.reload()
    rented = rental_card(renter.page, second, "renter")
    expect(rented.get_by_test_id("rental-status")).to_have_text("claimed", timeout=TIMEOUT)
    rented.get_by_role("button", name="Dispute it").click()
    rented.get_by_label("Why the claim is wrong").fill("The scratches were there when I got it.")
    rented.get_by_role("button", name="Open the dispute").click()
    confirmed(rented)
    wait_api(web_stack, f"/v1/rentals/{second}", lambda r: r["status"] == "disputed")
    lender.page.reload()
    lent = rental_card(lender.page, second, "lender")
    expect(lent.get_by_test_id("rental-status")).to_have_text("disputed", timeout=TIMEOUT)
    expect(lent).to_contain_text("The arbiter rules on the dispute.")
    snap(lender.page, "rental-claim-disputed")
    only_own_origin(web_stack, lender, renter)


def test_an_unanswered_damage_claim_is_settled_once_its_window_passed(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    lender = visitor("lender", dev_account(LENDER).address)
    metadata = tmp_path / "tent.json"
    metadata.write_text(json.dumps({**LISTING_METADATA, "title": f"Tent {uuid.uuid4().hex[:6]}"}))
    listed = web_stack.stack.cli(
        "rentals", "list", "--daily-rate", "0.01", "--deposit", "0.05", "--min-days", "1",
        "--max-days", "5", "--metadata", metadata, "--dev-account", str(LENDER),
    )  # fmt: skip
    listing_id = last_int(listed.stdout, "listing")
    wait_api(web_stack, f"/v1/rental-listings/{listing_id}", lambda body: True)
    lender.page.goto(f"{web_stack.url}/rentals/mine")
    connect(lender.page)
    rental_id = returned_rental(web_stack, listing_id)
    claim_damages(lender.page, web_stack, rental_id, "A torn fly sheet.")
    lender.page.reload()
    lent = rental_card(lender.page, rental_id, "lender")
    # Before the window closes, the page says when the claim can be settled, no button.
    expect(lent).to_contain_text("after that you can settle it")
    expect(lent.get_by_test_id("settle-claim")).to_have_count(0)

    web_stack.stack.advance_time(3 * DAY + 60)
    lender.page.reload()
    lent = rental_card(lender.page, rental_id, "lender")
    settle = lent.get_by_test_id("settle-claim")
    expect(settle).to_be_visible(timeout=TIMEOUT)
    settle.click()
    confirmed(lent)
    expect(lent.get_by_test_id("tx-status")).to_contain_text("the claim goes to the lender")
    done = wait_api(web_stack, f"/v1/rentals/{rental_id}", lambda r: r["status"] == "completed")
    assert done["damages"] == str(CLAIM) and done["deposit_returned"] == str(DEPOSIT - CLAIM)
    lender.page.reload()
    lent = rental_card(lender.page, rental_id, "lender")
    expect(lent.get_by_test_id("rental-status")).to_have_text("completed", timeout=TIMEOUT)
    snap(lender.page, "rental-claim-settled")
    only_own_origin(web_stack, lender)
