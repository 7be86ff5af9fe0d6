"""Fixtures for the RentalEscrow tests, imported by name into each ``test_rental_*`` module.

Deployments are module-scoped; ape's isolation snapshots the chain around every test, so
each test starts from its module's freshly deployed state. Roles are fixed accounts, so a
test reads like the story it tells. Time is set exactly with :func:`warp` before each
time-sensitive transaction, so expected amounts are computed from known timestamps.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import ape_ethereum.trace
import pytest

from core.constants import ZERO_ADDRESS

from .helpers import DAY, ZERO32, Rental, Terms, addr, rental_from_booking, terms_of

FEE_BPS = 250
DISPUTE_TIMEOUT = 5 * DAY
TOKEN_SUPPLY = 10**30
TOKEN_RATE = 20 * 10**18
TOKEN_DEPOSIT = 300 * 10**18
TOKEN_LATE_FEE = 50 * 10**18

# Ape fetches and prints a full call trace for every reverted transaction (~0.5 s each).
# These tests assert reverts by custom error, so the trace is skipped unless asked for.
if not os.environ.get("BAZAAR_SHOW_REVERT_TRACES"):
    ape_ethereum.trace.Trace.show = lambda self, *args, **kwargs: None  # type: ignore[method-assign]


# ------------------------------------------------------------------ accounts


@pytest.fixture(scope="module")
def owner(accounts: Any) -> Any:
    return accounts[0]


@pytest.fixture(scope="module")
def fee_recipient(accounts: Any) -> Any:
    return accounts[1]


@pytest.fixture(scope="module")
def arbiter(accounts: Any) -> Any:
    return accounts[2]


@pytest.fixture(scope="module")
def lender(accounts: Any) -> Any:
    return accounts[3]


@pytest.fixture(scope="module")
def renter(accounts: Any) -> Any:
    return accounts[4]


@pytest.fixture(scope="module")
def stranger(accounts: Any) -> Any:
    """Party to nothing: a keeper, an attacker, a random caller."""
    return accounts[5]


@pytest.fixture(scope="module")
def renter2(accounts: Any) -> Any:
    return accounts[7]


# ------------------------------------------------------------------ contracts


@pytest.fixture(scope="module")
def spy(project: Any, owner: Any) -> Any:
    """A deal recorder that emits what it is told (DealRecorded, FactRecorded)."""
    return owner.deploy(project.DealRecorderSpy)


@pytest.fixture(scope="module")
def escrow(project: Any, owner: Any, fee_recipient: Any, arbiter: Any, spy: Any) -> Any:
    """The RentalEscrow under test, reporting to the spy recorder."""
    contract = owner.deploy(
        project.RentalEscrow, owner, fee_recipient, arbiter, FEE_BPS, DISPUTE_TIMEOUT
    )
    contract.setDealRecorder(spy, sender=owner)
    return contract


@pytest.fixture(scope="module")
def token(project: Any, owner: Any, escrow: Any, renter: Any, renter2: Any, stranger: Any) -> Any:
    """An EIP-2612 stablecoin. Renters hold plenty and have approved the escrow; the
    stranger holds some but approved nothing."""
    t = owner.deploy(project.TestToken, "Test USD", "TUSD", 18)
    for holder in (renter, renter2, stranger):
        t.mint(holder, TOKEN_SUPPLY, sender=owner)
    for holder in (renter, renter2):
        t.approve(escrow, 2**256 - 1, sender=holder)
    return t


@pytest.fixture(scope="module")
def receiver(project: Any, owner: Any, escrow: Any) -> Any:
    """A ReentrantReceiver aimed at the escrow, with ETH to pay bookings; configured per test."""
    r = owner.deploy(project.ReentrantReceiver)
    r.configure(escrow, b"", False, sender=owner)
    owner.transfer(r, 10**18)
    return r


# ------------------------------------------------------------------ actions


@pytest.fixture(scope="module")
def token_terms(token: Any) -> Terms:
    """Terms of an ERC-20 listing in the TestToken."""
    return Terms(
        token=addr(token),
        daily_rate=TOKEN_RATE,
        deposit=TOKEN_DEPOSIT,
        late_fee_per_day=TOKEN_LATE_FEE,
    )


@pytest.fixture(scope="module")
def create_listing(escrow: Any, lender: Any) -> Callable[..., int]:
    """Create a listing (default: ETH, the Terms defaults, by the lender) and return its id."""

    def _create(terms: Terms | None = None, *, sender: Any = None, metadata: bytes = ZERO32) -> int:
        receipt = escrow.createListing(
            (terms or Terms()).as_tuple(), metadata, sender=sender or lender
        )
        return int(receipt.return_value)

    return _create


@pytest.fixture(scope="module")
def book(escrow: Any, renter: Any) -> Callable[..., tuple[Rental, Any]]:
    """Book a listing, paying what is due; returns the rebuilt Rental and the receipt."""

    def _book(
        listing_id: int, days: int | None = None, *, sender: Any = None
    ) -> tuple[Rental, Any]:
        listing = escrow.getListing(listing_id)
        days = listing.minDays if days is None else days
        due = listing.dailyRate * days + listing.deposit
        value = due if addr(listing.token) == ZERO_ADDRESS else 0
        committed = terms_of(listing).hash()
        receipt = escrow.rent(listing_id, days, committed, value=value, sender=sender or renter)
        rental = rental_from_booking(escrow, receipt)
        assert escrow.rentalHash(listing_id) == rental.hash()
        return rental, receipt

    return _book


@pytest.fixture(scope="module")
def warp(chain: Any) -> Callable[[int], None]:
    """Make the next block's timestamp exactly ``timestamp``."""

    def _warp(timestamp: int) -> None:
        chain.pending_timestamp = timestamp

    return _warp


@pytest.fixture(scope="module")
def handover(escrow: Any, lender: Any, warp: Any) -> Callable[..., tuple[Rental, Any]]:
    """Hand a booked rental over at ``at`` (default: one hour after booking)."""

    def _handover(rental: Rental, at: int | None = None) -> tuple[Rental, Any]:
        at = rental.booked_at + 3600 if at is None else at
        warp(at)
        receipt = escrow.confirmHandover(rental.as_tuple(), sender=lender)
        return rental.started(at), receipt

    return _handover


@pytest.fixture(scope="module")
def active_rental(create_listing: Any, book: Any, handover: Any) -> Callable[..., Rental]:
    """A fresh listing, booked for ``days`` and handed over: an Active rental."""

    def _active(terms: Terms | None = None, days: int = 5, *, sender: Any = None) -> Rental:
        rental, _ = book(create_listing(terms), days, sender=sender)
        started, _ = handover(rental)
        return started

    return _active


@pytest.fixture(scope="module")
def returned_rental(
    escrow: Any, renter: Any, active_rental: Any, warp: Any
) -> Callable[..., Rental]:
    """An Active rental returned ``at_offset`` seconds after it started (default: on time)."""

    def _returned(
        terms: Terms | None = None, days: int = 5, at_offset: int | None = None
    ) -> Rental:
        rental = active_rental(terms, days)
        at = rental.started_at + (days * DAY if at_offset is None else at_offset)
        warp(at)
        escrow.markReturned(rental.as_tuple(), sender=renter)
        return rental.returned(at)

    return _returned


@pytest.fixture(scope="module")
def claimed_rental(
    escrow: Any, lender: Any, returned_rental: Any, warp: Any
) -> Callable[..., Rental]:
    """A returned rental on which the lender claimed ``claim`` one hour after the return."""

    def _claimed(claim: int = 4 * 10**15, terms: Terms | None = None) -> Rental:
        rental = returned_rental(terms)
        at = rental.returned_at + 3600
        warp(at)
        escrow.confirmReturn(rental.as_tuple(), claim, ZERO32, sender=lender)
        return rental.claimed(claim, at)

    return _claimed


@pytest.fixture(scope="module")
def disputed_rental(
    escrow: Any, renter: Any, claimed_rental: Any, warp: Any
) -> Callable[..., Rental]:
    """A claimed rental whose claim the renter disputed one hour after the claim."""

    def _disputed(claim: int = 4 * 10**15) -> Rental:
        rental = claimed_rental(claim)
        at = rental.claimed_at + 3600
        warp(at)
        escrow.disputeClaim(rental.as_tuple(), ZERO32, sender=renter)
        return rental.disputed(at)

    return _disputed


@pytest.fixture
def eth_balance(chain: Any) -> Callable[[Any], int]:
    def _balance(account: Any) -> int:
        return int(chain.provider.get_balance(addr(account)))

    return _balance


@pytest.fixture(scope="module", autouse=True)
def _rental_setup(
    owner: Any,
    fee_recipient: Any,
    arbiter: Any,
    lender: Any,
    renter: Any,
    renter2: Any,
    stranger: Any,
    escrow: Any,
    token: Any,
    receiver: Any,
    token_terms: Any,
    create_listing: Any,
    book: Any,
    warp: Any,
    handover: Any,
    active_rental: Any,
    returned_rental: Any,
    claimed_rental: Any,
    disputed_rental: Any,
) -> None:
    """Create every module-scoped fixture before the module's first test: ape snapshots
    the chain per scope, and a module fixture first requested mid-module forces a costly
    rebase of the snapshots."""


__all__ = [
    "FEE_BPS",
    "_rental_setup",
    "DISPUTE_TIMEOUT",
    "active_rental",
    "arbiter",
    "book",
    "claimed_rental",
    "create_listing",
    "disputed_rental",
    "escrow",
    "eth_balance",
    "fee_recipient",
    "handover",
    "lender",
    "owner",
    "receiver",
    "renter",
    "renter2",
    "returned_rental",
    "spy",
    "stranger",
    "token",
    "token_terms",
    "warp",
]
