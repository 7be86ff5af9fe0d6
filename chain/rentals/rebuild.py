"""Rebuild a :class:`~chain.rentals.types.Rental` from the RentalEscrow's events.

The contract stores only ``keccak256(abi.encode(rental))`` per listing; callers pass the whole
struct back. Everything in it is in the logs: ``RentalBooked`` plus the listing's terms as they
were at the booking (the last ``RentalListingCreated`` or ``RentalListingUpdated`` before it;
a listing cannot change while rented), the block timestamps (``bookedAt``, ``returnedAt``,
``claimedAt``, ``disputedAt``), and each later transition event, all indexed by rental id. An
open rental is checked against its listing's commitment; a finished one is returned as its
events describe it.

Example:
    >>> rental = rental_from_chain(client, rental_id)  # doctest: +SKIP
    >>> client.confirm_handover(rental)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from eth_abi.abi import encode as abi_encode

from chain.errors import RentalNotFoundError
from chain.events import DecodedEvent
from chain.logs import get_logs
from chain.rentals.types import DAY, Rental, RentalStatus

if TYPE_CHECKING:
    from chain.rentals.views import RentalViews

RENTAL_EVENTS = (
    "RentalBooked",
    "BookingCancelled",
    "HandoverConfirmed",
    "RentalReturned",
    "ReturnConfirmed",
    "DepositReleased",
    "ClaimDisputed",
    "ClaimSettled",
    "RentalDisputeResolved",
    "RentalLost",
)
LISTING_EVENTS = ("RentalListingCreated", "RentalListingUpdated")
TERMINAL = {
    "BookingCancelled": RentalStatus.CANCELLED,
    "DepositReleased": RentalStatus.COMPLETED,
    "ClaimSettled": RentalStatus.COMPLETED,
    "RentalDisputeResolved": RentalStatus.RESOLVED,
    "RentalLost": RentalStatus.LOST,
}


def _topic(value: int) -> str:
    return "0x" + abi_encode(["uint256"], [value]).hex()


def logs_by_key(client: RentalViews, names: Sequence[str], key: int) -> list[DecodedEvent]:
    """Logs of the events ``names`` whose first indexed argument is ``key``, in chain order."""
    topics = ["0x" + client.registry.topic_of(name).hex() for name in names]
    logs = get_logs(
        client.w3, {"address": client.address, "topics": [topics, _topic(key)]}, client.deploy_block
    )
    events = client.registry.decode_logs(logs, skip_unknown=True)
    return sorted((e for e in events if not e.removed), key=lambda e: (e.block_number, e.log_index))


def _booked(client: RentalViews, booked: DecodedEvent, booked_at: int) -> Rental:
    """The rental right after its booking, from the listing's terms at that moment."""
    args = booked.args
    listing_id = int(args["listingId"])
    history = logs_by_key(client, LISTING_EVENTS, listing_id)
    at = (booked.block_number, booked.log_index)
    before = [e for e in history if (e.block_number, e.log_index) < at]
    created = next((e for e in before if e.event == "RentalListingCreated"), None)
    if created is None:
        raise RentalNotFoundError(
            f"rental {args['rentalId']} names listing {listing_id} but no RentalListingCreated "
            f"was found from block {client.deploy_block}; is deploy_block right?"
        )
    terms = before[-1].args["terms"]
    return Rental(
        id=int(args["rentalId"]),
        lender=created.args["lender"],
        renter=args["renter"],
        token=terms["token"],
        daily_rate=terms["dailyRate"],
        deposit=terms["deposit"],
        late_fee_per_day=terms["lateFeePerDay"],
        fee_bps=created.args["feeBps"],
        rental_days=int(args["rentalDays"]),
        min_days=terms["minDays"],
        grace_period=terms["gracePeriod"],
        handover_window=terms["handoverWindow"],
        inspection_window=terms["inspectionWindow"],
        booked_at=booked_at,
    )


def _apply(rental: Rental, event: DecodedEvent, timestamp: Callable[[int], int]) -> Rental:
    """The rental after ``event``."""
    args = event.args
    name = event.event
    if name == "HandoverConfirmed":
        started_at = int(args["endsAt"]) - rental.rental_days * DAY
        return rental.evolve(
            status=RentalStatus.ACTIVE, started_at=started_at, paid_days=rental.min_days
        )
    if name == "RentalReturned":
        return rental.evolve(
            status=RentalStatus.RETURNED,
            returned_at=timestamp(event.block_number),
            paid_days=args["paidDays"],
            late_fee=args["lateFee"],
        )
    if name == "ReturnConfirmed":
        if args["claim"] == 0:
            return rental.evolve(status=RentalStatus.COMPLETED)
        return rental.evolve(
            status=RentalStatus.CLAIMED,
            claim=args["claim"],
            claimed_at=timestamp(event.block_number),
        )
    if name == "ClaimDisputed":
        return rental.evolve(
            status=RentalStatus.DISPUTED, disputed_at=timestamp(event.block_number)
        )
    if name == "RentalLost":
        return rental.evolve(status=RentalStatus.LOST, paid_days=rental.rental_days)
    if name in TERMINAL:
        return rental.evolve(status=TERMINAL[name])
    return rental


def rental_from_chain(client: RentalViews, rental_id: int) -> Rental:
    """Rebuild rental ``rental_id`` from the RentalEscrow's logs.

    Args:
        client: A RentalEscrow client; its ``deploy_block`` bounds the log search.
        rental_id: The id from ``RentalBooked`` (``listingId << 32 | sequence``).

    Returns:
        The rental as the contract expects it back (for open rentals, verified against the
        listing's commitment), or its final state once it is finished.

    Raises:
        RentalNotFoundError: No such rental, or the rebuilt struct does not match the stored
            commitment (the logs are incomplete).
    """
    events = logs_by_key(client, RENTAL_EVENTS, rental_id)
    booked = next((e for e in events if e.event == "RentalBooked"), None)
    if booked is None:
        raise RentalNotFoundError(
            f"no RentalBooked for rental {rental_id} since block {client.deploy_block}"
        )
    times: dict[int, int] = {}

    def timestamp(block: int) -> int:
        if block not in times:
            times[block] = int(client.w3.eth.get_block(block)["timestamp"])
        return times[block]

    rental = _booked(client, booked, timestamp(booked.block_number))
    for event in events:
        if event is not booked:
            rental = _apply(rental, event, timestamp)
    if rental.status.is_open:
        stored = client.rental_hash(rental.listing_id)
        if client.local_rental_hash(rental) != stored:
            raise RentalNotFoundError(
                f"rental {rental_id} rebuilt from events does not match its listing's commitment "
                f"({stored}); the logs may be incomplete (check deploy_block and the RPC)"
            )
    return rental
