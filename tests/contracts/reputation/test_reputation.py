"""Reputation (contracts/Reputation.sol): deal recording by registered sources, facts,
reviews with credits, the edit window, responses, reports, admin and views."""

from __future__ import annotations

import ape
import pytest

from core.constants import ZERO_ADDRESS

from .helpers import (
    ANSWERED,
    CREDIT_SHARE_BPS,
    EDIT_WINDOW,
    EDITED,
    REPORTED,
    Deal,
    DealKind,
    Fact,
    ReportReason,
    Review,
    addr,
    assert_event,
    assert_no_event,
    b32,
    credits_for,
)

# ------------------------------------------------------------------ recordDeal


def test_record_deal_commits_the_deal_and_emits_deal_recorded(reputation, source, buyer, seller):
    receipt = reputation.recordDeal(
        DealKind.INSTALLMENT, 77, buyer, seller, ZERO_ADDRESS, 10**18, 3 * 10**16, sender=source
    )

    assert_event(
        reputation.DealRecorded,
        receipt,
        source=source,
        dealId=77,
        buyer=buyer,
        seller=seller,
        kind=DealKind.INSTALLMENT,
        token=ZERO_ADDRESS,
        value=10**18,
        fee=3 * 10**16,
    )
    deal = Deal(
        addr(source),
        77,
        DealKind.INSTALLMENT,
        addr(buyer),
        addr(seller),
        ZERO_ADDRESS,
        10**18,
        3 * 10**16,
    )
    assert reputation.dealHash(source, 77) == deal.hash() == reputation.hashDeal(deal.as_tuple())


def test_record_deal_reverts_for_an_unregistered_caller(reputation, stranger, buyer, seller):
    with ape.reverts(reputation.ReputationNotDealSource, caller=stranger):
        reputation.recordDeal(0, 1, buyer, seller, ZERO_ADDRESS, 1, 1, sender=stranger)

    assert reputation.dealHash(stranger, 1) == b"\x00" * 32


def test_record_deal_reverts_for_a_self_deal(reputation, source, seller):
    with ape.reverts(reputation.ReputationSelfDeal, account=seller):
        reputation.recordDeal(0, 1, seller, seller, ZERO_ADDRESS, 10**18, 10**16, sender=source)


def test_record_deal_reverts_when_the_id_was_recorded(reputation, record_deal, source):
    deal = record_deal(deal_id=5)

    with ape.reverts(reputation.ReputationDealExists, source=source, dealId=5):
        record_deal(deal_id=5, value=1, fee=0)

    assert reputation.dealHash(source, 5) == deal.hash()


def test_the_same_id_from_two_sources_is_two_deals(reputation, record_deal, owner, stranger):
    reputation.setDealSource(stranger, True, sender=owner)

    first = record_deal(deal_id=9)
    second = record_deal(deal_id=9, sender=stranger, fee=0)

    assert reputation.dealHash(first.source, 9) == first.hash()
    assert reputation.dealHash(second.source, 9) == second.hash() != first.hash()


def test_a_removed_source_records_nothing_but_its_deals_stay_reviewable(
    reputation, record_deal, owner, source, buyer, seller
):
    deal = record_deal()
    reputation.setDealSource(source, False, sender=owner)

    with ape.reverts(reputation.ReputationNotDealSource, caller=source):
        reputation.recordDeal(0, 99, buyer, seller, ZERO_ADDRESS, 1, 0, sender=source)
    receipt = reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=buyer)

    assert reputation.dealHash(source, deal.id) == deal.reviewed(True, receipt.timestamp).hash()


# ------------------------------------------------------------------ recordFact


@pytest.mark.parametrize("fact", list(Fact))
def test_record_fact_emits_fact_recorded(reputation, source, seller, fact):
    receipt = reputation.recordFact(fact, 12, seller, 5 * 10**17, sender=source)

    assert_event(
        reputation.FactRecorded,
        receipt,
        source=source,
        dealId=12,
        party=seller,
        fact=fact,
        amount=5 * 10**17,
    )


def test_record_fact_reverts_for_an_unregistered_caller(reputation, stranger, seller):
    with ape.reverts(reputation.ReputationNotDealSource, caller=stranger):
        reputation.recordFact(Fact.DEFAULT, 1, seller, 1, sender=stranger)


# ------------------------------------------------------------------ postReview


def test_buyer_review_updates_the_deal_mints_credits_and_emits(
    reputation, credits, record_deal, buyer
):
    deal = record_deal(fee=2 * 10**16)
    review = Review(
        rating=4, quality=5, as_described=4, delivery=2, communication=5, text_hash=b32("t")
    )

    receipt = reputation.postReview(deal.as_tuple(), review.as_tuple(), sender=buyer)

    minted = credits_for(2 * 10**16)
    assert minted == 5 * 10**15
    assert receipt.return_value == minted
    assert_event(
        reputation.ReviewPosted,
        receipt,
        source=deal.source,
        dealId=deal.id,
        author=buyer,
        review=review,
        credits=minted,
    )
    assert_event(credits.Transfer, receipt, **{"from": ZERO_ADDRESS, "to": buyer, "value": minted})
    assert credits.balanceOf(buyer) == credits.totalSupply() == minted
    assert (
        reputation.dealHash(deal.source, deal.id) == deal.reviewed(True, receipt.timestamp).hash()
    )


def test_seller_reviews_the_buyer_and_earns_credits_too(
    reputation, credits, record_deal, buyer, seller
):
    deal = record_deal(fee=4 * 10**16)
    first = reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=buyer)
    deal = deal.reviewed(True, first.timestamp)
    review = Review(rating=5, quality=0, as_described=0, delivery=0, communication=5)

    receipt = reputation.postReview(deal.as_tuple(), review.as_tuple(), sender=seller)

    assert_event(
        reputation.ReviewPosted,
        receipt,
        source=deal.source,
        dealId=deal.id,
        author=seller,
        review=review,
        credits=10**16,
    )
    assert credits.balanceOf(seller) == credits.balanceOf(buyer) == 10**16
    assert credits.totalSupply() == 2 * 10**16 == deal.fee * 2 * CREDIT_SHARE_BPS // 10_000
    assert (
        reputation.dealHash(deal.source, deal.id) == deal.reviewed(False, receipt.timestamp).hash()
    )


def test_review_of_an_unrecorded_deal_reverts(reputation, source, buyer, seller):
    never = Deal(
        addr(source),
        404,
        DealKind.PURCHASE,
        addr(buyer),
        addr(seller),
        ZERO_ADDRESS,
        10**18,
        10**16,
    )

    with ape.reverts(reputation.ReputationUnknownDeal, source=source, dealId=404):
        reputation.postReview(never.as_tuple(), Review().as_tuple(), sender=buyer)


@pytest.mark.parametrize(
    "forged",
    [
        {"fee": 10**18},
        {"value": 1},
        {"buyer": "0x000000000000000000000000000000000000dEaD"},
        {"kind": DealKind.PURCHASE},
        {"buyer_reviewed_at": 1},
        {"flags": 0x11},
    ],
    ids=lambda f: next(iter(f)),
)
def test_review_with_a_forged_field_reverts(reputation, record_deal, buyer, forged):
    deal = record_deal()

    with ape.reverts(reputation.ReputationUnknownDeal, source=deal.source, dealId=deal.id):
        reputation.postReview(deal.replace(**forged).as_tuple(), Review().as_tuple(), sender=buyer)


def test_second_review_by_the_same_side_reverts(reputation, credits, record_deal, buyer):
    deal = record_deal()
    receipt = reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=buyer)

    with ape.reverts(
        reputation.ReputationAlreadyReviewed, source=deal.source, dealId=deal.id, author=buyer
    ):
        reputation.postReview(
            deal.reviewed(True, receipt.timestamp).as_tuple(), Review().as_tuple(), sender=buyer
        )
    # Replaying the pre-review struct fails too: its commitment is gone.
    with ape.reverts(reputation.ReputationUnknownDeal):
        reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=buyer)
    assert credits.balanceOf(buyer) == credits_for(deal.fee)


def test_review_by_a_third_party_reverts(reputation, record_deal, stranger):
    deal = record_deal()

    with ape.reverts(reputation.ReputationNotParty, caller=stranger):
        reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=stranger)


@pytest.mark.parametrize(
    ("review", "bad"),
    [
        (Review(rating=0), 0),
        (Review(rating=6), 6),
        (Review(quality=6), 6),
        (Review(as_described=7), 7),
        (Review(delivery=9), 9),
        (Review(communication=255), 255),
    ],
)
def test_review_with_a_rating_out_of_range_reverts(reputation, record_deal, buyer, review, bad):
    deal = record_deal()

    with ape.reverts(reputation.ReputationInvalidRating, rating=bad):
        reputation.postReview(deal.as_tuple(), review.as_tuple(), sender=buyer)


def test_review_mints_nothing_without_credits_for_the_token(
    reputation, credits, record_deal, token, buyer
):
    deal = record_deal(token=token, fee=10**18)

    receipt = reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=buyer)

    assert receipt.return_value == 0
    assert reputation.ReviewPosted.from_receipt(receipt)[0].credits == 0
    assert_no_event(credits.Transfer, receipt)
    assert credits.totalSupply() == 0


def test_review_of_a_deal_without_fee_mints_nothing(reputation, credits, record_deal, buyer):
    deal = record_deal(fee=3)  # 3 * 25 % rounds down to 0

    receipt = reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=buyer)

    assert receipt.return_value == 0
    assert_no_event(credits.Transfer, receipt)


def test_review_mints_nothing_once_credits_are_removed(
    reputation, credits, record_deal, owner, buyer
):
    deal = record_deal()
    reputation.setCredits(ZERO_ADDRESS, ZERO_ADDRESS, sender=owner)

    receipt = reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=buyer)

    assert receipt.return_value == 0
    assert credits.totalSupply() == 0


# ------------------------------------------------------------------ editReview


def post(reputation, deal, author, by_buyer, review=None):
    receipt = reputation.postReview(deal.as_tuple(), (review or Review()).as_tuple(), sender=author)
    return deal.reviewed(by_buyer, receipt.timestamp), receipt


def test_author_edits_once_inside_the_window(reputation, credits, record_deal, buyer, chain):
    deal, posted = post(reputation, record_deal(), buyer, True)
    chain.pending_timestamp = posted.timestamp + EDIT_WINDOW  # last second of the window
    revised = Review(
        rating=2, quality=1, as_described=1, delivery=5, communication=3, text_hash=b32("v2")
    )

    receipt = reputation.editReview(deal.as_tuple(), revised.as_tuple(), sender=buyer)

    assert_event(
        reputation.ReviewEdited,
        receipt,
        source=deal.source,
        dealId=deal.id,
        author=buyer,
        review=revised,
    )
    assert_no_event(credits.Transfer, receipt)
    deal = deal.flagged(True, EDITED)
    assert reputation.dealHash(deal.source, deal.id) == deal.hash()
    with ape.reverts(
        reputation.ReputationAlreadyEdited, source=deal.source, dealId=deal.id, author=buyer
    ):
        reputation.editReview(deal.as_tuple(), revised.as_tuple(), sender=buyer)


def test_seller_edit_uses_the_seller_flag(reputation, record_deal, buyer, seller):
    deal, _ = post(reputation, record_deal(), buyer, True)
    deal, _ = post(reputation, deal, seller, False)

    reputation.editReview(deal.as_tuple(), Review(rating=1).as_tuple(), sender=seller)

    assert reputation.dealHash(deal.source, deal.id) == deal.flagged(False, EDITED).hash()
    # The buyer's own revision is still available.
    reputation.editReview(
        deal.flagged(False, EDITED).as_tuple(), Review(rating=3).as_tuple(), sender=buyer
    )


def test_edit_after_the_window_reverts(reputation, record_deal, buyer, chain):
    deal, posted = post(reputation, record_deal(), buyer, True)
    closes = posted.timestamp + EDIT_WINDOW
    chain.pending_timestamp = closes + 1

    with ape.reverts(
        reputation.ReputationEditWindowClosed, nowTimestamp=closes + 1, closedAt=closes
    ):
        reputation.editReview(deal.as_tuple(), Review(rating=1).as_tuple(), sender=buyer)


def test_edit_without_a_review_reverts(reputation, record_deal, buyer, seller):
    deal, _ = post(reputation, record_deal(), buyer, True)

    with ape.reverts(
        reputation.ReputationNoReview, source=deal.source, dealId=deal.id, author=seller
    ):
        reputation.editReview(deal.as_tuple(), Review().as_tuple(), sender=seller)


def test_edit_by_a_third_party_or_with_a_bad_rating_reverts(
    reputation, record_deal, buyer, stranger
):
    deal, _ = post(reputation, record_deal(), buyer, True)

    with ape.reverts(reputation.ReputationNotParty, caller=stranger):
        reputation.editReview(deal.as_tuple(), Review().as_tuple(), sender=stranger)
    with ape.reverts(reputation.ReputationInvalidRating, rating=0):
        reputation.editReview(deal.as_tuple(), Review(rating=0).as_tuple(), sender=buyer)


def test_edit_with_a_stale_deal_reverts(reputation, record_deal, buyer):
    deal = record_deal()
    reputation.postReview(deal.as_tuple(), Review().as_tuple(), sender=buyer)

    with ape.reverts(reputation.ReputationUnknownDeal):
        reputation.editReview(deal.as_tuple(), Review().as_tuple(), sender=buyer)


# ------------------------------------------------------------------ postResponse


def test_seller_answers_the_buyer_review_once(reputation, record_deal, buyer, seller):
    deal, _ = post(reputation, record_deal(), buyer, True)

    receipt = reputation.postResponse(deal.as_tuple(), b32("sorry"), sender=seller)

    assert_event(
        reputation.ResponsePosted,
        receipt,
        source=deal.source,
        dealId=deal.id,
        author=seller,
        responseHash=b32("sorry"),
    )
    deal = deal.flagged(True, ANSWERED)
    assert reputation.dealHash(deal.source, deal.id) == deal.hash()
    with ape.reverts(
        reputation.ReputationAlreadyAnswered, source=deal.source, dealId=deal.id, author=buyer
    ):
        reputation.postResponse(deal.as_tuple(), b32("again"), sender=seller)


def test_buyer_answers_the_seller_review(reputation, record_deal, buyer, seller):
    deal, _ = post(reputation, record_deal(), seller, False)

    receipt = reputation.postResponse(deal.as_tuple(), b32("not true"), sender=buyer)

    assert reputation.ResponsePosted.from_receipt(receipt)[0].author == buyer.address
    assert reputation.dealHash(deal.source, deal.id) == deal.flagged(False, ANSWERED).hash()


def test_response_without_a_review_to_answer_reverts(reputation, record_deal, buyer, seller):
    deal = record_deal()
    with ape.reverts(
        reputation.ReputationNoReview, source=deal.source, dealId=deal.id, author=buyer
    ):
        reputation.postResponse(deal.as_tuple(), b32("r"), sender=seller)

    # The buyer reviewed; the buyer cannot answer its own review (there is no seller review).
    deal, _ = post(reputation, deal, buyer, True)
    with ape.reverts(
        reputation.ReputationNoReview, source=deal.source, dealId=deal.id, author=seller
    ):
        reputation.postResponse(deal.as_tuple(), b32("r"), sender=buyer)


def test_response_by_a_third_party_reverts(reputation, record_deal, buyer, stranger):
    deal, _ = post(reputation, record_deal(), buyer, True)

    with ape.reverts(reputation.ReputationNotParty, caller=stranger):
        reputation.postResponse(deal.as_tuple(), b32("r"), sender=stranger)


def test_edit_still_allowed_after_a_response(reputation, record_deal, buyer, seller):
    deal, _ = post(reputation, record_deal(), buyer, True)
    reputation.postResponse(deal.as_tuple(), b32("fixed it"), sender=seller)
    deal = deal.flagged(True, ANSWERED)

    reputation.editReview(deal.as_tuple(), Review(rating=5).as_tuple(), sender=buyer)

    assert reputation.dealHash(deal.source, deal.id) == deal.flagged(True, EDITED).hash()


# ------------------------------------------------------------------ report


@pytest.mark.parametrize("by_buyer", [True, False], ids=["buyer", "seller"])
def test_a_party_reports_the_other_once(reputation, record_deal, buyer, seller, by_buyer):
    deal = record_deal()
    reporter, accused = (buyer, seller) if by_buyer else (seller, buyer)

    receipt = reputation.report(
        deal.as_tuple(), ReportReason.COUNTERFEIT, b32("photos"), sender=reporter
    )

    assert_event(
        reputation.ReportFiled,
        receipt,
        source=deal.source,
        dealId=deal.id,
        reporter=reporter,
        accused=accused,
        reason=ReportReason.COUNTERFEIT,
        evidenceHash=b32("photos"),
    )
    deal = deal.flagged(by_buyer, REPORTED)
    assert reputation.dealHash(deal.source, deal.id) == deal.hash()
    with ape.reverts(
        reputation.ReputationAlreadyReported, source=deal.source, dealId=deal.id, reporter=reporter
    ):
        reputation.report(deal.as_tuple(), ReportReason.OTHER, b32("x"), sender=reporter)


def test_both_sides_may_report_and_still_review(reputation, record_deal, buyer, seller):
    deal = record_deal()
    reputation.report(deal.as_tuple(), ReportReason.NOT_DELIVERED, b32("a"), sender=buyer)
    deal = deal.flagged(True, REPORTED)
    reputation.report(deal.as_tuple(), ReportReason.FALSE_DISPUTE, b32("b"), sender=seller)
    deal = deal.flagged(False, REPORTED)

    deal, _ = post(reputation, deal, buyer, True, Review(rating=1))

    assert reputation.dealHash(deal.source, deal.id) == deal.hash()
    assert deal.flags == 0x44


def test_report_by_a_third_party_or_of_an_unknown_deal_reverts(
    reputation, record_deal, stranger, buyer
):
    deal = record_deal()

    with ape.reverts(reputation.ReputationNotParty, caller=stranger):
        reputation.report(deal.as_tuple(), ReportReason.ABUSE, b32("x"), sender=stranger)
    with ape.reverts(reputation.ReputationUnknownDeal, source=deal.source, dealId=deal.id + 1):
        reputation.report(
            deal.replace(id=deal.id + 1).as_tuple(), ReportReason.ABUSE, b32("x"), sender=buyer
        )


# ------------------------------------------------------------------ admin


def test_set_deal_source_is_owner_only_and_emits(reputation, owner, stranger):
    with ape.reverts(reputation.OwnableUnauthorizedAccount, account=stranger):
        reputation.setDealSource(stranger, True, sender=stranger)
    with ape.reverts(reputation.ReputationZeroAddress):
        reputation.setDealSource(ZERO_ADDRESS, True, sender=owner)

    receipt = reputation.setDealSource(stranger, True, sender=owner)

    assert_event(reputation.DealSourceUpdated, receipt, source=stranger, registered=True)
    assert reputation.isDealSource(stranger)
    reputation.setDealSource(stranger, False, sender=owner)
    assert not reputation.isDealSource(stranger)


def test_set_credits_checks_the_credits_contract(
    project, reputation, credits, owner, stranger, token
):
    with ape.reverts(reputation.OwnableUnauthorizedAccount, account=stranger):
        reputation.setCredits(ZERO_ADDRESS, credits, sender=stranger)
    # ETH credits cannot be registered for the token.
    with ape.reverts(
        reputation.ReputationCreditsMismatch,
        credits=credits,
        token=token,
        underlying=ZERO_ADDRESS,
        minter=reputation,
    ):
        reputation.setCredits(token, credits, sender=owner)
    # Credits another contract mints cannot be registered.
    foreign = owner.deploy(project.ReviewCredits, owner, stranger, token, "X", "X", 18)
    with ape.reverts(
        reputation.ReputationCreditsMismatch,
        credits=foreign,
        token=token,
        underlying=token,
        minter=stranger,
    ):
        reputation.setCredits(token, foreign, sender=owner)

    mine = owner.deploy(
        project.ReviewCredits, owner, reputation, token, "Bazaar TUSD Review Credits", "bcTUSD", 18
    )
    receipt = reputation.setCredits(token, mine, sender=owner)

    assert_event(reputation.CreditsUpdated, receipt, token=token, credits=mine)
    assert reputation.creditsOf(token) == mine.address
    assert reputation.creditsOf(ZERO_ADDRESS) == credits.address


def test_ownership_moves_in_two_steps(reputation, owner, stranger):
    reputation.transferOwnership(stranger, sender=owner)
    assert reputation.owner() == owner.address

    reputation.acceptOwnership(sender=stranger)

    assert reputation.owner() == stranger.address
    reputation.setDealSource(owner, True, sender=stranger)


# ------------------------------------------------------------------ views


def test_published_constants_and_formula(reputation):
    assert reputation.EDIT_WINDOW() == EDIT_WINDOW
    assert reputation.CREDIT_SHARE_BPS() == CREDIT_SHARE_BPS
    for fee in (0, 1, 3, 4, 10**16, 2**200 + 7):
        assert reputation.creditsFor(fee) == credits_for(fee) <= fee // 4


def test_views_of_an_unknown_deal_and_source(reputation, source, stranger):
    assert reputation.isDealSource(source)
    assert not reputation.isDealSource(stranger)
    assert reputation.dealHash(source, 123456) == b"\x00" * 32
    assert reputation.creditsOf(stranger) == ZERO_ADDRESS
