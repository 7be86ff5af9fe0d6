"""Shared fixtures for the InstallmentPlans tests.

Deployments are module-scoped; ape's isolation snapshots the chain around every test, so
each test starts from the module's freshly deployed state. ETH balance checks subtract the
gas each transaction paid (helpers.gas_cost).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import ape_ethereum.trace
import pytest

from .helpers import (
    FEE_BPS,
    TOKEN_PRICE,
    TOKEN_SUPPLY,
    Terms,
    addr,
    block_time,
    plan_id_of,
    split,
)

# Ape fetches and prints a full call trace for every reverted transaction (~0.5 s each).
# These tests assert reverts by custom error, so the trace is skipped unless asked for.
if not os.environ.get("BAZAAR_SHOW_REVERT_TRACES"):
    ape_ethereum.trace.Trace.show = lambda self, *args, **kwargs: None  # type: ignore[method-assign]

MAX = 2**256 - 1


# ------------------------------------------------------------------ accounts


@pytest.fixture(scope="session")
def owner(accounts: Any) -> Any:
    return accounts[0]


@pytest.fixture(scope="session")
def fee_recipient(accounts: Any) -> Any:
    return accounts[1]


@pytest.fixture(scope="session")
def seller(accounts: Any) -> Any:
    return accounts[3]


@pytest.fixture(scope="session")
def buyer(accounts: Any) -> Any:
    return accounts[4]


@pytest.fixture(scope="session")
def keeper(accounts: Any) -> Any:
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
def recorder(project: Any, owner: Any) -> Any:
    return owner.deploy(project.DealRecorderSpy)


@pytest.fixture(scope="module")
def plans(project: Any, owner: Any, fee_recipient: Any, recorder: Any) -> Any:
    """InstallmentPlans with a 2.5 % platform fee and the spy as deal recorder."""
    contract = owner.deploy(project.InstallmentPlans, owner, fee_recipient, FEE_BPS)
    contract.setDealRecorder(recorder, sender=owner)
    return contract


def _funded(token: Any, owner: Any, plans: Any, holders: list[Any], approve: list[Any]) -> Any:
    for holder in holders:
        token.mint(holder, TOKEN_SUPPLY, sender=owner)
    for holder in approve:
        token.approve(plans, MAX, sender=holder)
    return token


@pytest.fixture(scope="module")
def token(
    project: Any, owner: Any, plans: Any, seller: Any, buyer: Any, buyer2: Any, keeper: Any
) -> Any:
    """An EIP-2612 stablecoin. Buyers and the seller hold plenty and approved the plans
    contract for everything; the keeper holds some but approved nothing."""
    t = owner.deploy(project.TestToken, "Test USD", "TUSD", 18)
    return _funded(t, owner, plans, [seller, buyer, buyer2, keeper], [seller, buyer, buyer2])


@pytest.fixture(scope="module")
def no_return_token(project: Any, owner: Any, plans: Any, buyer: Any) -> Any:
    return _funded(owner.deploy(project.NoReturnToken), owner, plans, [buyer], [buyer])


@pytest.fixture(scope="module")
def fot_token(project: Any, owner: Any, plans: Any, buyer: Any) -> Any:
    return _funded(owner.deploy(project.FeeOnTransferToken), owner, plans, [buyer], [buyer])


@pytest.fixture(scope="module")
def attack_token(project: Any, owner: Any, plans: Any, buyer: Any, buyer2: Any) -> Any:
    return _funded(
        owner.deploy(project.PlanAttackToken), owner, plans, [buyer, buyer2], [buyer, buyer2]
    )


@pytest.fixture(scope="module")
def receiver(project: Any, owner: Any) -> Any:
    """A ReentrantReceiver, configured per test."""
    return owner.deploy(project.ReentrantReceiver)


@pytest.fixture(scope="module", autouse=True)
def _deployment(
    owner: Any,
    fee_recipient: Any,
    seller: Any,
    buyer: Any,
    keeper: Any,
    seller2: Any,
    buyer2: Any,
    recorder: Any,
    plans: Any,
    token: Any,
    no_return_token: Any,
    fot_token: Any,
    attack_token: Any,
    receiver: Any,
) -> None:
    """Set up every shared fixture before a module's first test, so ape's isolation never
    has to rebase (a broader-scoped fixture first used mid-module would force it)."""


# ------------------------------------------------------------------ actions


@pytest.fixture
def create_listing(plans: Any, seller: Any) -> Callable[..., int]:
    """Create a listing and return its id (default: the default ETH terms, by `seller`)."""

    def _create(terms: Terms | None = None, *, stock: int = 100, sender: Any = None) -> int:
        receipt = plans.createListing(
            (terms or Terms()).abi(), stock, b"\x01" * 32, sender=sender or seller
        )
        return int(plans.PlanListingCreated.from_receipt(receipt)[0].listingId)

    return _create


@pytest.fixture
def start_plan(
    plans: Any, buyer: Any, create_listing: Callable[..., int], chain: Any
) -> Callable[..., tuple[int, Any]]:
    """Create a listing on `terms` and start a plan on it; returns (plan id, receipt).

    Pays the down payment as msg.value for ETH terms (ERC-20 buyers approved in advance).
    """

    def _start(
        terms: Terms | None = None,
        *,
        sender: Any = None,
        listing_seller: Any = None,
        listing_id: int | None = None,
    ) -> tuple[int, Any]:
        terms = terms or Terms()
        if listing_id is None:
            listing_id = create_listing(terms, sender=listing_seller)
        down = split(terms)[0]
        value = down if terms.token == addr("0x" + "00" * 20) else 0
        receipt = plans.startPlan(listing_id, b"\x02" * 32, sender=sender or buyer, value=value)
        return plan_id_of(plans, receipt), receipt

    return _start


@pytest.fixture
def token_terms(token: Any) -> Terms:
    """The default terms, paid in the test stablecoin."""
    return Terms(token=addr(token), price=TOKEN_PRICE)


@pytest.fixture
def due(plans: Any) -> Callable[[int, int], int]:
    """Due date of installment `index` of plan `plan_id`."""

    def _due(plan_id: int, index: int) -> int:
        plan = plans.getPlan(plan_id)
        return int(plan.startedAt + index * plan.interval)

    return _due


@pytest.fixture
def travel(chain: Any) -> Callable[[int], None]:
    """Make the next transaction's block carry `timestamp` (never backwards)."""

    def _travel(timestamp: int) -> None:
        chain.pending_timestamp = timestamp

    return _travel


@pytest.fixture
def mine_at(chain: Any) -> Callable[[int], None]:
    """Mine an empty block at `timestamp`, so views (which read the latest block) see it."""

    def _mine(timestamp: int) -> None:
        chain.mine(timestamp=timestamp)

    return _mine


@pytest.fixture
def started_at(chain: Any) -> Callable[[Any], int]:
    return lambda receipt: block_time(chain, receipt)
