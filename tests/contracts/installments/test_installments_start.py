"""Starting a plan: from a listing (ETH, ERC-20 approval, permit) and from a signed offer."""

from __future__ import annotations

from typing import Any

import ape
from eth_abi import encode
from eth_utils import keccak

from core.constants import ZERO_ADDRESS

from .helpers import (
    ACTIVE,
    DAY,
    FEE_BPS,
    INTERVAL,
    LAYAWAY,
    TOKEN_PRICE,
    ZERO32,
    Offer,
    Terms,
    addr,
    block_time,
    domain,
    event,
    gas_cost,
    plain,
    plan_id_of,
    sign_offer,
    sign_permit,
    split,
    terms_typehash,
)

REF = b"\x02" * 32
DOMAIN_TYPE = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"


def _offer(seller: Any, chain: Any, **changes: Any) -> Offer:
    expiry = chain.pending_timestamp + DAY
    return Offer(seller=addr(seller), terms=Terms(installments=6), expiry=expiry, nonce=1).but(
        **changes
    )


# ------------------------------------------------------------------ from a listing


def test_start_plan_fixes_the_schedule_and_takes_the_down_payment(
    plans: Any, seller: Any, buyer: Any, create_listing: Any, chain: Any
) -> None:
    terms = Terms(price=10**18 + 7, installments=5)
    listing_id = create_listing(terms, stock=2)
    down, fee, installment, dust = split(terms)
    before = buyer.balance

    receipt = plans.startPlan(listing_id, REF, sender=buyer, value=down)

    plan_id = plan_id_of(plans, receipt)
    assert plan_id == (int(buyer.address, 16) << 96) | 1
    assert plans.buyerOf(plan_id) == buyer
    started = event(plans, receipt, "PlanStarted")
    assert (started.seller, started.buyer, started.listingId, started.offerHash) == (
        seller,
        buyer,
        listing_id,
        ZERO32,
    )
    assert plain(started.terms) == terms.abi()
    assert (started.downPayment, started.financingFee) == (down, fee)
    assert (started.installment, started.lastInstallment) == (installment, installment + dust)
    assert (started.feeBps, started.metadataHash, started.shippingRef) == (FEE_BPS, ZERO32, REF)
    plan = plans.getPlan(plan_id)
    assert (plan.buyer, plan.seller, plan.token, plan.status, plan.mode) == (
        buyer,
        seller,
        ZERO_ADDRESS,
        ACTIVE,
        0,
    )
    assert (plan.downPayment, plan.financingFee, plan.installment, plan.lastInstallment) == (
        down,
        fee,
        installment,
        installment + dust,
    )
    assert (plan.installments, plan.interval, plan.gracePeriod) == (5, INTERVAL, terms.grace_period)
    assert (plan.lateFeeBps, plan.forfeitBps, plan.feeBps) == (terms.late_fee_bps, 0, FEE_BPS)
    assert (plan.startedAt, plan.paid, plan.lateMask, plan.settled) == (
        block_time(chain, receipt),
        0,
        0,
        0,
    )
    assert before - buyer.balance == down + gas_cost(receipt)
    assert plans.balance == down
    assert plans.getListing(listing_id).stock == 1
    assert plans.config().planCount == 1
    assert plans.quote(plan_id).balance == down


def test_start_plan_requires_the_exact_down_payment(
    plans: Any, buyer: Any, create_listing: Any
) -> None:
    listing_id = create_listing()
    down = split(Terms())[0]

    for value in (down - 1, down + 1, 0):
        with ape.reverts(plans.PaymentsWrongValue, sent=value, expected=down):
            plans.startPlan(listing_id, REF, sender=buyer, value=value)


def test_start_erc20_plan_with_approval(
    plans: Any, buyer: Any, token: Any, token_terms: Terms, create_listing: Any
) -> None:
    listing_id = create_listing(token_terms)
    down = split(token_terms)[0]
    before = token.balanceOf(buyer)

    plans.startPlan(listing_id, REF, sender=buyer)

    assert before - token.balanceOf(buyer) == down
    assert token.balanceOf(plans) == down
    with ape.reverts(plans.PaymentsWrongValue, sent=1, expected=0):
        plans.startPlan(listing_id, REF, sender=buyer, value=1)


def test_start_erc20_plan_with_permit_for_the_whole_schedule(
    plans: Any, keeper: Any, token: Any, token_terms: Terms, create_listing: Any, chain: Any
) -> None:
    listing_id = create_listing(token_terms)
    down, fee, installment, dust = split(token_terms)
    total = installment * token_terms.installments + dust
    deadline = chain.pending_timestamp + DAY
    v, r, s = sign_permit(
        keeper.private_key, token, keeper, plans, down + total, deadline, chain.chain_id
    )

    receipt = plans.startPlanWithPermit(
        listing_id, REF, down + total, deadline, v, r, s, sender=keeper
    )

    assert event(plans, receipt, "PlanStarted").buyer == keeper
    assert token.allowance(keeper, plans) == total  # what keepers may collect later
    assert token.balanceOf(plans) == down


def test_front_run_permit_still_starts_the_plan(
    plans: Any, keeper: Any, token: Any, token_terms: Terms, create_listing: Any, chain: Any
) -> None:
    listing_id = create_listing(token_terms)
    down = split(token_terms)[0]
    deadline = chain.pending_timestamp + DAY
    v, r, s = sign_permit(keeper.private_key, token, keeper, plans, down, deadline, chain.chain_id)
    token.permit(keeper, plans, down, deadline, v, r, s, sender=keeper)  # someone used it first

    plans.startPlanWithPermit(listing_id, REF, down, deadline, v, r, s, sender=keeper)

    assert token.balanceOf(plans) == down


def test_permit_for_eth_terms_reverts(plans: Any, buyer: Any, create_listing: Any) -> None:
    listing_id = create_listing()

    with ape.reverts(plans.InstallmentPlansPermitForEth):
        plans.startPlanWithPermit(listing_id, REF, 1, 1, 27, ZERO32, ZERO32, sender=buyer)


def test_start_plan_reverts_out_of_stock(plans: Any, buyer: Any, create_listing: Any) -> None:
    listing_id = create_listing(stock=1)
    down = split(Terms())[0]
    plans.startPlan(listing_id, REF, sender=buyer, value=down)

    with ape.reverts(plans.InstallmentPlansOutOfStock, listingId=listing_id):
        plans.startPlan(listing_id, REF, sender=buyer, value=down)


def test_seller_cannot_start_a_plan_on_its_own_listing(
    plans: Any, seller: Any, create_listing: Any
) -> None:
    listing_id = create_listing()

    with ape.reverts(plans.InstallmentPlansSelfDealing, account=seller):
        plans.startPlan(listing_id, REF, sender=seller, value=split(Terms())[0])


def test_zero_down_payment_plan_moves_nothing_at_start(
    plans: Any, buyer: Any, token: Any, token_terms: Terms, start_plan: Any
) -> None:
    before = token.balanceOf(buyer)

    plan_id, _ = start_plan(token_terms.but(down_payment_bps=0))

    assert token.balanceOf(buyer) == before
    assert plans.getPlan(plan_id).downPayment == 0


def test_plan_ids_are_unique_per_buyer_and_sequence(
    plans: Any, buyer: Any, buyer2: Any, start_plan: Any
) -> None:
    first, _ = start_plan()
    second, _ = start_plan(sender=buyer2)
    third, _ = start_plan()

    assert [first & (2**96 - 1), second & (2**96 - 1), third & (2**96 - 1)] == [1, 2, 3]
    assert [plans.buyerOf(p) for p in (first, second, third)] == [buyer, buyer2, buyer]


def test_unknown_plan_reads_as_empty(plans: Any) -> None:
    plan = plans.getPlan(12345)
    quote = plans.quote(12345)

    assert (plan.status, plan.buyer, plan.paid) == (0, ZERO_ADDRESS, 0)
    assert tuple(quote) == (0, 0, 0, 0, 0, 0)


# ------------------------------------------------------------------ signed offers


def test_offer_digest_matches_eip712(plans: Any, seller: Any, chain: Any) -> None:
    offer = _offer(seller, chain, metadata_hash=b"\x07" * 32)
    offer_type = (
        "PlanOffer(address seller,address buyer,uint256 listingId,PlanTerms terms,uint40 expiry,"
        "uint256 nonce,bytes32 metadataHash)"
    ) + (
        "PlanTerms(address token,uint96 price,uint16 downPaymentBps,uint8 installments,"
        "uint32 interval,uint16 financingFeeBps,uint32 gracePeriod,uint16 lateFeeBps,"
        "uint16 forfeitBps,uint8 mode)"
    )
    terms_hash = keccak(
        encode(
            [
                "bytes32",
                "address",
                "uint96",
                "uint16",
                "uint8",
                "uint32",
                "uint16",
                "uint32",
                "uint16",
                "uint16",
                "uint8",
            ],
            [terms_typehash(), *offer.terms.abi()],
        )
    )
    struct_hash = keccak(
        encode(
            ["bytes32", "address", "address", "uint256", "bytes32", "uint40", "uint256", "bytes32"],
            [
                keccak(text=offer_type),
                offer.seller,
                offer.buyer,
                0,
                terms_hash,
                offer.expiry,
                1,
                offer.metadata_hash,
            ],
        )
    )
    d = domain(chain.chain_id, plans)
    domain_hash = keccak(
        encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [
                keccak(text=DOMAIN_TYPE),
                keccak(text=d["name"]),
                keccak(text=d["version"]),
                d["chainId"],
                d["verifyingContract"],
            ],
        )
    )

    assert plans.hashOffer(offer.abi()) == keccak(b"\x19\x01" + domain_hash + struct_hash)


def test_accept_offer_starts_a_plan_on_the_signed_terms(
    plans: Any, seller: Any, buyer: Any, chain: Any
) -> None:
    terms = Terms(price=5 * 10**17, installments=6, mode=LAYAWAY, forfeit_bps=500)
    offer = _offer(seller, chain, terms=terms, metadata_hash=b"\x09" * 32)
    signature = sign_offer(seller.private_key, offer, chain.chain_id, plans)

    receipt = plans.acceptOffer(offer.abi(), signature, REF, sender=buyer, value=split(terms)[0])

    started = event(plans, receipt, "PlanStarted")
    assert started.offerHash == plans.hashOffer(offer.abi())
    assert (started.seller, started.buyer, started.listingId) == (seller, buyer, 0)
    assert plain(started.terms) == terms.abi()
    assert started.metadataHash == b"\x09" * 32
    plan = plans.getPlan(started.planId)
    assert (plan.mode, plan.forfeitBps, plan.feeBps) == (LAYAWAY, 500, FEE_BPS)
    assert plans.isNonceUsed(seller, 1)


def test_accept_offer_with_permit(
    plans: Any, seller: Any, keeper: Any, token: Any, chain: Any
) -> None:
    terms = Terms(token=addr(token), price=TOKEN_PRICE)
    offer = _offer(seller, chain, terms=terms)
    signature = sign_offer(seller.private_key, offer, chain.chain_id, plans)
    down = split(terms)[0]
    deadline = chain.pending_timestamp + DAY
    v, r, s = sign_permit(keeper.private_key, token, keeper, plans, down, deadline, chain.chain_id)

    receipt = plans.acceptOfferWithPermit(
        offer.abi(), signature, REF, down, deadline, v, r, s, sender=keeper
    )

    assert event(plans, receipt, "PlanStarted").buyer == keeper
    assert token.balanceOf(plans) == down


def test_offer_for_one_buyer(plans: Any, seller: Any, buyer: Any, buyer2: Any, chain: Any) -> None:
    offer = _offer(seller, chain, buyer=addr(buyer2))
    signature = sign_offer(seller.private_key, offer, chain.chain_id, plans)
    down = split(offer.terms)[0]

    with ape.reverts(plans.InstallmentPlansOfferNotForCaller, buyer=buyer2, caller=buyer):
        plans.acceptOffer(offer.abi(), signature, REF, sender=buyer, value=down)
    plans.acceptOffer(offer.abi(), signature, REF, sender=buyer2, value=down)


def test_expired_offer_reverts(plans: Any, seller: Any, buyer: Any, chain: Any) -> None:
    offer = _offer(seller, chain)
    signature = sign_offer(seller.private_key, offer, chain.chain_id, plans)
    chain.pending_timestamp = offer.expiry  # the window is [signing, expiry)

    with ape.reverts(
        plans.InstallmentPlansTooLate, nowTimestamp=offer.expiry, deadline=offer.expiry
    ):
        plans.acceptOffer(offer.abi(), signature, REF, sender=buyer, value=split(offer.terms)[0])


def test_offer_accepted_one_second_before_expiry(
    plans: Any, seller: Any, buyer: Any, chain: Any
) -> None:
    offer = _offer(seller, chain)
    signature = sign_offer(seller.private_key, offer, chain.chain_id, plans)
    chain.pending_timestamp = offer.expiry - 1

    receipt = plans.acceptOffer(
        offer.abi(), signature, REF, sender=buyer, value=split(offer.terms)[0]
    )
    assert plans.PlanStarted.from_receipt(receipt)


def test_offer_signed_by_someone_else_or_tampered_reverts(
    plans: Any, seller: Any, buyer: Any, keeper: Any, chain: Any
) -> None:
    offer = _offer(seller, chain)
    forged = sign_offer(keeper.private_key, offer, chain.chain_id, plans)
    genuine = sign_offer(seller.private_key, offer, chain.chain_id, plans)
    cheaper = offer.but(terms=offer.terms.but(price=offer.terms.price // 2))
    down = split(offer.terms)[0]

    with ape.reverts(plans.InstallmentPlansInvalidSignature, seller=seller):
        plans.acceptOffer(offer.abi(), forged, REF, sender=buyer, value=down)
    with ape.reverts(plans.InstallmentPlansInvalidSignature, seller=seller):
        plans.acceptOffer(cheaper.abi(), genuine, REF, sender=buyer, value=split(cheaper.terms)[0])


def test_offer_terms_are_checked_against_the_caps(
    plans: Any, seller: Any, buyer: Any, chain: Any
) -> None:
    offer = _offer(seller, chain, terms=Terms(late_fee_bps=1_001))
    signature = sign_offer(seller.private_key, offer, chain.chain_id, plans)

    with ape.reverts(plans.InstallmentPlansLateFeeTooHigh):
        plans.acceptOffer(offer.abi(), signature, REF, sender=buyer, value=split(offer.terms)[0])


def test_offer_nonce_is_single_use_and_cancellable(
    plans: Any, seller: Any, buyer: Any, buyer2: Any, chain: Any
) -> None:
    offer = _offer(seller, chain, nonce=42)
    signature = sign_offer(seller.private_key, offer, chain.chain_id, plans)
    down = split(offer.terms)[0]
    plans.acceptOffer(offer.abi(), signature, REF, sender=buyer, value=down)

    with ape.reverts(plans.InstallmentPlansNonceUsed, seller=seller, nonce=42):
        plans.acceptOffer(offer.abi(), signature, REF, sender=buyer2, value=down)

    other = offer.but(nonce=2**255 + 9)
    receipt = plans.cancelNonces([other.nonce], sender=seller)
    assert event(plans, receipt, "NonceCancelled").nonce == other.nonce
    assert plans.isNonceUsed(seller, other.nonce)
    signature = sign_offer(seller.private_key, other, chain.chain_id, plans)
    with ape.reverts(plans.InstallmentPlansNonceUsed, seller=seller, nonce=other.nonce):
        plans.acceptOffer(other.abi(), signature, REF, sender=buyer, value=down)
    with ape.reverts(plans.InstallmentPlansNonceUsed, seller=seller, nonce=other.nonce):
        plans.cancelNonces([other.nonce], sender=seller)


def test_offer_on_a_listing_takes_its_stock(
    plans: Any, seller: Any, seller2: Any, buyer: Any, create_listing: Any, chain: Any
) -> None:
    listing_id = create_listing(stock=1)
    offer = _offer(seller, chain, listing_id=listing_id)
    signature = sign_offer(seller.private_key, offer, chain.chain_id, plans)
    down = split(offer.terms)[0]
    plans.acceptOffer(offer.abi(), signature, REF, sender=buyer, value=down)
    assert plans.getListing(listing_id).stock == 0

    again = offer.but(nonce=2)
    with ape.reverts(plans.InstallmentPlansOutOfStock, listingId=listing_id):
        plans.acceptOffer(
            again.abi(),
            sign_offer(seller.private_key, again, chain.chain_id, plans),
            REF,
            sender=buyer,
            value=down,
        )
    foreign = _offer(seller2, chain, listing_id=create_listing(stock=5))
    with ape.reverts(plans.InstallmentPlansNotSeller, caller=seller2, seller=seller):
        plans.acceptOffer(
            foreign.abi(),
            sign_offer(seller2.private_key, foreign, chain.chain_id, plans),
            REF,
            sender=buyer,
            value=down,
        )


def test_offers_use_the_current_fee_and_respect_the_pause(
    plans: Any, owner: Any, seller: Any, buyer: Any, chain: Any
) -> None:
    offer = _offer(seller, chain)
    signature = sign_offer(seller.private_key, offer, chain.chain_id, plans)
    down = split(offer.terms)[0]
    plans.pause(sender=owner)
    with ape.reverts(plans.PlatformPaused):
        plans.acceptOffer(offer.abi(), signature, REF, sender=buyer, value=down)
    plans.unpause(sender=owner)
    plans.setFee(400, sender=owner)

    receipt = plans.acceptOffer(offer.abi(), signature, REF, sender=buyer, value=down)

    assert event(plans, receipt, "PlanStarted").feeBps == 400
