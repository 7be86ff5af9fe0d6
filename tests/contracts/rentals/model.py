"""A reference model of the RentalEscrow's money, for the randomized invariant run.

The model knows every listing, every open rental (as the :class:`Rental` struct the contract
commits to), every credited balance and the fees, and re-derives each amount from the rules
in helpers. The escrow must always hold exactly :meth:`Model.held` of each token: what
it owes on credited balances, fees, and what open rentals still hold.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from .helpers import (
    BPS,
    CLAIM_RESPONSE_WINDOW,
    DAY,
    MAX_LATE_PERIOD,
    Rental,
    RentalStatus,
    Terms,
    end_of,
    rent_split,
)


@dataclasses.dataclass
class Listing:
    id: int
    lender: str
    terms: Terms
    fee_bps: int
    status: int = 1  # 1 active, 2 paused, 3 closed
    count: int = 0


@dataclasses.dataclass
class Model:
    fee_bps: int
    dispute_timeout: int
    paused: bool = False
    listings: dict[int, Listing] = dataclasses.field(default_factory=dict)
    open: dict[int, Rental] = dataclasses.field(default_factory=dict)  # by listing id
    owed: Counter[tuple[str, str]] = dataclasses.field(default_factory=Counter)
    fees: Counter[str] = dataclasses.field(default_factory=Counter)

    # ---------------------------------------------------------------- the invariant

    def held(self, token: str) -> int:
        """What the escrow must hold of ``token``."""
        credited = sum(v for (_, t), v in self.owed.items() if t == token)
        escrowed = sum(r.held() for r in self.open.values() if r.token == token)
        return credited + self.fees[token] + escrowed

    # ---------------------------------------------------------------- listings

    def create(self, lender: str, terms: Terms) -> int:
        listing_id = len(self.listings) + 1
        self.listings[listing_id] = Listing(listing_id, lender, terms, self.fee_bps)
        return listing_id

    def book(self, listing_id: int, renter: str, days: int, at: int) -> Rental:
        listing = self.listings[listing_id]
        listing.count += 1
        t = listing.terms
        rental = Rental(
            id=(listing_id << 32) | listing.count,
            lender=listing.lender,
            renter=renter,
            token=t.token,
            daily_rate=t.daily_rate,
            deposit=t.deposit,
            late_fee_per_day=t.late_fee_per_day,
            fee_bps=listing.fee_bps,
            rental_days=days,
            min_days=t.min_days,
            grace_period=t.grace_period,
            handover_window=t.handover_window,
            inspection_window=t.inspection_window,
            booked_at=at,
        )
        self.open[listing_id] = rental
        return rental

    # ---------------------------------------------------------------- transitions

    def _credit(self, account: str, token: str, amount: int) -> None:
        if amount:
            self.owed[(account, token)] += amount

    def _credit_rent(self, r: Rental, from_days: int, to_days: int, extra: int = 0) -> None:
        net, fee = rent_split(r.daily_rate, r.fee_bps, from_days, to_days)
        self._credit(r.lender, r.token, net + extra)
        self.fees[r.token] += fee

    def cancel(self, r: Rental, caller: str) -> None:
        del self.open[r.listing_id]
        if caller != r.renter:
            self._credit(r.renter, r.token, r.rent + r.deposit)

    def handover(self, r: Rental, at: int) -> None:
        self._credit_rent(r, 0, r.min_days)
        self.open[r.listing_id] = r.started(at)

    def mark_returned(self, r: Rental, at: int) -> int:
        """The state after the return; returns the refund pushed to the renter."""
        returned = r.returned(at)
        self._credit_rent(r, r.paid_days, returned.paid_days, returned.late_fee)
        self.open[r.listing_id] = returned
        return (r.rental_days - returned.paid_days) * r.daily_rate

    def settle_late(self, r: Rental) -> None:
        del self.open[r.listing_id]
        self._credit_rent(r, r.paid_days, r.rental_days, r.deposit)

    def confirm_return(self, r: Rental, claim: int, at: int) -> None:
        self._credit(r.renter, r.token, r.deposit - r.late_fee - claim)
        if claim == 0:
            del self.open[r.listing_id]
        else:
            self.open[r.listing_id] = r.claimed(claim, at)

    def release(self, r: Rental, caller: str) -> None:
        del self.open[r.listing_id]
        if caller != r.renter:
            self._credit(r.renter, r.token, r.deposit - r.late_fee)

    def pay_claim(self, r: Rental) -> None:
        del self.open[r.listing_id]
        self._credit(r.lender, r.token, r.claim)

    def dispute(self, r: Rental, at: int) -> None:
        self.open[r.listing_id] = r.disputed(at)

    def resolve(self, r: Rental, renter_bps: int) -> None:
        del self.open[r.listing_id]
        renter_amount = r.claim * renter_bps // BPS
        self._credit(r.renter, r.token, renter_amount)
        self._credit(r.lender, r.token, r.claim - renter_amount)

    def withdraw(self, account: str, token: str) -> int:
        return self.owed.pop((account, token), 0)

    def withdraw_fees(self, token: str) -> int:
        return self.fees.pop(token, 0)

    # ---------------------------------------------------------------- deadlines

    def deadline(self, r: Rental) -> int:
        if r.status == RentalStatus.BOOKED:
            return r.booked_at + r.handover_window
        if r.status == RentalStatus.ACTIVE:
            return end_of(r.started_at, r.rental_days) + r.grace_period + MAX_LATE_PERIOD
        if r.status == RentalStatus.RETURNED:
            return r.returned_at + r.inspection_window
        if r.status == RentalStatus.CLAIMED:
            return r.claimed_at + CLAIM_RESPONSE_WINDOW
        if r.status == RentalStatus.DISPUTED:
            return r.disputed_at + self.dispute_timeout
        raise ValueError(r.status)


def random_terms(rng: object, token: str) -> Terms:
    """Terms spread over small and large amounts (rounding) and short and long windows."""
    import random

    assert isinstance(rng, random.Random)
    scale = rng.choice([1, 10**6, 10**15])
    min_days = rng.randint(1, 2)
    return Terms(
        token=token,
        daily_rate=rng.randint(1, 999) * scale,
        deposit=rng.choice([0, rng.randint(1, 5000) * scale]),
        late_fee_per_day=rng.choice([0, rng.randint(1, 2000) * scale]),
        min_days=min_days,
        max_days=min_days + rng.randint(0, 3),
        grace_period=rng.choice([0, 3600, DAY]),
        handover_window=rng.choice([3600, DAY, 3 * DAY]),
        inspection_window=rng.choice([3600, DAY, 2 * DAY]),
    )
