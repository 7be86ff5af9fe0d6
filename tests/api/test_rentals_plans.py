"""api/routes/rentals.py: rentals with history, installment plans with their schedule."""

from __future__ import annotations

import pytest
from api_helpers import ALICE, BOB, CAROL, ApiClient
from chain_rows import ZERO_HASH, ChainRows

from indexer.models import Installment, PlanEvent, RentalEvent

RENTAL = 3 << 32 | 1
PLAN = (int(CAROL.address, 16) << 96) | 1  # the buyer in the top 160 bits
MONTH = 30 * 86_400


@pytest.fixture
def rentals(chain: ChainRows) -> None:
    """Alice lends to Carol (three rentals over blocks 20-22), Bob to Carol once."""
    chain.rental(RENTAL, ALICE.address, CAROL.address, status="active", started_at=1_700_086_400)
    chain.rental(3 << 32 | 2, ALICE.address, CAROL.address, created_block=21, status="completed")
    chain.rental(4 << 32 | 1, BOB.address, CAROL.address, created_block=22)
    chain.rental(3 << 32 | 3, ALICE.address, BOB.address, created_block=22, status="cancelled")
    for block, event, status in ((20, "RentalBooked", "booked"), (25, "HandedOver", "active")):
        chain.insert(
            RentalEvent,
            block_number=block,
            log_index=0,
            rental_id=RENTAL,
            event=event,
            status=status,
            actor=ALICE.address,
            tx_hash=ZERO_HASH,
            timestamp=1_700_000_000 + block,
        )


def test_rentals_newest_first_with_filters(client: ApiClient, rentals: None) -> None:
    ids = [r["rental_id"] for r in client.get("/v1/rentals").json()["data"]]
    assert ids == [str(4 << 32 | 1), str(3 << 32 | 3), str(3 << 32 | 2), str(RENTAL)]
    by_alice = client.get(f"/v1/rentals?lender={ALICE.address}&status=completed").json()
    assert [r["rental_id"] for r in by_alice["data"]] == [str(3 << 32 | 2)]
    assert client.get(f"/v1/rentals?renter={BOB.address}").json()["count"] == 1
    assert client.get("/v1/rentals?listing_id=4").json()["data"][0]["lender"] == BOB.address


def test_rental_cursor_walks_every_row_once(client: ApiClient, rentals: None) -> None:
    seen, url = [], "/v1/rentals?limit=3"
    while url:
        body = client.get(url).json()
        seen += [r["rental_id"] for r in body["data"]]
        url = f"/v1/rentals?limit=3&before={body['next_cursor']}" if body["next_cursor"] else ""
    assert len(seen) == len(set(seen)) == 4


def test_rental_detail_has_terms_and_history(client: ApiClient, rentals: None) -> None:
    body = client.get(f"/v1/rentals/{RENTAL}").json()
    assert (body["status"], body["deposit"], body["rent"]) == (
        "active",
        str(10**17),
        str(3 * 10**16),
    )
    assert [step["status"] for step in body["history"]] == ["booked", "active"]


def test_unknown_rental_and_bad_filters(client: ApiClient, rentals: None) -> None:
    assert client.get("/v1/rentals/12345").status_code == 404
    assert client.get("/v1/rentals?status=stolen").status_code == 422
    assert client.get("/v1/rentals?before=not-a-cursor").status_code == 422
    assert client.get(f"/v1/rentals/{2**256}").status_code == 422


@pytest.fixture
def plan(chain: ChainRows) -> None:
    """Carol's plan with Alice: one installment collected on time, the second paid late."""
    chain.plan(PLAN, ALICE.address, CAROL.address, paid=4 * 10**17, paid_count=2, late_mask=0b10)
    chain.plan(2, BOB.address, CAROL.address, created_block=31, status="defaulted")
    payments = (
        (40, "collected", 2 * 10**17, 1),
        (50, "late_fee", 2 * 10**15, 1),
        (50, "paid", 2 * 10**17, 2),
    )
    for log, (block, kind, amount, count) in enumerate(payments):
        chain.insert(
            Installment,
            block_number=block,
            log_index=log,
            plan_id=PLAN,
            kind=kind,
            by=CAROL.address,
            amount=amount,
            paid_count=count,
            tx_hash=ZERO_HASH,
            timestamp=1_700_000_000 + block,
        )
    chain.insert(
        PlanEvent,
        block_number=30,
        log_index=0,
        plan_id=PLAN,
        event="PlanStarted",
        status="active",
        actor=CAROL.address,
        amount=2 * 10**17,
        tx_hash=ZERO_HASH,
        timestamp=1_700_000_000,
    )


def test_plan_detail_has_its_schedule(client: ApiClient, plan: None) -> None:
    body = client.get(f"/v1/plans/{PLAN}").json()
    schedule = body["schedule"]
    assert [row["index"] for row in schedule] == [1, 2, 3, 4]
    assert [row["due_at"] for row in schedule] == [1_700_000_000 + i * MONTH for i in (1, 2, 3, 4)]
    assert [row["amount"] for row in schedule] == [str(2 * 10**17)] * 3 + [str(2 * 10**17 + 1)]
    assert sum(int(row["amount"]) for row in schedule) == int(body["total"])
    assert [row["paid"] for row in schedule] == [True, True, False, False]
    assert [row["late_fee_charged"] for row in schedule] == [False, True, False, False]
    assert [p["kind"] for p in body["installments"]] == ["collected", "late_fee", "paid"]
    assert [step["event"] for step in body["history"]] == ["PlanStarted"]


def test_plans_filter_and_order(client: ApiClient, plan: None) -> None:
    ids = [p["plan_id"] for p in client.get(f"/v1/plans?buyer={CAROL.address}").json()["data"]]
    assert ids == ["2", str(PLAN)]
    defaulted = client.get("/v1/plans?status=defaulted").json()["data"]
    assert [p["seller"] for p in defaulted] == [BOB.address]
    assert client.get(f"/v1/plans?seller={ALICE.address}&limit=1").json()["next_cursor"] is None
    assert client.get("/v1/plans/99").status_code == 404
