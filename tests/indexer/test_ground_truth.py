"""The indexer's rows equal ground truth computed independently from eth_getLogs.

One chain runs the full scenario (every Marketplace event and order path, then rentals at
every stage, plans on time, late, defaulted, paid off and cancelled, reviews with edits,
responses and reports, credits minted, spent and burned, vouchers redeemed and cancelled);
it is indexed in several ways (mostly final blocks, everything unfinalized so every row
goes through the undo journal, and tiny batches so state crosses many transactions) on
both databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import oracle
import pytest
import scenario
import scenario_contracts
from indexer_helpers import BOOKKEEPING, Chain, canon, index, rows, start_chain

from chain.artifacts import load_artifact
from indexer.models import TABLE_NAMES
from indexer.projections import PROJECTIONS

MODES: dict[str, dict[str, Any]] = {
    "mostly-final": {"finality_depth": 8},
    "all-unfinalized": {"finality_depth": 10_000},
    "tiny-batches": {"finality_depth": 8, "initial_span": 1, "max_span": 2, "target_logs": 2},
}


@pytest.fixture(scope="module")
def busy_chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chain]:
    with start_chain(tmp_path_factory.mktemp("deployments")) as chain:
        scenario.everything(chain)
        scenario_contracts.everything(chain)
        yield chain


@pytest.fixture(scope="module")
def truth(busy_chain: Chain) -> dict[str, list[dict[str, Any]]]:
    return oracle.expected(busy_chain)


def _diff(table: str, actual: list[dict[str, Any]], expected: list[dict[str, Any]]) -> str:
    missing = sorted(set(map(canon, expected)) - set(map(canon, actual)))
    extra = sorted(set(map(canon, actual)) - set(map(canon, expected)))
    return f"{table}: {len(missing)} expected rows not found, e.g. {missing[:2]}; " + (
        f"{len(extra)} unexpected rows, e.g. {extra[:2]}"
    )


@pytest.mark.parametrize("mode", MODES)
def test_every_derived_row_equals_ground_truth(
    busy_chain: Chain, truth: dict[str, list[dict[str, Any]]], db_url: str, mode: str
) -> None:
    index(busy_chain, db_url, **MODES[mode])

    for table, expected in truth.items():
        actual = rows(db_url, table)
        if table == "feed_items":
            actual = [{k: v for k, v in r.items() if k not in ("id", "seq")} for r in actual]
        assert sorted(map(canon, actual)) == sorted(map(canon, expected)), _diff(
            table, actual, expected
        )


def test_listings_equal_the_contract_views(busy_chain: Chain, db_url: str) -> None:
    index(busy_chain, db_url)
    views = busy_chain.client(0)

    listings = rows(db_url, "listings")

    assert len(listings) == 7
    for row in listings:
        onchain = views.get_listing(row["listing_id"])
        assert (row["seller"], row["token"], row["price"]) == (
            onchain.seller,
            onchain.token,
            onchain.price,
        )
        assert (row["stock"], row["order_count"], row["unsettled"]) == (
            onchain.stock,
            onchain.order_count,
            onchain.unsettled,
        )
        assert row["status"] == onchain.status.name.lower()
        assert (row["escrow"], row["fee_bps"]) == (onchain.escrow, onchain.fee_bps)


def test_settings_equal_the_contract_views(busy_chain: Chain, db_url: str) -> None:
    index(busy_chain, db_url)
    views = busy_chain.client(0)

    (settings,) = [
        row
        for row in rows(db_url, "marketplace_settings")
        if row["address"] == busy_chain.marketplace
    ]

    assert settings["fee_bps"] == views.fee_bps()
    assert settings["arbiter"] == views.arbiter()
    assert settings["fee_recipient"] == views.fee_recipient()
    assert settings["dispute_timeout"] == views.dispute_timeout()
    assert settings["paused"] is views.paused()
    assert settings["owner"] == views.owner()
    assert settings["deal_recorder"] == views.deal_recorder()


def test_ground_truth_covers_every_derived_table(truth: dict[str, list[dict[str, Any]]]) -> None:
    assert set(truth) == set(TABLE_NAMES) - BOOKKEEPING
    assert all(truth[table] for table in truth), [t for t in truth if not truth[t]]


def test_scenario_covers_every_order_path(truth: dict[str, list[dict[str, Any]]]) -> None:
    statuses = {(o["kind"], o["status"]) for o in truth["orders"]}

    assert {("purchase", "completed"), ("escrow", "completed"), ("escrow", "refunded")} <= statuses
    assert {("escrow", "resolved"), ("offer", "completed"), ("offer", "resolved")} <= statuses


def test_scenario_covers_every_rental_and_plan_path(
    truth: dict[str, list[dict[str, Any]]],
) -> None:
    rentals = {r["status"] for r in truth["rentals"]}
    plans = {p["status"] for p in truth["plans"]}
    payments = {i["kind"] for i in truth["installments"]}

    assert rentals == {"cancelled", "completed", "resolved", "lost"}
    assert plans == {
        "active",
        "completed",
        "defaulted",
        "cancelled_by_seller",
        "cancelled_by_buyer",
    }
    assert payments == {"paid", "collected", "late_fee", "payoff", "collection_failed"}
    assert {d["kind"] for d in truth["deals"]} == {"purchase", "rental", "installment"}
    assert {r["side"] for r in truth["reviews"]} == {"buyer", "seller"}
    assert {t["kind"] for t in truth["credit_transfers"]} == {"mint", "spend", "burn"}


# Events the scenario does not emit, and why.
NOT_EMITTED: dict[str, set[str]] = {
    "Marketplace": {"EIP712DomainChanged"},  # never: the domain is fixed
    "InstallmentPlans": {"EIP712DomainChanged"},
    "VoucherBook": {"EIP712DomainChanged"},
    "ReviewCredits": {"Approval", "OwnershipTransferStarted"},  # approve always reverts
    "Reputation": {"OwnershipTransferStarted"},
    "RentalEscrow": set(),
}


@pytest.mark.parametrize("contract", sorted(NOT_EMITTED))
def test_scenario_emits_every_event_of_every_contract(
    truth: dict[str, list[dict[str, Any]]], contract: str
) -> None:
    emitted = {row["event"] for row in truth["raw_events"] if row["contract"] == contract}
    abi_events = {e["name"] for e in load_artifact(contract).elements("event")}

    assert abi_events - emitted == NOT_EMITTED[contract] & abi_events


@pytest.mark.parametrize("contract", sorted(PROJECTIONS))
def test_every_abi_event_is_handled_or_deliberately_ignored(contract: str) -> None:
    projection = PROJECTIONS[contract]
    abi_events = {e["name"] for e in load_artifact(contract).elements("event")}

    assert abi_events == set(projection.handlers) | projection.ignored
    assert not set(projection.handlers) & projection.ignored
