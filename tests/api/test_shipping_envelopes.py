"""api/routes/shipping.py: the buyer uploads a sealed envelope, only the seller reads it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from pathlib import Path

import httpx
import pytest
from api_helpers import ALICE, BOB, CAROL, ApiClient
from chain_rows import ChainRows
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from fastapi.testclient import TestClient

from api.core.config import ApiSettings
from api.core.db import Database
from api.main import create_app
from api.models.shipping import MAX_ENVELOPE
from wallet.errors import InvalidShippingDetailsError
from wallet.shipping import MAX_PLAINTEXT, encrypt_for, public_key_bytes, shipping_ref
from wallet.shipping_details import (
    MAX_FIELD,
    MAX_NOTES,
    REQUIRED,
    ShippingDetails,
    open_shipping_details,
    seal_shipping_details,
)

ORDER = 1 << 32 | 1
PLAN = (int(CAROL.address, 16) << 96) | 1
SELLER_KEY = X25519PrivateKey.generate()
DETAILS = ShippingDetails(name="Ada", street="1 Main St", city="Paris", country="FR")


def sealed_order(chain: ChainRows, details: ShippingDetails = DETAILS) -> bytes:
    """Order ORDER from ALICE to CAROL, committing an envelope sealed to ALICE's key."""
    sealed = seal_shipping_details(details, public_key_bytes(SELLER_KEY))
    chain.listing(1, ALICE.address)
    chain.order(ORDER, ALICE.address, CAROL.address, shipping_ref=sealed.shipping_ref)
    return sealed.envelope


def upload(client: ApiClient, envelope: bytes, path: str = f"/v1/orders/{ORDER}") -> httpx.Response:
    return client.put(f"{path}/shipping-envelope", json={"envelope": "0x" + envelope.hex()})


def test_buyer_uploads_and_seller_opens_the_envelope(client: ApiClient, chain: ChainRows) -> None:
    envelope = sealed_order(chain)
    first = upload(client, envelope)
    assert first.status_code == 201, first.text
    assert first.json()["shipping_ref"] == shipping_ref(envelope)
    assert first.json()["size"] == len(envelope)
    again = upload(client, envelope)  # idempotent: same bytes, same answer
    assert (again.status_code, again.json()) == (200, first.json())

    fetched = client.get(f"/v1/orders/{ORDER}/shipping-envelope", headers=client.sign_in(ALICE))
    assert fetched.status_code == 200, fetched.text
    assert fetched.json() == first.json()
    assert fetched.headers["cache-control"] == "private, no-store"
    raw = bytes.fromhex(fetched.json()["envelope"][2:])
    assert raw == envelope and open_shipping_details(SELLER_KEY, raw) == DETAILS


def test_concurrent_uploads_store_the_envelope_once(client: ApiClient, chain: ChainRows) -> None:
    envelope = sealed_order(chain)
    with ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(lambda _: upload(client, envelope), range(4)))
    assert sorted(response.status_code for response in responses) == [200, 200, 200, 201]
    assert len({response.text for response in responses}) == 1


def test_envelope_of_another_hash_is_refused(client: ApiClient, chain: ChainRows) -> None:
    sealed_order(chain)
    other = seal_shipping_details(DETAILS, public_key_bytes(SELLER_KEY)).envelope
    response = upload(client, other)
    assert response.status_code == 409
    assert response.json()["code"] == "ShippingRefMismatch"
    assert shipping_ref(other) in response.json()["detail"]
    assert (
        client.get(
            f"/v1/orders/{ORDER}/shipping-envelope", headers=client.sign_in(ALICE)
        ).status_code
        == 404
    )  # nothing was stored


def test_only_the_seller_reads_the_envelope(client: ApiClient, chain: ChainRows) -> None:
    upload(client, sealed_order(chain))
    path = f"/v1/orders/{ORDER}/shipping-envelope"
    for reader in (CAROL, BOB):  # the buyer too: the API hands it to the seller only
        response = client.get(path, headers=client.sign_in(reader))
        assert response.status_code == 403
        assert response.json()["code"] == "PermissionDenied"
        assert ALICE.address in response.json()["detail"]
    anonymous = client.get(path)
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "AuthenticationRequired")


def test_unknown_order_is_not_found(client: ApiClient, chain: ChainRows) -> None:
    envelope = sealed_order(chain)
    response = upload(client, envelope, path="/v1/orders/999")
    assert (response.status_code, response.json()["code"]) == (404, "ResourceNotFound")
    assert "no order 999" in response.json()["detail"]
    read = client.get("/v1/orders/999/shipping-envelope", headers=client.sign_in(ALICE))
    assert read.status_code == 404


def test_envelope_not_uploaded_yet_is_not_found(client: ApiClient, chain: ChainRows) -> None:
    sealed_order(chain)
    response = client.get(f"/v1/orders/{ORDER}/shipping-envelope", headers=client.sign_in(ALICE))
    assert response.status_code == 404
    assert "has not uploaded" in response.json()["detail"]


def test_order_without_shipping_details_takes_no_envelope(
    client: ApiClient, chain: ChainRows
) -> None:
    chain.order(ORDER, ALICE.address, CAROL.address)  # shippingRef zero
    envelope = seal_shipping_details(DETAILS, public_key_bytes(SELLER_KEY)).envelope
    response = upload(client, envelope)
    assert (response.status_code, response.json()["code"]) == (409, "ResourceConflict")
    assert "without shipping details" in response.json()["detail"]
    read = client.get(f"/v1/orders/{ORDER}/shipping-envelope", headers=client.sign_in(ALICE))
    assert read.status_code == 409


def test_largest_envelope_is_stored_and_one_byte_more_is_too_large(
    client: ApiClient, chain: ChainRows
) -> None:
    largest = encrypt_for(public_key_bytes(SELLER_KEY), b" " * MAX_PLAINTEXT)
    assert len(largest) == MAX_ENVELOPE == 16_445
    chain.order(ORDER, ALICE.address, CAROL.address, shipping_ref=shipping_ref(largest))
    assert upload(client, largest).status_code == 201
    too_large = largest + b"\0"
    chain.order(ORDER + 1, ALICE.address, CAROL.address, shipping_ref=shipping_ref(too_large))
    response = upload(client, too_large, path=f"/v1/orders/{ORDER + 1}")
    assert (response.status_code, response.json()["code"]) == (413, "PayloadTooLarge")
    assert "at most 16445 bytes" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"envelope": "0x02" + "00" * 80}, "not a version-1 envelope"),
        ({"envelope": "0x01" + "00" * 59}, "truncated"),
    ],
)
def test_malformed_envelope_is_a_bad_request(
    client: ApiClient, chain: ChainRows, body: dict[str, str], reason: str
) -> None:
    sealed_order(chain)
    response = client.put(f"/v1/orders/{ORDER}/shipping-envelope", json=body)
    assert (response.status_code, response.json()["code"]) == (400, "InvalidRequest")
    assert reason in response.json()["detail"]


def test_envelope_that_is_not_hex_is_refused(client: ApiClient, chain: ChainRows) -> None:
    sealed_order(chain)
    response = client.put(f"/v1/orders/{ORDER}/shipping-envelope", json={"envelope": "0xzz"})
    assert response.status_code == 422


def test_plan_envelope_goes_to_the_plan_seller(client: ApiClient, chain: ChainRows) -> None:
    sealed = seal_shipping_details(DETAILS, public_key_bytes(SELLER_KEY))
    chain.plan(PLAN, ALICE.address, CAROL.address, shipping_ref=sealed.shipping_ref)
    path = f"/v1/plans/{PLAN}"
    assert upload(client, sealed.envelope, path=path).status_code == 201
    fetched = client.get(f"{path}/shipping-envelope", headers=client.sign_in(ALICE))
    assert fetched.json()["envelope"] == "0x" + sealed.envelope.hex()
    assert client.get(f"{path}/shipping-envelope", headers=client.sign_in(CAROL)).status_code == 403
    wrong = upload(client, sealed_order(chain), path=path)
    assert wrong.json()["code"] == "ShippingRefMismatch"
    assert upload(client, sealed.envelope, path="/v1/plans/5").status_code == 404


def seller_rules() -> str:
    """docs/api.md's list of what the seller's code accepts inside an envelope."""
    text = (Path(__file__).parents[2] / "docs" / "api.md").read_text()
    start = text.index("### What the seller's code accepts inside an envelope")
    return text[start : text.index("\n## ", start)]


def test_documented_plaintext_limits_are_the_wallets() -> None:
    rules = seller_rules()
    assert f"at most **{MAX_FIELD}** per field, **{MAX_NOTES:,}** for\n  `notes`" in rules
    assert f"**{MAX_PLAINTEXT:,} bytes (16 KiB)**" in rules and f"{MAX_ENVELOPE:,}" in rules
    required = ", ".join(f"`{name}`" for name in REQUIRED)
    optional = [f.name for f in fields(ShippingDetails) if f.name not in REQUIRED]
    assert f"Required, not empty or only whitespace: {required}" in rules
    assert "Optional:\n  " + ", ".join(f"`{name}`" for name in optional) in rules


def test_longest_documented_details_fit_one_envelope() -> None:
    widest = "\U0001f4e6"  # 4 bytes of UTF-8, 1 code point (2 UTF-16 units in a browser)
    values = {f.name: widest * MAX_FIELD for f in fields(ShippingDetails)}
    details = ShippingDetails(**{**values, "notes": widest * MAX_NOTES})
    envelope = seal_shipping_details(details, public_key_bytes(SELLER_KEY)).envelope
    assert len(envelope) <= MAX_ENVELOPE and len(details.to_bytes()) < 12.5 * 1024
    assert open_shipping_details(SELLER_KEY, envelope) == details
    with pytest.raises(InvalidShippingDetailsError, match="longer than 256"):
        ShippingDetails(**{**values, "name": widest * (MAX_FIELD + 1)})
    for bad in ("\t", "\r"):
        with pytest.raises(InvalidShippingDetailsError, match="control characters"):
            ShippingDetails(**{**values, "street": "1 Main St" + bad})


def test_uploads_count_against_the_client_ip_limit(
    settings: ApiSettings, database: Database, chain: ChainRows
) -> None:
    envelope = sealed_order(chain)
    limited = settings.model_copy(update={"anonymous_rate_limit": 2})
    with TestClient(create_app(limited, database)) as http:
        body = {"envelope": "0x" + envelope.hex()}
        path = f"/v1/orders/{ORDER}/shipping-envelope"
        codes = [http.put(path, json=body).status_code for _ in range(3)]
    assert codes == [201, 200, 429]
