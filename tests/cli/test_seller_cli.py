"""``bazaar seller``: each journey ends with its result visible in the API (or, where the API
has no view of it yet, on chain), plus the errors a seller can run into."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cli_helpers import LISTING_METADATA, TEST_SCRYPT_N, Stack, last_int, one_line_error, write_json
from eth_utils.crypto import keccak

from chain.anvil import dev_account, free_port
from chain.erc20 import Erc20Client
from chain.reputation.client import ReputationClient
from chain.reputation.types import DealFlag

SELLER, BUYER, OTHER = dev_account(1), dev_account(2), dev_account(5)
AS_SELLER = ("--dev-account", "1")
AS_BUYER = ("--dev-account", "2")
AS_OTHER = ("--dev-account", "5")
KEY_PASSWORD = "shipping key password"
SHIP_TO = {"name": "Ada Lovelace", "street": "12 St James Square", "city": "London",
           "country": "GB", "postal_code": "SW1Y 4JH"}  # fmt: skip


@pytest.fixture
def metadata(tmp_path: Path) -> Path:
    return write_json(tmp_path / "camera.json", LISTING_METADATA)


def create_listing(stack: Stack, metadata: Path, *extra: str) -> int:
    result = stack.cli("seller", "create", metadata, "--price", "0.01", *extra, *AS_SELLER)
    return last_int(result.stdout, "listing")


def test_create_uploads_the_metadata_and_commits_its_hash(stack: Stack, metadata: Path) -> None:
    listing_id = create_listing(stack, metadata, "--stock", "3")
    listing = stack.api(f"/v1/listings/{listing_id}")
    assert listing["seller"] == SELLER.address
    assert (listing["price"], listing["stock"], listing["escrow"]) == (str(10**16), 3, False)
    assert listing["metadata_document"]["title"] == LISTING_METADATA["title"]
    body = stack.api(f"/v1/documents/{listing['metadata_hash']}")
    assert body == LISTING_METADATA
    stack.feed_item("listing_created", SELLER.address, listing_id)


def test_create_an_escrow_listing_in_the_test_token(stack: Stack, metadata: Path) -> None:
    result = stack.cli(
        "seller", "create", metadata, "--price", "25.5", "--token", stack.token, "--escrow",
        "--handling-time", "2d", "--auto-release", "5d", *AS_SELLER,
    )  # fmt: skip
    listing = stack.api(f"/v1/listings/{last_int(result.stdout, 'listing')}")
    assert listing["token"] == stack.token and listing["price"] == str(25_500_000)
    assert listing["escrow"] is True
    assert (listing["handling_time"], listing["auto_release_window"]) == (2 * 86400, 5 * 86400)


def test_create_refuses_metadata_the_api_rejects(stack: Stack, tmp_path: Path) -> None:
    bad = write_json(tmp_path / "bad.json", {**LISTING_METADATA, "condition": "mint-ish"})
    result = stack.cli("seller", "create", bad, "--price", "0.01", *AS_SELLER, expect=1)
    message = one_line_error(result)
    assert "the API refused POST /v1/documents: 4" in message and "condition" in message


def test_create_refuses_a_document_that_is_not_listing_metadata(
    stack: Stack, tmp_path: Path
) -> None:
    review = write_json(tmp_path / "review.json", {"kind": "review", "version": 1, "text": "hi"})
    result = stack.cli("seller", "create", review, "--price", "0.01", *AS_SELLER, expect=1)
    assert "is a 'review' document, not listing metadata" in one_line_error(result)


def test_create_refuses_a_file_that_is_not_json(stack: Stack, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("a camera, slightly used")
    result = stack.cli("seller", "create", bad, "--price", "0.01", *AS_SELLER, expect=1)
    assert "is not JSON" in one_line_error(result)


def test_create_refuses_a_bad_price(stack: Stack, metadata: Path) -> None:
    result = stack.cli("seller", "create", metadata, "--price", "cheap", *AS_SELLER, expect=1)
    assert "'cheap' is not an amount of ETH" in one_line_error(result)


def test_create_with_the_api_down(stack: Stack, metadata: Path) -> None:
    result = stack.cli(
        "seller", "create", metadata, "--price", "0.01", *AS_SELLER,
        "--api", f"http://127.0.0.1:{free_port()}", expect=1,
    )  # fmt: skip
    assert "cannot reach the API" in one_line_error(result)


def test_update_changes_price_stock_and_metadata(
    stack: Stack, metadata: Path, tmp_path: Path
) -> None:
    listing_id = create_listing(stack, metadata, "--stock", "2")
    stack.cli("seller", "update", listing_id, "--price", "0.02", "--stock", "7", *AS_SELLER)
    listing = stack.api(f"/v1/listings/{listing_id}")
    assert (listing["price"], listing["stock"]) == (str(2 * 10**16), 7)
    assert listing["metadata_document"]["title"] == LISTING_METADATA["title"]  # kept
    renamed = write_json(tmp_path / "v2.json", {**LISTING_METADATA, "title": "Hasselblad, mint"})
    stack.cli("seller", "update", listing_id, "--metadata", renamed, *AS_SELLER)
    listing = stack.api(f"/v1/listings/{listing_id}")
    assert listing["metadata_document"]["title"] == "Hasselblad, mint"
    assert (listing["price"], listing["stock"]) == (str(2 * 10**16), 7)


def test_update_of_someone_elses_listing(stack: Stack, metadata: Path) -> None:
    listing_id = create_listing(stack, metadata)
    result = stack.cli("seller", "update", listing_id, "--stock", "9", *AS_OTHER, expect=1)
    assert f"belongs to seller {SELLER.address}" in one_line_error(result)


def test_update_of_an_unknown_listing(stack: Stack) -> None:
    result = stack.cli("seller", "update", "999999", "--stock", "1", *AS_SELLER, expect=1)
    assert "listing 999999 does not exist" in one_line_error(result)


def test_publish_key_then_decrypt_the_shipping_details_a_buyer_sent(
    stack: Stack, metadata: Path, tmp_path: Path
) -> None:
    env = {"KEY_PW": KEY_PASSWORD}
    publish = ("seller", "publish-key", *AS_SELLER, "--password-env", "KEY_PW")
    stack.cli(*publish, "--scrypt-n", TEST_SCRYPT_N, env=env)
    published = stack.market().encryption_key_of(SELLER.address)
    stored = json.loads(
        (stack.keystore_dir / "encryption-keys" / f"{SELLER.address}.json").read_text()
    )
    assert published == stored["public_key"]
    assert "already published" in stack.cli(*publish, env=env).stdout  # idempotent

    listing_id = create_listing(stack, metadata, "--escrow")
    envelope = tmp_path / "order.envelope"
    with indexing(stack):  # buy waits for the API to see the order, then uploads
        bought = stack.cli(
            "buyer", "buy", listing_id, "--ship-to", write_json(tmp_path / "ship.json", SHIP_TO),
            "--envelope-out", envelope, *AS_BUYER,
        )  # fmt: skip
    assert "shipping envelope uploaded to" in bought.stdout
    order_id = last_int(bought.stdout, "order")
    raw = bytes.fromhex(envelope.read_text().strip().removeprefix("0x"))
    order = stack.api(f"/v1/orders/{order_id}")
    assert order["buyer"] == BUYER.address and order["status"] == "paid"
    assert SHIP_TO["street"].encode() not in raw  # encrypted

    # Without a file the seller fetches what the buyer uploaded, signed in to the API.
    fetched = stack.cli("seller", "shipping", order_id, *AS_SELLER, "--password-env", "KEY_PW",
                        env=env)  # fmt: skip
    opened = stack.cli("seller", "shipping", order_id, envelope, *AS_SELLER, "--password-env",
                       "KEY_PW", env=env)  # fmt: skip
    for value in SHIP_TO.values():
        assert value in fetched.stdout and value in opened.stdout
    assert "0x" + keccak(raw).hex() in bought.stdout  # the shipping ref the order commits to
    not_seller = stack.cli("seller", "shipping", order_id, *AS_OTHER, "--password-env",
                           "KEY_PW", env=env, expect=1)  # fmt: skip
    assert "belongs to seller" in one_line_error(not_seller)
    resent = stack.cli("buyer", "send-shipping", order_id, envelope)  # idempotent
    assert "0x" + keccak(raw).hex() in resent.stdout

    tampered = tmp_path / "tampered.envelope"
    tampered.write_text("0x" + (raw[:-1] + bytes([raw[-1] ^ 1])).hex())
    result = stack.cli("seller", "shipping", order_id, tampered, *AS_SELLER, "--password-env",
                       "KEY_PW", env=env, expect=1)  # fmt: skip
    assert "is not the envelope order" in one_line_error(result)
    refused = stack.cli("buyer", "send-shipping", order_id, tampered, expect=1)
    assert "keccak256 of this envelope is" in one_line_error(refused)

    wrong = stack.cli("seller", "shipping", order_id, envelope, *AS_SELLER, "--password-env",
                      "KEY_PW", env={"KEY_PW": "guess"}, expect=1)  # fmt: skip
    assert "wrong password" in one_line_error(wrong)


@contextmanager
def indexing(stack: Stack) -> Iterator[None]:
    """Keep the indexer following the chain while the block runs."""
    stop = threading.Event()

    def follow() -> None:
        while not stop.is_set():
            stack.index()
            stop.wait(0.2)

    thread = threading.Thread(target=follow, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=60)


def test_buying_with_shipping_details_needs_a_published_key(
    stack: Stack, metadata: Path, tmp_path: Path
) -> None:
    result = stack.cli(
        "seller", "create", metadata, "--price", "0.01", "--dev-account", "6"
    )  # dev account 6 never publishes a key
    listing_id = last_int(result.stdout, "listing")
    bought = stack.cli(
        "buyer", "buy", listing_id, "--ship-to", write_json(tmp_path / "ship.json", SHIP_TO),
        *AS_BUYER, expect=1,
    )  # fmt: skip
    assert "the seller has not published an encryption key" in one_line_error(bought)


def test_ship_then_refund_an_escrowed_order(stack: Stack, metadata: Path) -> None:
    listing_id = create_listing(stack, metadata, "--escrow")
    order_id = last_int(stack.cli("buyer", "buy", listing_id, *AS_BUYER).stdout, "order")
    stack.cli("seller", "ship", order_id, "--tracking", "DHL 1234", *AS_SELLER)
    assert stack.api(f"/v1/orders/{order_id}")["status"] == "shipped"
    stack.cli("seller", "refund", order_id, "--amount", "0.004", *AS_SELLER)
    order = stack.api(f"/v1/orders/{order_id}")
    assert (order["status"], order["refunded"]) == ("shipped", str(4 * 10**15))
    stack.cli("seller", "refund", order_id, *AS_SELLER)  # the rest
    order = stack.api(f"/v1/orders/{order_id}")
    assert (order["status"], order["refunded"]) == ("refunded", str(10**16))


def test_ship_by_another_account_reverts_with_the_decoded_error(
    stack: Stack, metadata: Path
) -> None:
    listing_id = create_listing(stack, metadata, "--escrow")
    order_id = last_int(stack.cli("buyer", "buy", listing_id, *AS_BUYER).stdout, "order")
    result = stack.cli("seller", "ship", order_id, *AS_OTHER, expect=1)
    assert "Marketplace reverted: MarketplaceNotSeller(" in one_line_error(result)


def test_ship_an_unknown_order(stack: Stack) -> None:
    result = stack.cli("seller", "ship", str((77 << 32) | 5), *AS_SELLER, expect=1)
    assert "no OrderPlaced or OfferAccepted" in one_line_error(result)


def test_voucher_discounts_a_purchase(stack: Stack, metadata: Path, tmp_path: Path) -> None:
    listing_id = create_listing(stack, metadata)
    voucher = tmp_path / "voucher.json"
    stack.cli(
        "seller", "voucher", "--listing", listing_id, "--discount", "0.003", "--out", voucher,
        *AS_SELLER,
    )  # fmt: skip
    assert json.loads(voucher.read_text())["voucher"]["discount"] == 3 * 10**15
    bought = stack.cli("buyer", "buy", listing_id, "--voucher", voucher, *AS_BUYER)
    order_id = last_int(bought.stdout, "order")
    item = stack.feed_item("purchased", SELLER.address, order_id)
    assert (item["buyer"], item["amount"]) == (BUYER.address, str(7 * 10**15))
    again = stack.cli("buyer", "buy", listing_id, "--voucher", voucher, *AS_BUYER, expect=1)
    assert "reverted: VoucherBookExhausted(" in one_line_error(again)


def test_percent_voucher_for_one_buyer(stack: Stack, metadata: Path, tmp_path: Path) -> None:
    listing_id = create_listing(stack, metadata)
    voucher = tmp_path / "voucher.json"
    stack.cli(
        "seller", "voucher", "--listing", listing_id, "--percent", "25", "--buyer",
        BUYER.address, "--out", voucher, *AS_SELLER,
    )  # fmt: skip
    stranger = stack.cli("buyer", "buy", listing_id, "--voucher", voucher, *AS_OTHER, expect=1)
    assert "Marketplace reverted: VoucherBook" in one_line_error(stranger)
    order_id = last_int(
        stack.cli("buyer", "buy", listing_id, "--voucher", voucher, *AS_BUYER).stdout, "order"
    )
    assert stack.feed_item("purchased", SELLER.address, order_id)["amount"] == str(75 * 10**14)


def test_voucher_needs_one_kind_of_discount(stack: Stack, tmp_path: Path) -> None:
    result = stack.cli("seller", "voucher", "--out", tmp_path / "v.json", *AS_SELLER, expect=1)
    assert "--discount AMOUNT or --percent P" in one_line_error(result)


def test_answer_a_question_signed_in_with_ethereum(stack: Stack, metadata: Path) -> None:
    listing_id = create_listing(stack, metadata)
    stack.index()  # comments need the listing in the API
    asked = stack.cli("buyer", "ask", listing_id, "Does the shutter work?", *AS_BUYER)
    question_id = last_int(asked.stdout, "question")
    listed = stack.cli("seller", "questions", listing_id)
    assert "Does the shutter work?" in listed.stdout and "not answered yet" in listed.stdout
    stack.cli("seller", "answer", question_id, "Yes, serviced last year.", *AS_SELLER)
    comments = stack.api(f"/v1/listings/{listing_id}/comments")["data"]
    question = next(c for c in comments if c["id"] == question_id)
    assert question["answer"]["body"] == "Yes, serviced last year."
    assert question["answer"]["author"] == SELLER.address
    assert "serviced last year" in stack.cli("seller", "questions", listing_id).stdout


def test_only_the_seller_may_answer(stack: Stack, metadata: Path) -> None:
    listing_id = create_listing(stack, metadata)
    stack.index()
    question_id = last_int(
        stack.cli("buyer", "ask", listing_id, "Box included?", *AS_BUYER).stdout, "question"
    )
    result = stack.cli("seller", "answer", question_id, "Sure", *AS_OTHER, expect=1)
    assert "the API refused POST /v1/comments/" in one_line_error(result)


def test_withdraw_proceeds_of_a_sale(stack: Stack, metadata: Path) -> None:
    listing_id = create_listing(stack, metadata)
    stack.cli("buyer", "buy", listing_id, *AS_BUYER)
    before = stack.w3.eth.get_balance(SELLER.address)
    stack.cli("seller", "withdraw", listing_id, *AS_SELLER)
    gained = stack.w3.eth.get_balance(SELLER.address) - before
    assert 9 * 10**15 < gained < 10**16  # the price less the 1 % fee and gas


def test_envelope_that_cannot_be_written_stops_the_purchase(
    stack: Stack, metadata: Path, tmp_path: Path
) -> None:
    stack.cli("seller", "publish-key", *AS_SELLER, "--password-env", "KEY_PW",
              "--scrypt-n", TEST_SCRYPT_N, env={"KEY_PW": KEY_PASSWORD})  # fmt: skip
    listing_id = create_listing(stack, metadata)
    missing = tmp_path / "no-such-dir" / "order.envelope"
    result = stack.cli(
        "buyer", "buy", listing_id, "--ship-to", write_json(tmp_path / "ship.json", SHIP_TO),
        "--envelope-out", missing, *AS_BUYER, expect=1,
    )  # fmt: skip
    assert "No such file or directory" in one_line_error(result)
    assert stack.market().get_listing(listing_id).stock == 1  # nothing was bought


def test_voucher_on_a_token_listing_approves_the_discounted_amount(
    stack: Stack, metadata: Path, tmp_path: Path
) -> None:
    result = stack.cli("seller", "create", metadata, "--price", "20", "--token", stack.token,
                       *AS_SELLER)  # fmt: skip
    listing_id = last_int(result.stdout, "listing")
    voucher = tmp_path / "voucher.json"
    stack.cli("seller", "voucher", "--listing", listing_id, "--discount", "2.5", "--out",
              voucher, *AS_SELLER)  # fmt: skip
    stack.mint(BUYER.address, 20 * 10**6)
    before = Erc20Client(stack.w3, stack.token).balance_of(BUYER.address)
    bought = stack.cli("buyer", "buy", listing_id, "--voucher", voucher, *AS_BUYER)
    assert "for 17.5 TUSD" in bought.stdout
    assert Erc20Client(stack.w3, stack.token).balance_of(BUYER.address) == before - 17_500_000
    item = stack.feed_item("purchased", SELLER.address, last_int(bought.stdout, "order"))
    assert (item["token"], item["amount"]) == (stack.token, str(17_500_000))


def test_respond_to_a_buyers_review(stack: Stack, metadata: Path) -> None:
    listing_id = create_listing(stack, metadata)
    order_id = last_int(stack.cli("buyer", "buy", listing_id, *AS_BUYER).stdout, "order")
    early = stack.cli("seller", "respond", order_id, "--text", "Thanks!", *AS_SELLER, expect=1)
    assert "Reputation reverted: Reputation" in one_line_error(early)  # nothing to answer yet
    stack.cli("buyer", "review", order_id, "--rating", "4", "--text", "Good.", *AS_BUYER)
    responded = stack.cli("seller", "respond", order_id, "--text", "Thanks!", *AS_SELLER)
    response_hash = responded.stdout.split("text ")[-1].strip()
    assert stack.api(f"/v1/documents/{response_hash}") == {
        "kind": "response", "version": 1, "text": "Thanks!"
    }  # fmt: skip
    reputation = ReputationClient.from_manifest(stack.w3, stack.deployment.manifest)
    deal = reputation.deal_from_chain(stack.market().address, order_id)
    assert deal.has_flag(buyer_side=True, what=DealFlag.ANSWERED)
    assert stack.feed_item("review_responded", SELLER.address, order_id)["actor"] == SELLER.address
    (entry,) = stack.api("/v1/reviews", deal_id=order_id)["data"]
    assert stack.api(f"/v1/reviews/{entry['id']}")["response"]["text"] == "Thanks!"
    listed = stack.cli("seller", "reviews", "--limit", "100", *AS_SELLER).stdout
    assert f"order {order_id}: 4/5 from {BUYER.address}: Good." in listed
    assert "you answered: Thanks!" in listed


def test_orders_lists_what_buyers_ordered_from_the_api(stack: Stack, metadata: Path) -> None:
    listing_id = create_listing(stack, metadata, "--escrow", "--stock", "2")
    first = last_int(stack.cli("buyer", "buy", listing_id, *AS_BUYER).stdout, "order")
    second = last_int(stack.cli("buyer", "buy", listing_id, *AS_BUYER).stdout, "order")
    stack.cli("seller", "ship", second, *AS_SELLER)
    stack.index()
    shown = stack.cli("seller", "orders", "--status", "paid", "--limit", "100", *AS_SELLER).stdout
    assert str(first) in shown and str(second) not in shown and BUYER.address in shown
    mine = stack.cli("buyer", "orders", "--status", "shipped", "--account", BUYER.address).stdout
    assert str(second) in mine and str(first) not in mine and SELLER.address in mine


def test_orders_needs_to_know_whose(stack: Stack) -> None:
    result = stack.cli("seller", "orders", expect=1)
    assert "--account NAME|ADDRESS or --dev-account N" in one_line_error(result)
