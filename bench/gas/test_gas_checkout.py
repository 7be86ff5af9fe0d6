"""Gas of the checkout path (issue: foundation). Run with `make bench-gas`.

Scenario: steady state. The seller already has listings and the listing has sold before;
each measured purchase comes from a fresh buyer address that has never touched Bazaar.
"""

from __future__ import annotations

import pytest
from eth_account import Account
from gasreport import FIXED_DEADLINE, GasReport

TARGETS = {
    "checkout.buy_eth_direct": 35_000,
    "checkout.buy_eth_escrow": 60_000,
    "checkout.buy_erc20_permit_escrow": 100_000,
    "checkout.confirm_delivery": 45_000,
}
PRICE = 10**17
HANDLING = 3 * 86400
RELEASE = 7 * 86400
REF = b"\x11" * 32


@pytest.fixture(scope="module")
def report():
    r = GasReport(TARGETS)
    yield r
    r.write()


@pytest.fixture(scope="module")
def owner(accounts):
    return accounts[0]


@pytest.fixture(scope="module")
def seller(accounts):
    return accounts[1]


@pytest.fixture(scope="module")
def market(project, owner, accounts):
    return owner.deploy(project.Marketplace, owner, accounts[8], accounts[9], 100, 14 * 86400)


@pytest.fixture(scope="module")
def token(project, owner):
    return owner.deploy(project.TestToken, "Test Dollar", "TUSD", 18)


def fresh_buyer(accounts, owner, token=None):
    buyer = accounts.generate_test_account()
    owner.transfer(buyer, 10**19)
    if token is not None:
        token.mint(buyer, 10**21, sender=owner)
    return buyer


def order_of(receipt, market, listing_id, buyer, seller, token_addr, amount, ts):
    ev = market.OrderPlaced.from_receipt(receipt)[0]
    return {
        "id": ev.orderId,
        "listingId": listing_id,
        "seller": seller.address,
        "buyer": buyer.address,
        "token": token_addr,
        "amount": amount,
        "feeBps": 100,
        "quantity": 1,
        "handlingTime": HANDLING,
        "autoReleaseWindow": RELEASE,
        "paidAt": ts,
        "shippedAt": 0,
        "disputedAt": 0,
        "status": 1,
    }


def block_ts(chain, receipt):
    return chain.provider.web3.eth.get_block(receipt.block_number)["timestamp"]


def test_checkout_gas(market, token, owner, seller, accounts, chain, report):
    zero = "0x" + "00" * 20
    # Warm-up: the seller has a listing already (steady state for `list`).
    market.createListing(zero, PRICE, 1000, False, 0, 0, b"\x01" * 32, sender=seller)
    tx = market.createListing(
        zero, PRICE, 1000, True, HANDLING, RELEASE, b"\x02" * 32, sender=seller
    )
    report.record("checkout.list", tx)
    direct_id, escrow_id = 1, 2
    erc_tx = market.createListing(
        token, PRICE, 1000, True, HANDLING, RELEASE, b"\x03" * 32, sender=seller
    )
    erc_id = 3
    assert erc_tx.events

    # Each listing sells once before measuring.
    for lid in (direct_id, escrow_id):
        b = fresh_buyer(accounts, owner)
        market.buy(lid, 1, PRICE, REF, sender=b, value=PRICE)
    warm = fresh_buyer(accounts, owner, token)
    token.approve(market, PRICE, sender=warm)
    market.buy(erc_id, 1, PRICE, REF, sender=warm)

    b = fresh_buyer(accounts, owner)
    tx = market.buy(direct_id, 1, PRICE, REF, sender=b, value=PRICE)
    report.record("checkout.buy_eth_direct", tx)

    b = fresh_buyer(accounts, owner)
    tx = market.buy(escrow_id, 1, PRICE, REF, sender=b, value=PRICE)
    report.record("checkout.buy_eth_escrow", tx)
    order = order_of(tx, market, escrow_id, b, seller, zero, PRICE, block_ts(chain, tx))

    # ERC-20 with an EIP-2612 permit signed off chain, in the same transaction.
    pb = fresh_buyer(accounts, owner, token)
    deadline = FIXED_DEADLINE
    signed = Account.sign_typed_data(
        pb.private_key,
        {
            "name": "Test Dollar",
            "version": "1",
            "chainId": chain.chain_id,
            "verifyingContract": token.address,
        },
        {
            "Permit": [
                {"name": "owner", "type": "address"},
                {"name": "spender", "type": "address"},
                {"name": "value", "type": "uint256"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ]
        },
        {
            "owner": pb.address,
            "spender": market.address,
            "value": PRICE,
            "nonce": 0,
            "deadline": deadline,
        },
    )
    r = signed.r.to_bytes(32, "big")
    s = signed.s.to_bytes(32, "big")
    tx = market.buyWithPermit(erc_id, 1, PRICE, REF, deadline, signed.v, r, s, sender=pb)
    report.record("checkout.buy_erc20_permit_escrow", tx)

    tx = market.ship(order, b"\x22" * 32, sender=seller)
    report.record("checkout.ship", tx)
    order["status"] = 2
    order["shippedAt"] = block_ts(chain, tx)
    report.record("checkout.confirm_delivery", market.confirmDelivery(order, sender=b))

    b2 = fresh_buyer(accounts, owner)
    tx = market.buy(escrow_id, 1, PRICE, REF, sender=b2, value=PRICE)
    order2 = order_of(tx, market, escrow_id, b2, seller, zero, PRICE, block_ts(chain, tx))
    report.record("checkout.refund", market.refund(order2, PRICE, sender=seller))

    report.record("checkout.withdraw", market.withdrawProceeds([direct_id], sender=seller))
