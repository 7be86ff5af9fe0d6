"""Front-running a booking, from the lender's side (audit finding "rental terms can be
rewritten under a pending booking").

The renter reads a listing, computes what it owes and sends its booking. The lender sees the
pending booking and gets an ``updateListing`` mined first. Each test below mines the
lender's update before the renter's booking (the last one orders them in one block by fee,
as a real front-run does) and checks that the renter either gets exactly the terms it read
or a ``RentalEscrowTermsChanged`` revert with nothing paid. Before the booking committed to
a terms hash, every one of these bookings went through on the lender's new terms.
"""

from __future__ import annotations

from typing import Any

import ape
import requests

from .fixtures import *  # noqa: F403
from .helpers import (
    DAY,
    HOUR,
    ZERO32,
    Terms,
    addr,
    rental_from_booking,
    terms_of,
)

MAX_WINDOW = 180 * DAY


def _rent(escrow: Any, listing_id: int, days: int, committed: bytes, **kw: Any) -> Any:
    """The renter's booking, committing to the terms hash it computed from what it read."""
    return escrow.rent(listing_id, days, committed, **kw)


def _front_run(escrow: Any, lender: Any, listing_id: int, terms: Terms) -> None:
    """The lender's update, mined before the renter's pending booking."""
    escrow.updateListing(listing_id, terms.as_tuple(), ZERO32, sender=lender)


def _rpc(chain: Any, method: str, *params: Any) -> Any:
    reply = requests.post(
        chain.provider.uri,
        json={"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)},
        timeout=30,
    ).json()
    assert "error" not in reply, reply
    return reply["result"]


def _gas_paid_in_last_block(chain: Any, account: Any) -> int:
    """What ``account``'s failed transactions in the latest block cost it in gas (0 when the
    client refused to send a transaction that would revert)."""
    block = _rpc(chain, "eth_getBlockByNumber", "latest", True)
    paid = 0
    for tx in block["transactions"]:
        if addr(tx["from"]) == addr(account):
            receipt = _rpc(chain, "eth_getTransactionReceipt", tx["hash"])
            assert int(receipt["status"], 16) == 0
            paid += int(receipt["gasUsed"], 16) * int(receipt["effectiveGasPrice"], 16)
    return paid


def _assert_nothing_paid(escrow: Any, listing_id: int, balances: Any, before: Any) -> None:
    assert balances() == before
    listing = escrow.getListing(listing_id)
    assert (listing.rented, listing.rentalCount) == (False, 0)


def test_deposit_cannot_be_turned_into_rent_at_an_equal_total(
    chain: Any,
    escrow: Any,
    create_listing: Any,
    lender: Any,
    renter: Any,
    eth_balance: Any,
) -> None:
    seen = Terms(daily_rate=10**15, deposit=10**16, min_days=1)
    listing_id = create_listing(seen)
    days = 5
    committed, value = seen.hash(), seen.cost(days)  # what the renter read
    swapped = seen.replace(daily_rate=3 * 10**15, deposit=0)
    assert swapped.cost(days) == value  # the exact msg.value still matches

    _front_run(escrow, lender, listing_id, swapped)

    def balances() -> tuple[int, int]:
        return eth_balance(renter) + _gas_paid_in_last_block(chain, renter), eth_balance(escrow)

    before = balances()
    with ape.reverts(
        escrow.RentalEscrowTermsChanged,
        listingId=listing_id,
        expected=committed,
        actual=swapped.hash(),
    ):
        _rent(escrow, listing_id, days, committed, value=value, sender=renter)
    _assert_nothing_paid(escrow, listing_id, balances, before)


def test_amounts_cannot_be_raised_against_a_standing_allowance(
    escrow: Any, create_listing: Any, lender: Any, renter: Any, token: Any, token_terms: Terms
) -> None:
    assert token.allowance(renter, escrow) == 2**256 - 1  # a standing, unlimited approval
    listing_id = create_listing(token_terms)
    committed = token_terms.hash()
    raised = token_terms.replace(
        daily_rate=token_terms.daily_rate * 3, deposit=token_terms.deposit * 10
    )

    _front_run(escrow, lender, listing_id, raised)

    def balances() -> tuple[int, int]:
        return token.balanceOf(renter), token.balanceOf(escrow)

    before = balances()
    with ape.reverts(escrow.RentalEscrowTermsChanged, expected=committed, actual=raised.hash()):
        _rent(escrow, listing_id, 2, committed, sender=renter)
    # A permit that fails is tolerated when the allowance suffices: the standing allowance
    # alone would have paid the raised amount, so the commitment guards this path too.
    with ape.reverts(escrow.RentalEscrowTermsChanged, expected=committed, actual=raised.hash()):
        escrow.rentWithPermit(
            listing_id, 2, committed, 0, 27, b"\x01" * 32, b"\x02" * 32, sender=renter
        )
    _assert_nothing_paid(escrow, listing_id, balances, before)


def test_handover_window_cannot_be_stretched_under_a_booking(
    chain: Any,
    escrow: Any,
    create_listing: Any,
    lender: Any,
    renter: Any,
    eth_balance: Any,
) -> None:
    seen = Terms(handover_window=2 * DAY)
    listing_id = create_listing(seen)
    stretched = seen.replace(handover_window=MAX_WINDOW)  # no cancelling for six months

    _front_run(escrow, lender, listing_id, stretched)

    def balances() -> tuple[int, int]:
        return eth_balance(renter) + _gas_paid_in_last_block(chain, renter), eth_balance(escrow)

    before = balances()
    with ape.reverts(escrow.RentalEscrowTermsChanged, expected=seen.hash()):
        _rent(escrow, listing_id, 2, seen.hash(), value=seen.cost(2), sender=renter)
    _assert_nothing_paid(escrow, listing_id, balances, before)


def test_grace_period_cannot_be_dropped_with_a_late_fee_equal_to_the_deposit(
    chain: Any,
    escrow: Any,
    create_listing: Any,
    lender: Any,
    renter: Any,
    eth_balance: Any,
) -> None:
    seen = Terms(grace_period=6 * HOUR, late_fee_per_day=10**14, deposit=10**16)
    listing_id = create_listing(seen)
    # One second late would cost the whole deposit.
    trap = seen.replace(grace_period=0, late_fee_per_day=seen.deposit)

    _front_run(escrow, lender, listing_id, trap)

    def balances() -> tuple[int, int]:
        return eth_balance(renter) + _gas_paid_in_last_block(chain, renter), eth_balance(escrow)

    before = balances()
    with ape.reverts(escrow.RentalEscrowTermsChanged, expected=seen.hash(), actual=trap.hash()):
        _rent(escrow, listing_id, 3, seen.hash(), value=seen.cost(3), sender=renter)
    _assert_nothing_paid(escrow, listing_id, balances, before)


def test_a_renter_gets_exactly_the_terms_it_committed_to(
    escrow: Any, create_listing: Any, lender: Any, renter: Any
) -> None:
    """An update that ends on the terms the renter read (changed and changed back, or only
    new metadata) leaves the booking valid, on exactly those terms."""
    seen = Terms(daily_rate=10**15, deposit=10**16, min_days=1)
    listing_id = create_listing(seen)
    _front_run(escrow, lender, listing_id, seen.replace(deposit=0, daily_rate=3 * 10**15))
    _front_run(escrow, lender, listing_id, seen)
    escrow.updateListing(listing_id, seen.as_tuple(), b"\x07" * 32, sender=lender)

    receipt = _rent(escrow, listing_id, 5, seen.hash(), value=seen.cost(5), sender=renter)

    rental = rental_from_booking(escrow, receipt)
    assert escrow.rentalHash(listing_id) == rental.hash()
    booked_terms = Terms(
        token=rental.token,
        daily_rate=rental.daily_rate,
        deposit=rental.deposit,
        late_fee_per_day=rental.late_fee_per_day,
        min_days=rental.min_days,
        max_days=seen.max_days,
        grace_period=rental.grace_period,
        handover_window=rental.handover_window,
        inspection_window=rental.inspection_window,
    )
    assert booked_terms == seen == terms_of(escrow.getListing(listing_id))


def test_a_front_run_in_the_same_block_reverts_the_booking(
    chain: Any, escrow: Any, create_listing: Any, lender: Any, renter: Any, eth_balance: Any
) -> None:
    """The real ordering: the booking is pending, the lender's update outbids it for the same
    block. The booking is mined second and fails; the renter loses only its gas."""
    seen = Terms(daily_rate=10**15, deposit=10**16, min_days=1)
    listing_id = create_listing(seen)
    swapped = seen.replace(daily_rate=3 * 10**15, deposit=0)
    value = seen.cost(5)

    def rpc(method: str, *params: Any) -> Any:
        return _rpc(chain, method, *params)

    def send(sender: Any, data: str, value: int, gas_price: int) -> str:
        tx = {"from": addr(sender), "to": addr(escrow), "data": data, "value": hex(value)}
        tx |= {"gas": hex(500_000), "gasPrice": hex(gas_price)}
        return str(rpc("eth_sendTransaction", tx))

    renter_before, escrow_before = eth_balance(renter), eth_balance(escrow)
    booking_data = escrow.rent.encode_input(listing_id, 5, seen.hash())
    update_data = escrow.updateListing.encode_input(listing_id, swapped.as_tuple(), ZERO32)
    rpc("evm_setAutomine", False)
    try:
        booking = send(renter, "0x" + bytes(booking_data).hex(), value, 10**9)
        update = send(lender, "0x" + bytes(update_data).hex(), 0, 2 * 10**9)  # outbids it
        rpc("evm_mine")
    finally:
        rpc("evm_setAutomine", True)
    booked = rpc("eth_getTransactionReceipt", booking)
    updated = rpc("eth_getTransactionReceipt", update)

    assert booked["blockNumber"] == updated["blockNumber"]
    assert (int(updated["transactionIndex"], 16), int(booked["transactionIndex"], 16)) == (0, 1)
    assert int(updated["status"], 16) == 1
    assert int(booked["status"], 16) == 0
    gas_paid = int(booked["gasUsed"], 16) * int(booked["effectiveGasPrice"], 16)
    assert eth_balance(renter) == renter_before - gas_paid
    assert eth_balance(escrow) == escrow_before
    assert escrow.getListing(listing_id).rented is False
    assert escrow.termsHashOf(listing_id) == swapped.hash()
