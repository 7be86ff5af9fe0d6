"""api/routes/profiles.py and follows.py: opt-in profiles, follows kept private."""

from __future__ import annotations

import pytest
from api_helpers import ALICE, BOB, CAROL, ApiClient


def test_profile_is_private_until_its_owner_opts_in(client: ApiClient) -> None:
    alice = client.sign_in(ALICE)
    saved = client.patch(
        "/v1/profiles/me", json={"display_name": "Alice", "bio": "Vintage cameras"}, headers=alice
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["public"] is False
    mine = client.get("/v1/profiles/me", headers=alice).json()
    assert (mine["address"], mine["display_name"]) == (ALICE.address, "Alice")
    changed = client.patch("/v1/profiles/me", json={"public": True}, headers=alice).json()
    assert changed["display_name"] == "Alice" and changed["bio"] == "Vintage cameras"


def test_null_clears_a_field_and_omitted_fields_stay(client: ApiClient) -> None:
    alice = client.sign_in(ALICE)
    client.patch("/v1/profiles/me", json={"display_name": "Alice", "bio": "x"}, headers=alice)
    cleared = client.patch("/v1/profiles/me", json={"bio": None}, headers=alice).json()
    assert cleared["bio"] is None and cleared["display_name"] == "Alice"


def test_deleting_the_profile_forgets_it(client: ApiClient) -> None:
    alice = client.sign_in(ALICE)
    client.patch("/v1/profiles/me", json={"display_name": "Alice"}, headers=alice)
    assert client.delete("/v1/profiles/me", headers=alice).status_code == 204
    assert client.get("/v1/profiles/me", headers=alice).status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        {"display_name": ""},
        {"display_name": " padded"},
        {"display_name": "x" * 65},
        {"display_name": "tab\there"},
        {"bio": "x" * 501},
        {"avatar_url": "http://insecure.example/a.png"},
        {"avatar_url": "javascript:alert(1)"},
        {"public": "yes please"},
    ],
)
def test_invalid_profile_fields_are_refused(client: ApiClient, change: dict[str, object]) -> None:
    alice = client.sign_in(ALICE)
    response = client.patch("/v1/profiles/me", json=change, headers=alice)
    assert response.status_code == 422, response.text


def test_follow_is_idempotent_and_listed_only_to_the_follower(client: ApiClient) -> None:
    alice = client.sign_in(ALICE)
    first = client.put(f"/v1/follows/{BOB.address.lower()}", headers=alice)
    assert first.status_code == 200 and first.json()["followee"] == BOB.address
    again = client.put(f"/v1/follows/{BOB.address}", headers=alice)
    assert again.json()["created_at"] == first.json()["created_at"]
    client.put(f"/v1/follows/{CAROL.address}", headers=alice)
    listed = client.get("/v1/follows", headers=alice).json()
    assert listed["count"] == 2
    assert {f["followee"] for f in listed["data"]} == {BOB.address, CAROL.address}
    bob = client.sign_in(BOB)
    assert client.get("/v1/follows", headers=bob).json() == {"data": [], "count": 0}


def test_unfollow_removes_and_is_idempotent(client: ApiClient) -> None:
    alice = client.sign_in(ALICE)
    client.put(f"/v1/follows/{BOB.address}", headers=alice)
    assert client.delete(f"/v1/follows/{BOB.address}", headers=alice).status_code == 204
    assert client.delete(f"/v1/follows/{BOB.address}", headers=alice).status_code == 204
    assert client.get("/v1/follows", headers=alice).json()["count"] == 0


def test_following_oneself_is_refused(client: ApiClient) -> None:
    alice = client.sign_in(ALICE)
    response = client.put(f"/v1/follows/{ALICE.address}", headers=alice)
    assert response.status_code == 400 and "yourself" in response.json()["detail"]


def test_follow_of_a_mistyped_address_is_refused(client: ApiClient) -> None:
    alice = client.sign_in(ALICE)
    broken = BOB.address[:-1] + ("a" if BOB.address[-1] != "a" else "b")
    mixed = broken[:3] + broken[3].swapcase() + broken[4:]
    response = client.put(f"/v1/follows/{mixed}", headers=alice)
    assert response.status_code == 422
