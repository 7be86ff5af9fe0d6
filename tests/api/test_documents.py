"""api/routes/documents.py: content-addressed documents whose key is what the chain commits."""

from __future__ import annotations

import json
from typing import Any

import pytest
from api_helpers import ALICE, ApiClient
from eth_utils.crypto import keccak

PHONE: dict[str, Any] = {
    "kind": "listing",
    "version": 1,
    "title": "Pixel 9, 128 GB, obsidian",
    "description": "Boxed, never used. Ships in two days.",
    "category": "electronics/phones",
    "condition": "new",
    "brand": "Google",
    "specs": {
        "weight": {"value": 198, "unit": "g"},
        "thickness": {"value": "8.5", "unit": "mm"},
        "storage": {"value": 128_000_000_000, "unit": "B"},
        "color": {"value": "obsidian"},
        "dual_sim": {"value": True},
    },
    "images": ["https://img.example/pixel.jpg"],
}


def independent_hash(document: Any) -> str:
    """What a client computes: keccak256 of JCS bytes (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "0x" + keccak(text.encode()).hex()


@pytest.fixture
def auth(client: ApiClient) -> dict[str, str]:
    return client.sign_in(ALICE)


def test_listing_metadata_is_stored_under_its_keccak(
    client: ApiClient, auth: dict[str, str]
) -> None:
    response = client.post("/v1/documents", json=PHONE, headers=auth)
    assert response.status_code == 201, response.text
    key = response.json()["hash"]
    assert key == independent_hash(PHONE)
    stored = client.get(f"/v1/documents/{key}")
    assert stored.status_code == 200
    assert "0x" + keccak(stored.content).hex() == key
    assert json.loads(stored.content) == PHONE
    assert stored.headers["etag"] == f'"{key}"'


def test_same_document_in_another_layout_has_the_same_hash(
    client: ApiClient, auth: dict[str, str]
) -> None:
    first = client.post("/v1/documents", json=PHONE, headers=auth).json()["hash"]
    reordered = json.dumps(dict(reversed(list(PHONE.items()))), indent=4).encode()
    again = client.post(
        "/v1/documents", content=reordered, headers={**auth, "Content-Type": "application/json"}
    )
    assert again.status_code == 200
    assert again.json()["hash"] == first


def test_review_text_and_response_are_documents(client: ApiClient, auth: dict[str, str]) -> None:
    review = {"kind": "review", "version": 1, "title": "Great", "text": "Fast — and as described ✓"}
    response = {"kind": "response", "version": 1, "text": "Thank you!"}
    for document in (review, response):
        stored = client.post("/v1/documents", json=document, headers=auth)
        assert stored.status_code == 201
        assert stored.json()["hash"] == independent_hash(document)
        assert stored.json()["kind"] == document["kind"]


def test_lookup_by_upper_case_hash_finds_the_document(
    client: ApiClient, auth: dict[str, str]
) -> None:
    key = client.post("/v1/documents", json=PHONE, headers=auth).json()["hash"]
    assert client.get(f"/v1/documents/0x{key[2:].upper()}").status_code == 200


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"kind":"review","version":1.0,"text":"x"}', "1.0 is not an integer"),
        (b'{"kind":"review","version":1,"text":"x","text":"y"}', "appears twice"),
        (
            b'{"kind":"listing","version":1,"title":"t","category":"a","condition":"new",'
            b'"specs":{"n":{"value":9007199254740993}}}',
            "beyond 2**53",
        ),
    ],
)
def test_documents_that_cannot_be_hashed_canonically_are_refused(
    client: ApiClient, auth: dict[str, str], raw: bytes, reason: str
) -> None:
    headers = {**auth, "Content-Type": "application/json"}
    response = client.post("/v1/documents", content=raw, headers=headers)
    assert response.status_code == 400, response.text
    assert reason in response.json()["detail"]


def test_text_that_is_not_json_is_refused(client: ApiClient, auth: dict[str, str]) -> None:
    headers = {**auth, "Content-Type": "application/json"}
    response = client.post("/v1/documents", content=b'{"kind":"review"', headers=headers)
    assert response.status_code == 422


@pytest.mark.parametrize(
    "change",
    [
        {"specs": {"weight": {"value": "198.0", "unit": "g"}}},  # not canonical decimal
        {"specs": {"weight": {"value": 198, "unit": "kg"}}},  # not the base unit
        {"specs": {"Weight": {"value": 198}}},  # spec names are lower-case slugs
        {"condition": "mint"},
        {"images": ["http://insecure.example/a.jpg"]},
        {"category": "Electronics"},
        {"price": "5"},  # unknown field
        {"version": 2},
        {"title": ""},
    ],
)
def test_listing_metadata_breaking_the_schema_is_refused(
    client: ApiClient, auth: dict[str, str], change: dict[str, Any]
) -> None:
    response = client.post("/v1/documents", json={**PHONE, **change}, headers=auth)
    assert response.status_code == 422, response.text


def test_oversized_document_is_refused(client: ApiClient, auth: dict[str, str]) -> None:
    review = {"kind": "review", "version": 1, "text": "x" * 5000, "title": "t"}
    client.settings.max_document_bytes = 1024
    response = client.post("/v1/documents", json=review, headers=auth)
    assert response.status_code == 413


def test_storing_needs_a_sign_in(client: ApiClient) -> None:
    assert client.post("/v1/documents", json=PHONE).status_code == 401


def test_unknown_hash_is_not_found(client: ApiClient) -> None:
    response = client.get("/v1/documents/0x" + "ab" * 32)
    assert response.status_code == 404
    assert response.json()["code"] == "ResourceNotFound"


def test_malformed_hash_is_a_validation_error(client: ApiClient) -> None:
    assert client.get("/v1/documents/0x1234").status_code == 422
