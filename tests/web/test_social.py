"""Social writes in a real browser, signed in with Ethereum once per session: like a listing,
follow its seller, ask a question the seller answers, edit one's profile and make it public."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from conftest import Visitor, WebStack
from playwright.sync_api import expect
from web_helpers import SELLER, TIMEOUT, connect, create_listing, only_own_origin, snap, wait_api

from chain.anvil import dev_account


def sign_ins(seen: Visitor) -> int:
    return sum(url.endswith("/v1/auth/verify") for url in seen.requests)


def test_signed_in_like_follow_and_question_with_one_signature(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor], tmp_path: Path
) -> None:
    fan = visitor("fan", dev_account(8).address)
    seller = visitor("seller", SELLER)
    title = f"Nikon F3 {uuid.uuid4().hex[:6]}"
    listing_id = create_listing(web_stack, tmp_path, title, "--price", "0.01")
    wait_api(web_stack, f"/v1/listings/{listing_id}", lambda listing: listing["stock"] > 0)
    followers = web_stack.get(f"/v1/profiles/{SELLER}")["followers"]

    page = fan.page
    page.goto(f"{web_stack.url}/listings/{listing_id}")
    page.get_by_test_id("like").click()  # not connected yet: a sentence, no request
    expect(page.get_by_test_id("write-error")).to_contain_text("Connect a wallet first")
    connect(page)
    page.get_by_test_id("like").click()
    expect(page.get_by_test_id("like")).to_have_attribute("aria-pressed", "true", timeout=TIMEOUT)
    expect(page.get_by_test_id("likes")).to_have_text("1 like")
    assert web_stack.get(f"/v1/listings/{listing_id}")["likes"] == 1

    page.get_by_test_id("follow").click()
    expect(page.get_by_test_id("follow")).to_have_text("Following · unfollow", timeout=TIMEOUT)
    assert web_stack.get(f"/v1/profiles/{SELLER}")["followers"] == followers + 1

    comments = page.get_by_test_id("comments")
    comments.get_by_label("Ask the seller or comment", exact=False).fill("Is the prism clean?")
    comments.get_by_label("Kind").select_option("question")
    comments.get_by_role("button", name="Post").click()
    asked = comments.get_by_test_id("comment")
    expect(asked).to_contain_text("Is the prism clean?", timeout=TIMEOUT)
    assert sign_ins(fan) == 1  # one Sign-In with Ethereum for every write of the session
    snap(page, "liked-followed-asked")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    snap(page, "listing-social-390px")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Unliking takes the like back; the session is reused.
    page.get_by_test_id("like").click()
    expect(page.get_by_test_id("likes")).to_have_text("0 likes", timeout=TIMEOUT)
    assert sign_ins(fan) == 1

    # The seller answers from the workspace; the answer shows under the question.
    seller.page.goto(f"{web_stack.url}/sell")
    connect(seller.page)
    row = seller.page.locator(f'[data-testid="my-listing"][data-listing-id="{listing_id}"]')
    row.get_by_text("Questions (1 unanswered of 1)").click()
    row.get_by_label("Your answer", exact=False).fill("Spotless, no separation.")
    row.get_by_role("button", name="Answer").click()
    expect(row).to_contain_text("A: Spotless, no separation.", timeout=TIMEOUT)
    page.reload()
    expect(page.get_by_test_id("comment").first).to_contain_text(
        "Seller: Spotless, no separation.", timeout=TIMEOUT
    )
    only_own_origin(web_stack, fan, seller)


def test_edit_my_profile_and_make_it_public(
    web_stack: WebStack, visitor: Callable[[str, str], Visitor]
) -> None:
    account = dev_account(9).address
    me = visitor("me", account)
    page = me.page
    page.goto(f"{web_stack.url}/profiles/{account}")
    connect(page)
    page.get_by_role("button", name="Edit my profile").click()
    form = page.get_by_test_id("profile-form")
    form.get_by_label("Display name").fill("Ansel")
    form.get_by_label("Bio", exact=True).fill("Large format, mostly.")
    form.get_by_label("Make my profile public", exact=False).check()
    form.get_by_role("button", name="Save my profile").click()
    # Once saved and public, the page shows the profile it was refusing (404) before.
    expect(page.get_by_test_id("profile")).to_contain_text("Ansel", timeout=TIMEOUT)
    shown = web_stack.get(f"/v1/profiles/{account}")
    assert shown["profile"]["display_name"] == "Ansel"
    assert shown["profile"]["bio"] == "Large format, mostly."
    page.reload()
    expect(page.get_by_test_id("profile")).to_contain_text("Ansel", timeout=TIMEOUT)
    snap(page, "profile-public")
    only_own_origin(web_stack, me)
