"""api/routes/listings.py comments, comments.py answers, reports.py moderation."""

from __future__ import annotations

from typing import Any

import pytest
from api_helpers import ALICE, BOB, CAROL, ApiClient
from chain_rows import ChainRows

MODERATOR = CAROL


@pytest.fixture
def listing(client: ApiClient, chain: ChainRows) -> int:
    chain.listing(1, ALICE.address)
    client.settings.moderators = [MODERATOR.address]
    return 1


def comment(
    client: ApiClient, headers: dict[str, str], body: str, kind: str = "comment"
) -> dict[str, Any]:
    response = client.post(
        "/v1/listings/1/comments", json={"kind": kind, "body": body}, headers=headers
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_questions_get_one_answer_from_the_seller(client: ApiClient, listing: int) -> None:
    alice, bob = client.sign_in(ALICE), client.sign_in(BOB)
    question = comment(client, bob, "Does it ship to Norway?", kind="question")
    assert (
        client.post(
            f"/v1/comments/{question['id']}/answer", json={"body": "No"}, headers=bob
        ).status_code
        == 403
    )
    answered = client.post(
        f"/v1/comments/{question['id']}/answer", json={"body": "Yes, tracked."}, headers=alice
    )
    assert answered.status_code == 201 and answered.json()["author"] == ALICE.address
    again = client.post(
        f"/v1/comments/{question['id']}/answer", json={"body": "Also by boat"}, headers=alice
    )
    assert again.status_code == 409
    listed = client.get("/v1/listings/1/comments").json()
    assert listed["count"] == 1
    assert listed["data"][0]["answer"]["body"] == "Yes, tracked."


def test_only_questions_are_answered(client: ApiClient, listing: int) -> None:
    alice, bob = client.sign_in(ALICE), client.sign_in(BOB)
    remark = comment(client, bob, "Nice camera")
    assert (
        client.post(
            f"/v1/comments/{remark['id']}/answer", json={"body": "Thanks"}, headers=alice
        ).status_code
        == 400
    )
    assert (
        client.post("/v1/comments/999/answer", json={"body": "?"}, headers=alice).status_code == 404
    )


def test_comments_page_newest_first_with_public_names_only(client: ApiClient, listing: int) -> None:
    bob, carol = client.sign_in(BOB), client.sign_in(CAROL)
    client.patch("/v1/profiles/me", json={"display_name": "Bob", "public": True}, headers=bob)
    client.patch("/v1/profiles/me", json={"display_name": "Carol"}, headers=carol)  # not public
    ids = [comment(client, author, f"note {n}")["id"] for n, author in enumerate([bob, carol, bob])]
    page = client.get("/v1/listings/1/comments?limit=2").json()
    assert [c["id"] for c in page["data"]] == ids[:0:-1]
    assert page["data"][0]["author_name"] == "Bob" and page["data"][1]["author_name"] is None
    rest = client.get(f"/v1/listings/1/comments?limit=2&before={page['next_before']}").json()
    assert [c["id"] for c in rest["data"]] == ids[:1] and rest["next_before"] is None
    assert client.get("/v1/listings/1").json()["comments"] == 3


@pytest.mark.parametrize(
    "body",
    [
        {"body": ""},
        {"body": "   "},
        {"body": "x" * 2001},
        {"kind": "answer", "body": "sneaky"},
        {"kind": "rant", "body": "x"},
    ],
)
def test_invalid_comments_are_refused(
    client: ApiClient, listing: int, body: dict[str, str]
) -> None:
    response = client.post("/v1/listings/1/comments", json=body, headers=client.sign_in(BOB))
    assert response.status_code == 422


def test_comment_on_unknown_listing_is_not_found(client: ApiClient, listing: int) -> None:
    response = client.post(
        "/v1/listings/5/comments", json={"body": "hi"}, headers=client.sign_in(BOB)
    )
    assert response.status_code == 404


def report(
    client: ApiClient,
    headers: dict[str, str],
    target_type: str,
    target_id: str,
    reason: str = "scam",
) -> Any:
    return client.post(
        "/v1/reports",
        json={"target_type": target_type, "target_id": target_id, "reason": reason},
        headers=headers,
    )


def test_reports_name_who_answers_for_the_target(client: ApiClient, listing: int) -> None:
    bob = client.sign_in(BOB)
    remark = comment(client, client.sign_in(CAROL), "spam spam")
    on_listing = report(client, bob, "listing", "1").json()
    on_comment = report(client, bob, "comment", str(remark["id"]), "spam").json()
    on_user = report(client, bob, "user", ALICE.address.lower(), "impersonation").json()
    assert [r["accused"] for r in (on_listing, on_comment, on_user)] == [
        ALICE.address,
        CAROL.address,
        ALICE.address,
    ]
    assert {r["status"] for r in (on_listing, on_comment, on_user)} == {"open"}


@pytest.mark.parametrize(
    ("target_type", "target_id", "status"),
    [
        ("listing", "42", 404),
        ("comment", "42", 404),
        ("listing", "abc", 400),
        ("user", "0x12", 400),
        ("user", "0x" + "Ab" * 20, 400),
    ],
)
def test_reports_of_missing_or_malformed_targets_are_refused(
    client: ApiClient, listing: int, target_type: str, target_id: str, status: int
) -> None:
    assert report(client, client.sign_in(BOB), target_type, target_id).status_code == status


def test_duplicate_and_self_reports_are_refused(client: ApiClient, listing: int) -> None:
    bob, alice = client.sign_in(BOB), client.sign_in(ALICE)
    assert report(client, bob, "listing", "1").status_code == 201
    assert report(client, bob, "listing", "1").status_code == 409
    assert report(client, alice, "listing", "1").status_code == 400


def test_only_moderators_rule_and_see_every_report(client: ApiClient, listing: int) -> None:
    bob, moderator = client.sign_in(BOB), client.sign_in(MODERATOR)
    filed = report(client, bob, "listing", "1").json()
    assert (
        client.post(
            f"/v1/reports/{filed['id']}/resolution", json={"status": "upheld"}, headers=bob
        ).status_code
        == 403
    )
    assert client.get("/v1/reports", headers=client.sign_in(ALICE)).json()["count"] == 0
    assert client.get("/v1/reports", headers=bob).json()["count"] == 1
    ruled = client.post(
        f"/v1/reports/{filed['id']}/resolution", json={"status": "upheld"}, headers=moderator
    )
    assert ruled.status_code == 200 and ruled.json()["status"] == "upheld"
    again = client.post(
        f"/v1/reports/{filed['id']}/resolution", json={"status": "dismissed"}, headers=moderator
    )
    assert again.status_code == 409
    assert client.get("/v1/reports?status=upheld", headers=moderator).json()["count"] == 1


def test_upheld_comment_report_hides_the_comment(client: ApiClient, listing: int) -> None:
    bob, moderator = client.sign_in(BOB), client.sign_in(MODERATOR)
    remark = comment(client, client.sign_in(ALICE), "buy elsewhere: scam.example")
    filed = report(client, bob, "comment", str(remark["id"]), "spam").json()
    client.post(
        f"/v1/reports/{filed['id']}/resolution", json={"status": "upheld"}, headers=moderator
    )
    assert client.get("/v1/listings/1/comments").json()["count"] == 0
