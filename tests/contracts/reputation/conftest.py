"""Fixtures for the reviews suite: Reputation, ETH ReviewCredits, and a Marketplace wired to
them. Deployments are module-scoped; ape snapshots the chain around every test.

A plain account, `source`, is registered as a deal source next to the Marketplace: it stands
for any other source (RentalEscrow, InstallmentPlans) and lets tests record exact deals.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import ape_ethereum.trace
import pytest

from core.constants import ZERO_ADDRESS

from .helpers import Deal, DealKind, addr

# Ape fetches and prints a call trace for every reverted transaction (~0.5 s each). These
# tests assert reverts by custom error, so the trace is skipped unless asked for.
if not os.environ.get("BAZAAR_SHOW_REVERT_TRACES"):
    ape_ethereum.trace.Trace.show = lambda self, *args, **kwargs: None  # type: ignore[method-assign]

FEE_BPS = 250
DISPUTE_TIMEOUT = 3 * 24 * 3600


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
    """Party to nothing: a third party, an attacker, a random caller."""
    return accounts[5]


@pytest.fixture(scope="session")
def seller2(accounts: Any) -> Any:
    return accounts[6]


@pytest.fixture(scope="session")
def buyer2(accounts: Any) -> Any:
    return accounts[7]


@pytest.fixture(scope="session")
def source(accounts: Any) -> Any:
    """A registered deal source other than the Marketplace (stands for RentalEscrow)."""
    return accounts[8]


@pytest.fixture(scope="module")
def reputation(project: Any, owner: Any, source: Any) -> Any:
    r = owner.deploy(project.Reputation, owner)
    r.setDealSource(source, True, sender=owner)
    return r


@pytest.fixture(scope="module")
def credits(project: Any, owner: Any, reputation: Any) -> Any:
    """ETH review credits, registered in Reputation for deals paid in ETH."""
    c = owner.deploy(
        project.ReviewCredits,
        owner,
        reputation,
        ZERO_ADDRESS,
        "Bazaar ETH Review Credits",
        "bcETH",
        18,
    )
    reputation.setCredits(ZERO_ADDRESS, c, sender=owner)
    return c


@pytest.fixture(scope="module")
def marketplace(
    project: Any, owner: Any, fee_recipient: Any, arbiter: Any, reputation: Any, credits: Any
) -> Any:
    """A Marketplace wired the way chain/deploy.py wires production."""
    m = owner.deploy(project.Marketplace, owner, fee_recipient, arbiter, FEE_BPS, DISPUTE_TIMEOUT)
    reputation.setDealSource(m, True, sender=owner)
    credits.setSpender(m, True, sender=owner)
    m.setDealRecorder(reputation, sender=owner)
    return m


@pytest.fixture(scope="module")
def token(project: Any, owner: Any, marketplace: Any, buyer: Any, buyer2: Any) -> Any:
    """An ERC-20 that earns no credits (no ReviewCredits registered for it)."""
    t = owner.deploy(project.TestToken, "Test USD", "TUSD", 18)
    for holder in (buyer, buyer2):
        t.mint(holder, 10**30, sender=owner)
        t.approve(marketplace, 2**256 - 1, sender=holder)
    return t


@pytest.fixture(scope="module", autouse=True)
def _deployment(
    book: Any,
    reputation: Any,
    credits: Any,
    marketplace: Any,
    token: Any,
    owner: Any,
    seller: Any,
    buyer: Any,
    stranger: Any,
    seller2: Any,
    buyer2: Any,
) -> None:
    """Deploy everything and resolve every account before the first test of a module takes
    its snapshot, so ape's isolation never has to rebase."""


@pytest.fixture
def record_deal(reputation: Any, source: Any, buyer: Any, seller: Any) -> Callable[..., Deal]:
    """Record a deal from `source` and return it. Defaults: a 1 ETH rental with a 0.02 fee."""
    counter = iter(range(1, 10_000))

    def _record(
        *,
        deal_id: int | None = None,
        kind: DealKind = DealKind.RENTAL,
        buyer_: Any = None,
        seller_: Any = None,
        token: Any = ZERO_ADDRESS,
        value: int = 10**18,
        fee: int = 2 * 10**16,
        sender: Any = None,
    ) -> Deal:
        deal = Deal(
            source=addr(sender or source),
            id=next(counter) if deal_id is None else deal_id,
            kind=kind,
            buyer=addr(buyer_ or buyer),
            seller=addr(seller_ or seller),
            token=addr(token),
            value=value,
            fee=fee,
        )
        reputation.recordDeal(
            deal.kind,
            deal.id,
            deal.buyer,
            deal.seller,
            deal.token,
            deal.value,
            deal.fee,
            sender=sender or source,
        )
        return deal

    return _record


@pytest.fixture(scope="module")
def book(project: Any, marketplace: Any) -> Any:
    """The VoucherBook the marketplace created."""
    return project.VoucherBook.at(marketplace.vouchersBook())


@pytest.fixture
def list_item(marketplace: Any, seller: Any) -> Callable[..., int]:
    """Create a listing and return its id. Defaults: a direct ETH listing at 1 ETH by `seller`."""

    def _list(
        *,
        sender: Any = None,
        token: Any = ZERO_ADDRESS,
        price: int = 10**18,
        stock: int = 100,
        escrow: bool = False,
    ) -> int:
        receipt = marketplace.createListing(
            token,
            price,
            stock,
            escrow,
            2 * 24 * 3600 if escrow else 0,
            3 * 24 * 3600 if escrow else 0,
            b"\x00" * 32,
            sender=sender or seller,
        )
        return int(receipt.return_value)

    return _list
