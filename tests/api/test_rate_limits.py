"""api/core/ratelimit.py: writes are limited per address, sign-in requests per client."""

from __future__ import annotations

from api_helpers import ALICE, BOB, ApiClient


def test_writes_past_the_limit_get_429_with_retry_after(client: ApiClient) -> None:
    client.settings.write_rate_limit = 3
    alice = client.sign_in(ALICE)
    codes = [client.put(f"/v1/follows/{BOB.address}", headers=alice).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.put(f"/v1/follows/{BOB.address}", headers=alice)
    assert refused.json()["code"] == "RateLimitExceeded"
    assert 1 <= int(refused.headers["retry-after"]) <= client.settings.rate_window


def test_limits_are_per_address(client: ApiClient) -> None:
    client.settings.write_rate_limit = 1
    alice, bob = client.sign_in(ALICE), client.sign_in(BOB)
    assert client.put(f"/v1/follows/{BOB.address}", headers=alice).status_code == 200
    assert client.put(f"/v1/follows/{ALICE.address}", headers=bob).status_code == 200
    assert client.put(f"/v1/follows/{BOB.address}", headers=alice).status_code == 429


def test_reads_are_not_limited(client: ApiClient) -> None:
    client.settings.write_rate_limit = 1
    alice = client.sign_in(ALICE)
    assert all(client.get("/v1/follows", headers=alice).status_code == 200 for _ in range(3))


def test_nonce_requests_are_limited_per_client(client: ApiClient) -> None:
    client.settings.anonymous_rate_limit = 2
    codes = [client.post("/v1/auth/nonce").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
