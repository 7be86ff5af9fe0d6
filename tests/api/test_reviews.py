"""api/routes/reviews.py: reviews with text and responses; listings' credits, vouchers and
promotion; reviews on public profiles."""

from __future__ import annotations

import pytest
from api_helpers import ALICE, BOB, CAROL, ApiClient
from chain_rows import ETH, MARKETPLACE, ZERO_HASH, ChainRows

from indexer.models import CreditToken, ListingPromotion, ReviewRevision, VoucherRedemption

CREDITS = "0x" + "c5" * 20


@pytest.fixture
def reviews(client: ApiClient, chain: ChainRows) -> dict[str, str]:
    """Carol reviewed Alice twice (blocks 10, 12), Bob once (block 11); Alice reviewed Carol as
    her buyer (block 13). Returns the stored text and response hashes."""
    carol = client.sign_in(CAROL)
    text = {"kind": "review", "version": 1, "title": "Great", "text": "As described, fast."}
    text_hash = client.post("/v1/documents", json=text, headers=carol).json()["hash"]
    answer = {"kind": "response", "version": 1, "text": "Thank you!"}
    answer_hash = client.post("/v1/documents", json=answer, headers=carol).json()["hash"]
    chain.review(
        10,
        1,
        CAROL.address,
        ALICE.address,
        text_hash=text_hash,
        response_hash=answer_hash,
        responded_at=1_700_000_100,
        edited_at=1_700_000_050,
        rating=4,
    )
    chain.review(11, 0, CAROL.address, BOB.address, rating=2)
    chain.review(12, 3, CAROL.address, ALICE.address)
    chain.review(13, 0, ALICE.address, CAROL.address, side="seller", deal_id=10)
    for block, action, rating in ((10, "posted", 5), (14, "edited", 4)):
        chain.insert(
            ReviewRevision,
            block_number=block,
            log_index=1,
            source=MARKETPLACE,
            deal_id=10,
            author=CAROL.address,
            action=action,
            rating=rating,
            quality=5,
            as_described=5,
            delivery=0,
            communication=4,
            text_hash=text_hash,
            tx_hash=ZERO_HASH,
            timestamp=1_700_000_000 + block,
        )
    return {"text": text_hash, "response": answer_hash}


def ids(client: ApiClient, url: str) -> list[str]:
    return [review["id"] for review in client.get(url).json()["data"]]


def test_reviews_newest_first_by_seller_reviewer_subject_and_deal(
    client: ApiClient, reviews: dict[str, str]
) -> None:
    assert ids(client, "/v1/reviews") == ["13.0", "12.3", "11.0", "10.1"]
    assert ids(client, f"/v1/reviews?seller={ALICE.address}") == ["12.3", "10.1"]
    assert ids(client, f"/v1/reviews?reviewer={ALICE.address}") == ["13.0"]
    assert ids(client, f"/v1/reviews?subject={CAROL.address}") == ["13.0"]
    assert ids(client, f"/v1/reviews?source={MARKETPLACE}&deal_id=10") == ["13.0", "10.1"]
    page = client.get("/v1/reviews?limit=3").json()
    assert page["next_cursor"] == "11.0"
    assert ids(client, f"/v1/reviews?limit=3&before={page['next_cursor']}") == ["10.1"]


def test_review_detail_has_text_response_and_revisions(
    client: ApiClient, reviews: dict[str, str]
) -> None:
    body = client.get("/v1/reviews/10.1").json()
    assert (body["author"], body["subject"], body["rating"]) == (CAROL.address, ALICE.address, 4)
    assert body["text"] == {
        "kind": "review",
        "version": 1,
        "title": "Great",
        "text": "As described, fast.",
    }
    assert body["response"]["text"] == "Thank you!"
    assert [r["action"] for r in body["revisions"]] == ["posted", "edited"]
    assert body["deal_id"] == "10" and body["fee"] == str(10**14)


def test_review_without_stored_text_and_unknown_review(
    client: ApiClient, reviews: dict[str, str]
) -> None:
    body = client.get("/v1/reviews/11.0").json()
    assert body["text"] is None and body["response"] is None and body["revisions"] == []
    assert client.get("/v1/reviews/99.0").status_code == 404
    assert client.get("/v1/reviews/not-an-id").status_code == 422


def test_profiles_show_reviews_without_unmasking_buyers(
    client: ApiClient, chain: ChainRows, reviews: dict[str, str]
) -> None:
    chain.reputation(ALICE.address, listings=1, deals=2, reviews=2, rating_sum=9)
    alice = client.get(f"/v1/profiles/{ALICE.address}").json()
    assert [r["id"] for r in alice["reviews_received"]] == ["12.3", "10.1"]
    assert [r["id"] for r in alice["reviews_written"]] == ["13.0"]  # of her buyer, as seller
    assert client.get(f"/v1/profiles/{CAROL.address}").status_code == 404  # still anonymous
    carol = client.sign_in(CAROL)
    client.patch("/v1/profiles/me", json={"display_name": "Carol", "public": True}, headers=carol)
    shown = client.get(f"/v1/profiles/{CAROL.address}").json()
    assert [r["id"] for r in shown["reviews_written"]] == ["12.3", "11.0", "10.1"]
    assert [r["id"] for r in shown["reviews_received"]] == ["13.0"]


def test_listing_shows_accepted_credits_vouchers_and_promotion(
    client: ApiClient, chain: ChainRows
) -> None:
    chain.marketplace()
    chain.listing(5, ALICE.address, credit_cap_bps=1_000, escrow=False)
    chain.listing(6, ALICE.address)
    plain = client.get("/v1/listings/5").json()
    assert plain["accepted_credits"] is None  # no credits contract for ETH yet
    assert plain["voucher_redemptions"] == 0 and plain["promotion"] is None
    chain.insert(CreditToken, token=ETH, credits=CREDITS, updated_block=1)
    chain.insert(
        ListingPromotion,
        market=MARKETPLACE,
        listing_id=5,
        seller=ALICE.address,
        burned=5 * 10**12,
        promotions=2,
        last_promoted_at=1_700_000_500,
        updated_block=40,
    )
    for log, order_id in enumerate((5 << 32 | 1, 5 << 32 | 7, 6 << 32 | 1)):
        chain.insert(
            VoucherRedemption,
            block_number=41,
            log_index=log,
            voucher_hash="0x" + "ab" * 32,
            seller=ALICE.address,
            buyer=BOB.address,
            order_id=order_id,
            discount=10**15,
            redemptions=log + 1,
            tx_hash=ZERO_HASH,
            timestamp=1_700_000_600,
        )
    body = client.get("/v1/listings/5").json()
    assert body["accepted_credits"] == CREDITS and body["credit_cap_bps"] == 1_000
    assert body["voucher_redemptions"] == 2
    assert body["promotion"]["burned"] == str(5 * 10**12) and body["promotion"]["promotions"] == 2
    other = client.get("/v1/listings/6").json()
    assert other["accepted_credits"] is None  # cap 0: credits not accepted
    assert other["voucher_redemptions"] == 1 and other["promotion"] is None
