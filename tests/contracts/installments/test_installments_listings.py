"""InstallmentPlans listings, terms validation, caps, admin and the config views."""

from __future__ import annotations

from typing import Any

import ape
import pytest

from core.constants import ZERO_ADDRESS

from .helpers import (
    ANY,
    DAY,
    FEE_BPS,
    LAYAWAY,
    MAX_DOWN_PAYMENT_BPS,
    MAX_FEE_BPS,
    MAX_FINANCING_FEE_BPS,
    MAX_FORFEIT_BPS,
    MAX_GRACE,
    MAX_INSTALLMENTS,
    MAX_INTERVAL,
    MAX_LATE_FEE_BPS,
    MIN_GRACE,
    MIN_INSTALLMENTS,
    MIN_INTERVAL,
    Terms,
    addr,
    event,
    paid_of,
    plain,
    split,
)

UINT96_MAX = 2**96 - 1


def test_create_listing_stores_terms_and_emits_them(plans: Any, seller: Any, token: Any) -> None:
    terms = Terms(token=addr(token), price=10**21, installments=6, mode=LAYAWAY, forfeit_bps=700)

    receipt = plans.createListing(terms.abi(), 5, b"\xaa" * 32, sender=seller)

    created = event(plans, receipt, "PlanListingCreated")
    assert (created.listingId, created.seller, created.token) == (1, seller, addr(token))
    assert plain(created.terms) == terms.abi()
    assert (created.stock, created.feeBps, created.metadataHash) == (5, FEE_BPS, b"\xaa" * 32)
    listing = plans.getListing(1)
    assert (listing.seller, listing.status, listing.stock, listing.feeBps) == (
        seller,
        1,
        5,
        FEE_BPS,
    )
    assert plain(listing.terms) == terms.abi()


def test_listing_ids_count_up(plans: Any, create_listing: Any) -> None:
    assert [create_listing(), create_listing(), create_listing()] == [1, 2, 3]


def test_listing_fee_is_fixed_at_creation(
    plans: Any, owner: Any, create_listing: Any, start_plan: Any
) -> None:
    listing_id = create_listing()
    plans.setFee(MAX_FEE_BPS, sender=owner)

    plan_id, _ = start_plan(listing_id=listing_id)

    assert plans.getListing(listing_id).feeBps == FEE_BPS
    assert plans.getPlan(plan_id).feeBps == FEE_BPS


@pytest.mark.parametrize(
    ("change", "error", "args"),
    [
        ({"price": 0}, "InstallmentPlansZeroPrice", {}),
        (
            {"down_payment_bps": MAX_DOWN_PAYMENT_BPS + 1},
            "InstallmentPlansDownPaymentTooHigh",
            {"downPaymentBps": MAX_DOWN_PAYMENT_BPS + 1, "maxBps": MAX_DOWN_PAYMENT_BPS},
        ),
        (
            {"installments": MIN_INSTALLMENTS - 1},
            "InstallmentPlansInvalidInstallments",
            {"installments": 1, "min": MIN_INSTALLMENTS, "max": MAX_INSTALLMENTS},
        ),
        (
            {"installments": MAX_INSTALLMENTS + 1},
            "InstallmentPlansInvalidInstallments",
            {"installments": 25, "min": MIN_INSTALLMENTS, "max": MAX_INSTALLMENTS},
        ),
        (
            {"interval": MIN_INTERVAL - 1},
            "InstallmentPlansInvalidInterval",
            {"interval": DAY - 1, "min": MIN_INTERVAL, "max": MAX_INTERVAL},
        ),
        (
            {"interval": MAX_INTERVAL + 1},
            "InstallmentPlansInvalidInterval",
            {"interval": MAX_INTERVAL + 1, "min": MIN_INTERVAL, "max": MAX_INTERVAL},
        ),
        (
            {"grace_period": MIN_GRACE - 1},
            "InstallmentPlansInvalidGracePeriod",
            {"gracePeriod": DAY - 1, "min": MIN_GRACE, "max": MAX_GRACE},
        ),
        (
            {"grace_period": MAX_GRACE + 1},
            "InstallmentPlansInvalidGracePeriod",
            {"gracePeriod": MAX_GRACE + 1, "min": MIN_GRACE, "max": MAX_GRACE},
        ),
        (
            {"financing_fee_bps": MAX_FINANCING_FEE_BPS + 1},
            "InstallmentPlansFinancingFeeTooHigh",
            {"financingFeeBps": MAX_FINANCING_FEE_BPS + 1, "maxBps": MAX_FINANCING_FEE_BPS},
        ),
        (
            {"late_fee_bps": MAX_LATE_FEE_BPS + 1},
            "InstallmentPlansLateFeeTooHigh",
            {"lateFeeBps": MAX_LATE_FEE_BPS + 1, "maxBps": MAX_LATE_FEE_BPS},
        ),
        (
            {"mode": LAYAWAY, "forfeit_bps": MAX_FORFEIT_BPS + 1},
            "InstallmentPlansForfeitTooHigh",
            {"forfeitBps": MAX_FORFEIT_BPS + 1, "maxBps": MAX_FORFEIT_BPS},
        ),
        (
            {"forfeit_bps": 1},
            "InstallmentPlansForfeitTooHigh",
            {"forfeitBps": 1, "maxBps": 0},
        ),
        (
            {"price": 11, "down_payment_bps": 0, "financing_fee_bps": 0, "installments": 12},
            "InstallmentPlansInstallmentTooSmall",
            {"financedTotal": 11, "installments": 12},
        ),
        (
            {"token": "0x000000000000000000000000000000000000dEaD"},
            "InstallmentPlansTokenNotContract",
            {"token": "0x000000000000000000000000000000000000dEaD"},
        ),
    ],
)
def test_terms_outside_the_caps_revert(
    plans: Any, seller: Any, change: dict[str, Any], error: str, args: dict[str, Any]
) -> None:
    terms = Terms(**change)

    with ape.reverts(getattr(plans, error), **args):
        plans.createListing(terms.abi(), 1, b"\x00" * 32, sender=seller)
    with ape.reverts(getattr(plans, error), **args):
        plans.previewSchedule(terms.abi())


def test_amounts_that_could_overflow_96_bits_revert(plans: Any, seller: Any) -> None:
    terms = Terms(price=UINT96_MAX, down_payment_bps=0, financing_fee_bps=MAX_FINANCING_FEE_BPS)
    down, fee, installment, dust = split(terms)
    total = installment * terms.installments + dust
    receivable = down + total + total * terms.late_fee_bps // 10_000

    with ape.reverts(
        plans.InstallmentPlansAmountTooLarge, maxReceivable=receivable, limit=UINT96_MAX
    ):
        plans.createListing(terms.abi(), 1, b"\x00" * 32, sender=seller)


def test_boundary_terms_are_accepted(plans: Any, seller: Any) -> None:
    edge = Terms(
        price=24,
        down_payment_bps=MAX_DOWN_PAYMENT_BPS,
        installments=MAX_INSTALLMENTS,
        interval=MAX_INTERVAL,
        financing_fee_bps=MAX_FINANCING_FEE_BPS * 10,  # capped below
        grace_period=MAX_GRACE,
        late_fee_bps=MAX_LATE_FEE_BPS,
        forfeit_bps=MAX_FORFEIT_BPS,
        mode=LAYAWAY,
    ).but(financing_fee_bps=MAX_FINANCING_FEE_BPS, price=10**6)
    low = Terms(installments=MIN_INSTALLMENTS, interval=MIN_INTERVAL, grace_period=MIN_GRACE)

    for terms in (edge, low):
        plans.createListing(terms.abi(), 1, b"\x00" * 32, sender=seller)
        down, fee, installment, dust = split(terms)
        assert tuple(plans.previewSchedule(terms.abi())) == (
            down,
            fee,
            installment,
            installment + dust,
        )


def test_update_listing(plans: Any, seller: Any, create_listing: Any) -> None:
    listing_id = create_listing()

    receipt = plans.updateListing(listing_id, 7, b"\xbb" * 32, sender=seller)

    updated = event(plans, receipt, "PlanListingUpdated")
    assert (updated.listingId, updated.stock, updated.metadataHash) == (listing_id, 7, b"\xbb" * 32)
    assert plans.getListing(listing_id).stock == 7


def test_close_listing(plans: Any, seller: Any, create_listing: Any, buyer: Any) -> None:
    listing_id = create_listing()

    receipt = plans.closeListing(listing_id, sender=seller)

    assert event(plans, receipt, "PlanListingClosed").listingId == listing_id
    assert plans.getListing(listing_id).status == 2
    with ape.reverts(plans.InstallmentPlansListingClosed, listingId=listing_id):
        plans.updateListing(listing_id, 1, b"\x00" * 32, sender=seller)
    with ape.reverts(plans.InstallmentPlansListingClosed, listingId=listing_id):
        plans.closeListing(listing_id, sender=seller)
    with ape.reverts(plans.InstallmentPlansListingClosed, listingId=listing_id):
        plans.startPlan(listing_id, b"\x00" * 32, sender=buyer, value=0)


def test_only_the_seller_manages_a_listing(
    plans: Any, seller: Any, keeper: Any, create_listing: Any
) -> None:
    listing_id = create_listing()

    with ape.reverts(plans.InstallmentPlansNotSeller, caller=keeper, seller=seller):
        plans.updateListing(listing_id, 1, b"\x00" * 32, sender=keeper)
    with ape.reverts(plans.InstallmentPlansNotSeller, caller=keeper, seller=seller):
        plans.closeListing(listing_id, sender=keeper)


def test_unknown_listing_reverts(plans: Any, seller: Any, buyer: Any) -> None:
    with ape.reverts(plans.InstallmentPlansUnknownListing, listingId=9):
        plans.updateListing(9, 1, b"\x00" * 32, sender=seller)
    with ape.reverts(plans.InstallmentPlansUnknownListing, listingId=9):
        plans.closeListing(9, sender=seller)
    with ape.reverts(plans.InstallmentPlansUnknownListing, listingId=9):
        plans.startPlan(9, b"\x00" * 32, sender=buyer)
    assert plans.getListing(9).status == 0


def test_limits_publish_the_caps(plans: Any) -> None:
    assert tuple(plans.limits()) == (
        MAX_FEE_BPS,
        MAX_DOWN_PAYMENT_BPS,
        MAX_FINANCING_FEE_BPS,
        MAX_LATE_FEE_BPS,
        MAX_FORFEIT_BPS,
        MIN_INSTALLMENTS,
        MAX_INSTALLMENTS,
        MIN_INTERVAL,
        MAX_INTERVAL,
        MIN_GRACE,
        MAX_GRACE,
    )


# ------------------------------------------------------------------ admin


def test_constructor_settings(plans: Any, owner: Any, fee_recipient: Any, recorder: Any) -> None:
    config = plans.config()

    assert plans.owner() == owner
    assert (config.feeBps, config.feeRecipient, config.dealRecorder) == (
        FEE_BPS,
        fee_recipient,
        recorder,
    )
    assert (config.paused, config.planCount) == (False, 0)


def test_constructor_rejects_bad_settings(project: Any, owner: Any) -> None:
    with ape.reverts(project.InstallmentPlans.PlatformFeeTooHigh, feeBps=501, maxFeeBps=500):
        owner.deploy(project.InstallmentPlans, owner, owner, 501)
    with ape.reverts(project.InstallmentPlans.PlatformZeroAddress):
        owner.deploy(project.InstallmentPlans, owner, ZERO_ADDRESS, 100)


def test_set_fee(plans: Any, owner: Any) -> None:
    receipt = plans.setFee(MAX_FEE_BPS, sender=owner)

    assert event(plans, receipt, "FeeUpdated").feeBps == MAX_FEE_BPS
    assert plans.config().feeBps == MAX_FEE_BPS
    with ape.reverts(plans.PlatformFeeTooHigh, feeBps=501, maxFeeBps=MAX_FEE_BPS):
        plans.setFee(501, sender=owner)


def test_set_fee_recipient_and_recorder(plans: Any, owner: Any, keeper: Any) -> None:
    receipt = plans.setFeeRecipient(keeper, sender=owner)
    assert event(plans, receipt, "FeeRecipientUpdated").feeRecipient == keeper
    receipt = plans.setDealRecorder(ZERO_ADDRESS, sender=owner)
    assert event(plans, receipt, "DealRecorderUpdated").dealRecorder == ZERO_ADDRESS
    assert (plans.config().feeRecipient, plans.config().dealRecorder) == (keeper, ZERO_ADDRESS)
    with ape.reverts(plans.PlatformZeroAddress):
        plans.setFeeRecipient(ZERO_ADDRESS, sender=owner)


def test_admin_functions_are_owner_only(plans: Any, keeper: Any) -> None:
    for call in (
        lambda: plans.setFee(1, sender=keeper),
        lambda: plans.setFeeRecipient(keeper, sender=keeper),
        lambda: plans.setDealRecorder(keeper, sender=keeper),
        lambda: plans.pause(sender=keeper),
        lambda: plans.unpause(sender=keeper),
    ):
        with ape.reverts(plans.OwnableUnauthorizedAccount, account=keeper):
            call()


def test_pause_blocks_only_new_business(
    plans: Any, owner: Any, seller: Any, buyer: Any, create_listing: Any, start_plan: Any
) -> None:
    listing_id = create_listing()
    plan_id, _ = start_plan(listing_id=listing_id)
    installment = plans.getPlan(plan_id).installment

    receipt = plans.pause(sender=owner)

    assert event(plans, receipt, "Paused").account == owner
    with ape.reverts(plans.PlatformPaused):
        plans.createListing(Terms().abi(), 1, b"\x00" * 32, sender=seller)
    with ape.reverts(plans.PlatformPaused):
        plans.startPlan(listing_id, b"\x00" * 32, sender=buyer, value=split(Terms())[0])
    plans.pay(
        plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer, value=installment
    )  # payments go on
    plans.updateListing(listing_id, 3, b"\x00" * 32, sender=seller)
    receipt = plans.unpause(sender=owner)
    assert event(plans, receipt, "Unpaused").account == owner
    start_plan(listing_id=listing_id)


def test_ownership_is_two_step(plans: Any, owner: Any, keeper: Any) -> None:
    plans.transferOwnership(keeper, sender=owner)
    assert plans.owner() == owner and plans.pendingOwner() == keeper

    plans.acceptOwnership(sender=keeper)

    assert plans.owner() == keeper
    plans.setFee(0, sender=keeper)
