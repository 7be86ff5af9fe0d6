"""Reorgs (anvil_reorg, evm_snapshot/evm_revert): after each, the database equals a clean
rebuild of the new chain, and the feed items the reorg removed are visible as removed."""

from __future__ import annotations

from typing import Any

import pytest
import scenario_contracts
from conftest import DbFactory
from indexer_helpers import Chain, build, feed, index, state, status

from chain.types import ZERO_HASH
from indexer.errors import ReorgTooDeepError

PRICE = 10**16


def _listing(chain: Chain) -> int:
    result = chain.client(1).create_listing(price=PRICE, stock=100)
    return int(result.event("ListingCreated").args["listingId"])


def _buy_tx(chain: Chain, buyer: int, listing: int) -> dict[str, Any]:
    client = chain.client(buyer)
    data = client.contract.encode_abi("buy", args=[listing, 1, PRICE, bytes.fromhex(ZERO_HASH[2:])])
    return {
        "from": chain.account(buyer).address,
        "to": chain.marketplace,
        "data": data,
        "value": hex(PRICE),
        "gas": hex(200_000),
    }


def _assert_rebuild_equal(chain: Chain, db_url: str, new_db: DbFactory) -> None:
    fresh = new_db()
    index(chain, fresh)
    assert state(db_url) == state(fresh)
    assert status(db_url)["indexed_block"] == chain.head()


def test_reorg_that_replaces_a_purchase(chain: Chain, db_url: str, new_db: DbFactory) -> None:
    listing = _listing(chain)
    chain.client(3).buy(listing)
    replaced = chain.client(4).buy(listing).tx_hash
    chain.mine()
    index(chain, db_url)
    seq_before = max(item["seq"] for item in feed(db_url))

    chain.reorg(2, [(_buy_tx(chain, 5, listing), 0)])
    index(chain, db_url)

    _assert_rebuild_equal(chain, db_url, new_db)
    items = feed(db_url)
    (gone,) = [item for item in items if item["tx_hash"] == replaced]
    assert gone["removed"] is True and gone["seq"] > seq_before
    (new,) = [i for i in items if i["buyer"] == chain.account(5).address and not i["removed"]]
    assert new["kind"] == "purchased" and new["seq"] > gone["seq"]


def test_reorg_that_only_removes_events(chain: Chain, db_url: str, new_db: DbFactory) -> None:
    listing = _listing(chain)
    chain.client(3).buy(listing)
    chain.client(4).buy(listing)
    chain.client(1).update_listing(listing, price=2 * PRICE, stock=5)
    index(chain, db_url)
    live_before = [item for item in feed(db_url) if not item["removed"]]

    chain.reorg(3, [])
    index(chain, db_url)

    _assert_rebuild_equal(chain, db_url, new_db)
    removed = [item for item in feed(db_url) if item["removed"]]
    assert [item["kind"] for item in removed] == ["purchased", "purchased", "listing_updated"]
    assert len(live_before) - len(removed) == 1  # only listing_created is left


def test_several_reorgs_in_a_row(chain: Chain, db_url: str, new_db: DbFactory) -> None:
    listing = _listing(chain)
    for round_no in range(3):
        for buyer in (3, 4, 5):
            chain.client(buyer).buy(listing)
        index(chain, db_url)
        chain.reorg(1 + round_no, [(_buy_tx(chain, 3 + round_no, listing), 0)])
        index(chain, db_url)
        _assert_rebuild_equal(chain, db_url, new_db)
    chain.reorg(2, [])
    chain.reorg(3, [(_buy_tx(chain, 5, listing), 1)])  # two reorgs between two runs
    index(chain, db_url)

    _assert_rebuild_equal(chain, db_url, new_db)


def test_reorg_while_the_indexer_is_stopped(chain: Chain, db_url: str, new_db: DbFactory) -> None:
    listing = _listing(chain)
    for buyer in (3, 4, 5):
        chain.client(buyer).buy(listing)
    index(chain, db_url)

    chain.reorg(3, [(_buy_tx(chain, 5, listing), 0), (_buy_tx(chain, 3, listing), 2)])
    chain.client(4).buy(listing)
    index(chain, db_url)  # a new indexer: the restart finds the reorg from the stored window

    _assert_rebuild_equal(chain, db_url, new_db)


def test_revert_to_a_snapshot_and_a_shorter_chain(
    chain: Chain, db_url: str, new_db: DbFactory
) -> None:
    listing = _listing(chain)
    snapshot = chain.rpc("evm_snapshot")
    for buyer in (3, 4, 5, 3, 4):
        chain.client(buyer).buy(listing)
    index(chain, db_url)
    tip = chain.head()

    chain.rpc("evm_revert", snapshot)
    chain.client(5).buy(listing)
    assert chain.head() < tip
    index(chain, db_url)

    _assert_rebuild_equal(chain, db_url, new_db)
    assert sum(item["removed"] for item in feed(db_url)) == 5


def test_follow_mode_repairs_a_reorg_between_polls(
    chain: Chain, db_url: str, new_db: DbFactory
) -> None:
    listing = _listing(chain)
    indexer = build(chain, db_url)
    indexer.prepare()
    while indexer.step().value != "idle":
        pass
    chain.client(3).buy(listing)
    assert indexer.step().value == "progressed"
    chain.reorg(1, [(_buy_tx(chain, 4, listing), 0)])

    outcomes = [indexer.step().value for _ in range(3)]
    indexer.close()

    assert outcomes == ["reorg", "progressed", "idle"]
    _assert_rebuild_equal(chain, db_url, new_db)


def test_an_idle_follower_notices_its_tip_replaced_at_the_same_height(
    chain: Chain, db_url: str, new_db: DbFactory
) -> None:
    # Once idle, a step only compares the head with the one it last saw: a new block at the
    # same height (same number, other hash) must still be found and repaired.
    listing = _listing(chain)
    chain.client(3).buy(listing)
    indexer = build(chain, db_url)
    indexer.prepare()
    while indexer.step().value != "idle":
        pass
    assert indexer.step().value == "idle"
    head = chain.head()

    chain.reorg(1, [(_buy_tx(chain, 4, listing), 0)])
    outcomes = [indexer.step().value for _ in range(3)]
    indexer.close()

    assert chain.head() == head
    assert outcomes == ["reorg", "progressed", "idle"]
    _assert_rebuild_equal(chain, db_url, new_db)


def test_a_reorg_deeper_than_the_window_is_an_error(chain: Chain, db_url: str) -> None:
    listing = _listing(chain)
    for buyer in (3, 4, 5, 3, 4, 5):
        chain.client(buyer).buy(listing)
    index(chain, db_url, finality_depth=2)

    chain.reorg(5, [])

    with pytest.raises(ReorgTooDeepError, match="cannot be repaired in place"):
        index(chain, db_url, finality_depth=2)


def test_reorg_rolls_back_rentals_plans_reviews_credits_and_vouchers(
    chain: Chain, db_url: str, new_db: DbFactory
) -> None:
    rental_ids = scenario_contracts.rentals(chain)
    index(chain, db_url, finality_depth=10_000)
    snapshot = chain.rpc("evm_snapshot")
    plan_ids = scenario_contracts.plans(chain)
    scenario_contracts.reviews_credits_vouchers(chain, rental_ids, plan_ids)
    index(chain, db_url, finality_depth=10_000)  # every row changed above has an undo image
    live = {item["kind"] for item in feed(db_url) if not item["removed"]}
    assert {"plan_started", "reviewed", "review_responded", "promoted"} <= live

    chain.rpc("evm_revert", snapshot)
    scenario_contracts.plans(chain)  # the same activity again, in other blocks
    index(chain, db_url, finality_depth=10_000)

    _assert_rebuild_equal(chain, db_url, new_db)
    removed = {item["kind"] for item in feed(db_url) if item["removed"]}
    assert {"plan_started", "installment_paid", "reviewed", "promoted"} <= removed
    live = {item["kind"] for item in feed(db_url) if not item["removed"]}
    assert "reviewed" not in live and "rented" in live and "plan_started" in live
