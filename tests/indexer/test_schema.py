"""Schema: the migrations build exactly the SQLModel tables; uint256 columns are exact."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, inspect, select, text
from sqlmodel import SQLModel

import indexer.models
from indexer.db import make_engine
from indexer.migrate import VERSION_TABLE, upgrade
from indexer.models import Deal, FeedItem, Payout, SellerVolume
from indexer.models.types import MAX_UINT256
from indexer.store.bulk import insert_many
from indexer.store.tables import table_info, table_of

AMOUNTS = [0, 1, 9, 10, 2**64, 2**255 + 7, MAX_UINT256]


def test_migrations_build_exactly_the_models(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "version_table": VERSION_TABLE,
                    "compare_type": True,
                    "include_object": _indexer_only,
                },
            )
            differences = compare_metadata(context, SQLModel.metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()

    assert differences == []
    assert tables == set(indexer.models.TABLE_NAMES) | {VERSION_TABLE}


def _indexer_only(obj: object, name: str | None, type_: str, *_: object) -> bool:
    return type_ != "table" or name in indexer.models.TABLE_NAMES


def test_upgrade_twice_is_harmless(db_url: str) -> None:
    upgrade(db_url)
    upgrade(db_url)


def _deal(deal_id: int, value: int) -> dict[str, object]:
    return {
        "contract": "Marketplace",
        "deal_id": deal_id,
        "kind": "purchase",
        "buyer": "0xb",
        "seller": "0xs",
        "token": "0xt",
        "value": value,
        "fee": value // 100,
        "block_number": 1,
        "log_index": deal_id % 1000,
        "tx_hash": "0xh",
        "timestamp": 0,
    }


def test_uint256_round_trips_exactly_and_sorts_numerically(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url, writer=True)
    table = table_of(Deal)
    with engine.begin() as connection:
        connection.execute(insert(table), [_deal(i, v) for i, v in enumerate(AMOUNTS[:4])])
        insert_many(
            connection, table_info(Deal), [_deal(100 + i, v) for i, v in enumerate(AMOUNTS[4:])]
        )
    with engine.connect() as connection:
        values = connection.execute(select(table.c.value).order_by(table.c.value)).scalars().all()
        big = connection.execute(select(table.c.deal_id).where(table.c.value > 2**200)).scalars()
        big_ids = sorted(big)
    engine.dispose()

    assert values == AMOUNTS
    assert big_ids == [101, 102]


def test_uint256_refuses_what_does_not_fit(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url, writer=True)
    try:
        for bad in (-1, MAX_UINT256 + 1):
            with engine.begin() as connection:
                try:
                    insert_many(connection, table_info(Deal), [_deal(1, bad)])
                except ValueError:
                    pass
                else:
                    raise AssertionError(f"{bad} was stored")
    finally:
        engine.dispose()


def test_feed_items_are_numbered_by_a_unique_change_sequence(db_url: str) -> None:
    upgrade(db_url)
    info = table_info(FeedItem)

    assert "seq" in info.columns and info.generated == frozenset({"id"})
    assert any(
        index.unique and [c.name for c in index.columns] == ["seq"] for index in info.table.indexes
    )


def test_upgrade_from_0001_keeps_rows_and_fills_the_new_columns(db_url: str) -> None:
    upgrade(db_url, "0001")
    engine = make_engine(db_url, writer=True)
    volume = {
        "seller": "0xs",
        "token": "0xt",
        "deals": 2,
        "value": 7,
        "fees": 1,
        "refunded": 0,
        "updated_block": 3,
    }
    payout = {
        "block_number": 4,
        "log_index": 0,
        "kind": "withdrawn",
        "account": "0xs",
        "token": "0xt",
        "amount": 5,
        "tx_hash": "0xh",
        "timestamp": 0,
    }
    with engine.begin() as connection:
        for table, row in (("seller_volumes", volume), ("payouts", payout)):
            columns = ", ".join(row)
            marks = ", ".join(f":{name}" for name in row)
            amounts = ("value", "fees", "refunded", "amount")
            params = {
                k: (f"{v:078d}" if k in amounts and engine.dialect.name == "sqlite" else v)
                for k, v in row.items()
            }
            connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"), params)
    engine.dispose()

    upgrade(db_url)

    engine = make_engine(db_url)
    with engine.connect() as connection:
        (found,) = connection.execute(select(table_of(SellerVolume))).mappings()
        (paid,) = connection.execute(select(table_of(Payout))).mappings()
        volumes = table_of(SellerVolume)
        below_one = list(
            connection.execute(select(volumes.c.seller).where(volumes.c.review_fees < 1)).scalars()
        )
    engine.dispose()
    assert (found["value"], found["reviews"], found["review_fees"]) == (7, 0, 0)
    assert found["voucher_discounts"] == 0 and found["rating_fee_sum"] == 0
    assert (paid["contract"], paid["plan_id"], paid["amount"]) == ("Marketplace", None, 5)
    assert below_one == ["0xs"]
