"""``bazaar rentals`` against anvil: every journey from listing to settlement, and clean
errors for bad input.

Each journey ends where a user would look: the rental as the API serves it
(``/v1/rentals/{id}`` with its history, and its items in the feed), besides ``rentals show``
(rebuilt from the chain's events) and the escrow's balances.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from deal_fixtures import (
    DAY,
    DEPLOYER,
    KEEPER,
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
from chain.rentals.client import RentalClient
from chain.rentals.types import RentalStatus
from core.constants import ZERO_ADDRESS

__all__ = ["chain", "fresh"]  # fixtures used by name

ETH = 10**18


def _client(c: DealChain) -> RentalClient:
    return RentalClient.from_manifest(c.w3, c.manifest)


def _list(c: DealChain, *extra: str) -> int:
    out = c.ok("rentals", "list", "--daily-rate", "0.01", "--deposit", "0.1", *extra, dev=LENDER)
    return number_after(r"rental listing (\d+) created", out)


def _rent(c: DealChain, listing_id: int, days: int = 3) -> int:
    out = c.ok("rentals", "rent", str(listing_id), "--days", str(days), dev=RENTER)
    return number_after(r"rental (\d+) booked", out)


def _returned(c: DealChain) -> int:
    """A rental booked for 3 days, handed over, and returned a day and a minute later."""
    rental_id = _rent(c, _list(c))
    c.ok("rentals", "handover", str(rental_id), dev=LENDER)
    c.travel(DAY + 60)
    out = c.ok("rentals", "return", str(rental_id), dev=RENTER)
    assert f"rental {rental_id}: return done" in out
    return rental_id


def test_rent_handover_return_confirm_and_withdraw(chain: DealChain, tmp_path: Path) -> None:
    """Runs on the module's chain without a snapshot: the metadata goes through the API."""
    fresh = chain
    renter = dev_account(RENTER).address
    lender = dev_account(LENDER).address
    metadata = tmp_path / "drill.json"
    metadata.write_text(
        json.dumps({"title": "Cordless drill", "category": "tools", "condition": "used"})
    )
    out = fresh.ok(
        "rentals",
        "list",
        "--daily-rate",
        "0.01",
        "--deposit",
        "0.1",
        "--metadata",
        str(metadata),
        dev=LENDER,
    )
    listing_id = number_after(r"rental listing (\d+) created", out)
    digest = out.split("metadata ")[1].split()[0].rstrip(",")
    assert fresh.api(f"/v1/documents/{digest}")["title"] == "Cordless drill"
    rental_id = _rent(fresh, listing_id)
    fresh.ok("rentals", "handover", str(rental_id), dev=LENDER)
    fresh.travel(DAY + 60)
    fresh.ok("rentals", "return", str(rental_id), dev=RENTER)

    assert "returned" in fresh.ok("rentals", "show", str(rental_id))
    fresh.ok("rentals", "confirm-return", str(rental_id), dev=LENDER)

    shown = fresh.ok("rentals", "show", str(rental_id))
    assert "completed" in shown
    assert renter in shown and lender in shown
    client = _client(fresh)
    assert client.rental_from_chain(rental_id).status == RentalStatus.COMPLETED
    # two days started of three: 0.02 ETH rent minus the 1 % fee; the deposit is the renter's
    assert client.owed(lender, ZERO_ADDRESS) == 2 * 10**16 * 99 // 100
    assert client.owed(renter, ZERO_ADDRESS) == ETH // 10
    out = fresh.ok("rentals", "withdraw", dev=RENTER)
    assert "withdrew 0.1 ETH" in out
    assert client.owed(renter, ZERO_ADDRESS) == 0

    served = fresh.api(f"/v1/rentals/{rental_id}")
    assert (served["status"], served["renter"], served["lender"]) == ("completed", renter, lender)
    assert served["paid_days"] == 2 and served["rental_days"] == 3
    assert served["lender_amount"] == str(2 * 10**16 * 99 // 100)
    assert served["rent_refund"] == str(10**16) and served["deposit_returned"] == str(ETH // 10)
    assert [step["status"] for step in served["history"]] == [
        "booked",
        "active",
        "returned",
        "completed",
    ]
    assert fresh.feed_kinds("rental", rental_id, lender) == [
        "rented",
        "rental_started",
        "returned",
        "rental_completed",
    ]
    deals = fresh.api("/v1/deals", seller=lender, kind="rental", limit=100)["data"]
    (deal,) = [d for d in deals if d["deal_id"] == str(rental_id)]
    assert (deal["buyer"], deal["value"]) == (renter, str(2 * 10**16))  # two days' rent


def test_rent_reports_what_is_held_in_escrow(fresh: DealChain) -> None:
    listing_id = _list(fresh)
    terms = fresh.ok("rentals", "listing", str(listing_id))
    assert "0.01 ETH" in terms and "0.1 ETH" in terms and "rented" not in terms
    assert "1d" in terms and "3d" in terms  # handover and inspection windows
    out = fresh.ok("rentals", "rent", str(listing_id), "--days", "3", dev=RENTER)
    assert "0.13 ETH in escrow" in out
    rental_id = number_after(r"rental (\d+) booked", out)
    shown = fresh.ok("rentals", "show", str(rental_id))
    assert "booked" in shown and "cancel_booking" in shown
    assert "active, rented" in fresh.ok("rentals", "listing", str(listing_id))


def test_claim_dispute_and_arbiter_ruling(chain: DealChain) -> None:
    rental_id = _returned(chain)
    out = chain.ok("rentals", "claim", str(rental_id), "--amount", "0.04", dev=LENDER)
    assert "claimed 0.04" in out
    assert "claimed" in chain.ok("rentals", "show", str(rental_id))

    chain.ok("rentals", "dispute", str(rental_id), "--reason-hash", "0x" + "ab" * 32, dev=RENTER)
    shown = chain.ok("rentals", "show", str(rental_id))
    assert "disputed" in shown and "resolve_expired_dispute" in shown

    chain.ok("rentals", "rule", str(rental_id), "--renter-bps", "2500", dev=DEPLOYER)
    assert _client(chain).rental_from_chain(rental_id).status == RentalStatus.RESOLVED
    served = chain.api(f"/v1/rentals/{rental_id}")
    assert (served["status"], served["renter_bps"], served["by_timeout"]) == (
        "resolved",
        2500,
        False,
    )
    assert served["claim"] == str(4 * 10**16)
    # 0.06 released at the claim, plus a quarter of the 0.04 claim; the lender keeps 0.03
    assert served["deposit_returned"] == str(7 * 10**16)
    assert served["damages"] == str(3 * 10**16)
    assert served["dispute_reason"] == "0x" + "ab" * 32
    assert chain.feed_kinds("rental", rental_id, dev_account(LENDER).address)[-3:] == [
        "damage_claimed",
        "rental_disputed",
        "rental_dispute_resolved",
    ]


def test_claim_accepted_by_the_renter(chain: DealChain) -> None:
    rental_id = _returned(chain)
    chain.ok("rentals", "claim", str(rental_id), "--amount", "0.1", dev=LENDER)
    chain.ok("rentals", "accept-claim", str(rental_id), dev=RENTER)

    assert "completed" in chain.ok("rentals", "show", str(rental_id))
    served = chain.api(f"/v1/rentals/{rental_id}")
    assert served["status"] == "completed" and served["closed_by"] == dev_account(RENTER).address
    assert (served["deposit_returned"], served["damages"]) == ("0", str(ETH // 10))


def test_settle_waits_for_the_deadline_then_settles_a_lost_item(chain: DealChain) -> None:
    rental_id = _rent(chain, _list(chain))
    chain.ok("rentals", "handover", str(rental_id), dev=LENDER)

    early = chain.cli("rentals", "settle", str(rental_id), dev=KEEPER)
    assert_clean_failure(early, "settle_late is not due until")

    chain.travel(3 * DAY + 30 * DAY)
    out = chain.ok("rentals", "settle", str(rental_id), dev=KEEPER)
    assert "settle_late done" in out
    assert "lost" in chain.ok("rentals", "show", str(rental_id))
    again = chain.cli("rentals", "settle", str(rental_id), dev=KEEPER)
    assert_clean_failure(again, "is lost; there is nothing to settle")
    served = chain.api(f"/v1/rentals/{rental_id}")
    assert (served["status"], served["closed_by"]) == ("lost", dev_account(KEEPER).address)
    assert served["damages"] == str(ETH // 10) and served["paid_days"] == 3
    assert chain.feed_kinds("rental", rental_id, dev_account(LENDER).address)[-1] == "rental_lost"


def test_lender_declines_a_booking(chain: DealChain) -> None:
    rental_id = _rent(chain, _list(chain))
    chain.ok("rentals", "cancel", str(rental_id), dev=LENDER)
    assert "cancelled" in chain.ok("rentals", "show", str(rental_id))
    served = chain.api(f"/v1/rentals/{rental_id}")
    assert served["status"] == "cancelled"
    assert served["cancel_refund"] == str(3 * 10**16 + ETH // 10)  # three days' rent + deposit
    assert chain.feed_kinds("rental", rental_id, dev_account(LENDER).address) == [
        "rented",
        "rental_cancelled",
    ]


def test_renter_reviews_the_rental_and_the_lender_responds(chain: DealChain) -> None:
    rental_id = _returned(chain)
    chain.ok("rentals", "confirm-return", str(rental_id), dev=LENDER)

    out = chain.ok(
        "buyer", "review", str(rental_id), "--of", "rental", "--rating", "4", "--text",
        "Drill as described.", dev=RENTER,
    )  # fmt: skip
    assert f"reviewed rental {rental_id} (4/5)" in out
    chain.ok(
        "seller", "respond", str(rental_id), "--of", "rental", "--text", "Come again.", dev=LENDER
    )

    escrow = chain.manifest.get("RentalEscrow").address
    (entry,) = chain.api("/v1/reviews", source=escrow, deal_id=rental_id)["data"]
    review = chain.api(f"/v1/reviews/{entry['id']}")
    assert (review["kind"], review["rating"]) == ("rental", 4)
    assert review["author"] == dev_account(RENTER).address
    assert review["text"]["text"] == "Drill as described."
    assert review["response"]["text"] == "Come again."
    assert "reviewed" in chain.feed_kinds("rental", rental_id, dev_account(LENDER).address)


def test_review_of_an_unfinished_rental_fails_cleanly(chain: DealChain) -> None:
    rental_id = _rent(chain, _list(chain))
    result = chain.cli(
        "buyer", "review", str(rental_id), "--of", "rental", "--rating", "5", "--text", "Early.",
        dev=RENTER,
    )  # fmt: skip
    assert_clean_failure(result, f"no DealRecorded for deal {rental_id}")


def test_erc20_rental_approves_and_pays_in_tokens(fresh: DealChain) -> None:
    out = fresh.ok(
        "rentals",
        "list",
        "--daily-rate",
        "5",
        "--deposit",
        "50",
        "--token",
        fresh.token,
        dev=LENDER,
    )
    listing_id = number_after(r"rental listing (\d+) created", out)
    token = Erc20Client(fresh.w3, fresh.token)
    renter = dev_account(RENTER).address
    before = token.balance_of(renter)

    out = fresh.ok("rentals", "rent", str(listing_id), "--days", "2", dev=RENTER)

    assert "60 TUSD in escrow" in out
    assert before - token.balance_of(renter) == 60 * 10**TOKEN_DECIMALS
    rental_id = number_after(r"rental (\d+) booked", out)
    assert "50 TUSD" in fresh.ok("rentals", "show", str(rental_id))


# ------------------------------------------------------------------------------ bad input


def test_unknown_rental_and_listing_fail_cleanly(chain: DealChain) -> None:
    assert_clean_failure(chain.cli("rentals", "show", "12345"), "no RentalBooked for rental 12345")
    assert_clean_failure(chain.cli("rentals", "listing", "999"), "there is no rental listing 999")
    assert_clean_failure(
        chain.cli("rentals", "rent", "999", "--days", "1", dev=RENTER),
        "there is no rental listing 999",
    )


def test_wrong_party_gets_the_decoded_custom_error(fresh: DealChain) -> None:
    rental_id = _rent(fresh, _list(fresh))
    result = fresh.cli("rentals", "handover", str(rental_id), dev=RENTER)
    assert_clean_failure(result, "RentalEscrowNotLender", dev_account(RENTER).address)


def test_rent_books_only_on_the_terms_hash_the_listing_showed(fresh: DealChain) -> None:
    listing_id = _list(fresh)
    shown = fresh.ok("rentals", "listing", str(listing_id))
    terms_hash = _client(fresh).terms_hash_of(listing_id)
    assert terms_hash in shown
    lender = RentalClient.from_manifest(fresh.w3, fresh.manifest, dev_account(LENDER))
    seen = lender.get_listing(listing_id).terms
    lender.update_listing(listing_id, replace(seen, deposit=0, daily_rate=seen.daily_rate * 2))

    args = ("rentals", "rent", str(listing_id), "--days", "3", "--terms-hash", terms_hash)
    refused = fresh.cli(*args, dev=RENTER)
    assert_clean_failure(refused, "the terms of rental listing", "changed")
    assert _client(fresh).get_listing(listing_id).rented is False

    current = _client(fresh).terms_hash_of(listing_id)
    out = fresh.ok(
        "rentals", "rent", str(listing_id), "--days", "3", "--terms-hash", current, dev=RENTER
    )
    assert number_after(r"rental (\d+) booked", out) == (listing_id << 32) | 1


def test_booking_out_of_range_is_decoded(fresh: DealChain) -> None:
    listing_id = _list(fresh)
    result = fresh.cli("rentals", "rent", str(listing_id), "--days", "60", dev=RENTER)
    assert_clean_failure(result, "RentalEscrowDaysOutOfRange")


def test_bad_amounts_and_missing_account_fail_cleanly(chain: DealChain) -> None:
    assert_clean_failure(
        chain.cli("rentals", "list", "--daily-rate", "abc", dev=LENDER),
        "--daily-rate: 'abc' is not an amount of ETH",
    )
    assert_clean_failure(
        chain.cli("rentals", "list", "--daily-rate", "0.0000000000000000001", dev=LENDER),
        "more than 18 decimals",
    )
    assert_clean_failure(
        chain.cli("rentals", "list", "--daily-rate", "1"),
        "choose who signs",
    )
    no_code = "0x" + "00" * 19 + "01"
    assert_clean_failure(
        chain.cli("rentals", "list", "--daily-rate", "1", "--token", no_code, dev=LENDER),
        "does not answer decimals()",
    )
    assert_clean_failure(
        chain.cli("rentals", "list", "--daily-rate", "1", "--token", "usd", dev=LENDER),
        "'usd' is not an address",
    )


def test_keystore_account_insufficient_funds_and_wrong_password(fresh: DealChain) -> None:
    fresh.keystore("poor", "right")
    listing_id = _list(fresh)
    args = ("rentals", "rent", str(listing_id), "--days", "3", "--account", "poor")
    wallet = ("--password-env", "PW")

    broke = fresh.cli(*args, *wallet, env={"PW": "right"})
    assert_clean_failure(broke, "insufficient funds", "0.13 ETH")

    locked = fresh.cli(*args, *wallet, env={"PW": "wrong"})
    assert_clean_failure(locked, "wrong password")
