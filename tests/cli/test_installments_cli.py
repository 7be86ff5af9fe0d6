"""``bazaar installments`` against anvil: signed offers, plans started with a down payment,
installments paid on time and late, early payoff, the schedule, and clean errors.

Journeys end where a user would look: the plan as the API serves it (``/v1/plans/{id}`` with
its schedule, payments and history, and its feed items), besides the chain (``getPlan``) and
``installments show``.
"""

from __future__ import annotations

import json
from pathlib import Path

from deal_fixtures import (
    DAY,
    LENDER,
    RENTER,
    TOKEN_DECIMALS,
    DealChain,
    assert_clean_failure,
    chain,
    fresh,
    number_after,
)

from chain.anvil import dev_account
from chain.erc20 import Erc20Client
from chain.installments.client import InstallmentPlansClient
from chain.installments.types import PlanStatus, PlanTerms

__all__ = ["chain", "fresh"]  # fixtures used by name

SELLER, BUYER = LENDER, RENTER
TERMS = ("--price", "1.2", "--installments", "3", "--interval", "30d")


def _plans(c: DealChain) -> InstallmentPlansClient:
    return InstallmentPlansClient.from_manifest(c.w3, c.manifest)


def _offer(c: DealChain, path: Path, *extra: str) -> Path:
    out = c.ok("installments", "offer", *TERMS, *extra, "--out", str(path), dev=SELLER)
    assert f"offer signed to {path}" in out
    return path


def _start(c: DealChain, offer: Path) -> int:
    out = c.ok("installments", "start", "--offer", str(offer), dev=BUYER)
    return number_after(r"plan (\d+) started", out)


def test_offer_start_pay_show_pay_off_and_review(chain: DealChain, tmp_path: Path) -> None:
    seller, buyer = dev_account(SELLER).address, dev_account(BUYER).address
    offer = _offer(chain, tmp_path / "offer.json")
    out = chain.ok("installments", "start", "--offer", str(offer), dev=BUYER)
    assert "down payment 0.12 ETH" in out
    plan_id = number_after(r"plan (\d+) started", out)

    shown = chain.ok("installments", "show", str(plan_id))
    assert "active" in shown and shown.count("upcoming") == 3
    assert "0.4032 ETH" in shown  # (1.2 - 0.12) × 1.12 / 3
    served = chain.api(f"/v1/plans/{plan_id}")
    assert (served["status"], served["buyer"], served["seller"]) == ("active", buyer, seller)
    assert [row["amount"] for row in served["schedule"]] == [str(4032 * 10**14)] * 3
    assert not any(row["paid"] for row in served["schedule"])

    out = chain.ok("installments", "pay", str(plan_id), dev=BUYER)
    assert "paid 0.4032 ETH, 1/3 installments, active" in out
    shown = chain.ok("installments", "show", hex(plan_id))
    assert shown.count("paid") >= 2 and shown.count("upcoming") == 2
    served = chain.api(f"/v1/plans/{plan_id}")
    assert served["paid_count"] == 1
    assert [row["paid"] for row in served["schedule"]] == [True, False, False]
    assert served["next_due_at"] == served["schedule"][1]["due_at"]

    out = chain.ok("installments", "pay-off", str(plan_id), dev=BUYER)
    assert f"plan {plan_id} paid off" in out
    plan = _plans(chain).get_plan(plan_id)
    assert plan.status == PlanStatus.COMPLETED
    assert plan.buyer == buyer
    assert "completed" in chain.ok("installments", "show", str(plan_id))
    served = chain.api(f"/v1/plans/{plan_id}")
    assert served["status"] == "completed" and served["next_due_at"] is None
    assert [payment["kind"] for payment in served["installments"]] == ["paid", "payoff"]
    assert int(served["rebate"]) > 0  # the unearned financing fee of the last two months
    assert chain.feed_kinds("plan", plan_id, seller) == [
        "plan_started",
        "installment_paid",
        "plan_paid_off",
        "plan_completed",
    ]

    out = chain.ok(
        "buyer", "review", str(plan_id), "--of", "plan", "--rating", "5", "--text",
        "Paid off early, no fuss.", dev=BUYER,
    )  # fmt: skip
    assert f"reviewed plan {plan_id} (5/5)" in out
    plans = chain.manifest.get("InstallmentPlans").address
    (entry,) = chain.api("/v1/reviews", source=plans, deal_id=plan_id)["data"]
    review = chain.api(f"/v1/reviews/{entry['id']}")
    assert (review["kind"], review["subject"]) == ("installment", seller)
    assert review["text"]["text"] == "Paid off early, no fuss."


def test_offer_printed_to_stdout_is_an_offer_file(fresh: DealChain, tmp_path: Path) -> None:
    text = fresh.ok("installments", "offer", *TERMS, "--nonce", "77", dev=SELLER)
    body = json.loads(text)
    assert body["offer"]["seller"] == dev_account(SELLER).address
    assert body["offer"]["nonce"] == 77
    assert body["contract"] == fresh.manifest.get("InstallmentPlans").address
    path = tmp_path / "printed.json"
    path.write_text(text)

    plan_id = _start(fresh, path)
    assert _plans(fresh).is_nonce_used(dev_account(SELLER).address, 77)
    assert _plans(fresh).get_plan(plan_id).status == PlanStatus.ACTIVE
    reused = fresh.cli("installments", "offer", *TERMS, "--nonce", "77", dev=SELLER)
    assert_clean_failure(reused, "nonce 77 is already used")


def test_offer_with_metadata_commits_to_the_api_document(chain: DealChain, tmp_path: Path) -> None:
    """On the module's chain without a snapshot: the document goes through the API."""
    metadata = tmp_path / "sofa.json"
    metadata.write_text(json.dumps({"title": "Green sofa", "category": "home", "condition": "new"}))
    out = chain.ok("installments", "offer", *TERMS, "--metadata", str(metadata), dev=SELLER)
    digest = json.loads(out)["offer"]["metadata_hash"]
    assert chain.api(f"/v1/documents/{digest}")["title"] == "Green sofa"


def test_an_installment_is_due_not_overdue_inside_the_payment_window(
    fresh: DealChain, tmp_path: Path
) -> None:
    plan_id = _start(fresh, _offer(fresh, tmp_path / "offer.json"))
    fresh.travel(30 * DAY + 3 * 60 * 60)  # installment 1 fell due three hours ago

    shown = fresh.ok("installments", "show", str(plan_id))
    out = fresh.ok("installments", "pay", str(plan_id), dev=BUYER)

    assert "overdue" not in shown and shown.count("upcoming") == 2
    assert "paid 0.4032 ETH, 1/3 installments" in out  # no late fee


def test_late_payment_carries_the_late_fee(chain: DealChain, tmp_path: Path) -> None:
    plan_id = _start(chain, _offer(chain, tmp_path / "offer.json"))
    chain.travel(32 * DAY)

    assert "overdue" in chain.ok("installments", "show", str(plan_id))
    out = chain.ok("installments", "pay", str(plan_id), dev=BUYER)

    assert "paid 0.411264 ETH" in out  # 0.4032 + 2 % late fee
    plan = _plans(chain).get_plan(plan_id)
    assert plan.installments_paid == 1 and plan.late_fees_paid == 8_064 * 10**12
    served = chain.api(f"/v1/plans/{plan_id}")
    assert served["late_fees"] == str(8_064 * 10**12) and served["paid_count"] == 1
    assert [row["late_fee_charged"] for row in served["schedule"]] == [True, False, False]
    assert [payment["kind"] for payment in served["installments"]] == ["late_fee", "paid"]


def test_erc20_plan_from_a_listing_approves_the_schedule(fresh: DealChain) -> None:
    seller = InstallmentPlansClient.from_manifest(fresh.w3, fresh.manifest, dev_account(SELLER))
    terms = PlanTerms(price=1_000 * 10**TOKEN_DECIMALS, token=fresh.token, installments=4)
    created = seller.create_listing(terms, stock=2)
    listing_id = int(created.event("PlanListingCreated").args["listingId"])

    out = fresh.ok("installments", "start", "--listing", str(listing_id), dev=BUYER)

    assert "down payment 100 TUSD" in out
    plan_id = number_after(r"plan (\d+) started", out)
    token = Erc20Client(fresh.w3, fresh.token)
    allowance = token.allowance(dev_account(BUYER).address, seller.address)
    assert allowance == terms.split().total  # left for keepers to collect
    out = fresh.ok("installments", "pay", str(plan_id), dev=BUYER)
    assert "1/4 installments" in out

    fresh.ok("installments", "start", "--listing", str(listing_id), dev=BUYER)
    left = terms.split().total - terms.split().installment  # the first plan's, after one payment
    assert token.allowance(dev_account(BUYER).address, seller.address) == left + allowance


# ------------------------------------------------------------------------------ bad input


def test_unknown_plan_fails_cleanly(chain: DealChain) -> None:
    assert_clean_failure(chain.cli("installments", "show", "42"), "no installment plan 42")
    assert_clean_failure(
        chain.cli("installments", "pay", "42", dev=BUYER), "no installment plan 42"
    )
    assert_clean_failure(chain.cli("installments", "show", "forty"), "'forty' is not a plan id")
    assert_clean_failure(
        chain.cli("installments", "start", "--listing", "999", dev=BUYER), "no EMI listing 999"
    )


def test_terms_beyond_the_caps_are_decoded(chain: DealChain) -> None:
    result = chain.cli("installments", "offer", "--price", "1", "--installments", "1", dev=SELLER)
    assert_clean_failure(result, "InstallmentPlansInvalidInstallments")


def test_someone_else_cannot_pay_the_plan(fresh: DealChain, tmp_path: Path) -> None:
    plan_id = _start(fresh, _offer(fresh, tmp_path / "offer.json"))
    result = fresh.cli("installments", "pay", str(plan_id), dev=3)
    assert_clean_failure(result, "InstallmentPlansNotBuyer")


def test_tampered_foreign_or_broken_offers_are_refused(fresh: DealChain, tmp_path: Path) -> None:
    offer = _offer(fresh, tmp_path / "offer.json")
    body = json.loads(offer.read_text())

    body["offer"]["terms"]["price"] //= 2
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(body))
    result = fresh.cli("installments", "start", "--offer", str(tampered), dev=BUYER)
    assert_clean_failure(result, "InstallmentPlansInvalidSignature")

    body = json.loads(offer.read_text())
    body["chainId"] = 1
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps(body))
    result = fresh.cli("installments", "start", "--offer", str(foreign), dev=BUYER)
    assert_clean_failure(result, "was signed for chain 1")

    broken = tmp_path / "broken.json"
    broken.write_text("{}")
    result = fresh.cli("installments", "start", "--offer", str(broken), dev=BUYER)
    assert_clean_failure(result, "is not a plan offer file")
    missing = fresh.cli("installments", "start", "--offer", str(tmp_path / "nope"), dev=BUYER)
    assert_clean_failure(missing, "cannot read")
    both = fresh.cli("installments", "start", dev=BUYER)
    assert_clean_failure(both, "exactly one of --offer FILE or --listing ID")


def test_insufficient_funds_for_the_down_payment(fresh: DealChain, tmp_path: Path) -> None:
    fresh.keystore("poor", "pw")
    offer = _offer(fresh, tmp_path / "offer.json")
    result = fresh.cli(
        "installments",
        "start",
        "--offer",
        str(offer),
        "--account",
        "poor",
        "--password-env",
        "PW",
        env={"PW": "pw"},
    )
    assert_clean_failure(result, "insufficient funds", "0.12 ETH")
