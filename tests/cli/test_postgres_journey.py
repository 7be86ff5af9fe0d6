"""The CLI journeys end in the API the same way when the indexer and API use PostgreSQL.

One escrowed purchase from listing to review, each step read back through the API, plus a
question answered by the seller: what the SQLite suites check, on the production database.
"""

from __future__ import annotations

from pathlib import Path

from cli_helpers import LISTING_METADATA, Stack, last_int, write_json

from chain.anvil import dev_account

SELLER, BUYER = dev_account(1), dev_account(2)
AS_SELLER = ("--dev-account", "1")
AS_BUYER = ("--dev-account", "2")


def test_escrowed_purchase_from_listing_to_review_on_postgresql(
    pg_stack: Stack, tmp_path: Path
) -> None:
    metadata = write_json(tmp_path / "camera.json", LISTING_METADATA)
    created = pg_stack.cli("seller", "create", metadata, "--price", "0.01", "--escrow", *AS_SELLER)
    listing_id = last_int(created.stdout, "listing")
    listing = pg_stack.api(f"/v1/listings/{listing_id}")
    assert listing["metadata_document"]["title"] == LISTING_METADATA["title"]

    order_id = last_int(pg_stack.cli("buyer", "buy", listing_id, *AS_BUYER).stdout, "order")
    assert pg_stack.feed_item("order_placed", SELLER.address, order_id)["buyer"] == BUYER.address
    pg_stack.cli("seller", "ship", order_id, *AS_SELLER)
    pg_stack.cli("buyer", "confirm", order_id, *AS_BUYER)
    assert pg_stack.api(f"/v1/orders/{order_id}")["status"] == "completed"

    reviewed = pg_stack.cli("buyer", "review", order_id, "--rating", "5", "--text", "Great.",
                            *AS_BUYER)  # fmt: skip
    text_hash = reviewed.stdout.split("text ")[1].split(";")[0]
    assert pg_stack.api(f"/v1/documents/{text_hash}")["text"] == "Great."
    assert pg_stack.feed_item("reviewed", SELLER.address, order_id)["actor"] == BUYER.address
    (entry,) = pg_stack.api("/v1/reviews", deal_id=order_id)["data"]
    assert pg_stack.api(f"/v1/reviews/{entry['id']}")["text"]["text"] == "Great."

    question = pg_stack.cli("buyer", "ask", listing_id, "Any scratches?", *AS_BUYER)
    question_id = last_int(question.stdout, "question")
    pg_stack.cli("seller", "answer", question_id, "None.", *AS_SELLER)
    comments = pg_stack.api(f"/v1/listings/{listing_id}/comments")["data"]
    assert next(c for c in comments if c["id"] == question_id)["answer"]["body"] == "None."
