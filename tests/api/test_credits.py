"""api/routes/credits.py and /v1/sellers/{address}/vouchers: credit balances and moves,
promotions, seller vouchers; credits on one's own profile and on public profiles only."""

from __future__ import annotations

import pytest
from api_helpers import ALICE, BOB, CAROL, ApiClient
from chain_rows import CREDITS, ETH, MARKETPLACE, ChainRows

OTHER_MARKET = "0x" + "4d" * 20
OTHER_CREDITS = "0x" + "c6" * 20
TOKEN = "0x" + "70" * 20
UNIT = 10**12
VOUCHER_A = "0x" + "0a" * 32
VOUCHER_B = "0x" + "0b" * 32
VOUCHER_C = "0x" + "0c" * 32


@pytest.fixture
def credits(chain: ChainRows) -> None:
    """Carol earned 30 credits for reviews (blocks 10, 11), spent 8 at Alice's listing 1
    (block 12, order 1<<32|1); Alice burned 5 to promote listing 1 (block 13). Bob earned 7
    in another credits contract, for another token."""
    chain.marketplace()
    chain.credit_token()
    chain.credit_token(TOKEN, OTHER_CREDITS)
    chain.listing(1, ALICE.address)
    chain.credit_balance(CAROL.address, minted=30 * UNIT, spent=8 * UNIT)
    chain.credit_balance(ALICE.address, received=8 * UNIT, burned=5 * UNIT)
    chain.credit_balance(BOB.address, OTHER_CREDITS, minted=7 * UNIT)
    zero = ETH
    chain.credit_move(10, 0, "mint", zero, CAROL.address, 25 * UNIT)
    chain.credit_move(11, 2, "mint", zero, CAROL.address, 5 * UNIT)
    chain.credit_move(12, 1, "spend", CAROL.address, ALICE.address, 8 * UNIT)
    chain.credit_spend(12, 3, 1 << 32 | 1, CAROL.address, ALICE.address, 8 * UNIT)
    chain.credit_move(13, 0, "burn", ALICE.address, zero, 5 * UNIT)
    chain.promotion(13, 1, 1, ALICE.address, 5 * UNIT)


def ids(body: dict[str, object]) -> list[str]:
    data = body["data"]
    assert isinstance(data, list)
    return [item["id"] for item in data]


def test_credits_show_balances_with_their_token_and_moves_newest_first(
    client: ApiClient, credits: None
) -> None:
    body = client.get(f"/v1/credits/{CAROL.address.lower()}").json()
    assert body["address"] == CAROL.address
    assert body["balances"] == [
        {
            "credits": CREDITS,
            "holder": CAROL.address,
            "token": ETH,
            "balance": str(22 * UNIT),
            "minted": str(30 * UNIT),
            "received": "0",
            "spent": str(8 * UNIT),
            "burned": "0",
            "updated_block": 1,
        }
    ]
    assert ids(body) == ["12.1", "11.2", "10.0"] and body["count"] == 3
    spend, mint = body["data"][0], body["data"][2]
    assert spend["kind"] == "spend" and spend["amount"] == str(8 * UNIT)
    assert spend["order_id"] == str(1 << 32 | 1) and spend["listing_id"] is None
    assert mint["kind"] == "mint" and mint["order_id"] is None and mint["market"] is None
    assert body["next_cursor"] is None


def test_credits_link_a_burn_to_the_promoted_listing(client: ApiClient, credits: None) -> None:
    body = client.get(f"/v1/credits/{ALICE.address}").json()
    assert [b["balance"] for b in body["balances"]] == [str(3 * UNIT)]
    assert ids(body) == ["13.0", "12.1"]
    burn, received = body["data"]
    assert (burn["kind"], burn["market"], burn["listing_id"]) == ("burn", MARKETPLACE, 1)
    assert received["recipient"] == ALICE.address and received["order_id"] == str(1 << 32 | 1)


def test_a_move_links_only_to_the_spend_or_promotion_of_its_own_transaction(
    client: ApiClient, chain: ChainRows
) -> None:
    chain.credit_move(40, 0, "spend", CAROL.address, ALICE.address, 2 * UNIT)
    chain.credit_spend(40, 1, 1 << 32 | 9, BOB.address, ALICE.address, 2 * UNIT)  # Bob's
    chain.credit_move(41, 0, "burn", ALICE.address, ETH, UNIT)
    chain.promotion(41, 1, 4, ALICE.address, 2 * UNIT)  # another amount: another burn
    spend = client.get(f"/v1/credits/{CAROL.address}").json()["data"][0]
    assert spend["kind"] == "spend" and spend["order_id"] is None
    burn = client.get(f"/v1/credits/{ALICE.address}", params={"kind": "burn"}).json()["data"][0]
    assert burn["id"] == "41.0" and burn["listing_id"] is None and burn["market"] is None


def test_credits_filter_by_kind_and_contract(client: ApiClient, credits: None) -> None:
    url = f"/v1/credits/{CAROL.address}"
    assert ids(client.get(url, params={"kind": "mint"}).json()) == ["11.2", "10.0"]
    assert ids(client.get(url, params={"kind": "burn"}).json()) == []
    assert ids(client.get(url, params={"contract": OTHER_CREDITS}).json()) == []
    bob = client.get(f"/v1/credits/{BOB.address}").json()
    assert [(b["credits"], b["token"]) for b in bob["balances"]] == [(OTHER_CREDITS, TOKEN)]


def test_credit_moves_page_with_a_keyset_cursor(
    client: ApiClient, chain: ChainRows, credits: None
) -> None:
    url = f"/v1/credits/{CAROL.address}"
    first = client.get(url, params={"limit": 2}).json()
    assert ids(first) == ["12.1", "11.2"] and first["next_cursor"] == "11.2"
    chain.credit_move(14, 0, "mint", ETH, CAROL.address, UNIT)  # arrives meanwhile
    second = client.get(url, params={"limit": 2, "before": first["next_cursor"]}).json()
    assert ids(second) == ["10.0"] and second["next_cursor"] is None
    assert second["balances"] == first["balances"]


def test_credits_of_an_address_that_never_held_any_are_empty(client: ApiClient) -> None:
    body = client.get(f"/v1/credits/{BOB.address}").json()
    assert body == {
        "address": BOB.address,
        "balances": [],
        "data": [],
        "count": 0,
        "next_cursor": None,
    }


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/v1/credits/0x1234", "address"),
        (f"/v1/credits/{CAROL.address[:-1]}Z", "address"),
        (f"/v1/credits/{CAROL.address}?before=12", "before"),
        (f"/v1/credits/{CAROL.address}?kind=steal", "kind"),
        (f"/v1/credits/{CAROL.address}?limit=0", "limit"),
        ("/v1/promotions?listing_id=0", "listing_id"),
        ("/v1/promotions?seller=alice", "seller"),
        (f"/v1/sellers/{ALICE.address}/vouchers?after=0x12", "after"),
        ("/v1/sellers/0xnothex/vouchers", "address"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(client: ApiClient, url: str, field: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]


def test_an_address_failing_its_checksum_is_refused(client: ApiClient) -> None:
    bad = "0x" + CAROL.address[2:].swapcase()
    response = client.get(f"/v1/credits/{bad}")
    assert response.status_code == 422
    assert "checksum" in response.json()["detail"][0]["msg"]


@pytest.fixture
def promotions(chain: ChainRows) -> None:
    """Alice promoted listing 1 (active) at blocks 20 and 22 and listing 2 (closed) at 21;
    Bob promoted listing 3 (paused) at 23; a promotion on a market not followed at 24."""
    chain.marketplace()
    chain.listing(1, ALICE.address)
    chain.listing(2, ALICE.address, status="closed")
    chain.listing(3, BOB.address, status="paused")
    chain.promotion(20, 1, 1, ALICE.address, 5 * UNIT)
    chain.promotion(21, 0, 2, ALICE.address, 2 * UNIT)
    chain.promotion(22, 4, 1, ALICE.address, UNIT)
    chain.promotion(23, 0, 3, BOB.address, 3 * UNIT)
    chain.promotion(24, 0, 1, CAROL.address, UNIT, market=OTHER_MARKET)


def test_promotions_newest_first_with_their_listing_status(
    client: ApiClient, promotions: None
) -> None:
    body = client.get("/v1/promotions").json()
    assert ids(body) == ["24.0", "23.0", "22.4", "21.0", "20.1"]
    statuses = [p["listing_status"] for p in body["data"]]
    assert statuses == [None, "paused", "active", "closed", "active"]
    assert body["data"][2]["amount"] == str(UNIT) and body["data"][2]["seller"] == ALICE.address


def test_promotions_filter_by_seller_listing_market_and_activity(
    client: ApiClient, promotions: None
) -> None:
    def found(**params: object) -> list[str]:
        return ids(client.get("/v1/promotions", params=params).json())

    assert found(seller=ALICE.address) == ["22.4", "21.0", "20.1"]
    assert found(listing_id=1) == ["24.0", "22.4", "20.1"]
    assert found(listing_id=1, market=MARKETPLACE) == ["22.4", "20.1"]
    assert found(active="true") == ["22.4", "20.1"]
    assert found(active="false") == ["24.0", "23.0", "21.0"]
    assert found(seller=BOB.address, active="true") == []


def test_promotions_page_with_a_keyset_cursor(client: ApiClient, promotions: None) -> None:
    first = client.get("/v1/promotions", params={"limit": 3}).json()
    assert ids(first) == ["24.0", "23.0", "22.4"] and first["next_cursor"] == "22.4"
    second = client.get("/v1/promotions", params={"limit": 3, "before": "22.4"}).json()
    assert ids(second) == ["21.0", "20.1"] and second["next_cursor"] is None


@pytest.fixture
def vouchers(chain: ChainRows) -> None:
    """Alice's voucher A was redeemed twice on listing 1, B once on listing 2 and then
    cancelled, C cancelled unused; Bob's voucher is his own."""
    chain.listing(1, ALICE.address)
    chain.listing(2, ALICE.address, token=TOKEN)
    chain.order(1 << 32 | 1, ALICE.address, CAROL.address)
    chain.order(1 << 32 | 2, ALICE.address, BOB.address)
    chain.order(2 << 32 | 1, ALICE.address, CAROL.address, token=TOKEN)
    chain.voucher(
        VOUCHER_A,
        ALICE.address,
        redemptions=2,
        discount_total=3 * 10**15,
        first_redeemed_at=1_700_000_030,
        last_redeemed_at=1_700_000_031,
    )
    chain.voucher(
        VOUCHER_B,
        ALICE.address,
        redemptions=1,
        discount_total=10**6,
        cancelled=True,
        cancelled_at=1_700_000_040,
    )
    chain.voucher(VOUCHER_C, ALICE.address, cancelled=True, cancelled_at=1_700_000_041)
    chain.voucher("0x" + "01" * 32, BOB.address, redemptions=1, discount_total=1)
    chain.voucher_redemption(30, 0, VOUCHER_A, ALICE.address, CAROL.address, 1 << 32 | 1, 10**15, 1)
    chain.voucher_redemption(
        31, 0, VOUCHER_A, ALICE.address, BOB.address, 1 << 32 | 2, 2 * 10**15, 2
    )
    chain.voucher_redemption(32, 0, VOUCHER_B, ALICE.address, CAROL.address, 2 << 32 | 1, 10**6, 1)
    chain.reputation(ALICE.address, voucher_redemptions=3, vouchers_cancelled=2)
    chain.volume(ALICE.address, ETH, voucher_discounts=3 * 10**15)
    chain.volume(ALICE.address, TOKEN, voucher_discounts=10**6)
    chain.volume(ALICE.address, "0x" + "71" * 20, deals=1)  # no voucher used there


def test_seller_vouchers_with_redemptions_discounts_and_cancellations(
    client: ApiClient, vouchers: None
) -> None:
    body = client.get(f"/v1/sellers/{ALICE.address}/vouchers").json()
    assert (body["seller"], body["redemptions"], body["cancelled"]) == (ALICE.address, 3, 2)
    assert body["discounts"] == [
        {"token": ETH, "amount": str(3 * 10**15)},
        {"token": TOKEN, "amount": str(10**6)},
    ]
    assert [v["voucher_hash"] for v in body["data"]] == [VOUCHER_A, VOUCHER_B, VOUCHER_C]
    a, b, c = body["data"]
    assert (a["redemptions"], a["discount_total"], a["cancelled"]) == (2, str(3 * 10**15), False)
    assert (a["token"], a["listing_id"]) == (ETH, 1)
    assert (b["redemptions"], b["cancelled"], b["token"], b["listing_id"]) == (1, True, TOKEN, 2)
    assert (c["redemptions"], c["cancelled_at"], c["token"], c["first_redeemed_at"]) == (
        0,
        1_700_000_041,
        None,
        None,
    )


def test_seller_vouchers_filter_and_page_by_digest(client: ApiClient, vouchers: None) -> None:
    url = f"/v1/sellers/{ALICE.address}/vouchers"

    def hashes(**params: object) -> list[str]:
        return [v["voucher_hash"] for v in client.get(url, params=params).json()["data"]]

    assert hashes(cancelled="true") == [VOUCHER_B, VOUCHER_C]
    assert hashes(cancelled="false") == [VOUCHER_A]
    first = client.get(url, params={"limit": 2}).json()
    assert first["next_cursor"] == VOUCHER_B and first["count"] == 2
    assert hashes(limit=2, after=VOUCHER_B.upper().replace("0X", "0x")) == [VOUCHER_C]
    last = client.get(url, params={"limit": 2, "after": VOUCHER_B}).json()
    assert last["next_cursor"] is None


def test_a_seller_without_vouchers_has_an_empty_list(client: ApiClient) -> None:
    body = client.get(f"/v1/sellers/{CAROL.address}/vouchers").json()
    assert body == {
        "seller": CAROL.address,
        "redemptions": 0,
        "cancelled": 0,
        "discounts": [],
        "data": [],
        "count": 0,
        "next_cursor": None,
    }


def test_own_profile_shows_credit_balances(client: ApiClient, credits: None) -> None:
    carol = client.sign_in(CAROL)
    assert client.get("/v1/profiles/me", headers=carol).status_code == 404  # no profile yet
    client.patch("/v1/profiles/me", json={"display_name": "Carol"}, headers=carol)
    body = client.get("/v1/profiles/me", headers=carol).json()
    assert body["display_name"] == "Carol" and body["public"] is False
    assert [(b["credits"], b["token"], b["balance"]) for b in body["credits"]] == [
        (CREDITS, ETH, str(22 * UNIT))
    ]
    bob = client.sign_in(BOB)
    client.patch("/v1/profiles/me", json={"display_name": "Bob"}, headers=bob)
    assert [b["holder"] for b in client.get("/v1/profiles/me", headers=bob).json()["credits"]] == [
        BOB.address
    ]


def test_public_profiles_show_credits_only_once_their_owner_opts_in(
    client: ApiClient, chain: ChainRows, credits: None
) -> None:
    chain.reputation(ALICE.address, listings=1)
    assert client.get(f"/v1/profiles/{CAROL.address}").status_code == 404  # a buyer: nothing
    seller = client.get(f"/v1/profiles/{ALICE.address}").json()
    assert seller["profile"] is None and seller["credits"] == []  # a seller record, no credits
    alice = client.sign_in(ALICE)
    client.patch("/v1/profiles/me", json={"display_name": "Alice"}, headers=alice)
    assert client.get(f"/v1/profiles/{ALICE.address}").json()["credits"] == []  # still private
    client.patch("/v1/profiles/me", json={"public": True}, headers=alice)
    shown = client.get(f"/v1/profiles/{ALICE.address}").json()
    assert [(b["credits"], b["balance"]) for b in shown["credits"]] == [(CREDITS, str(3 * UNIT))]
    client.patch("/v1/profiles/me", json={"public": False}, headers=alice)
    assert client.get(f"/v1/profiles/{ALICE.address}").json()["credits"] == []
