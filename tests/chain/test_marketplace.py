"""chain/marketplace/client.py against a real anvil: checkout flows, order rebuild, reverts."""

from __future__ import annotations

import pytest
from chain_helpers import DAY, create_escrow_listing, increase_time
from eth_account import Account
from eth_account.signers.local import LocalAccount
from web3 import Web3

from chain.erc20 import Erc20Client
from chain.errors import ChainError, ContractRevertError, OrderNotFoundError, TransactionError
from chain.marketplace.client import MarketplaceClient
from chain.marketplace.types import Order, OrderStatus
from chain.types import ListingStatus, snake
from core.constants import ZERO_ADDRESS

PRICE = 10**16


def _method_name(function: str) -> str:
    return function.lower() if function.isupper() else snake(function)


def test_client_has_a_method_for_every_contract_function(buyer: MarketplaceClient) -> None:
    names = {e["name"] for e in buyer.abi if e["type"] == "function"}

    missing = sorted(n for n in names if not hasattr(MarketplaceClient, _method_name(n)))

    assert missing == []


def test_direct_eth_buy_pays_the_seller_after_settlement(
    w3: Web3, seller: MarketplaceClient, buyer: MarketplaceClient
) -> None:
    created = seller.create_listing(price=PRICE, stock=5)
    listing_id = created.event("ListingCreated").args["listingId"]
    before = w3.eth.get_balance(seller.transactor.account.address)

    result = buyer.buy(listing_id, 2, "0x" + "01" * 32)

    purchased = result.event("Purchased")
    assert purchased.args["buyer"] == buyer.transactor.account.address
    assert purchased.args["amount"] == 2 * PRICE
    assert purchased.args["listingId"] == listing_id
    assert purchased.args["shippingRef"] == "0x" + "01" * 32
    assert result.gas_used == result.receipt["gasUsed"] > 21_000
    listing = seller.get_listing(listing_id)
    assert (listing.stock, listing.order_count, listing.unsettled) == (3, 1, 2 * PRICE)
    assert listing.status is ListingStatus.ACTIVE
    with pytest.raises(OrderNotFoundError, match="direct purchases"):
        buyer.order_from_chain(purchased.args["orderId"])

    paid = seller.withdraw_proceeds([listing_id])
    net = 2 * PRICE - 2 * PRICE // 100
    assert paid.event("Withdrawn").args["amount"] == net
    gas_cost = paid.gas_used * paid.receipt["effectiveGasPrice"]
    assert w3.eth.get_balance(seller.transactor.account.address) == before + net - gas_cost


def test_escrow_buy_ship_confirm(
    w3: Web3, seller: MarketplaceClient, buyer: MarketplaceClient
) -> None:
    listing_id = create_escrow_listing(seller)

    placed = buyer.buy(listing_id, 1).event("OrderPlaced")
    order = buyer.order_from_chain(placed.args["orderId"])
    assert order.status is OrderStatus.PAID
    assert (order.buyer, order.seller) == (
        buyer.transactor.account.address,
        seller.transactor.account.address,
    )
    assert order.amount == PRICE and order.fee_bps == 100
    assert order.paid_at == w3.eth.get_block(placed.block_number)["timestamp"]
    assert buyer.hash_order(order) == buyer.order_hash(order.id) == buyer.local_order_hash(order)

    shipped = seller.ship(order, "0x" + "77" * 32)
    assert shipped.event("OrderShipped").args["trackingHash"] == "0x" + "77" * 32
    order = buyer.order_from_chain(order.id)
    assert order.status is OrderStatus.SHIPPED
    assert order.shipped_at == w3.eth.get_block(shipped.block_number)["timestamp"]
    assert buyer.hash_order(order) == buyer.order_hash(order.id)

    completed = buyer.confirm_delivery(order).event("OrderCompleted")
    assert completed.args == {
        "orderId": order.id,
        "by": buyer.transactor.account.address,
        "sellerAmount": PRICE - PRICE // 100,
        "fee": PRICE // 100,
    }
    assert buyer.order_from_chain(order.id).status is OrderStatus.COMPLETED
    assert buyer.order_hash(order.id) == "0x" + "00" * 32


def test_partial_refund_and_dispute_are_rebuilt(
    w3: Web3, seller: MarketplaceClient, buyer: MarketplaceClient, admin: MarketplaceClient
) -> None:
    listing_id = create_escrow_listing(seller)
    order_id = buyer.buy(listing_id, 3).event("OrderPlaced").args["orderId"]

    seller.refund(buyer.order_from_chain(order_id), PRICE)
    disputed = buyer.open_dispute(buyer.order_from_chain(order_id), "0x" + "99" * 32)
    order = buyer.order_from_chain(order_id)

    assert (order.refunded, order.status) == (PRICE, OrderStatus.DISPUTED)
    assert order.disputed_at == w3.eth.get_block(disputed.block_number)["timestamp"]
    resolved = admin.resolve_dispute(order, 10_000).event("DisputeResolved")
    assert resolved.args["buyerAmount"] == 2 * PRICE
    assert buyer.order_from_chain(order_id).status is OrderStatus.RESOLVED
    assert buyer.owed(buyer.transactor.account.address, ZERO_ADDRESS) == 3 * PRICE


def test_orders_of_one_listing_are_told_apart(
    seller: MarketplaceClient, buyer: MarketplaceClient
) -> None:
    listing_id = create_escrow_listing(seller)
    first = buyer.buy(listing_id, 1).event("OrderPlaced").args["orderId"]
    second = buyer.buy(listing_id, 2).event("OrderPlaced").args["orderId"]

    orders = [buyer.order_from_chain(first), buyer.order_from_chain(second)]

    assert [(o.id >> 32, o.quantity) for o in orders] == [(listing_id, 1), (listing_id, 2)]
    with pytest.raises(OrderNotFoundError):
        buyer.order_from_chain((listing_id << 32) | 3)


@pytest.mark.usefixtures("snapshot")
def test_release_after_the_window_by_anyone(
    w3: Web3, seller: MarketplaceClient, buyer: MarketplaceClient, admin: MarketplaceClient
) -> None:
    listing_id = create_escrow_listing(seller)
    order_id = buyer.buy(listing_id).event("OrderPlaced").args["orderId"]
    seller.ship(buyer.order_from_chain(order_id))
    order = buyer.order_from_chain(order_id)

    with pytest.raises(ContractRevertError) as early:
        admin.release(order)
    assert early.value.error == "MarketplaceTooEarly"
    assert early.value.error_args["availableAt"] == order.shipped_at + 3 * DAY

    increase_time(w3, 3 * DAY)
    assert admin.release(order).event("OrderCompleted").args["by"] == admin.owner()


def test_reverts_are_decoded_before_sending(
    w3: Web3, seller: MarketplaceClient, buyer: MarketplaceClient
) -> None:
    listing_id = create_escrow_listing(seller)
    order = buyer.order_from_chain(buyer.buy(listing_id).event("OrderPlaced").args["orderId"])
    nonce = w3.eth.get_transaction_count(seller.transactor.account.address)

    with pytest.raises(ContractRevertError) as not_buyer:
        seller.confirm_delivery(order)
    with pytest.raises(ContractRevertError) as wrong_payment:
        buyer.buy(listing_id, 1, value=1)
    with pytest.raises(ContractRevertError) as tampered:
        buyer.confirm_delivery(order.evolve(amount=1))

    assert not_buyer.value.error == "MarketplaceNotBuyer"
    assert not_buyer.value.error_args == {
        "caller": seller.transactor.account.address,
        "buyer": buyer.transactor.account.address,
    }
    assert str(not_buyer.value).startswith("Marketplace reverted: MarketplaceNotBuyer(caller=0x")
    assert wrong_payment.value.error_args == {"sent": 1, "expected": PRICE}
    assert tampered.value.error == "MarketplaceUnknownOrder"
    assert w3.eth.get_transaction_count(seller.transactor.account.address) == nonce  # not sent


def test_erc20_buy_with_approve_and_with_permit(
    seller: MarketplaceClient,
    buyer: MarketplaceClient,
    buyer_account: LocalAccount,
    token_address: str,
) -> None:
    token = Erc20Client(seller.w3, token_address, buyer_account)
    created = seller.create_listing(price=25 * 10**6, stock=10, token=token_address)
    listing_id = created.event("ListingCreated").args["listingId"]
    start = token.balance_of(buyer_account.address)

    with pytest.raises(ContractRevertError) as unapproved:
        buyer.buy(listing_id)
    assert unapproved.value.error == "ERC20InsufficientAllowance"

    assert buyer.approve_token(token_address, 25 * 10**6) is not None
    assert buyer.approve_token(token_address, 25 * 10**6) is None  # allowance suffices
    buyer.buy(listing_id)
    permitted = buyer.buy_with_permit(listing_id, 2)

    assert permitted.event("Purchased").args["amount"] == 50 * 10**6
    assert token.balance_of(buyer_account.address) == start - 75 * 10**6
    assert token.balance_of(seller.address) == 75 * 10**6
    assert token.allowance(buyer_account.address, seller.address) == 0


def test_unfunded_account_gets_a_transaction_error(w3: Web3, marketplace_address: str) -> None:
    client = MarketplaceClient(w3, marketplace_address, Account.create())

    with pytest.raises(TransactionError, match="holds no ETH: fund it"):
        client.create_listing(price=PRICE, stock=1)


def test_read_only_client_refuses_to_send(w3: Web3, marketplace_address: str) -> None:
    client = MarketplaceClient(w3, marketplace_address)

    assert client.paused() is False
    with pytest.raises(ChainError, match="read-only"):
        client.pause()


def test_order_struct_follows_the_abi(buyer: MarketplaceClient) -> None:
    components = buyer.components("hashOrder")
    order = Order(1, 2, ZERO_ADDRESS, ZERO_ADDRESS, ZERO_ADDRESS, 3, 100, 1, 5, 6, 7, 0, 0, 1)

    encoded = order.to_abi(components)

    assert [c["name"] for c in components][:3] == ["id", "listingId", "seller"]
    assert Order.from_abi(components, encoded) == order
    assert order.status is OrderStatus.PAID


def test_buy_commits_to_the_price_the_buyer_saw(
    seller: MarketplaceClient, buyer: MarketplaceClient
) -> None:
    listing_id = (
        seller.create_listing(price=PRICE, stock=5).event("ListingCreated").args["listingId"]
    )
    shown = buyer.get_listing(listing_id).price
    seller.update_listing(listing_id, price=2 * PRICE, stock=5)

    with pytest.raises(ContractRevertError) as raised:
        buyer.buy(listing_id, max_price=shown, value=2 * PRICE)

    assert raised.value.error == "MarketplacePriceAboveLimit"
    assert raised.value.error_args == {
        "listingId": listing_id,
        "price": 2 * PRICE,
        "maxPrice": PRICE,
    }
    assert "raised the price" in str(raised.value)
    # Without a ceiling given, the client commits to the price it reads now.
    assert buyer.buy(listing_id).event("Purchased").args["amount"] == 2 * PRICE


def test_partial_refunds_stay_out_of_the_order_struct(
    seller: MarketplaceClient, buyer: MarketplaceClient
) -> None:
    listing_id = create_escrow_listing(seller)
    order = buyer.order_from_chain(buyer.buy(listing_id).event("OrderPlaced").args["orderId"])

    seller.refund(order, 1)
    seller.refund(order, 1)  # the same struct: refunds never change what callers pass
    rebuilt = buyer.order_from_chain(order.id)

    assert rebuilt.refunded == 2
    assert buyer.order_abi(rebuilt) == buyer.order_abi(order)
    assert buyer.local_order_hash(rebuilt) == buyer.order_hash(order.id)
    assert int(buyer.order_hash(order.id), 16) & 1 == 1
    assert buyer.confirm_delivery(order).event("OrderCompleted")
