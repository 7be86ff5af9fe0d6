"""Gas of the rental path (issue 3, escrowed rentals). Run with `make bench-gas`.

Scenario: steady state. The lender already has a listing, the listing measured has been
rented and returned before (so its commitment slot is warm with the idle marker), and each
measured booking comes from a fresh renter address that has never touched Bazaar. The lender
has a balance in the escrow already (it earned rent before), as every active lender does.
"""

from __future__ import annotations

import pytest
from eth_account import Account
from gasreport import FIXED_DEADLINE, GasReport

TARGETS = {"rental.rent": 80_000}
DAY = 86400
RATE = 10**16
DEPOSIT = 10**17
LATE_FEE = 2 * 10**16
ZERO = "0x" + "00" * 20
ZERO32 = b"\x00" * 32
DAYS = 3


def terms(token: str = ZERO) -> tuple[object, ...]:
    # token, dailyRate, deposit, lateFeePerDay, minDays, maxDays, grace, handover, inspection
    return (token, RATE, DEPOSIT, LATE_FEE, 1, 30, 6 * 3600, 2 * DAY, 3 * DAY)


def terms_hash(escrow, listing_id: int) -> bytes:
    """The commitment a renter passes: the hash of the terms it read (here, from the chain)."""
    return escrow.termsHashOf(listing_id)


@pytest.fixture(scope="module")
def report():
    r = GasReport(TARGETS)
    yield r
    r.write()


@pytest.fixture(scope="module")
def owner(accounts):
    return accounts[0]


@pytest.fixture(scope="module")
def lender(accounts):
    return accounts[1]


@pytest.fixture(scope="module")
def escrow(project, owner, accounts):
    return owner.deploy(project.RentalEscrow, owner, accounts[8], accounts[9], 100, 14 * DAY)


@pytest.fixture(scope="module")
def token(project, owner):
    return owner.deploy(project.TestToken, "Test Dollar", "TUSD", 18)


def fresh_renter(accounts, owner, token=None):
    renter = accounts.generate_test_account()
    owner.transfer(renter, 10**19)
    if token is not None:
        token.mint(renter, 10**21, sender=owner)
    return renter


def rental_of(escrow, receipt, lender, token=ZERO):
    ev = escrow.RentalBooked.from_receipt(receipt)[0]
    return [
        ev.rentalId,
        lender.address,
        ev.renter,
        token,
        RATE,
        DEPOSIT,
        LATE_FEE,
        100,
        ev.rentalDays,
        1,
        6 * 3600,
        2 * DAY,
        3 * DAY,
        receipt.timestamp,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        1,
    ]


def cycle(escrow, chain, lender, renter, listing_id, late_by=0):
    """Book, hand over, return (``late_by`` seconds after the end) and return the receipts."""
    value = RATE * DAYS + DEPOSIT
    committed = terms_hash(escrow, listing_id)
    booked = escrow.rent(listing_id, DAYS, committed, value=value, sender=renter)
    r = rental_of(escrow, booked, lender)
    handed = escrow.confirmHandover(r, sender=lender)
    r[14], r[16], r[21] = handed.timestamp, 1, 2
    chain.pending_timestamp = handed.timestamp + DAYS * DAY + late_by
    returned = escrow.markReturned(r, sender=renter)
    ev = escrow.RentalReturned.from_receipt(returned)[0]
    r[15], r[16], r[17], r[21] = returned.timestamp, ev.paidDays, ev.lateFee, 3
    return booked, handed, returned, r


def test_rental_gas(escrow, token, owner, lender, accounts, chain, report):
    # Steady state for `list`: the lender has a listing already.
    escrow.createListing(terms(), b"\x01" * 32, sender=lender)
    report.record("rental.list", escrow.createListing(terms(), b"\x02" * 32, sender=lender))
    listing_id = 2
    escrow.createListing(terms(token.address), b"\x03" * 32, sender=lender)
    token_listing = 3

    # The listing has been rented and returned before; the lender has a balance.
    warm = fresh_renter(accounts, owner)
    *_, r = cycle(escrow, chain, lender, warm, listing_id)
    escrow.confirmReturn(r, 0, ZERO32, sender=lender)

    renter = fresh_renter(accounts, owner)
    booked, handed, returned, r = cycle(escrow, chain, lender, renter, listing_id, late_by=DAY)
    report.record("rental.rent", booked)
    report.record("rental.confirm_handover", handed)
    report.record("rental.mark_returned", returned)
    report.record("rental.confirm_return", escrow.confirmReturn(r, 0, ZERO32, sender=lender))

    # An item that never comes back: anyone settles it for the lender after the late period.
    renter = fresh_renter(accounts, owner)
    committed = terms_hash(escrow, listing_id)
    booked = escrow.rent(listing_id, DAYS, committed, value=RATE * DAYS + DEPOSIT, sender=renter)
    r = rental_of(escrow, booked, lender)
    handed = escrow.confirmHandover(r, sender=lender)
    r[14], r[16], r[21] = handed.timestamp, 1, 2
    chain.pending_timestamp = handed.timestamp + DAYS * DAY + 6 * 3600 + 30 * DAY
    report.record("rental.settle_late", escrow.settleLate(r, sender=accounts[5]))

    # ERC-20 booking with an EIP-2612 permit signed off chain, on a listing rented before.
    warm = fresh_renter(accounts, owner, token)
    token.approve(escrow, RATE * DAYS + DEPOSIT, sender=warm)
    escrow.rent(token_listing, DAYS, terms_hash(escrow, token_listing), sender=warm)
    pr = fresh_renter(accounts, owner, token)
    deadline = FIXED_DEADLINE
    amount = RATE * DAYS + DEPOSIT
    signed = Account.sign_typed_data(
        pr.private_key,
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
            "owner": pr.address,
            "spender": escrow.address,
            "value": amount,
            "nonce": 0,
            "deadline": deadline,
        },
    )
    # The earlier token booking is still open on token_listing: use a second token listing.
    escrow.createListing(terms(token.address), b"\x04" * 32, sender=lender)
    r_bytes, s_bytes = signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")
    committed = terms_hash(escrow, 4)
    tx = escrow.rentWithPermit(4, DAYS, committed, deadline, signed.v, r_bytes, s_bytes, sender=pr)
    report.record("rental.rent_erc20_permit", tx)

    report.record("rental.withdraw", escrow.withdraw(ZERO, sender=lender))
