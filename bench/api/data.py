"""Synthetic marketplace data for ``make bench-api``, loaded with PostgreSQL ``COPY``.

One million feed items (four per block over 250,000 blocks; purchases, orders and listing
events from 20,000 buyers and 1,000 sellers), 10,000 listings whose metadata documents are
stored, a status row with the finality depth behind the head, and the Marketplace's cursor.
Rows are what the indexer would write: the same tables, reached through the same models.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
from eth_utils.address import to_checksum_address

from api.core.canonical import canonical_json, content_hash
from core.constants import ZERO_ADDRESS

MARKETPLACE = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
ETH = ZERO_ADDRESS
ZERO_HASH = "0x" + "00" * 32
LOGS_PER_BLOCK = 4
KINDS = (
    ("purchased", 0.45),
    ("order_placed", 0.2),
    ("order_shipped", 0.1),
    ("order_completed", 0.1),
    ("listing_created", 0.05),
    ("listing_updated", 0.1),
)


def _address(prefix: int, n: int) -> str:
    return to_checksum_address(f"0x{prefix:02x}{n:038x}")


def _uint(value: int) -> str:
    return str(value)  # NUMERIC(78, 0) on PostgreSQL takes the decimal text


def feed_rows(count: int, seed: int = 7) -> Iterator[tuple[object, ...]]:
    """``count`` feed items as COPY tuples, oldest first (``seq`` = 1..count)."""
    rng = random.Random(seed)
    sellers = [_address(0x5E, n) for n in range(1_000)]
    buyers = [_address(0xB0, n) for n in range(20_000)]
    kinds = [kind for kind, _ in KINDS]
    weights = [weight for _, weight in KINDS]
    for seq in range(1, count + 1):
        block, log = divmod(seq - 1, LOGS_PER_BLOCK)
        block += 1
        kind = rng.choices(kinds, weights)[0]
        seller = rng.choice(sellers)
        buyer = None if kind.startswith("listing") else rng.choice(buyers)
        listing = rng.randrange(1, 10_001)
        yield (
            seq,
            31337,
            "Marketplace",
            kind,
            buyer or seller,
            "listing" if buyer is None else "order",
            str(listing if buyer is None else listing << 32 | seq),
            seller,
            buyer,
            ETH,
            _uint(rng.randrange(10**15, 10**18)),
            1,
            block,
            f"0x{block:064x}",
            log,
            f"0x{seq:064x}",
            1_700_000_000 + block * 12,
            False,
        )


FEED_COLUMNS = (
    "seq, chain_id, contract, kind, actor, subject_type, subject_id, seller, buyer, token, "
    "amount, quantity, block_number, block_hash, log_index, tx_hash, timestamp, removed"
)


def listing_document(listing_id: int) -> dict[str, object]:
    """The metadata document of benchmark listing ``listing_id``."""
    return {
        "kind": "listing",
        "version": 1,
        "title": f"Film camera no. {listing_id}",
        "description": "Serviced, with a 50 mm lens and a leather case.",
        "category": "electronics/cameras",
        "condition": "used",
        "brand": "Bazaar",
        "specs": {"weight": {"value": 600 + listing_id % 100, "unit": "g"}},
    }


def load(url: str, *, feed_items: int, listings: int = 10_000) -> str:
    """Fill the migrated database at ``url``; the cursor of the item 90 % deep."""
    blocks = (feed_items + LOGS_PER_BLOCK - 1) // LOGS_PER_BLOCK
    with psycopg.connect(url) as connection:
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY feed_items ({FEED_COLUMNS}) FROM STDIN") as copy:
                for row in feed_rows(feed_items):
                    copy.write_row(row)
            with cursor.copy(
                "COPY documents (hash, kind, body, size, title, search_text, created_at) FROM STDIN"
            ) as copy:
                for listing_id in range(1, listings + 1):
                    document = listing_document(listing_id)
                    body = canonical_json(document)
                    text = f"{document['title']} {document['brand']} {document['description']}"
                    copy.write_row(
                        (
                            content_hash(body),
                            "listing",
                            body.decode(),
                            len(body),
                            document["title"],
                            text,
                            0,
                        )
                    )
            _listings(connection, listings)
            cursor.execute(
                "INSERT INTO indexer_status (id, chain_id, indexed_block, head_block, "
                "finalized_block, lag, mode, updated_at, feed_seq) "
                "VALUES (1, 31337, %s, %s, %s, 0, 'follow', %s, %s)",
                (blocks, blocks, blocks - 64, datetime.now(UTC), feed_items),
            )
            cursor.execute(
                "INSERT INTO contract_cursors (address, name, deploy_block, indexed_block) "
                "VALUES (%s, 'Marketplace', 1, %s)",
                (MARKETPLACE, blocks),
            )
        connection.commit()
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE")
    deep = int(feed_items * 0.1)  # 90 % of the way from the newest item
    block, log = divmod(deep - 1, LOGS_PER_BLOCK)
    return f"{block + 1}.{log}"


def _listings(connection: psycopg.Connection[tuple[object, ...]], count: int) -> None:
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY listings (listing_id, seller, token, price, stock, order_count, status, escrow, "
            "fee_bps, handling_time, auto_release_window, unsettled, metadata_hash, created_block, "
            "created_tx, created_at, updated_block, updated_at) FROM STDIN"
        ) as copy,
    ):
        for listing_id in range(1, count + 1):
            key = content_hash(canonical_json(listing_document(listing_id)))
            copy.write_row(
                (
                    listing_id,
                    _address(0x5E, listing_id % 1_000),
                    ETH,
                    _uint(10**16 + listing_id),
                    50,
                    3,
                    "active",
                    True,
                    100,
                    86_400,
                    86_400,
                    _uint(0),
                    key,
                    listing_id,
                    ZERO_HASH,
                    1_700_000_000,
                    listing_id,
                    1_700_000_000,
                )
            )
