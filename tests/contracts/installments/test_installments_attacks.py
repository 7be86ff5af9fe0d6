"""Attacks on InstallmentPlans: reentrancy through ETH receivers and token hooks, receivers
that refuse payment, fee-on-transfer tokens, signature replay across contracts and chains,
forged plan ids and arithmetic edge cases."""

from __future__ import annotations

from typing import Any

import ape
import pytest
from eth_utils import keccak

from core.constants import ZERO_ADDRESS

from .helpers import (
    ANY,
    DAY,
    FEE_BPS,
    LAYAWAY,
    Offer,
    Terms,
    addr,
    event,
    paid_of,
    plan_id_of,
    sign_offer,
    split,
)

REF = b"\x03" * 32
GUARD = keccak(text="ReentrancyGuardReentrantCall()")[:4]


def _start_as(plans: Any, receiver: Any, listing_id: int, down: int, funder: Any) -> int:
    """Start a plan with the ReentrantReceiver as buyer; returns the plan id."""
    receiver.configure(plans, b"", False, sender=funder)
    receipt = receiver.execute(
        plans.startPlan.encode_input(listing_id, REF), down, sender=funder, value=down
    )
    return plan_id_of(plans, receipt)


def test_buyer_contract_cannot_reenter_on_its_layaway_refund(
    plans: Any, receiver: Any, buyer: Any, create_listing: Any
) -> None:
    terms = Terms(mode=LAYAWAY, forfeit_bps=1_000)
    down = split(terms)[0]
    plan_id = _start_as(plans, receiver, create_listing(terms), down, buyer)
    receiver.configure(plans, plans.withdraw.encode_input(ZERO_ADDRESS), False, sender=buyer)

    receiver.execute(plans.cancelByBuyer.encode_input(plan_id, ANY), 0, sender=buyer)

    assert receiver.reentryAttempts() == 1
    assert receiver.lastReentrySucceeded() is False
    assert bytes(receiver.lastReentryError())[:4] == GUARD
    assert receiver.balance == down - down // 10
    assert plans.balance == down // 10


def test_seller_contract_cannot_reenter_its_proceeds_withdrawal(
    plans: Any, receiver: Any, seller: Any, start_plan: Any
) -> None:
    receiver.configure(plans, b"", False, sender=seller)
    receipt = receiver.execute(
        plans.createListing.encode_input(Terms().abi(), 5, REF), 0, sender=seller
    )
    listing_id = event(plans, receipt, "PlanListingCreated").listingId
    plan_id, _ = start_plan(listing_id=listing_id)
    withdraw = plans.withdrawProceeds.encode_input([plan_id])
    receiver.configure(plans, withdraw, False, sender=seller)

    receiver.execute(withdraw, 0, sender=seller)

    down = split(Terms())[0]
    assert receiver.lastReentrySucceeded() is False
    assert bytes(receiver.lastReentryError())[:4] == GUARD
    assert receiver.balance == down - down * FEE_BPS // 10_000


def test_token_hook_cannot_reenter_a_collection(
    plans: Any,
    buyer: Any,
    keeper: Any,
    attack_token: Any,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    plan_id, _ = start_plan(Terms(token=addr(attack_token), price=10**21))
    attack_token.setHook(plans, plans.collect.encode_input(plan_id), sender=keeper)
    travel(due(plan_id, 1))

    receipt = plans.collect(plan_id, sender=keeper)

    assert attack_token.hookCalls() == 1
    assert attack_token.hookSucceeded() is False
    assert bytes(attack_token.hookError())[:4] == GUARD
    assert event(plans, receipt, "InstallmentPaid").amount == plans.getPlan(plan_id).paid


def test_token_hook_cannot_reenter_a_payment(
    plans: Any, buyer: Any, attack_token: Any, start_plan: Any
) -> None:
    plan_id, _ = start_plan(Terms(token=addr(attack_token), price=10**21))
    installment = plans.getPlan(plan_id).installment
    attack_token.setHook(plans, plans.markDefault.encode_input(plan_id), sender=buyer)

    plans.pay(plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer)

    assert attack_token.hookSucceeded() is False
    assert bytes(attack_token.hookError())[:4] == GUARD
    assert plans.getPlan(plan_id).paid == installment


def test_seller_refusing_eth_cannot_block_the_buyer(
    plans: Any,
    receiver: Any,
    seller: Any,
    buyer: Any,
    keeper: Any,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    terms = Terms(mode=LAYAWAY, forfeit_bps=500)
    receiver.configure(plans, b"", False, sender=seller)
    receipt = receiver.execute(
        plans.createListing.encode_input(terms.abi(), 5, REF), 0, sender=seller
    )
    listing_id = event(plans, receipt, "PlanListingCreated").listingId
    receiver.configure(plans, b"", True, sender=seller)  # reverts on any ETH
    left, _ = start_plan(listing_id=listing_id)
    defaulted, _ = start_plan(listing_id=listing_id)

    plans.cancelByBuyer(left, ANY, sender=buyer)
    travel(due(defaulted, 1) + terms.grace_period + 1)
    plans.markDefault(defaulted, sender=keeper)
    plans.settleProceeds([left, defaulted], sender=keeper)
    plans.withdraw(ZERO_ADDRESS, sender=buyer)

    down = split(terms)[0]
    kept = 2 * (down * 500 // 10_000)
    assert plans.owed(receiver, ZERO_ADDRESS) == kept - 2 * (
        down * 500 // 10_000 * FEE_BPS // 10_000
    )
    with ape.reverts():  # only the refusing seller is stuck, by its own choice
        receiver.execute(plans.withdraw.encode_input(ZERO_ADDRESS), 0, sender=seller)


def test_fee_on_transfer_token_cannot_start_a_plan(
    plans: Any, buyer: Any, fot_token: Any, create_listing: Any
) -> None:
    terms = Terms(token=addr(fot_token), price=10**21)
    listing_id = create_listing(terms)
    down = split(terms)[0]

    with ape.reverts(
        plans.PaymentsFeeOnTransferToken,
        token=fot_token,
        received=down - down // 100,
        expected=down,
    ):
        plans.startPlan(listing_id, REF, sender=buyer)


def test_fee_on_transfer_token_cannot_be_paid_either(
    plans: Any, buyer: Any, attack_token: Any, start_plan: Any
) -> None:
    plan_id, _ = start_plan(Terms(token=addr(attack_token), price=10**21))
    installment = plans.getPlan(plan_id).installment
    attack_token.setFeeBps(50, sender=buyer)

    with ape.reverts(plans.PaymentsFeeOnTransferToken):
        plans.pay(plan_id, installment, paid_of(plans, plan_id), ANY, sender=buyer)


def test_offer_signed_for_another_contract_is_rejected(
    project: Any, plans: Any, owner: Any, seller: Any, buyer: Any, chain: Any
) -> None:
    other = owner.deploy(project.InstallmentPlans, owner, owner, FEE_BPS)
    offer = Offer(seller=addr(seller), terms=Terms(), expiry=chain.pending_timestamp + DAY, nonce=1)
    signature = sign_offer(seller.private_key, offer, chain.chain_id, plans)
    down = split(offer.terms)[0]

    with ape.reverts(other.InstallmentPlansInvalidSignature, seller=seller):
        other.acceptOffer(offer.abi(), signature, REF, sender=buyer, value=down)
    plans.acceptOffer(offer.abi(), signature, REF, sender=buyer, value=down)


def test_offer_signed_for_another_chain_is_rejected(
    plans: Any, seller: Any, buyer: Any, chain: Any
) -> None:
    offer = Offer(seller=addr(seller), terms=Terms(), expiry=chain.pending_timestamp + DAY, nonce=1)
    signature = sign_offer(seller.private_key, offer, chain.chain_id + 1, plans)

    with ape.reverts(plans.InstallmentPlansInvalidSignature, seller=seller):
        plans.acceptOffer(offer.abi(), signature, REF, sender=buyer, value=split(offer.terms)[0])


def test_malleable_or_short_signatures_are_rejected(
    plans: Any, seller: Any, buyer: Any, chain: Any
) -> None:
    offer = Offer(seller=addr(seller), terms=Terms(), expiry=chain.pending_timestamp + DAY, nonce=1)
    signature = sign_offer(seller.private_key, offer, chain.chain_id, plans)
    order = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
    r, s, v = signature[:32], int.from_bytes(signature[32:64], "big"), signature[64]
    flipped = r + (order - s).to_bytes(32, "big") + bytes([55 - v])  # same signer, high s
    down = split(offer.terms)[0]

    for bad in (flipped, signature[:64], b""):
        with ape.reverts(plans.InstallmentPlansInvalidSignature, seller=seller):
            plans.acceptOffer(offer.abi(), bad, REF, sender=buyer, value=down)


@pytest.mark.parametrize("action", ["pay", "payOff", "cancelByBuyer"])
def test_forged_plan_ids_point_nowhere(
    plans: Any, keeper: Any, start_plan: Any, action: str
) -> None:
    plan_id, _ = start_plan(Terms(mode=LAYAWAY))
    forged = (int(keeper.address, 16) << 96) | (plan_id & (2**96 - 1))  # keeper as "buyer"
    args = {
        "pay": (forged, 1, 0, ANY),
        "payOff": (forged, 1),
        "cancelByBuyer": (forged, ANY),
    }[action]
    value = 0 if action == "cancelByBuyer" else 1

    with ape.reverts(plans.InstallmentPlansUnknownPlan, planId=forged):
        getattr(plans, action)(*args, sender=keeper, value=value) if value else getattr(
            plans, action
        )(*args, sender=keeper)


def test_huge_amounts_revert_cleanly(
    plans: Any, buyer: Any, token_terms: Terms, start_plan: Any
) -> None:
    plan_id, _ = start_plan(token_terms)

    with ape.reverts(plans.InstallmentPlansOverpayment):
        plans.pay(plan_id, 2**256 - 1, paid_of(plans, plan_id), ANY, sender=buyer)
    with ape.reverts(plans.InstallmentPlansWrongPayoff):
        plans.payOff(plan_id, 2**256 - 1, sender=buyer)


def test_keeper_gains_nothing_and_cannot_act_for_parties(
    plans: Any,
    keeper: Any,
    token: Any,
    token_terms: Terms,
    start_plan: Any,
    due: Any,
    travel: Any,
) -> None:
    plan_id, _ = start_plan(token_terms.but(mode=LAYAWAY))
    before = token.balanceOf(keeper)

    with ape.reverts(plans.InstallmentPlansNotSeller):
        plans.cancelBySeller(plan_id, ANY, sender=keeper)
    with ape.reverts(plans.InstallmentPlansNotBuyer):
        plans.cancelByBuyer(plan_id, ANY, sender=keeper)
    with ape.reverts(plans.InstallmentPlansTooEarly):
        plans.markDefault(plan_id, sender=keeper)
    travel(due(plan_id, 1))
    plans.collect(plan_id, sender=keeper)
    plans.settleProceeds([plan_id], sender=keeper)

    assert token.balanceOf(keeper) == before
    assert plans.owed(keeper, token) == 0
