"""api/routes/auth.py: Sign-In with Ethereum, and every way a sign-in is refused."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from api_helpers import ALICE, BOB, ApiClient, signed, siwe_text

import api.routes.auth


def refused(client: ApiClient, body: dict[str, str], status: int = 401) -> str:
    response = client.post("/v1/auth/verify", json=body)
    assert response.status_code == status, response.text
    detail: str = response.json()["detail"]
    return detail


def test_nonce_names_what_the_message_must_say(client: ApiClient) -> None:
    body = client.post("/v1/auth/nonce").json()
    assert len(body["nonce"]) >= 8 and body["nonce"].isalnum()
    assert (body["domain"], body["uri"], body["chain_id"]) == (
        "bazaar.test",
        "https://bazaar.test/login",
        31337,
    )
    assert body["nonce"] != client.post("/v1/auth/nonce").json()["nonce"]


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
