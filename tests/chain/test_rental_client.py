"""chain/rentals/client.py against a real anvil: the typed RentalEscrow client, rebuilding rentals
from events, decoded reverts and keeper settlements of every deadline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from eth_account.signers.local import LocalAccount
from web3 import Web3

from chain.anvil import dev_account
from chain.artifacts import Artifact
from chain.deal_kinds import DealKind
from chain.deploy import Deployment
from chain.errors import ContractRevertError, RentalNotFoundError
from chain.events import EventRegistry
from chain.rentals.client import RentalClient
from chain.rentals.types import (
    CLAIM_RESPONSE_WINDOW,
    DAY,
    MAX_LATE_PERIOD,
    Rental,
    RentalStatus,
    RentalTerms,
)
from chain.reputation.client import ReputationClient
from chain.types import ListingStatus
from core.constants import ZERO_ADDRESS

TERMS = RentalTerms(
    daily_rate=10**15,
    deposit=10**16,
    late_fee_per_day=2 * 10**15,
    min_days=2,
    max_days=10,
    grace_period=3600,
    handover_window=DAY,
    inspection_window=2 * DAY,
)
METADATA = "0x" + "cd" * 32


@pytest.fixture(scope="module")
def lender(w3: Web3, deployment: Deployment, seller_account: LocalAccount) -> RentalClient:
    return RentalClient.from_manifest(w3, deployment.manifest, seller_account)


@pytest.fixture(scope="module")
def renter(w3: Web3, deployment: Deployment, buyer_account: LocalAccount) -> RentalClient:
    return RentalClient.from_manifest(w3, deployment.manifest, buyer_account)


@pytest.fixture(scope="module")
def admin(w3: Web3, deployment: Deployment, deployer: LocalAccount) -> RentalClient:
    """The owner, who is also fee recipient and arbiter by default."""
    return RentalClient.from_manifest(w3, deployment.manifest, deployer)


@pytest.fixture(scope="module")
def keeper(w3: Web3, deployment: Deployment) -> RentalClient:
    return RentalClient.from_manifest(w3, deployment.manifest, dev_account(3))


@pytest.fixture
def listed(lender: RentalClient) -> Callable[..., int]:
    def _listed(terms: RentalTerms = TERMS) -> int:
        result = lender.create_listing(terms, METADATA)
        return int(result.event("RentalListingCreated").args["listingId"])

    return _listed


def warp(w3: Web3, timestamp: int) -> None:
    """Mine a block at ``timestamp``, so simulations and the next transaction see it."""
    w3.provider.make_request("evm_mine", [timestamp])  # type: ignore[arg-type]


def now(w3: Web3) -> int:
    return int(w3.eth.get_block("latest")["timestamp"])


def test_deployed_rental_escrow_is_configured(
    admin: RentalClient, deployer: LocalAccount, deployment: Deployment
) -> None:
    assert admin.owner() == deployer.address
    assert (admin.fee_recipient(), admin.arbiter()) == (deployer.address, deployer.address)
    assert admin.fee_bps() == 100
    assert admin.dispute_timeout() == 14 * DAY
    # chain/deploy.py wires every deal source to Reputation.
    assert admin.deal_recorder() == deployment.address("Reputation")
    assert admin.paused() is False
    assert admin.pending_owner() == ZERO_ADDRESS
    assert admin.constants() == {
        "MAX_FEE_BPS": 500,
        "MIN_DISPUTE_TIMEOUT": DAY,
        "MAX_DISPUTE_TIMEOUT": 90 * DAY,
        "MIN_WINDOW": 3600,
        "MAX_WINDOW": 180 * DAY,
        "MAX_RENTAL_DAYS": 3650,
        "CLAIM_RESPONSE_WINDOW": CLAIM_RESPONSE_WINDOW,
        "MAX_LATE_PERIOD": MAX_LATE_PERIOD,
    }


def test_listing_round_trip(snapshot: None, lender: RentalClient) -> None:
    result = lender.create_listing(TERMS, METADATA)

    event = result.event("RentalListingCreated")
    assert event.contract == "RentalEscrow"
    assert event.args["lender"] == lender.transactor.account.address
    assert event.args["metadataHash"] == METADATA
    assert event.args["terms"]["dailyRate"] == TERMS.daily_rate
    listing_id = int(event.args["listingId"])
    listing = lender.get_listing(listing_id)
    assert listing.terms == TERMS
    assert (listing.status, listing.rented, listing.fee_bps) == (ListingStatus.ACTIVE, False, 100)

    lender.update_listing(listing_id, RentalTerms(daily_rate=7, min_days=1))
    assert lender.get_listing(listing_id).terms == RentalTerms(daily_rate=7, min_days=1)
    lender.set_listing_paused(listing_id, True)
    assert lender.get_listing(listing_id).status == ListingStatus.PAUSED
    lender.close_listing(listing_id)
    assert lender.get_listing(listing_id).status == ListingStatus.CLOSED


def test_book_rebuilds_the_rental_from_events(
    snapshot: None, w3: Web3, lender: RentalClient, renter: RentalClient, listed: Callable[..., int]
) -> None:
    listing_id = listed()

    rental = renter.book(listing_id, 3)

    assert rental == Rental(
        id=(listing_id << 32) | 1,
        lender=lender.transactor.account.address,
        renter=renter.transactor.account.address,
        token=ZERO_ADDRESS,
        daily_rate=TERMS.daily_rate,
        deposit=TERMS.deposit,
        late_fee_per_day=TERMS.late_fee_per_day,
        fee_bps=100,
        rental_days=3,
        min_days=TERMS.min_days,
        grace_period=TERMS.grace_period,
        handover_window=TERMS.handover_window,
        inspection_window=TERMS.inspection_window,
        booked_at=now(w3),
    )
    assert renter.local_rental_hash(rental) == renter.hash_rental(rental)
    assert renter.rental_hash(listing_id) == renter.local_rental_hash(rental)
    assert lender.rental_from_chain(rental.id) == rental
    assert w3.eth.get_balance(renter.address) == TERMS.cost(3)


def test_rebuild_uses_the_terms_in_force_at_the_booking(
    snapshot: None, lender: RentalClient, renter: RentalClient, listed: Callable[..., int]
) -> None:
    listing_id = listed()
    first = renter.book(listing_id, 2)
    lender.cancel_booking(first)
    lender.update_listing(listing_id, RentalTerms(daily_rate=3, deposit=5, min_days=1))

    second = renter.book(listing_id, 4)

    assert (second.daily_rate, second.deposit, second.min_days) == (3, 5, 1)
    assert lender.rental_from_chain(first.id).status == RentalStatus.CANCELLED
    assert lender.rental_from_chain(first.id).daily_rate == TERMS.daily_rate


def test_full_rental_with_a_disputed_claim(
    snapshot: None,
    w3: Web3,
    lender: RentalClient,
    renter: RentalClient,
    admin: RentalClient,
    listed: Callable[..., int],
) -> None:
    rental = renter.book(listed(), 5)
    lender.confirm_handover(rental)
    rental = renter.rental_from_chain(rental.id)
    assert rental.status == RentalStatus.ACTIVE
    assert rental.ends_at == rental.started_at + 5 * DAY

    at = rental.started_at + 2 * DAY + 10
    preview = renter.preview_return(rental, at)
    assert (preview.paid_days, preview.refund, preview.late_fee) == (3, 2 * TERMS.daily_rate, 0)
    warp(w3, at - 1)
    returned = renter.mark_returned(rental)
    assert returned.event("RentalReturned").args["refund"] == 2 * TERMS.daily_rate
    rental = lender.rental_from_chain(rental.id)
    assert (rental.status, rental.paid_days) == (RentalStatus.RETURNED, 3)

    lender.confirm_return(rental, 4 * 10**15, "0x" + "ee" * 32)
    rental = renter.rental_from_chain(rental.id)
    assert (rental.status, rental.claim) == (RentalStatus.CLAIMED, 4 * 10**15)
    renter.dispute_claim(rental, "0x" + "ff" * 32)
    rental = admin.rental_from_chain(rental.id)
    assert rental.status == RentalStatus.DISPUTED
    assert admin.deadline_of(rental) == rental.disputed_at + 14 * DAY

    resolved = admin.resolve_dispute(rental, 2_500)

    assert resolved.event("RentalDisputeResolved").args["renterAmount"] == 10**15
    assert admin.rental_from_chain(rental.id).status == RentalStatus.RESOLVED
    assert renter.owed(renter.transactor.account.address, ZERO_ADDRESS) == 10**16 - 3 * 10**15
    renter.withdraw()
    lender.withdraw()
    admin.withdraw_fees()
    assert w3.eth.get_balance(renter.address) == 0


def test_erc20_rental_with_a_permit(
    snapshot: None,
    w3: Web3,
    lender: RentalClient,
    renter: RentalClient,
    token_address: str,
    listed: Callable[..., int],
) -> None:
    terms = RentalTerms(daily_rate=10**6, deposit=5 * 10**6, token=token_address)
    listing_id = listed(terms)

    result = renter.rent_with_permit(listing_id, 2)

    rental = renter.rental_from_chain(int(result.event("RentalBooked").args["rentalId"]))
    assert rental.token == token_address
    lender.cancel_booking(rental)
    assert renter.owed(renter.transactor.account.address, token_address) == terms.cost(2)
    renter.withdraw(token_address)
    assert renter.owed(renter.transactor.account.address, token_address) == 0


def test_keepers_settle_every_deadline(
    snapshot: None,
    w3: Web3,
    lender: RentalClient,
    renter: RentalClient,
    keeper: RentalClient,
    listed: Callable[..., int],
) -> None:
    booked = renter.book(listed(), 2)
    warp(w3, keeper.deadline_of(booked))
    keeper.cancel_booking(booked)

    lost = renter.book(listed(), 2)
    lender.confirm_handover(lost)
    lost = keeper.rental_from_chain(lost.id)
    warp(w3, keeper.deadline_of(lost))
    keeper.settle_late(lost)
    assert keeper.rental_from_chain(lost.id).status == RentalStatus.LOST

    silent = renter.book(listed(), 2)
    lender.confirm_handover(silent)
    renter.mark_returned(renter.rental_from_chain(silent.id))
    silent = keeper.rental_from_chain(silent.id)
    warp(w3, keeper.deadline_of(silent))
    keeper.release_deposit(silent)

    claimed = renter.book(listed(), 2)
    lender.confirm_handover(claimed)
    renter.mark_returned(renter.rental_from_chain(claimed.id))
    lender.confirm_return(lender.rental_from_chain(claimed.id), 10**15)
    claimed = keeper.rental_from_chain(claimed.id)
    warp(w3, keeper.deadline_of(claimed))
    keeper.settle_claim(claimed)

    disputed = renter.book(listed(), 2)
    lender.confirm_handover(disputed)
    renter.mark_returned(renter.rental_from_chain(disputed.id))
    lender.confirm_return(lender.rental_from_chain(disputed.id), 10**15)
    renter.dispute_claim(renter.rental_from_chain(disputed.id))
    disputed = keeper.rental_from_chain(disputed.id)
    warp(w3, keeper.deadline_of(disputed))
    keeper.resolve_expired_dispute(disputed)

    statuses = [keeper.rental_from_chain(r.id).status for r in (booked, silent, claimed, disputed)]
    assert statuses == [
        RentalStatus.CANCELLED,
        RentalStatus.COMPLETED,
        RentalStatus.COMPLETED,
        RentalStatus.RESOLVED,
    ]
    assert keeper.deadline_of(keeper.rental_from_chain(booked.id)) == 0


def test_accept_claim_and_no_claim_complete_the_rental(
    snapshot: None,
    w3: Web3,
    deployment: Deployment,
    seller_account: LocalAccount,
    buyer_account: LocalAccount,
    lender: RentalClient,
    renter: RentalClient,
    listed: Callable[..., int],
) -> None:
    fine = renter.book(listed(), 2)
    lender.confirm_handover(fine)
    renter.mark_returned(renter.rental_from_chain(fine.id))
    lender.confirm_return(lender.rental_from_chain(fine.id))

    claimed = renter.book(listed(), 2)
    lender.confirm_handover(claimed)
    renter.mark_returned(renter.rental_from_chain(claimed.id))
    lender.confirm_return(lender.rental_from_chain(claimed.id), 10**15)
    renter.accept_claim(renter.rental_from_chain(claimed.id))

    # Sent with the client's estimated gas limits, both completions reached Reputation: the
    # recorder's gas budget is part of the estimate, so the deal hook is not silently skipped.
    reputation = ReputationClient.from_manifest(w3, deployment.manifest, None)
    for rental in (fine, claimed):
        assert lender.rental_from_chain(rental.id).status == RentalStatus.COMPLETED
        deal = reputation.deal_from_chain(lender.address, rental.id)
        assert (deal.kind, deal.buyer, deal.seller) == (
            DealKind.RENTAL,
            buyer_account.address,
            seller_account.address,
        )


def test_reverts_are_decoded_before_sending(
    snapshot: None, renter: RentalClient, keeper: RentalClient, listed: Callable[..., int]
) -> None:
    rental = renter.book(listed(), 2)

    with pytest.raises(ContractRevertError) as caught:
        keeper.confirm_handover(rental)
    assert caught.value.error == "RentalEscrowNotLender"
    assert caught.value.error_args["caller"] == keeper.transactor.account.address

    with pytest.raises(ContractRevertError) as wrong_value:
        renter.rent(listed(), 2, value=1)
    assert wrong_value.value.error == "PaymentsWrongValue"
    assert wrong_value.value.error_args == {"sent": 1, "expected": TERMS.cost(2)}

    with pytest.raises(ContractRevertError) as forged:
        renter.mark_returned(rental.evolve(status=RentalStatus.ACTIVE))
    assert forged.value.error == "RentalEscrowUnknownRental"


def test_unknown_or_unreachable_rentals_raise(
    snapshot: None,
    w3: Web3,
    renter: RentalClient,
    listed: Callable[..., int],
) -> None:
    with pytest.raises(RentalNotFoundError, match="no RentalBooked"):
        renter.rental_from_chain(12345)

    listing_id = listed()
    after_listing = w3.eth.block_number + 1
    w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
    rental = renter.book(listing_id, 2)
    blind = RentalClient(w3, renter.address, deploy_block=after_listing)
    with pytest.raises(RentalNotFoundError, match="no RentalListingCreated"):
        blind.rental_from_chain(rental.id)


def test_admin_settings(snapshot: None, admin: RentalClient, keeper: RentalClient) -> None:
    stranger = keeper.transactor.account.address
    admin.set_fee(250)
    admin.set_fee_recipient(stranger)
    admin.set_arbiter(stranger)
    admin.set_dispute_timeout(2 * DAY)
    admin.set_deal_recorder(stranger)
    admin.pause()
    assert admin.paused() is True
    with pytest.raises(ContractRevertError, match="PlatformPaused"):
        admin.create_listing(TERMS)
    admin.unpause()
    assert (admin.fee_bps(), admin.fee_recipient(), admin.arbiter()) == (250, stranger, stranger)
    assert (admin.dispute_timeout(), admin.deal_recorder()) == (2 * DAY, stranger)

    admin.transfer_ownership(stranger)
    keeper.accept_ownership()
    assert admin.owner() == stranger
    keeper.renounce_ownership()
    assert admin.owner() == ZERO_ADDRESS


def test_registry_decodes_every_rental_event(artifacts: dict[str, Artifact]) -> None:
    registry = EventRegistry.from_artifacts(artifacts)

    for event in artifacts["RentalEscrow"].elements("event"):
        specs = registry.specs(registry.topic_of(event["name"]))
        assert any("RentalEscrow" in spec.declared_by for spec in specs), event["name"]
    assert registry.topic_of("ListingCreated") != registry.topic_of("RentalListingCreated")


def _hex32(value: object) -> str:
    return value if isinstance(value, str) else "0x" + bytes(value).hex()  # type: ignore[arg-type]


def test_a_booking_commits_to_the_terms_the_renter_was_shown(
    snapshot: None, lender: RentalClient, renter: RentalClient, listed: Callable[..., int]
) -> None:
    listing_id = listed()
    seen = renter.get_listing(listing_id).terms
    committed = renter.terms_hash(seen)
    assert committed == renter.terms_hash_of(listing_id) == renter.hash_terms(seen)
    assert seen.commitment() == committed  # the ABI-free hash the API publishes
    # The lender's front-run: the same total for 2 days, the deposit turned into rent.
    swapped = replace(seen, daily_rate=seen.daily_rate + seen.deposit // 2, deposit=0)
    assert swapped.cost(2) == seen.cost(2)
    lender.update_listing(listing_id, swapped)

    with pytest.raises(ContractRevertError) as changed:
        renter.rent(listing_id, 2, terms=seen)
    assert changed.value.error == "RentalEscrowTermsChanged"
    assert _hex32(changed.value.error_args["expected"]) == committed
    assert _hex32(changed.value.error_args["actual"]) == renter.terms_hash(swapped)
    assert "Read the listing again" in str(changed.value)
    assert renter.get_listing(listing_id).rented is False

    rental = renter.book(listing_id, 2)  # read again: the renter now agrees to the new terms
    assert (rental.daily_rate, rental.deposit) == (swapped.daily_rate, 0)
