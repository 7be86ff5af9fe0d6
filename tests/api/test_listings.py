"""api/routes/listings.py: listing detail with metadata, lists, full-text search, likes."""

from __future__ import annotations

from typing import Any

import pytest
from api_helpers import ALICE, BOB, CAROL, ApiClient
from chain_rows import ETH, ChainRows


def metadata(title: str, description: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "kind": "listing",
        "version": 1,
        "title": title,
        "description": description,
        "category": "electronics/cameras",
        "condition": "used",
        **extra,
    }


@pytest.fixture
def catalogue(client: ApiClient, chain: ChainRows) -> dict[str, str]:
    """Three listings with stored metadata, one without; returns title → hash."""
    alice = client.sign_in(ALICE)
    documents = {
        "Leica M6 rangefinder": metadata("Leica M6 rangefinder", "Classic film camera, serviced"),
        "Canon AE-1 program": metadata(
            "Canon AE-1 program", "Film camera with 50mm lens", brand="Canon"
        ),
        "Sony A7 III body": metadata(
            "Sony A7 III body", "Mirrorless, low shutter count", brand="Sony"
        ),
    }
    hashes = {}
    for title, document in documents.items():
        hashes[title] = client.post("/v1/documents", json=document, headers=alice).json()["hash"]
    chain.listing(1, ALICE.address, metadata_hash=hashes["Leica M6 rangefinder"])
    chain.listing(2, ALICE.address, metadata_hash=hashes["Canon AE-1 program"], status="paused")
    chain.listing(3, BOB.address, metadata_hash=hashes["Sony A7 III body"], token=CAROL.address)
    chain.listing(4, BOB.address)  # metadata never uploaded
    return hashes


def test_listing_detail_carries_terms_metadata_and_counts(
    client: ApiClient, catalogue: dict[str, str]
) -> None:
    body = client.get("/v1/listings/1").json()
    assert body["listing_id"] == 1 and body["seller"] == ALICE.address
    assert body["price"] == str(10**16) and body["stock"] == 5 and body["status"] == "active"
    assert body["metadata_hash"] == catalogue["Leica M6 rangefinder"]
    assert body["metadata_document"]["title"] == "Leica M6 rangefinder"
    assert (body["likes"], body["comments"]) == (0, 0)


def test_listing_without_uploaded_metadata_says_so(
    client: ApiClient, catalogue: dict[str, str]
) -> None:
    assert client.get("/v1/listings/4").json()["metadata_document"] is None


def test_unknown_listing_is_not_found(client: ApiClient, catalogue: dict[str, str]) -> None:
    assert client.get("/v1/listings/99").status_code == 404
    assert client.get("/v1/listings/0").status_code == 422
    assert client.get(f"/v1/listings/{2**63}").status_code == 422


def test_listings_filter_and_page(client: ApiClient, catalogue: dict[str, str]) -> None:
    def ids(query: str) -> list[int]:
        return [item["listing_id"] for item in client.get(f"/v1/listings?{query}").json()["data"]]

    assert ids("") == [4, 3, 2, 1]
    assert ids(f"seller={ALICE.address}") == [2, 1]
    assert ids("status=paused") == [2]
    assert ids(f"token={CAROL.address}") == [3]
    assert ids(f"token={ETH}&status=active") == [4, 1]
    first = client.get("/v1/listings?limit=3").json()
    assert first["next_before"] == 2
    rest = client.get("/v1/listings?limit=3&before=2").json()
    assert [item["listing_id"] for item in rest["data"]] == [1] and rest["next_before"] is None
    assert [item["title"] for item in first["data"]] == [
        None,
        "Sony A7 III body",
        "Canon AE-1 program",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("film camera", [1]),  # the Canon listing is paused: search shows active ones by default
        ("film camera&status=paused", [2]),
        ("cameras", [3, 1]),  # stemmed: "cameras" matches "camera" and the category
        ("canon", []),
        ("sony mirrorless", [3]),
        ('"leica" OR -nothing*', []),  # operators are words, and all words are required
        ("rangefinder", [1]),
    ],
)
def test_search_matches_metadata_words(
    client: ApiClient, catalogue: dict[str, str], query: str, expected: list[int]
) -> None:
    response = client.get(f"/v1/listings/search?q={query}")
    assert response.status_code == 200, response.text
    assert sorted(item["listing_id"] for item in response.json()["data"]) == sorted(expected)


def test_search_pages_with_offset(client: ApiClient, catalogue: dict[str, str]) -> None:
    first = client.get("/v1/listings/search?q=camera&status=active&limit=1").json()
    assert first["count"] == 1 and first["next_offset"] == 1
    second = client.get("/v1/listings/search?q=camera&status=active&limit=1&offset=1").json()
    assert second["next_offset"] is None
    assert {first["data"][0]["listing_id"], second["data"][0]["listing_id"]} == {1, 3}


def test_search_without_words_is_a_bad_request(
    client: ApiClient, catalogue: dict[str, str]
) -> None:
    response = client.get("/v1/listings/search?q=%21%21%21")
    assert response.status_code == 400 and "at least one word" in response.json()["detail"]


def test_likes_count_once_per_address(client: ApiClient, catalogue: dict[str, str]) -> None:
    alice, bob = client.sign_in(ALICE), client.sign_in(BOB)
    assert client.put("/v1/listings/1/like", headers=alice).json() == {
        "listing_id": 1,
        "liked": True,
        "likes": 1,
    }
    client.put("/v1/listings/1/like", headers=alice)
    assert client.put("/v1/listings/1/like", headers=bob).json()["likes"] == 2
    assert client.delete("/v1/listings/1/like", headers=alice).json()["likes"] == 1
    assert client.get("/v1/listings/1").json()["likes"] == 1


def test_liking_an_unknown_listing_is_not_found(
    client: ApiClient, catalogue: dict[str, str]
) -> None:
    assert client.put("/v1/listings/77/like", headers=client.sign_in(ALICE)).status_code == 404
