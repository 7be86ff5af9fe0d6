"""Seed rentals at every stage and installment (EMI) plans paid on time and late.

Plans run first because they need time to pass (``evm_increaseTime``): an installment can
only be collected once its due date is behind the chain's clock, and is only late a day
after that. Rentals come last and stay where the demo leaves them, one per stage: listed,
rented (booked), handed over, returned (awaiting inspection) and under a damage claim.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eth_utils.crypto import keccak

from bazaar.demo.actors import DAY, Cast
from bazaar.demo.catalog import MILLI, SELLERS
from bazaar.demo.catalog_outdoor import PLAN_ITEMS, RENTAL_ITEMS
from chain.installments.types import PlanTerms
from chain.rentals.types import RentalTerms
from core.constants import ZERO_ADDRESS

# Rental stage of each rental item: who rents it (None: nobody yet) and for how many days.
RENTAL_STAGES: dict[str, tuple[str, int | None, int]] = {
    "tent": ("listed", None, 0),
    "kayak": ("rented", 6, 3),
    "drone": ("handed_over", 7, 2),
    "gopro": ("returned", 8, 4),
    "sup": ("damage_claim", 4, 2),
}
KEEPER = 9  # collects due installments from allowances, as `bazaar keeper` would


@dataclass
class RentalSeed:
    """Rental listings and rentals by item, plan ids by name, late fees charged."""

    listings: dict[str, int] = field(default_factory=dict)
    rentals: dict[str, int] = field(default_factory=dict)
    plan_listings: dict[str, int] = field(default_factory=dict)
    plans: dict[str, int] = field(default_factory=dict)
    late_fees: int = 0
    installments_paid: int = 0


class RentalSeeder:
    """Runs the rental and EMI part of the demo for the outdoor shop."""

    def __init__(self, cast: Cast, documents: dict[str, str]) -> None:
        """``documents`` maps item keys to their uploaded metadata hashes."""
        self.cast = cast
        self.documents = documents
        self.lender = SELLERS["outdoor"].account
        self.seed = RentalSeed()

    # ------------------------------------------------------------------ plans

    def start_plans(self) -> None:
        """The e-bike on ETH terms (two buyers), the laptop in stablecoin (one buyer)."""
        shop = self.cast.plans(self.lender)
        ebike = PlanTerms(
            price=PLAN_ITEMS["ebike"].price,
            installments=6,
            interval=30 * DAY,
            financing_fee_bps=600,
            grace_period=5 * DAY,
            late_fee_bps=200,
        )
        laptop = PlanTerms(
            price=PLAN_ITEMS["laptop"].price,
            token=self.cast.token,
            down_payment_bps=2_500,
            installments=4,
            interval=30 * DAY,
            financing_fee_bps=400,
        )
        for key, terms, stock in (("ebike", ebike, 5), ("laptop", laptop, 3)):
            result = shop.create_listing(terms, stock=stock, metadata_hash=self.documents[key])
            self.seed.plan_listings[key] = int(result.event("PlanListingCreated").args["listingId"])
        ebike_id = self.seed.plan_listings["ebike"]
        for name, buyer in (("ebike_on_time", 5), ("ebike_late", 6)):
            started = self.cast.plans(buyer).start_plan(ebike_id, keccak(name.encode()))
            self.seed.plans[name] = int(started.event("PlanStarted").args["planId"])
        laptop_id = self.seed.plan_listings["laptop"]
        started = self.cast.plans(7).start_plan_with_permit(laptop_id)
        self.seed.plans["laptop_collected"] = int(started.event("PlanStarted").args["planId"])

    def pay_plans(self) -> None:
        """On time: paid before each due date. Late: paid after the one-day payment window,
        inside the grace period (from due date plus grace on, paying reverts: default's turn).

        The keeper collects the laptop plan's first installment a few hours after it fell
        due, inside the contract's one-day payment window: on time, no late fee.
        """
        on_time, late = self.seed.plans["ebike_on_time"], self.seed.plans["ebike_late"]
        self.cast.plans(5).pay(on_time)
        self.seed.installments_paid += 1
        self.cast.increase_time(30 * DAY + 3 * 60 * 60)  # installment 1 fell due at day 30
        self.cast.plans(KEEPER).collect(self.seed.plans["laptop_collected"])
        self.seed.installments_paid += 1
        self.cast.increase_time(3 * DAY)  # day 33: late (window ended day 31), grace to day 35
        paid = self.cast.plans(6).pay(late)
        self.seed.late_fees += sum(e.args["fee"] for e in paid.events_named("LateFeeCharged"))
        self.cast.plans(5).pay(on_time)  # installment 2, due at day 60
        self.seed.installments_paid += 2

    # ------------------------------------------------------------------ rentals

    def list_rentals(self) -> None:
        """One rental listing per item, in ETH, with a deposit and a late fee."""
        lender = self.cast.rentals(self.lender)
        for key, item in RENTAL_ITEMS.items():
            terms = RentalTerms(
                daily_rate=item.price,
                deposit=10 * item.price,
                late_fee_per_day=2 * item.price,
                min_days=1,
                max_days=14,
                grace_period=6 * 60 * 60,
                handover_window=2 * DAY,
                inspection_window=3 * DAY,
                token=ZERO_ADDRESS,
            )
            result = lender.create_listing(terms, self.documents[key])
            self.seed.listings[key] = int(result.event("RentalListingCreated").args["listingId"])

    def rentals_by_stage(self) -> None:
        """Book, hand over, return and claim until each item sits at its stage."""
        lender = self.cast.rentals(self.lender)
        for key, (stage, renter, days) in RENTAL_STAGES.items():
            if renter is None:
                continue
            client = self.cast.rentals(renter)
            rental = client.book(self.seed.listings[key], days)
            self.seed.rentals[key] = rental.id
            if stage == "rented":
                continue
            lender.confirm_handover(rental)
            if stage == "handed_over":
                continue
            client.mark_returned(client.rental_from_chain(rental.id))
            if stage == "returned":
                continue
            returned = lender.rental_from_chain(rental.id)
            lender.confirm_return(returned, 4 * MILLI * 10, keccak(b"fin cracked, photos attached"))

    def run_plans(self) -> None:
        """The EMI part: listings, plans, payments across two months."""
        self.start_plans()
        self.pay_plans()

    def run_rentals(self) -> RentalSeed:
        """The rental part; returns everything seeded here."""
        self.list_rentals()
        self.rentals_by_stage()
        return self.seed
