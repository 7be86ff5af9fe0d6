"""indexer/store: the feed's change sequence and revival, the working set's undo journal."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from indexer_helpers import feed, rows
from sqlalchemy import insert

from chain.events import DecodedEvent
from indexer.db import make_engine
from indexer.errors import ProjectionError
from indexer.migrate import upgrade
from indexer.models import FeedKind, IndexerStatus, Listing, RawEvent, SellerKey
from indexer.store.feed import FeedWriter, remove_above
from indexer.store.rollback import rollback_to
from indexer.store.tables import table_of
from indexer.store.working_set import WorkingSet

SELLER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


def _event(block: int, log_index: int) -> DecodedEvent:
    return DecodedEvent(
        address="0x5FbDB2315678afecb367f032d93F642f64180aa3",
        contract="Marketplace",
        event="ListingCreated",
        args={},
        block_number=block,
        block_hash=f"0x{block:064x}",
        tx_hash="0x" + "ee" * 32,
        log_index=log_index,
    )


def _write_feed(db_url: str, events: list[DecodedEvent], last_seq: int) -> int:
    engine = make_engine(db_url, writer=True)
    with engine.begin() as connection:
        writer = FeedWriter(31337, last_seq)
        for event in events:
            writer.add(
                event,
                0,
                kind=FeedKind.LISTING_CREATED,
                actor=SELLER,
                subject_type="listing",
                subject_id=1,
            )
        writer.flush(connection)
    engine.dispose()
    return writer.last_seq


def test_removed_items_get_new_seqs_and_come_back_once(db_url: str) -> None:
    upgrade(db_url)
    events = [_event(10, 0), _event(11, 0), _event(11, 1)]
    last = _write_feed(db_url, events, 0)
    engine = make_engine(db_url, writer=True)
    with engine.begin() as connection:
        removed, last = remove_above(connection, 10, last)
    engine.dispose()

    assert removed == 2
    assert [(i["seq"], i["removed"]) for i in feed(db_url)] == [(1, False), (4, True), (5, True)]

    _write_feed(db_url, events[1:], last)  # the same block returns

    items = feed(db_url)
    assert len(items) == 3
    assert [(i["seq"], i["removed"], i["block_number"]) for i in items] == [
        (1, False, 10),
        (6, False, 11),
        (7, False, 11),
    ]


def test_the_feed_writer_refuses_a_kind_that_is_not_a_feed_kind() -> None:
    writer = FeedWriter(31337, 0)
    with pytest.raises(ProjectionError, match="'listing_made' is not a FeedKind"):
        writer.add(
            _event(1, 0),
            0,
            kind="listing_made",  # type: ignore[arg-type]  # what the runtime check is for
            actor=SELLER,
            subject_type="listing",
            subject_id=1,
        )
    assert writer.last_seq == 0


def test_rollback_restores_each_row_as_it_was_before_the_fork(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url, writer=True)
    listing = {
        "listing_id": 1,
        "seller": SELLER,
        "token": SELLER,
        "price": 5,
        "stock": 10,
        "order_count": 0,
        "status": "active",
        "escrow": False,
        "fee_bps": 100,
        "handling_time": 0,
        "auto_release_window": 0,
        "unsettled": 0,
        "metadata_hash": "0x" + "00" * 32,
        "created_block": 9,
        "created_tx": "0x" + "aa" * 32,
        "created_at": 0,
        "updated_block": 9,
        "updated_at": 0,
    }
    with engine.begin() as connection:
        connection.execute(
            insert(table_of(IndexerStatus)).values(
                chain_id=1,
                indexed_block=9,
                head_block=9,
                finalized_block=0,
                lag=0,
                mode="follow",
                updated_at=datetime.now(UTC),
                feed_seq=0,
            )
        )
        connection.execute(insert(table_of(Listing)).values(listing))
    for block, stock in ((10, 7), (11, 4), (12, 1)):
        with engine.begin() as connection:
            working = WorkingSet(connection, journal_from=10)
            working.block = block
            row = working.require(Listing, 1)
            row["stock"] = stock
            row["stock"] -= 0  # a second change in the same block is journaled once
            if block == 11:
                working.create(
                    SellerKey, {"seller": SELLER, "key": "0x" + "01" * 32, "updated_block": 11}
                )
            working.append(
                RawEvent,
                {
                    "chain_id": 1,
                    "block_number": block,
                    "log_index": 0,
                    "block_hash": "0x" + "bb" * 32,
                    "tx_hash": "0x" + "cc" * 32,
                    "timestamp": 0,
                    "contract": "Marketplace",
                    "address": SELLER,
                    "event": "ListingUpdated",
                    "args": {},
                },
            )
            working.flush()
    assert len(rows(db_url, "undo_log")) == 4

    with engine.begin() as connection:
        result = rollback_to(connection, 10, [RawEvent])
    engine.dispose()

    assert (result.restored_rows, result.deleted_rows) == (2, 2)
    assert rows(db_url, "listings")[0]["stock"] == 7
    assert rows(db_url, "seller_keys") == []
    assert [r["block_number"] for r in rows(db_url, "raw_events")] == [10]
    assert [r["block_number"] for r in rows(db_url, "undo_log")] == [10]
