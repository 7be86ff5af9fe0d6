"""api/routes/rentals.py and api/routes/plans.py: rentals with history, installment plans
with their schedule, and the rental and plan listings."""

from __future__ import annotations

import pytest
from api_helpers import ALICE, BOB, CAROL, ApiClient
from chain_rows import ETH, ZERO_HASH, ChainRows

from chain.rentals.types import RentalTerms
from indexer.models import Installment, PlanEvent, PlanListing, RentalEvent

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


def test_rental_listings_with_metadata(client: ApiClient, chain: ChainRows) -> None:
    document = {
        "kind": "listing",
        "version": 1,
        "title": "Tent",
        "category": "outdoor",
        "condition": "used",
    }
    key = client.post("/v1/documents", json=document, headers=client.sign_in(ALICE)).json()["hash"]
    chain.rental_listing(1, ALICE.address, metadata_hash=key)
    chain.rental_listing(2, BOB.address, status="paused")
    chain.rental_listing(3, ALICE.address)
    listed = client.get(f"/v1/rental-listings?lender={ALICE.address}&limit=1").json()
    assert [row["listing_id"] for row in listed["data"]] == [3] and listed["next_before"] == 3
    rest = client.get(f"/v1/rental-listings?lender={ALICE.address}&before=3").json()
    assert [row["listing_id"] for row in rest["data"]] == [1] and rest["next_before"] is None
    assert (
        client.get("/v1/rental-listings?status=paused").json()["data"][0]["lender"] == BOB.address
    )
    detail = client.get("/v1/rental-listings/1").json()
    assert detail["metadata_document"]["title"] == "Tent" and detail["deposit"] == str(10**17)
    # What a booking must commit to (tests/chain checks commitment() against the contract).
    shown = RentalTerms(
        daily_rate=10**16,
        deposit=10**17,
        late_fee_per_day=2 * 10**16,
        max_days=30,
        grace_period=86_400,
        handover_window=86_400,
        inspection_window=86_400,
    )
    assert detail["terms_hash"] == shown.commitment()
    assert listed["data"][0]["terms_hash"] == shown.commitment()  # listing 3: same terms
    chain.rental_listing(4, ALICE.address, deposit=10**17 + 1)
    assert client.get("/v1/rental-listings/4").json()["terms_hash"] != shown.commitment()
    assert client.get("/v1/rental-listings/2").json()["metadata_document"] is None
    assert client.get("/v1/rental-listings/9").status_code == 404


def test_plan_listings(client: ApiClient, chain: ChainRows) -> None:
    terms = {
        "token": ETH,
        "price": 10**18,
        "down_payment_bps": 2_000,
        "installment_count": 4,
        "interval": MONTH,
        "financing_fee_bps": 500,
        "grace_period": 3 * 86_400,
        "late_fee_bps": 100,
        "forfeit_bps": 0,
        "mode": "pull",
        "stock": 2,
        "fee_bps": 100,
        "metadata_hash": ZERO_HASH,
        "created_tx": ZERO_HASH,
        "created_at": 1_700_000_000,
        "updated_at": 1_700_000_000,
    }
    for listing_id, status in ((1, "active"), (2, "closed")):
        chain.insert(
            PlanListing,
            listing_id=listing_id,
            seller=ALICE.address,
            status=status,
            created_block=listing_id,
            updated_block=listing_id,
            **terms,
        )
    active = client.get(f"/v1/plan-listings?seller={ALICE.address}&status=active").json()
    assert [row["listing_id"] for row in active["data"]] == [1]
    detail = client.get("/v1/plan-listings/2").json()
    assert (detail["status"], detail["financing_fee_bps"]) == ("closed", 500)
    assert client.get("/v1/plan-listings/3").status_code == 404
