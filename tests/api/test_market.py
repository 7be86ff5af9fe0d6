"""api/routes/orders.py, sellers.py (reputation) and listings checkout."""

from __future__ import annotations

import math
from typing import Any
from xml.etree import ElementTree

import pytest
import segno
from api_helpers import ALICE, BOB, CAROL, ApiClient
from chain_rows import ETH, MARKETPLACE, ChainRows
from eth_abi.abi import decode
from eth_utils.abi import function_signature_to_4byte_selector

from indexer.models import Offer, ReputationFact

OFFER_ORDER = (1 << 255) | 12345
SVG = "http://www.w3.org/2000/svg"


@pytest.fixture
def orders(chain: ChainRows) -> None:
    chain.listing(1, ALICE.address)
    chain.order(1 << 32 | 1, ALICE.address, CAROL.address, created_block=10, status="completed")
    chain.order(1 << 32 | 2, ALICE.address, BOB.address, created_block=11, status="shipped")
    chain.order(
        OFFER_ORDER, ALICE.address, CAROL.address, created_block=12, kind="offer", listing_id=None
    )
    chain.order_event(1 << 32 | 1, 10, 0, "OrderPlaced", "paid")
    chain.order_event(1 << 32 | 1, 13, 2, "OrderCompleted", "completed")
    chain.insert(
        Offer,
        order_id=OFFER_ORDER,
        seller=ALICE.address,
        buyer=CAROL.address,
        offered_to=CAROL.address,
        token=ETH,
        amount=5 * 10**16,
        quantity=1,
        escrow=True,
        handling_time=3600,
        auto_release_window=3600,
        expiry=2_000_000_000,
        nonce=7,
        metadata_hash="0x" + "00" * 32,
        fee_bps=100,
        block_number=12,
        log_index=0,
        tx_hash="0x" + "00" * 32,
        timestamp=1_700_000_000,
    )


def test_order_detail_has_history_and_offer(client: ApiClient, orders: None) -> None:
    body = client.get(f"/v1/orders/{1 << 32 | 1}").json()
    assert [(step["event"], step["status"]) for step in body["history"]] == [
        ("OrderPlaced", "paid"),
        ("OrderCompleted", "completed"),
    ]
    assert body["order_id"] == str(1 << 32 | 1) and body["offer"] is None
    offer = client.get(f"/v1/orders/{OFFER_ORDER}").json()
    assert offer["offer"]["nonce"] == "7" and offer["order_id"] == str(OFFER_ORDER)
    assert client.get("/v1/orders/5").status_code == 404
    assert client.get(f"/v1/orders/{2**256}").status_code == 422


def test_orders_filter_and_page_newest_first(client: ApiClient, orders: None) -> None:
    def ids(query: str) -> list[str]:
        return [o["order_id"] for o in client.get(f"/v1/orders?{query}").json()["data"]]

    assert ids("") == [str(OFFER_ORDER), str(1 << 32 | 2), str(1 << 32 | 1)]
    assert ids(f"buyer={CAROL.address}") == [str(OFFER_ORDER), str(1 << 32 | 1)]
    assert ids("status=shipped&listing_id=1") == [str(1 << 32 | 2)]
    page = client.get("/v1/orders?limit=1").json()
    assert page["next_cursor"] == f"12.{OFFER_ORDER}"
    assert ids(f"limit=5&before={page['next_cursor']}") == [str(1 << 32 | 2), str(1 << 32 | 1)]


def test_deals_page_by_position(client: ApiClient, chain: ChainRows) -> None:
    for block in (5, 6, 7):
        chain.deal(block, ALICE.address, CAROL.address, block)
    chain.deal(8, BOB.address, CAROL.address, 8, kind="rental")
    first = client.get(f"/v1/deals?seller={ALICE.address}&limit=2").json()
    assert [d["deal_id"] for d in first["data"]] == ["7", "6"] and first["next_cursor"] == "6.0"
    rest = client.get(f"/v1/deals?seller={ALICE.address}&before=6.0").json()
    assert [d["deal_id"] for d in rest["data"]] == ["5"] and rest["next_cursor"] is None
    assert [d["deal_id"] for d in client.get("/v1/deals?kind=rental").json()["data"]] == ["8"]


def test_an_unknown_deal_kind_is_refused_naming_the_valid_ones(client: ApiClient) -> None:
    response = client.get("/v1/deals?kind=order")
    assert response.status_code == 422
    assert "valid: purchase, rental, installment" in response.json()["detail"][0]["msg"]
    schema = client.get("/openapi.json").json()["paths"]["/v1/deals"]["get"]["parameters"]
    kind = next(p for p in schema if p["name"] == "kind")
    assert kind["schema"]["anyOf"][0]["enum"] == ["purchase", "rental", "installment"]


def recompute(body: dict[str, Any]) -> float:
    """The formula as docs/api.md publishes it, from the endpoint's own answer."""
    formula, inputs = body["formula"], body["inputs"]
    w = good = bad = 0.0
    for volume in inputs["volumes"]:
        n, value, unit = volume["deals"], int(volume["value"]), volume["reference_unit"]
        if n:
            w += n if unit is None else n * (1 + math.log2(1 + value / (n * int(unit))))
        fees, reviews = int(volume["review_fees"]), volume["reviews"]
        if fees and reviews:
            q = (int(volume["rating_fee_sum"]) / fees - 1) / 4
            share = formula["fee_share"] * int(unit) if unit is not None else None
            k = reviews if share is None else formula["rating_weight"] * math.log2(1 + fees / share)
            good, bad = good + k * q, bad + k * (1 - q)
    p = sum(weight * inputs[name] for name, weight in formula["penalties"].items())
    prior = formula["prior_weight"]
    return (prior * formula["prior_mean"] + w + good) / (prior + w + good + bad + p)


def test_reputation_is_recomputable_from_its_inputs(client: ApiClient, chain: ChainRows) -> None:
    chain.reputation(
        ALICE.address,
        listings=3,
        orders=14,
        deals=12,
        disputes=2,
        disputes_lost=1,
        disputes_won=1,
        cancellations=1,
    )
    chain.volume(ALICE.address, ETH, deals=10, value=10 * 10**17, fees=10**16)
    chain.volume(ALICE.address, CAROL.address, deals=2, value=50_000_000)
    body = client.get(f"/v1/sellers/{ALICE.address}/reputation").json()
    assert body["score"] == pytest.approx(recompute(body))
    units = {v["token"]: v["reference_unit"] for v in body["inputs"]["volumes"]}
    assert units == {ETH: str(10**16), CAROL.address: None}
    assert body["deal_weight"] == pytest.approx(10 * (1 + math.log2(11)) + 2)
    assert body["penalty_weight"] == 3 * 1 + 2 * 1
    assert body["inputs"]["disputes_won"] == 1 and body["formula"]["version"] == 2
    assert body["rating_good"] == body["rating_bad"] == 0  # no reviews yet


def test_fee_weighted_ratings_move_the_score(client: ApiClient, chain: ChainRows) -> None:
    for seller, rating in ((ALICE.address, 5), (BOB.address, 1)):
        chain.reputation(seller, listings=1, deals=4, reviews=4, rating_sum=4 * rating)
        chain.volume(
            seller,
            ETH,
            deals=4,
            value=4 * 10**16,
            reviews=4,
            review_fees=4 * 10**14,
            rating_fee_sum=rating * 4 * 10**14,
        )
    good = client.get(f"/v1/sellers/{ALICE.address}/reputation").json()
    poor = client.get(f"/v1/sellers/{BOB.address}/reputation").json()
    assert good["score"] == pytest.approx(recompute(good))
    assert poor["score"] == pytest.approx(recompute(poor))
    # F = 4e14 wei is 4 fee units of 1 % of 0.01 ETH: k = 2 * log2(5).
    assert good["rating_good"] == pytest.approx(2 * math.log2(5)) and good["rating_bad"] == 0
    assert poor["rating_bad"] == pytest.approx(2 * math.log2(5)) and poor["rating_good"] == 0
    unreviewed = (5 * 0.5 + good["deal_weight"]) / (5 + good["deal_weight"])
    assert poor["score"] < unreviewed < good["score"]
    assert good["inputs"]["volumes"][0]["mean_rating"] == 1.0


def test_reviews_of_deals_that_paid_no_fee_do_not_weigh(
    client: ApiClient, chain: ChainRows
) -> None:
    chain.reputation(ALICE.address, listings=1, deals=2, reviews=2, rating_sum=2)
    chain.volume(ALICE.address, ETH, deals=2, value=2, reviews=2)  # 1-wei deals, no fee
    body = client.get(f"/v1/sellers/{ALICE.address}/reputation").json()
    assert body["rating_bad"] == 0 and body["inputs"]["volumes"][0]["rating_weight"] == 0


def test_recorded_defaults_lower_the_score(client: ApiClient, chain: ChainRows) -> None:
    chain.reputation(ALICE.address, listings=1, deals=4)
    chain.volume(ALICE.address, ETH, deals=4, value=4 * 10**16)
    before = client.get(f"/v1/sellers/{ALICE.address}/reputation").json()
    for log, fact, party in ((0, "default", ALICE.address), (1, "default", BOB.address)):
        chain.insert(
            ReputationFact,
            block_number=9,
            log_index=log,
            source=MARKETPLACE,
            deal_id=log,
            party=party,
            fact=fact,
            amount=0,
            tx_hash="0x" + "00" * 32,
            timestamp=1,
        )
    after = client.get(f"/v1/sellers/{ALICE.address}/reputation").json()
    assert after["inputs"]["defaults"] == 1  # Bob's default is not Alice's
    assert after["penalty_weight"] == before["penalty_weight"] + 4
    assert after["score"] == pytest.approx(recompute(after)) and after["score"] < before["score"]


def test_upheld_reports_lower_the_score(client: ApiClient, chain: ChainRows) -> None:
    chain.listing(1, ALICE.address)
    chain.reputation(ALICE.address, listings=1, deals=4)
    chain.volume(ALICE.address, ETH, deals=4, value=4 * 10**16)
    client.settings.moderators = [CAROL.address]
    before = client.get(f"/v1/sellers/{ALICE.address}/reputation").json()
    filed = client.post(
        "/v1/reports",
        json={"target_type": "listing", "target_id": "1", "reason": "counterfeit"},
        headers=client.sign_in(BOB),
    ).json()
    client.post(
        f"/v1/reports/{filed['id']}/resolution",
        json={"status": "upheld"},
        headers=client.sign_in(CAROL),
    )
    after = client.get(f"/v1/sellers/{ALICE.address}/reputation").json()
    assert after["inputs"]["reports_upheld"] == 1 and after["score"] < before["score"]
    assert after["score"] == pytest.approx(recompute(after))


def test_reputation_of_a_non_seller_is_not_found(client: ApiClient, chain: ChainRows) -> None:
    assert client.get(f"/v1/sellers/{BOB.address}/reputation").status_code == 404


def test_checkout_for_eth_listing(client: ApiClient, chain: ChainRows) -> None:
    chain.marketplace()
    chain.listing(7, ALICE.address, price=2 * 10**16, stock=3)
    ref = "0x" + "ab" * 32
    body = client.get(f"/v1/listings/7/checkout?quantity=2&shipping_ref={ref}").json()
    assert body["amount"] == str(4 * 10**16)
    assert body["payment_link"] == (
        f"ethereum:{MARKETPLACE}@31337/buy?uint256=7&uint32=2&uint256=20000000000000000"
        f"&bytes32={ref}&value=4e16"
    )
    tx = body["transaction"]
    assert (tx["to"], int(tx["value"], 16), int(tx["chainId"], 16)) == (
        MARKETPLACE,
        4 * 10**16,
        31337,
    )
    data = bytes.fromhex(tx["data"][2:])
    selector = function_signature_to_4byte_selector("buy(uint256,uint32,uint256,bytes32)")
    assert data[:4] == selector
    # The listing's indexed price is the buyer's price ceiling (maxPrice).
    assert decode(["uint256", "uint32", "uint256", "bytes32"], data[4:]) == (
        7,
        2,
        2 * 10**16,
        bytes.fromhex("ab" * 32),
    )
    assert body["approval"] is None


def test_checkout_qr_code_is_a_standalone_svg_on_white(client: ApiClient, chain: ChainRows) -> None:
    chain.marketplace()
    chain.listing(7, ALICE.address)
    body = client.get("/v1/listings/7/checkout").json()
    root = ElementTree.fromstring(body["qr_svg"])
    assert root.tag == f"{{{SVG}}}svg"  # namespaced: renders as <img src> and as a file
    width, height = int(root.get("width", "0")), int(root.get("height", "0"))
    modules = segno.make(body["payment_link"], error="m", micro=False).symbol_size(border=0)
    assert (width, height) == ((modules[0] + 8) * 4, (modules[1] + 8) * 4)  # 4-module margin
    background, code = list(root)
    assert background.tag == f"{{{SVG}}}rect"
    assert (background.get("x"), background.get("y"), background.get("fill")) == ("0", "0", "#fff")
    assert (background.get("width"), background.get("height")) == (str(width), str(height))
    assert code.tag == f"{{{SVG}}}path" and code.get("stroke") == "#000"
    assert code.get("transform") == "scale(4)" and code.get("d", "").startswith("M4 4.5h")


def test_checkout_for_erc20_listing_adds_the_approval(client: ApiClient, chain: ChainRows) -> None:
    chain.marketplace()
    chain.listing(8, ALICE.address, price=1_000_000, token=CAROL.address)
    body = client.get("/v1/listings/8/checkout").json()
    assert int(body["transaction"]["value"], 16) == 0
    approval = body["approval"]
    assert approval["to"] == CAROL.address
    data = bytes.fromhex(approval["data"][2:])
    assert data[:4] == function_signature_to_4byte_selector("approve(address,uint256)")
    assert decode(["address", "uint256"], data[4:]) == (MARKETPLACE.lower(), 1_000_000)
    assert body["approval_link"].startswith(f"ethereum:{CAROL.address}@31337/approve?")


@pytest.mark.parametrize(
    ("listing", "query", "status"),
    [
        ({"stock": 1}, "quantity=2", 409),
        ({"status": "paused"}, "", 409),
        ({}, "quantity=0", 422),
        ({}, "shipping_ref=0x12", 422),
    ],
)
def test_checkout_refusals(
    client: ApiClient, chain: ChainRows, listing: dict[str, Any], query: str, status: int
) -> None:
    chain.marketplace()
    chain.listing(9, ALICE.address, **listing)
    assert client.get(f"/v1/listings/9/checkout?{query}").status_code == status


def test_checkout_before_the_indexer_knows_the_marketplace_is_503(
    client: ApiClient, chain: ChainRows
) -> None:
    chain.listing(9, ALICE.address)
    response = client.get("/v1/listings/9/checkout")
    assert response.status_code == 503 and "bazaar index" in response.json()["detail"]
