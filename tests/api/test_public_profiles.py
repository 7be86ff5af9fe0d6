"""api/routes/profiles.py: public profiles, shown purchases, and anonymous buyers."""

from __future__ import annotations

import pytest
from api_helpers import ALICE, BOB, CAROL, ApiClient
from chain_rows import ETH, ChainRows

ORDER = 1 << 32 | 1


@pytest.fixture
def market(client: ApiClient, chain: ChainRows) -> None:
    """Alice sells listing 1; Carol bought from it (order 1<<32|1) and Bob once too."""
    alice = client.sign_in(ALICE)
    document = {
        "kind": "listing",
        "version": 1,
        "title": "Tea set",
        "category": "home",
        "condition": "new",
    }
    key = client.post("/v1/documents", json=document, headers=alice).json()["hash"]
    chain.listing(1, ALICE.address, metadata_hash=key)
    chain.order(ORDER, ALICE.address, CAROL.address, status="completed")
    chain.order(1 << 32 | 2, ALICE.address, BOB.address, status="completed")
    chain.reputation(ALICE.address, listings=1, orders=2, deals=2)
    chain.volume(ALICE.address, ETH, deals=2, value=2 * 10**16)


def test_buyer_who_never_opted_in_is_not_found(client: ApiClient, market: None) -> None:
    response = client.get(f"/v1/profiles/{CAROL.address}")
    assert response.status_code == 404
    assert client.get(f"/v1/profiles/{BOB.address}").json() == response.json() | {
        "detail": f"{BOB.address} has no public profile"
    }


def test_seller_record_is_public_without_a_profile(client: ApiClient, market: None) -> None:
    body = client.get(f"/v1/profiles/{ALICE.address}").json()
    assert body["profile"] is None and body["purchases"] == []
    assert body["seller"]["listings"] == 1 and body["seller"]["deals"] == 2
    assert 0 < body["seller"]["score"] < 1


def test_shown_purchases_appear_only_on_a_public_profile(client: ApiClient, market: None) -> None:
    carol = client.sign_in(CAROL)
    assert client.put(f"/v1/profiles/me/purchases/{ORDER}", headers=carol).status_code == 200
    client.patch("/v1/profiles/me", json={"display_name": "Carol"}, headers=carol)
    assert client.get(f"/v1/profiles/{CAROL.address}").status_code == 404  # still private
    client.patch("/v1/profiles/me", json={"public": True}, headers=carol)
    body = client.get(f"/v1/profiles/{CAROL.address}").json()
    assert body["profile"]["display_name"] == "Carol" and body["seller"] is None
    assert [(p["order_id"], p["title"], p["seller"]) for p in body["purchases"]] == [
        (str(ORDER), "Tea set", ALICE.address)
    ]
    client.delete(f"/v1/profiles/me/purchases/{ORDER}", headers=carol)
    assert client.get(f"/v1/profiles/{CAROL.address}").json()["purchases"] == []


def test_nobody_can_show_someone_elses_purchase(client: ApiClient, market: None) -> None:
    bob = client.sign_in(BOB)
    mine, theirs, missing = (
        client.put(f"/v1/profiles/me/purchases/{order}", headers=bob)
        for order in (1 << 32 | 2, ORDER, 12345)
    )
    assert mine.status_code == 200
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json()["detail"].startswith("you placed no order")


def test_followers_are_counted_not_listed(client: ApiClient, market: None) -> None:
    client.put(f"/v1/follows/{ALICE.address}", headers=client.sign_in(BOB))
    client.put(f"/v1/follows/{ALICE.address}", headers=client.sign_in(CAROL))
    body = client.get(f"/v1/profiles/{ALICE.address}").json()
    assert body["followers"] == 2
    assert BOB.address not in str(body) and CAROL.address not in str(body)
