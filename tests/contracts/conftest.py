"""Shared fixtures for the Marketplace tests.

Deployments are module-scoped; ape's default isolation snapshots the chain around every
test, so each test starts from the module's freshly deployed state. Account roles are fixed
below and used everywhere, so a test reads like the story it tells.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import ape_ethereum.trace
import pytest

from core.constants import ZERO_ADDRESS

from .helpers import (
    ANY_PRICE,
    AUTO_RELEASE,
    DISPUTE_TIMEOUT,
    FEE_BPS,
    HANDLING_TIME,
    PRICE,
    TOKEN_PRICE,
    TOKEN_SUPPLY,
    ZERO32,
    Order,
    addr,
    b32,
    listing_order_id,
    order_from_placed,
)

# Ape fetches and prints a full call trace for every reverted transaction (~0.5 s each).
# These tests assert reverts by custom error, so the trace is skipped unless asked for.
if not os.environ.get("BAZAAR_SHOW_REVERT_TRACES"):
    ape_ethereum.trace.Trace.show = lambda self, *args, **kwargs: None  # type: ignore[method-assign]


# ------------------------------------------------------------------ accounts


@pytest.fixture(scope="session")
def owner(accounts: Any) -> Any:
    return accounts[0]


@pytest.fixture(scope="session")
def fee_recipient(accounts: Any) -> Any:
    return accounts[1]


@pytest.fixture(scope="session")
def arbiter(accounts: Any) -> Any:
    return accounts[2]


@pytest.fixture(scope="session")
def seller(accounts: Any) -> Any:
    return accounts[3]


@pytest.fixture(scope="session")
def buyer(accounts: Any) -> Any:
    return accounts[4]


@pytest.fixture(scope="session")
def stranger(accounts: Any) -> Any:
    """Neither party to anything: a keeper, an attacker, a random caller."""
    return accounts[5]


@pytest.fixture(scope="session")
def seller2(accounts: Any) -> Any:
    return accounts[6]


@pytest.fixture(scope="session")
def buyer2(accounts: Any) -> Any:
    return accounts[7]


# ------------------------------------------------------------------ contracts


@pytest.fixture(scope="module")
def marketplace(project: Any, owner: Any, fee_recipient: Any, arbiter: Any) -> Any:
    return owner.deploy(
        project.Marketplace, owner, fee_recipient, arbiter, FEE_BPS, DISPUTE_TIMEOUT
    )


@pytest.fixture(scope="module")
def token(
    project: Any, owner: Any, marketplace: Any, buyer: Any, buyer2: Any, stranger: Any
) -> Any:
    """An EIP-2612 stablecoin. Buyers hold plenty and have approved the marketplace;
    the stranger holds some but has approved nothing."""
    t = owner.deploy(project.TestToken, "Test USD", "TUSD", 18)
    for holder in (buyer, buyer2, stranger):
        t.mint(holder, TOKEN_SUPPLY, sender=owner)
    for holder in (buyer, buyer2):
        t.approve(marketplace, 2**256 - 1, sender=holder)
    return t


@pytest.fixture(scope="module")
def no_return_token(project: Any, owner: Any, marketplace: Any, buyer: Any) -> Any:
    t = owner.deploy(project.NoReturnToken)
    t.mint(buyer, TOKEN_SUPPLY, sender=owner)
    t.approve(marketplace, 2**256 - 1, sender=buyer)
    return t


@pytest.fixture(scope="module")
def fot_token(project: Any, owner: Any, marketplace: Any, buyer: Any) -> Any:
    t = owner.deploy(project.FeeOnTransferToken)
    t.mint(buyer, TOKEN_SUPPLY, sender=owner)
    t.approve(marketplace, 2**256 - 1, sender=buyer)
    return t


@pytest.fixture(scope="module")
def recorder(project: Any, owner: Any) -> Any:
    return owner.deploy(project.RecordingDealRecorder)


@pytest.fixture(scope="module")
def reverting_recorder(project: Any, owner: Any) -> Any:
    return owner.deploy(project.RevertingDealRecorder)


@pytest.fixture(scope="module")
def receiver(project: Any, owner: Any) -> Any:
    """A ReentrantReceiver (attack fixture); each test aims and arms it with configure()."""
    return owner.deploy(project.ReentrantReceiver)


@pytest.fixture(scope="module", autouse=True)
def _deployment(
    owner: Any,
    fee_recipient: Any,
    arbiter: Any,
    seller: Any,
    buyer: Any,
    stranger: Any,
    seller2: Any,
    buyer2: Any,
    marketplace: Any,
    token: Any,
    no_return_token: Any,
    fot_token: Any,
    recorder: Any,
    reverting_recorder: Any,
    receiver: Any,
) -> None:
    """Set up every shared fixture before a module's first test, so ape's isolation never
    has to rebase (a broader-scoped fixture first used mid-module would force it)."""


# ------------------------------------------------------------------ actions


@pytest.fixture
def create_listing(marketplace: Any, seller: Any) -> Callable[..., int]:
    """Create a listing and return its id. Defaults: an escrowed ETH listing by `seller`."""

    def _create(
        *,
        sender: Any = None,
        token: Any = ZERO_ADDRESS,
        price: int | None = None,
        stock: int = 100,
        escrow: bool = True,
        handling_time: int = HANDLING_TIME,
        auto_release: int = AUTO_RELEASE,
        metadata: bytes = ZERO32,
    ) -> int:
        if price is None:
            price = PRICE if addr(token) == ZERO_ADDRESS else TOKEN_PRICE
        receipt = marketplace.createListing(
            token,
            price,
            stock,
            escrow,
            handling_time,
            auto_release,
            metadata,
            sender=sender or seller,
        )
        return int(receipt.return_value)

    return _create


@pytest.fixture
def place_order(marketplace: Any, buyer: Any) -> Callable[..., tuple[Order, Any]]:
    """Buy from an escrowed listing; returns the rebuilt Order and the receipt."""

    def _place(listing_id: int, *, sender: Any = None, quantity: int = 1) -> tuple[Order, Any]:
        listing = marketplace.getListing(listing_id)
        value = listing.price * quantity if listing.token == ZERO_ADDRESS else 0
        receipt = marketplace.buy(
            listing_id, quantity, ANY_PRICE, b32("ship-to"), value=value, sender=sender or buyer
        )
        order = order_from_placed(marketplace, receipt)
        assert order.id == listing_order_id(listing_id, listing.orderCount + 1)
        assert marketplace.orderHash(order.id) == order.hash()
        return order, receipt

    return _place


@pytest.fixture
def eth_order(create_listing: Any, place_order: Any) -> Callable[..., tuple[Order, Any]]:
    """A fresh escrowed ETH order (one unit at PRICE) by `buyer` from `seller`."""

    def _order(**kwargs: Any) -> tuple[Order, Any]:
        return place_order(create_listing(**kwargs))

    return _order


@pytest.fixture
def warp(chain: Any) -> Callable[[int], None]:
    """Make the next block's timestamp exactly `timestamp`."""

    def _warp(timestamp: int) -> None:
        chain.pending_timestamp = timestamp

    return _warp


@pytest.fixture
def eth_balance(chain: Any) -> Callable[[Any], int]:
    def _balance(account: Any) -> int:
        return int(chain.provider.get_balance(addr(account)))

    return _balance
