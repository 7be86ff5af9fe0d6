"""``bazaar buyer``: each journey ends with its result visible in the API (or, where the API
has no view of it yet, on chain), plus the errors a buyer can run into."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from cli_helpers import LISTING_METADATA, TEST_SCRYPT_N, Stack, last_int, one_line_error, write_json

from bazaar.commands.common import unlock
from chain.anvil import dev_account, free_port, start_anvil
from chain.erc20 import Erc20Client
from chain.reputation.client import ReputationClient
from chain.reputation.credits import ReviewCreditsClient
from core.errors import WalletError

SELLER, BUYER, OTHER = dev_account(3), dev_account(4), dev_account(5)
AS_SELLER = ("--dev-account", "3")
AS_BUYER = ("--dev-account", "4")
AS_OTHER = ("--dev-account", "5")
PRICE = 10**16  # 0.01 ETH
PASSWORD = "buyer password"


@pytest.fixture
def metadata(tmp_path: Path) -> Path:
    return write_json(tmp_path / "camera.json", LISTING_METADATA)


def listing(stack: Stack, metadata: Path, *extra: str, price: str = "0.01") -> int:
    result = stack.cli("seller", "create", metadata, "--price", price, *extra, *AS_SELLER)
    return last_int(result.stdout, "listing")


def buy(stack: Stack, listing_id: int, *extra: str | Path) -> int:
    return last_int(stack.cli("buyer", "buy", listing_id, *extra, *AS_BUYER).stdout, "order")


def test_buy_in_eth_shows_in_the_feed(stack: Stack, metadata: Path) -> None:
    listing_id = listing(stack, metadata, "--stock", "5")
    order_id = buy(stack, listing_id, "--quantity", "2")
    item = stack.feed_item("purchased", SELLER.address, order_id)
    assert (item["buyer"], item["amount"], item["quantity"]) == (BUYER.address, str(2 * PRICE), 2)
    assert stack.api(f"/v1/listings/{listing_id}")["stock"] == 3


def test_buy_in_erc20_with_a_permit(stack: Stack, metadata: Path) -> None:
    listing_id = listing(stack, metadata, "--token", stack.token, price="25.5")
    stack.mint(BUYER.address, 100 * 10**6)
    token = Erc20Client(stack.w3, stack.token)
    before = token.balance_of(BUYER.address)
    nonce = token.nonces(BUYER.address)
    order_id = buy(stack, listing_id)
    assert token.balance_of(BUYER.address) == before - 25_500_000
    assert token.nonces(BUYER.address) == nonce + 1  # paid through a permit, not an approval
    item = stack.feed_item("purchased", SELLER.address, order_id)
    assert (item["token"], item["amount"]) == (stack.token, str(25_500_000))


def test_buy_in_erc20_with_an_approval(stack: Stack, metadata: Path) -> None:
    listing_id = listing(stack, metadata, "--token", stack.token, price="3")
    stack.mint(BUYER.address, 3 * 10**6)
    nonce = Erc20Client(stack.w3, stack.token).nonces(BUYER.address)
    order_id = buy(stack, listing_id, "--approve")
    assert Erc20Client(stack.w3, stack.token).nonces(BUYER.address) == nonce
    assert stack.feed_item("purchased", SELLER.address, order_id)["amount"] == str(3 * 10**6)


def test_buy_in_erc20_without_enough_tokens(stack: Stack, metadata: Path) -> None:
    listing_id = listing(stack, metadata, "--token", stack.token, price="1000000")
    result = stack.cli("buyer", "buy", listing_id, *AS_BUYER, expect=1)
    message = one_line_error(result)
    assert "insufficient funds" in message and "1000000 TUSD" in message


def test_confirm_delivery_completes_an_escrowed_order(stack: Stack, metadata: Path) -> None:
    listing_id = listing(stack, metadata, "--escrow")
    order_id = buy(stack, listing_id)
    assert stack.feed_item("order_placed", SELLER.address, order_id)["buyer"] == BUYER.address
    stack.cli("seller", "ship", order_id, *AS_SELLER)
    stack.cli("buyer", "confirm", order_id, *AS_BUYER)
    order = stack.api(f"/v1/orders/{order_id}")
    assert order["status"] == "completed"
    deals = stack.api("/v1/deals", seller=SELLER.address, buyer=BUYER.address)["data"]
    assert str(order_id) in {deal["deal_id"] for deal in deals}


def test_confirming_a_completed_order_says_what_happened_to_it(
    stack: Stack, metadata: Path
) -> None:
    order_id = buy(stack, listing(stack, metadata, "--escrow"))
    stack.cli("seller", "ship", order_id, *AS_SELLER)
    stack.cli("buyer", "confirm", order_id, *AS_BUYER)
    result = stack.cli("buyer", "confirm", order_id, *AS_BUYER, expect=1)
    message = one_line_error(result)
    assert f"order {order_id} is already completed: the seller has been paid" in message
    assert "nothing to confirm" in message
    assert "order_from_chain" not in message


def test_confirm_by_another_account_reverts_with_the_decoded_error(
    stack: Stack, metadata: Path
) -> None:
    order_id = buy(stack, listing(stack, metadata, "--escrow"))
    result = stack.cli("buyer", "confirm", order_id, *AS_OTHER, expect=1)
    message = one_line_error(result)
    assert "Marketplace reverted: MarketplaceNotBuyer(" in message
    assert "use the buyer's account" in message


def test_cancel_once_the_handling_time_is_over(stack: Stack, metadata: Path) -> None:
    order_id = buy(stack, listing(stack, metadata, "--escrow", "--handling-time", "1h"))
    early = stack.cli("buyer", "cancel", order_id, *AS_BUYER, expect=1)
    assert "Marketplace reverted: MarketplaceTooEarly(" in one_line_error(early)
    stack.advance_time(2 * 3600)
    stack.cli("buyer", "cancel", order_id, *AS_BUYER)
    order = stack.api(f"/v1/orders/{order_id}")
    assert (order["status"], order["refunded"]) == ("refunded", str(PRICE))


def test_dispute_an_escrowed_order(stack: Stack, metadata: Path) -> None:
    order_id = buy(stack, listing(stack, metadata, "--escrow"))
    stack.cli("buyer", "dispute", order_id, "--reason", "never arrived", *AS_BUYER)
    assert stack.api(f"/v1/orders/{order_id}")["status"] == "disputed"


def test_confirm_an_unknown_order(stack: Stack) -> None:
    result = stack.cli("buyer", "confirm", "not-a-number", *AS_BUYER, expect=1)
    assert "'not-a-number' is not a order id" in one_line_error(result)


def test_review_then_pay_with_the_credits_it_earned(stack: Stack, metadata: Path) -> None:
    order_id = buy(stack, listing(stack, metadata))
    reviewed = stack.cli(
        "buyer", "review", order_id, "--rating", "5", "--title", "Lovely", "--text",
        "Exactly as described.", "--delivery", "4", *AS_BUYER,
    )  # fmt: skip
    text_hash = next(w for w in reviewed.stdout.split() if w.startswith("0x"))
    document = stack.api(f"/v1/documents/{text_hash.rstrip(';,')}")
    assert document == {
        "kind": "review", "version": 1, "title": "Lovely", "text": "Exactly as described."
    }  # fmt: skip
    reputation = ReputationClient.from_manifest(stack.w3, stack.deployment.manifest)
    deal = reputation.deal_from_chain(stack.market().address, order_id)
    assert deal.buyer_reviewed_at > 0
    credits = ReviewCreditsClient.from_manifest(stack.w3, stack.deployment.manifest)
    earned = credits.balance_of(BUYER.address)
    assert earned == reputation.credits_for(PRICE * 100 // 10_000) > 0
    item = stack.feed_item("reviewed", SELLER.address, order_id)
    assert (item["actor"], item["amount"]) == (BUYER.address, str(earned))
    (entry,) = stack.api("/v1/reviews", deal_id=order_id, reviewer=BUYER.address)["data"]
    assert (entry["rating"], entry["delivery"], entry["quality"]) == (5, 4, 0)
    assert (entry["subject"], entry["credits"]) == (SELLER.address, str(earned))
    shown = stack.api(f"/v1/reviews/{entry['id']}")
    assert shown["text"] == {"kind": "review", "version": 1, "title": "Lovely",
                             "text": "Exactly as described."}  # fmt: skip

    again = stack.cli("buyer", "review", order_id, "--rating", "1", "--text", "x", *AS_BUYER,
                      expect=1)  # fmt: skip
    assert "Reputation reverted: Reputation" in one_line_error(again)

    credit_listing = listing(stack, metadata)
    spend = f"{Decimal(earned).scaleb(-18):f}"
    pay = ("buyer", "buy", credit_listing, "--credits", spend, *AS_BUYER)
    refused = stack.cli(*pay, expect=1)
    assert "MarketplaceCreditsNotAccepted(" in one_line_error(refused)
    stack.cli("seller", "accept-credits", credit_listing, "--cap-bps", "1", *AS_SELLER)
    over_cap = stack.cli(*pay, expect=1)
    assert f"MarketplaceInvalidCredits(credits={earned}, maxCredits={PRICE // 10_000})" in (
        one_line_error(over_cap)
    )
    stack.cli("seller", "accept-credits", credit_listing, "--cap-bps", "5000", *AS_SELLER)
    paid = last_int(stack.cli(*pay).stdout, "order")
    assert credits.balance_of(BUYER.address) == 0
    assert stack.feed_item("purchased", SELLER.address, paid)["buyer"] == BUYER.address


def test_paying_with_more_credits_than_held(stack: Stack, metadata: Path) -> None:
    listing_id = listing(stack, metadata)
    stack.cli("seller", "accept-credits", listing_id, "--cap-bps", "5000", *AS_SELLER)
    result = stack.cli("buyer", "buy", listing_id, "--credits", "1", *AS_OTHER, expect=1)
    assert "insufficient credits" in one_line_error(result)


def test_review_of_an_order_not_yet_completed(stack: Stack, metadata: Path) -> None:
    order_id = buy(stack, listing(stack, metadata, "--escrow"))
    result = stack.cli("buyer", "review", order_id, "--rating", "5", "--text", "x", *AS_BUYER,
                       expect=1)  # fmt: skip
    assert "no DealRecorded" in one_line_error(result)


def test_review_with_the_api_down(stack: Stack, metadata: Path) -> None:
    order_id = buy(stack, listing(stack, metadata))
    result = stack.cli(
        "buyer", "review", order_id, "--rating", "5", "--text", "fine", *AS_BUYER,
        "--api", f"http://127.0.0.1:{free_port()}", expect=1,
    )  # fmt: skip
    assert "cannot reach the API" in one_line_error(result)


def test_buy_an_unknown_listing(stack: Stack) -> None:
    result = stack.cli("buyer", "buy", "999999", *AS_BUYER, expect=1)
    assert "listing 999999 does not exist on the Marketplace" in one_line_error(result)


def test_buy_more_than_the_stock_reverts_with_the_decoded_error(
    stack: Stack, metadata: Path
) -> None:
    listing_id = listing(stack, metadata, "--stock", "2")
    result = stack.cli("buyer", "buy", listing_id, "--quantity", "3", *AS_BUYER, expect=1)
    message = one_line_error(result)
    assert "MarketplaceInsufficientStock(" in message and "requested=3" in message


def test_buy_with_a_voucher_and_credits_at_once(stack: Stack, tmp_path: Path) -> None:
    voucher = write_json(tmp_path / "v.json", {})
    result = stack.cli("buyer", "buy", "1", "--voucher", voucher, "--credits", "1", *AS_BUYER,
                       expect=1)  # fmt: skip
    assert "a voucher or credits, not both" in one_line_error(result)


def test_keystore_buyer_without_funds_and_with_the_wrong_password(
    stack: Stack, metadata: Path, tmp_path: Path
) -> None:
    keystore_dir = tmp_path / "keys"
    stack.cli(
        "wallet", "new", "broke", "--password-env", "PW", "--scrypt-n", TEST_SCRYPT_N,
        "--keystore-dir", keystore_dir, env={"PW": PASSWORD},
    )  # fmt: skip
    listing_id = listing(stack, metadata)
    as_broke = ("--account", "broke", "--keystore-dir", keystore_dir, "--password-env", "PW")
    wrong = stack.cli("buyer", "buy", listing_id, *as_broke, env={"PW": "nope"}, expect=1)
    assert "wrong password for keystore 'broke'" in one_line_error(wrong)
    broke = stack.cli("buyer", "buy", listing_id, *as_broke, env={"PW": PASSWORD}, expect=1)
    message = one_line_error(broke)
    assert "insufficient funds" in message and "holds 0 ETH" in message
    assert "costs 0.01 ETH plus gas" in message


def test_keystore_buyer_typing_the_password_at_the_prompt(
    stack: Stack, metadata: Path, tmp_path: Path
) -> None:
    keystore_dir = tmp_path / "keys"
    stack.cli(
        "wallet", "import", "dev4", "--password-env", "PW", "--scrypt-n", TEST_SCRYPT_N,
        "--keystore-dir", keystore_dir, input=BUYER.key.hex() + "\n", env={"PW": PASSWORD},
    )  # fmt: skip
    listing_id = listing(stack, metadata)
    result = stack.cli(
        "buyer", "buy", listing_id, "--account", BUYER.address, "--keystore-dir", keystore_dir,
        input=PASSWORD + "\n",
    )  # fmt: skip
    order_id = last_int(result.stdout, "order")
    assert stack.feed_item("purchased", SELLER.address, order_id)["buyer"] == BUYER.address


def test_dev_accounts_are_refused_off_local_chains() -> None:
    """The dev keys are public: a chain that is not anvil's refuses them before any signing."""
    with start_anvil(chain_id=4242) as node:
        with pytest.raises(WalletError, match="refused on chain 4242"):
            unlock(node.web3(), account=None, dev=1, keystore_dir=None, password_env=None)
