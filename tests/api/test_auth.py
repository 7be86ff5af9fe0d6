"""api/routes/auth.py: Sign-In with Ethereum, and every way a sign-in is refused."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from api_helpers import ALICE, BOB, ApiClient, signed, siwe_text
from fastapi.testclient import TestClient

import api.routes.auth
from api.core.config import ApiSettings
from api.core.db import Database
from api.main import create_app


def refused(client: ApiClient, body: dict[str, str], status: int = 401) -> str:
    response = client.post("/v1/auth/verify", json=body)
    assert response.status_code == status, response.text
    detail: str = response.json()["detail"]
    return detail


def test_nonce_names_what_the_message_must_say(client: ApiClient) -> None:
    body = client.post("/v1/auth/nonce", headers={"Host": "bazaar.test"}).json()
    assert len(body["nonce"]) >= 8 and body["nonce"].isalnum()
    assert (body["domain"], body["uri"], body["chain_id"]) == (
        "bazaar.test",
        "https://bazaar.test/login",
        31337,
    )
    assert body["nonce"] != client.post("/v1/auth/nonce").json()["nonce"]


def sign_in_at(http: TestClient, settings: ApiSettings, host: str) -> httpx.Response:
    """Sign in as ALICE the way a storefront served at ``host`` does: with the domain and
    URI its nonce names, sending both requests to ``host``."""
    nonce = http.post("/v1/auth/nonce", headers={"Host": host}).json()
    message = siwe_text(
        settings,
        ALICE,
        nonce["nonce"],
        domain=nonce["domain"],
        uri=nonce["uri"],
        scheme=nonce["uri"].split(":", 1)[0],
    )
    return http.post("/v1/auth/verify", json=signed(ALICE, message), headers={"Host": host})


@pytest.mark.parametrize("host", ["localhost:8123", "127.0.0.1:8123"])
def test_storefront_signs_in_at_the_host_it_was_opened_at(client: ApiClient, host: str) -> None:
    nonce = client.post("/v1/auth/nonce", headers={"Host": host}).json()
    assert (nonce["domain"], nonce["uri"]) == (host, f"http://{host}/login")
    response = sign_in_at(client.http, client.settings, host)
    assert response.status_code == 200, response.text
    assert response.json()["address"] == ALICE.address


def test_message_for_another_host_than_the_request_is_refused(client: ApiClient) -> None:
    message = siwe_text(
        client.settings,
        ALICE,
        client.nonce(),
        domain="127.0.0.1:8123",
        uri="http://127.0.0.1:8123/login",
        scheme="http",
    )
    body = signed(ALICE, message)
    response = client.post("/v1/auth/verify", json=body, headers={"Host": "localhost:8123"})
    assert response.status_code == 401
    assert "this API accepts 'localhost:8123', 'bazaar.test'" in response.json()["detail"]


@pytest.fixture
def production(settings: ApiSettings, database: Database) -> Iterator[TestClient]:
    public = settings.model_copy(
        update={
            "environment": "production",
            "cors_origins": ["https://bazaar.test"],
            "siwe_allowed_domains": ["shop.bazaar.test"],
        }
    )
    with TestClient(create_app(public, database)) as http:
        yield http


def test_production_accepts_configured_domains(
    production: TestClient, settings: ApiSettings
) -> None:
    for host in ("bazaar.test", "shop.bazaar.test"):
        nonce = production.post("/v1/auth/nonce", headers={"Host": host}).json()
        assert (nonce["domain"], nonce["uri"]) == (host, f"https://{host}/login")
        response = sign_in_at(production, settings, host)
        assert response.status_code == 200, response.text


def test_production_does_not_trust_an_unconfigured_host(
    production: TestClient, settings: ApiSettings
) -> None:
    # A phishing page's message replayed with the Host it names must not open a session.
    nonce = production.post("/v1/auth/nonce", headers={"Host": "evil.example"}).json()
    assert nonce["domain"] == "bazaar.test"
    message = siwe_text(
        settings, ALICE, nonce["nonce"], domain="evil.example", uri="https://evil.example/login"
    )
    response = production.post(
        "/v1/auth/verify", json=signed(ALICE, message), headers={"Host": "evil.example"}
    )
    assert response.status_code == 401
    assert "not 'bazaar.test'" in response.json()["detail"]


def test_sign_in_opens_a_session_for_the_signer(client: ApiClient) -> None:
    headers = client.sign_in(ALICE)
    session = client.get("/v1/auth/session", headers=headers).json()
    assert session == {"address": ALICE.address, "expires_at": session["expires_at"]}
    assert "token" not in session


def test_session_ends_when_the_signed_message_expires(client: ApiClient) -> None:
    expiry = datetime.now(UTC) + timedelta(minutes=2)
    message = siwe_text(client.settings, ALICE, client.nonce(), expiration_time=expiry)
    body = client.post("/v1/auth/verify", json=signed(ALICE, message)).json()
    assert body["expires_at"] == int(expiry.replace(microsecond=0).timestamp())


def test_replayed_nonce_is_refused(client: ApiClient) -> None:
    body = signed(ALICE, siwe_text(client.settings, ALICE, client.nonce()))
    assert client.post("/v1/auth/verify", json=body).status_code == 200
    assert "already used" in refused(client, body)


def test_concurrent_sign_ins_with_one_nonce_open_one_session(client: ApiClient) -> None:
    body = signed(ALICE, siwe_text(client.settings, ALICE, client.nonce()))
    with ThreadPoolExecutor(4) as pool:
        codes = list(
            pool.map(lambda _: client.post("/v1/auth/verify", json=body).status_code, range(4))
        )
    assert sorted(codes) == [200, 401, 401, 401]


def test_nonce_not_issued_here_is_refused(client: ApiClient) -> None:
    body = signed(ALICE, siwe_text(client.settings, ALICE, "Invented12345"))
    assert "not issued here" in refused(client, body)


def test_expired_nonce_is_refused(client: ApiClient, monkeypatch: pytest.MonkeyPatch) -> None:
    nonce = client.nonce()
    later = api.routes.auth.now() + client.settings.nonce_ttl + 1
    monkeypatch.setattr(api.routes.auth, "now", lambda: later)
    message = siwe_text(client.settings, ALICE, nonce, expiration_time=None)
    assert "nonce expired" in refused(client, signed(ALICE, message))


def test_expired_message_is_refused(client: ApiClient) -> None:
    past = datetime.now(UTC) - timedelta(seconds=1)
    message = siwe_text(client.settings, ALICE, client.nonce(), expiration_time=past)
    assert "expired" in refused(client, signed(ALICE, message))


def test_message_not_yet_valid_is_refused(client: ApiClient) -> None:
    future = datetime.now(UTC) + timedelta(minutes=5)
    message = siwe_text(client.settings, ALICE, client.nonce(), not_before=future)
    assert "valid only from" in refused(client, signed(ALICE, message))


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("domain", "evil.example", "not 'bazaar.test'"),
        ("scheme", "http", "not https://"),
        ("uri", "https://bazaar.test/other", "not 'https://bazaar.test/login'"),
        ("chain_id", 1, "chain 1"),
    ],
)
def test_message_for_another_site_or_chain_is_refused(
    client: ApiClient, field: str, value: object, reason: str
) -> None:
    message = siwe_text(client.settings, ALICE, client.nonce(), **{field: value})
    assert reason in refused(client, signed(ALICE, message))


def test_signature_by_another_key_is_refused(client: ApiClient) -> None:
    message = siwe_text(client.settings, ALICE, client.nonce())
    body = {
        "message": message,
        "signature": signed(BOB, message.replace(ALICE.address, BOB.address))["signature"],
    }
    assert f"not {ALICE.address}'s" in refused(client, body)


def test_garbage_signature_is_refused(client: ApiClient) -> None:
    message = siwe_text(client.settings, ALICE, client.nonce())
    refused(client, {"message": message, "signature": "0x" + "00" * 65})


def test_signature_that_is_not_65_bytes_of_hex_fails_validation(client: ApiClient) -> None:
    message = siwe_text(client.settings, ALICE, client.nonce())
    for signature in ("0x1234", "0x" + "zz" * 65, "11" * 66):
        body = {"message": message, "signature": signature}
        assert client.post("/v1/auth/verify", json=body).status_code == 422, signature


def test_refused_signature_leaves_the_nonce_usable(client: ApiClient) -> None:
    nonce = client.nonce()
    message = siwe_text(client.settings, ALICE, nonce)
    refused(client, {"message": message, "signature": "0x" + "11" * 65})
    assert client.post("/v1/auth/verify", json=signed(ALICE, message)).status_code == 200


def test_text_that_is_not_eip4361_is_a_bad_request(client: ApiClient) -> None:
    detail = refused(client, {"message": "hello", "signature": "0x" + "11" * 65}, status=400)
    assert "not a Sign-In with Ethereum message" in detail


def test_logout_revokes_the_token(client: ApiClient) -> None:
    headers = client.sign_in(ALICE)
    assert client.post("/v1/auth/logout", headers=headers).status_code == 204
    response = client.get("/v1/auth/session", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_expired_session_is_refused(client: ApiClient, monkeypatch: pytest.MonkeyPatch) -> None:
    headers = client.sign_in(ALICE)
    later = api.routes.auth.now() + client.settings.session_ttl + 1
    monkeypatch.setattr(api.routes.auth, "now", lambda: later)
    response = client.get("/v1/auth/session", headers=headers)
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_write_without_a_token_says_how_to_sign_in(client: ApiClient) -> None:
    response = client.put(f"/v1/follows/{BOB.address}")
    assert response.status_code == 401
    assert response.json()["code"] == "AuthenticationRequired"
    assert "POST /v1/auth/nonce" in response.json()["detail"]


def test_unknown_token_is_refused(client: ApiClient) -> None:
    response = client.put(f"/v1/follows/{BOB.address}", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
