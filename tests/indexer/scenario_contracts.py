"""Activity on every other contract: rentals, installment plans, reviews, credits, vouchers.

Runs on a fresh chain or after scenario.py's Marketplace activity (which leaves account 9
the Marketplace's owner and its deal recorder unset). Accounts: 0 owner/arbiter/keeper,
1 and 2 sellers and lenders, 3-5 buyers and renters.
"""

from __future__ import annotations

from typing import Any

from indexer_helpers import DAY, TOKEN_UNIT, Chain

from chain.installments.client import InstallmentPlansClient
from chain.installments.types import DeliveryMode, PlanOffer, PlanTerms
from chain.marketplace.types import Voucher
from chain.rentals.client import RentalClient
from chain.rentals.types import RentalTerms
from chain.reputation.client import ReputationClient
from chain.reputation.credits import ReviewCreditsClient
from chain.reputation.types import ReportReason, Review

ETH = 10**16
INTERVAL = 3 * DAY


def _admin(owner: Any, next_owner: Any, recipient: str) -> None:
    """Every admin event of a deal source: fee, recipient, pause, ownership moved on."""
    owner.set_fee(150)
    owner.set_fee_recipient(recipient)
    owner.pause()
    owner.unpause()
    owner.transfer_ownership(next_owner.transactor.account.address)
    next_owner.accept_ownership()


def _rental(chain: Chain, index: int) -> RentalClient:
    return RentalClient.from_manifest(chain.w3, chain.manifest, chain.account(index))


def _plans(chain: Chain, index: int) -> InstallmentPlansClient:
    return InstallmentPlansClient.from_manifest(chain.w3, chain.manifest, chain.account(index))


def _reputation(chain: Chain, index: int) -> ReputationClient:
    return ReputationClient.from_manifest(chain.w3, chain.manifest, chain.account(index))


def rentals(chain: Chain) -> dict[str, int]:
    """Every rental path: cancelled, completed, late with released deposit, claim accepted,
    claim ruled for the renter, claim left to the timeout, never returned."""
    admin, lender, other = _rental(chain, 0), _rental(chain, 1), _rental(chain, 2)
    r1, r2, r3 = _rental(chain, 3), _rental(chain, 4), _rental(chain, 5)
    admin.set_dispute_timeout(DAY)
    terms = RentalTerms(
        daily_rate=ETH // 10, deposit=ETH // 2, late_fee_per_day=ETH // 100, max_days=10
    )

    def listing(client: RentalClient, metadata: str = "0x" + "c1" * 32) -> int:
        created = client.create_listing(terms, metadata).event("RentalListingCreated")
        return int(created.args["listingId"])

    first, late, claimed, ruled, expired, lost = (
        listing(lender),
        listing(lender),
        listing(other),
        listing(other),
        listing(lender),
        listing(other),
    )
    cancelled = r1.book(first, 2)
    lender.cancel_booking(cancelled)
    lender.update_listing(
        first, RentalTerms(daily_rate=ETH // 5, deposit=ETH // 4), "0x" + "c2" * 32
    )
    booked = {
        "completed": (r2.book(first, 3), lender),
        "late": (r3.book(late, 2), lender),
        "claimed": (r1.book(claimed, 1), other),
        "ruled": (r2.book(ruled, 1), other),
        "expired": (r3.book(expired, 1), lender),
        "lost": (r1.book(lost, 1), other),
    }
    for rental, owner in booked.values():
        owner.confirm_handover(rental)
    ids = {name: rental.id for name, (rental, _owner) in booked.items()}
    chain.increase_time(DAY // 2)
    for name, renter in (("completed", r2), ("claimed", r1), ("ruled", r2), ("expired", r3)):
        renter.mark_returned(renter.rental_from_chain(ids[name]))
    lender.confirm_return(lender.rental_from_chain(ids["completed"]))
    other.confirm_return(other.rental_from_chain(ids["claimed"]), ETH // 10, "0x" + "e1" * 32)
    r1.accept_claim(r1.rental_from_chain(ids["claimed"]))
    other.confirm_return(other.rental_from_chain(ids["ruled"]), ETH // 5, "0x" + "e2" * 32)
    r2.dispute_claim(r2.rental_from_chain(ids["ruled"]), "0x" + "d3" * 32)
    admin.resolve_dispute(admin.rental_from_chain(ids["ruled"]), 7_000)
    lender.confirm_return(lender.rental_from_chain(ids["expired"]), ETH // 4)
    r3.dispute_claim(r3.rental_from_chain(ids["expired"]))
    chain.increase_time(3 * DAY)  # "late" is a day and a half late; the dispute timed out
    r3.mark_returned(r3.rental_from_chain(ids["late"]))
    r1.resolve_expired_dispute(r1.rental_from_chain(ids["expired"]))
    chain.increase_time(4 * DAY)  # past the inspection window of "late"
    r2.release_deposit(r2.rental_from_chain(ids["late"]))
    chain.increase_time(30 * DAY)  # "lost" is past its end, grace and late period
    r2.settle_late(r2.rental_from_chain(ids["lost"]))
    lender.set_listing_paused(first, True)
    lender.set_listing_paused(first, False)
    lender.close_listing(late)
    lender.withdraw()
    r3.withdraw()
    admin.withdraw_fees()
    _admin(admin, _rental(chain, 9), chain.account(0).address)
    return ids


def plans(chain: Chain) -> dict[str, int]:
    """Plans paid on time, late then paid off, defaulted, cancelled by the seller and by the
    buyer (layaway), collected by a keeper, and a failed collection."""
    keeper, seller, other = _plans(chain, 0), _plans(chain, 1), _plans(chain, 2)
    b1, b2, b3 = _plans(chain, 3), _plans(chain, 4), _plans(chain, 5)
    # Two days of grace: a payment in the second day after a due date is late (a late fee)
    # but still inside the buyer's window, which closes at due + grace.
    common = {"installments": 3, "interval": INTERVAL, "grace_period": 2 * DAY}
    eth_terms = PlanTerms(price=ETH, **common)  # type: ignore[arg-type]
    layaway = PlanTerms(price=ETH, mode=DeliveryMode.LAYAWAY, forfeit_bps=1_000, **common)  # type: ignore[arg-type]
    token_terms = PlanTerms(price=90 * TOKEN_UNIT, token=chain.token, **common)  # type: ignore[arg-type]

    def listing(client: InstallmentPlansClient, terms: PlanTerms, stock: int) -> int:
        created = client.create_listing(terms, stock=stock, metadata_hash="0x" + "f1" * 32)
        return int(created.event("PlanListingCreated").args["listingId"])

    def started(result: object) -> int:
        return int(result.event("PlanStarted").args["planId"])  # type: ignore[attr-defined]

    eth = listing(seller, eth_terms, 10)
    lay = listing(other, layaway, 2)
    tok = listing(other, token_terms, 3)
    ids = {
        "on_time": started(b1.start_plan(eth, "0x" + "5b" * 32)),
        "late": started(b2.start_plan(eth)),
        "defaulted": started(b3.start_plan(eth)),
        "left": started(b2.start_plan(lay)),
        "dropped": started(b3.start_plan(lay)),
    }
    b3.approve_token(chain.token, token_terms.split().total + token_terms.split().down_payment)
    ids["collected"] = started(b3.start_plan(tok))
    b1.approve_token(chain.token, token_terms.split().down_payment)
    ids["failed"] = started(b1.start_plan(tok))
    now = int(chain.w3.eth.get_block("latest")["timestamp"])
    offer = PlanOffer(
        seller=seller.transactor.account.address,
        terms=eth_terms,
        expiry=now + DAY,
        nonce=5,
        buyer=b1.transactor.account.address,
        listing_id=eth,
    )
    ids["cancelled"] = started(b1.accept_offer(offer, seller.sign_offer(offer)))
    seller.cancel_nonces([6, 7])
    b1.pay(ids["on_time"])
    b2.cancel_by_buyer(ids["left"])
    other.cancel_by_seller(ids["dropped"])
    seller.cancel_by_seller(ids["cancelled"])
    chain.increase_time(INTERVAL + DAY // 2)  # installment 1 due, inside its payment window
    keeper.collect(ids["collected"])
    keeper.collect(ids["failed"])
    chain.increase_time(DAY)  # installment 1 is late, still inside the two-day grace period
    b2.pay(ids["late"])  # charged the late fee of installment 1
    chain.increase_time(DAY)  # past the grace period: the buyer's window closed
    keeper.mark_default(ids["defaulted"])
    b1.pay(ids["on_time"])
    b2.pay_off(ids["late"])
    chain.increase_time(INTERVAL)
    last = b1.get_plan(ids["on_time"])
    b1.pay(ids["on_time"], last.total - last.paid)
    seller.settle_proceeds([ids["on_time"], ids["late"]])
    seller.update_listing(eth, stock=4, metadata_hash="0x" + "f2" * 32)
    other.close_listing(lay)
    seller.withdraw()
    b3.withdraw()
    keeper.withdraw_fees()
    _admin(keeper, _plans(chain, 9), chain.account(0).address)
    return ids


def reviews_credits_vouchers(
    chain: Chain, rental_ids: dict[str, int], plan_ids: dict[str, int]
) -> None:
    """Reviews of a purchase, a rental and a plan (edited, answered, reported), credits
    earned, spent at checkout and burned to promote, vouchers redeemed and cancelled."""
    reputation_address = chain.manifest.get("Reputation").address
    if chain.client(0).deal_recorder() != reputation_address:  # scenario.py unset it
        owner = chain.client(9 if chain.client(0).owner() == chain.account(9).address else 0)
        owner.set_deal_recorder(reputation_address)
    s1, s2 = chain.client(1), chain.client(2)
    b1, b2 = chain.client(3), chain.client(4)
    rep_s1 = _reputation(chain, 1)
    rep_b1, rep_b2 = _reputation(chain, 3), _reputation(chain, 4)
    market = chain.marketplace

    created = s1.create_listing(price=ETH, stock=10).event("ListingCreated")
    listing = int(created.args["listingId"])
    (purchase,) = rep_b1.deals_recorded(b1.buy(listing))
    posted = rep_b1.post_review(purchase, Review(rating=5, quality=5, text_hash="0x" + "71" * 32))
    earned = int(posted.event("ReviewPosted").args["credits"])
    purchase = rep_s1.deal_from_chain(market, purchase.id)
    rep_s1.post_review(purchase, Review(rating=4, communication=4, text_hash="0x" + "72" * 32))
    rep_s1.post_response(rep_s1.deal_from_chain(market, purchase.id), "0x" + "73" * 32)
    rep_b1.edit_review(
        rep_b1.deal_from_chain(market, purchase.id), Review(rating=3, text_hash="0x" + "74" * 32)
    )
    rep_b1.post_response(rep_b1.deal_from_chain(market, purchase.id), "0x" + "75" * 32)

    rentals = chain.manifest.get("RentalEscrow").address
    rented = rep_b2.deal_from_chain(rentals, rental_ids["completed"])
    rep_b2.post_review(rented, Review(rating=2, as_described=1, text_hash="0x" + "76" * 32))
    rep_b2.report(
        rep_b2.deal_from_chain(rentals, rented.id), ReportReason.NOT_AS_DESCRIBED, "0x" + "77" * 32
    )
    rep_s1.report(
        rep_s1.deal_from_chain(rentals, rented.id), ReportReason.FALSE_DISPUTE, "0x" + "78" * 32
    )
    installments = chain.manifest.get("InstallmentPlans").address
    planned = rep_b1.deal_from_chain(installments, plan_ids["on_time"])
    rep_b1.post_review(planned, Review(rating=4, delivery=5, text_hash="0x" + "79" * 32))

    created = s2.create_listing(price=ETH, stock=10).event("ListingCreated")
    accepting = int(created.args["listingId"])
    s2.set_credit_cap(accepting, 5_000)
    b1.purchase_with_credits(accepting, credits=earned)
    credits = ReviewCreditsClient.from_manifest(chain.w3, chain.manifest, chain.account(2))
    credits.promote(market, accepting, earned // 2)
    credits.promote(market, accepting, earned // 4)

    now = int(chain.w3.eth.get_block("latest")["timestamp"])
    voucher = Voucher(
        seller=s1.account.address,  # type: ignore[union-attr]
        discount=1_000,
        percent=True,
        expiry=now + DAY,
        nonce=1,
        max_redemptions=2,
    )
    book = s1.voucher_book()
    signature = book.sign(voucher)
    b2.purchase_with_voucher(listing, voucher, signature)
    b1.purchase_with_voucher(listing, voucher, signature, 2)
    book.cancel(voucher)
    book.cancel(voucher)  # a second cancellation changes nothing
    unused = Voucher(seller=s1.account.address, discount=ETH // 10, expiry=now + DAY, nonce=2)  # type: ignore[union-attr]
    book.cancel(unused)


def everything(chain: Chain) -> None:
    """All of the above, in order."""
    rental_ids = rentals(chain)
    plan_ids = plans(chain)
    reviews_credits_vouchers(chain, rental_ids, plan_ids)
