"""``bazaar keeper`` against anvil: every kind of due action is taken exactly once, nothing is
sent when nothing is due, an installment the allowance cannot cover is not sent, bounded log
ranges find everything, and Ctrl-C stops it cleanly.

Outcomes are read back from the chain, and the last journey reads every one of them through
the API as a user would (``/v1/rentals``, ``/v1/plans``, ``/v1/orders``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deal_fixtures import (
    DAY,
    KEEPER,
    LENDER,
    RENTER,
    TOKEN_DECIMALS,
    DealChain,
    assert_clean_failure,
    chain,
    fresh,
    json_lines,
)
from web3 import HTTPProvider, Web3
from web3.types import FilterParams

from chain.anvil import dev_account
from chain.erc20 import Erc20Client
from chain.installments.client import InstallmentPlansClient
from chain.installments.types import PlanStatus, PlanTerms
from chain.keeper import Keeper
from chain.marketplace.client import MarketplaceClient
from chain.marketplace.types import OrderStatus
from chain.rentals.client import RentalClient
from chain.rentals.types import Rental, RentalStatus, RentalTerms

__all__ = ["chain", "fresh"]  # fixtures used by name

REPO = Path(__file__).resolve().parents[2]
# The rental actions _every_kind sets up, one rental each.
RENTAL_ACTIONS = (
    "cancel_booking",
    "settle_late",
    "release_deposit",
    "settle_claim",
    "resolve_expired_dispute",
)
SELLER, BUYER = LENDER, RENTER


@dataclass(frozen=True)
class Parties:
    lender: RentalClient
    renter: RentalClient
    seller_plans: InstallmentPlansClient
    buyer_plans: InstallmentPlansClient
    seller: MarketplaceClient
    buyer: MarketplaceClient


def _parties(c: DealChain) -> Parties:
    lend, rent = dev_account(LENDER), dev_account(RENTER)
    return Parties(
        RentalClient.from_manifest(c.w3, c.manifest, lend),
        RentalClient.from_manifest(c.w3, c.manifest, rent),
        InstallmentPlansClient.from_manifest(c.w3, c.manifest, lend),
        InstallmentPlansClient.from_manifest(c.w3, c.manifest, rent),
        MarketplaceClient.from_manifest(c.w3, c.manifest, lend),
        MarketplaceClient.from_manifest(c.w3, c.manifest, rent),
    )


def _rental(p: Parties, steps: int) -> int:
    """A rental moved ``steps`` steps along booked → active → returned → claimed → disputed."""
    terms = RentalTerms(daily_rate=10**16, deposit=10**17)
    created = p.lender.create_listing(terms).event("RentalListingCreated")
    rental = p.renter.book(int(created.args["listingId"]), 3)
    moves: list[Callable[[Rental], object]] = [
        lambda r: p.lender.confirm_handover(r),
        lambda r: p.renter.mark_returned(r),
        lambda r: p.lender.confirm_return(r, 4 * 10**16),
        lambda r: p.renter.dispute_claim(r),
    ]
    for move in moves[:steps]:
        move(p.renter.rental_from_chain(rental.id))
    return rental.id


def _plan(p: Parties, token: str | None = None) -> int:
    """A 12 × 30-day plan started by the buyer (ERC-20 plans with the whole schedule approved)."""
    if token is None:
        terms = PlanTerms(price=10**18)
    else:
        # The longest grace (90 days): 100 days in, installment 1's window (due + grace) is
        # still open, so the keeper collects the three installments due, late, at once.
        terms = PlanTerms(price=1_200 * 10**TOKEN_DECIMALS, token=token, grace_period=90 * DAY)
    created = p.seller_plans.create_listing(terms, stock=5).event("PlanListingCreated")
    if token is not None:
        split = terms.split()
        p.buyer_plans.approve_token(token, split.down_payment + split.total)
    started = p.buyer_plans.start_plan(int(created.args["listingId"]))
    return int(started.event("PlanStarted").args["planId"])


def _order(p: Parties, then: str | None = None) -> int:
    """An escrowed order (1 day to ship, 3 days to react), optionally shipped or disputed."""
    created = p.seller.create_listing(
        price=10**16, stock=5, escrow=True, handling_time=DAY, auto_release_window=3 * DAY
    ).event("ListingCreated")
    placed = p.buyer.buy(int(created.args["listingId"])).event("OrderPlaced")
    order_id = int(placed.args["orderId"])
    if then == "ship":
        p.seller.ship(p.seller.order_from_chain(order_id))
    elif then == "dispute":
        p.buyer.open_dispute(p.buyer.order_from_chain(order_id))
    return order_id


def _every_kind(c: DealChain) -> dict[tuple[str, str], int]:
    """One deal of every kind the keeper handles, by the (contract, action) it will need."""
    p = _parties(c)
    return {
        ("RentalEscrow", "cancel_booking"): _rental(p, 0),
        ("RentalEscrow", "settle_late"): _rental(p, 1),
        ("RentalEscrow", "release_deposit"): _rental(p, 2),
        ("RentalEscrow", "settle_claim"): _rental(p, 3),
        ("RentalEscrow", "resolve_expired_dispute"): _rental(p, 4),
        ("InstallmentPlans", "collect"): _plan(p, c.token),
        ("InstallmentPlans", "mark_default"): _plan(p),
        ("Marketplace", "refund_unshipped"): _order(p),
        ("Marketplace", "release"): _order(p, "ship"),
        ("Marketplace", "resolve_expired_dispute"): _order(p, "dispute"),
    }


def _keeper_nonce(c: DealChain) -> int:
    return int(c.w3.eth.get_transaction_count(dev_account(KEEPER).address))


def _actions(output: str) -> list[dict[str, object]]:
    return [line for line in json_lines(output) if line["event"] == "keeper_action"]


def test_nothing_is_sent_when_nothing_is_due(fresh: DealChain) -> None:
    deals = _every_kind(fresh)
    nonce = _keeper_nonce(fresh)

    out = fresh.ok("keeper", "--once", "--json", dev=KEEPER)

    assert _actions(out) == []
    passes = [line for line in json_lines(out) if line["event"] == "keeper_pass"]
    assert passes[-1]["watched"] == len(deals)
    assert _keeper_nonce(fresh) == nonce


def test_each_due_action_is_taken_once(fresh: DealChain) -> None:
    deals = _every_kind(fresh)
    fresh.travel(100 * DAY)

    out = fresh.ok("keeper", "--once", "--json", "--max-range", "4", dev=KEEPER)

    taken = Counter((a["contract"], a["action"], a["id"]) for a in _actions(out))
    assert taken == Counter((contract, action, i) for (contract, action), i in deals.items())
    p = _parties(fresh)
    rental_status = {
        action: p.renter.rental_from_chain(deals[("RentalEscrow", action)]).status
        for action in RENTAL_ACTIONS
    }
    assert rental_status == {
        "cancel_booking": RentalStatus.CANCELLED,
        "settle_late": RentalStatus.LOST,
        "release_deposit": RentalStatus.COMPLETED,
        "settle_claim": RentalStatus.COMPLETED,
        "resolve_expired_dispute": RentalStatus.RESOLVED,
    }
    collected = p.buyer_plans.get_plan(deals[("InstallmentPlans", "collect")])
    assert (collected.status, collected.installments_paid) == (PlanStatus.ACTIVE, 3)
    defaulted = p.buyer_plans.get_plan(deals[("InstallmentPlans", "mark_default")])
    assert defaulted.status == PlanStatus.DEFAULTED
    orders = {
        action: p.buyer.order_from_chain(deals[("Marketplace", action)]).status
        for action in ("refund_unshipped", "release", "resolve_expired_dispute")
    }
    assert orders == {
        "refund_unshipped": OrderStatus.REFUNDED,
        "release": OrderStatus.COMPLETED,
        "resolve_expired_dispute": OrderStatus.RESOLVED,
    }

    nonce = _keeper_nonce(fresh)
    again = fresh.ok("keeper", "--once", "--json", dev=KEEPER)
    assert _actions(again) == []
    assert _keeper_nonce(fresh) == nonce


def test_one_keeper_does_not_repeat_itself_across_passes(fresh: DealChain) -> None:
    deals = _every_kind(fresh)
    fresh.travel(100 * DAY)
    lines: list[tuple[str, dict[str, object]]] = []
    keeper = Keeper(
        fresh.w3,
        fresh.manifest,
        dev_account(KEEPER),
        emit=lambda event, **fields: lines.append((event, fields)),
        max_range=1,
    )

    first = keeper.run_once()
    second = keeper.run_once()

    assert len(first) == len(deals)
    assert second == []
    assert lines[-1][1]["watched"] == 1  # only the ERC-20 plan is still open


def test_a_log_range_the_provider_refuses_is_split(fresh: DealChain) -> None:
    deals = _every_kind(fresh)
    fresh.travel(100 * DAY)
    w3 = Web3(HTTPProvider(fresh.stack.node.url))
    real = w3.eth.get_logs
    asked: list[tuple[int, int]] = []

    def picky(params: FilterParams) -> Any:
        start, end = params.get("fromBlock"), params.get("toBlock")
        if isinstance(start, int) and isinstance(end, int):
            asked.append((start, end))
            if end - start >= 8:
                raise ValueError("query exceeds the provider's block range limit")
        return real(params)

    w3.eth.get_logs = picky  # type: ignore[method-assign]
    lines: list[str] = []
    keeper = Keeper(
        w3,
        fresh.manifest,
        dev_account(KEEPER),
        emit=lambda event, **fields: lines.append(event),
        max_range=10_000,
    )

    taken = keeper.run_once()

    assert {(a.contract, a.action) for a in taken} == set(deals)
    assert "keeper_range_split" in lines
    assert keeper.max_range < 8
    scanned_to = w3.eth.block_number - len(taken)  # the head before the keeper's own blocks
    assert keeper.cursor == scanned_to + 1  # the scan reached the head in small ranges
    assert any(end - start >= 8 for start, end in asked)  # after wide ranges were refused


def test_installment_the_allowance_cannot_cover_is_not_sent(fresh: DealChain) -> None:
    p = _parties(fresh)
    plan_id = _plan(p, fresh.token)
    Erc20Client(fresh.w3, fresh.token, dev_account(BUYER)).approve(p.buyer_plans.address, 0)
    fresh.travel(31 * DAY)  # the first installment is due, the grace period is running
    nonce = _keeper_nonce(fresh)

    out = fresh.ok("keeper", "--once", "--json", dev=KEEPER)

    assert _actions(out) == []
    skipped = [line for line in json_lines(out) if line["event"] == "keeper_skipped"]
    assert [(s["action"], s["id"]) for s in skipped] == [("collect", plan_id)]
    assert _keeper_nonce(fresh) == nonce

    fresh.travel(90 * DAY)  # past the 90-day grace period: the keeper marks the default
    out = fresh.ok("keeper", "--once", "--json", dev=KEEPER)
    assert [(a["action"], a["id"]) for a in _actions(out)] == [("mark_default", plan_id)]
    assert p.buyer_plans.get_plan(plan_id).status == PlanStatus.DEFAULTED


def test_once_prints_a_readable_summary_and_json_only_when_asked(fresh: DealChain) -> None:
    deals = _every_kind(fresh)
    fresh.travel(100 * DAY)

    out = fresh.ok("keeper", "--once", dev=KEEPER)

    assert f"sent {len(deals)} transactions" in out
    assert "watching" in out and "open deals" in out
    for _contract, action in deals:
        assert action in out
    assert not json_lines(out)


def test_ctrl_c_stops_the_keeper_cleanly(chain: DealChain) -> None:
    command = [
        sys.executable,
        "-m",
        "bazaar.cli",
        "keeper",
        "--rpc",
        chain.stack.node.url,
        "--deployment",
        str(chain.stack.manifest_path),
        "--dev-account",
        str(KEEPER),
        "--interval",
        "0.2",
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        seen = []
        for line in process.stdout:
            seen.append(line)
            if '"keeper_pass"' in line:
                break
        process.send_signal(signal.SIGINT)
        rest, errors = process.communicate(timeout=30)

    assert process.returncode == 0, errors
    assert "Traceback" not in errors
    assert '"keeper_stopped"' in rest


def test_unreachable_rpc_and_missing_account_fail_cleanly(chain: DealChain) -> None:
    from typer.testing import CliRunner

    from bazaar.cli import app

    result = CliRunner().invoke(
        app, ["keeper", "--once", "--rpc", "http://127.0.0.1:9", "--dev-account", "5"]
    )
    assert_clean_failure(result, "cannot reach the RPC at http://127.0.0.1:9")
    assert_clean_failure(chain.cli("keeper", "--once"), "choose who signs")


def test_keeper_results_show_in_the_api(chain: DealChain) -> None:
    """Last in the module and without a snapshot: the indexer must see these blocks for good."""
    deals = _every_kind(chain)
    chain.travel(100 * DAY)

    out = chain.ok("keeper", "--once", "--json", dev=KEEPER)

    taken = Counter((a["contract"], a["action"], a["id"]) for a in _actions(out))
    assert taken == Counter((contract, action, i) for (contract, action), i in deals.items())
    keeper = dev_account(KEEPER).address
    rentals = {
        action: chain.api(f"/v1/rentals/{deals[('RentalEscrow', action)]}")
        for action in RENTAL_ACTIONS
    }
    assert {action: rental["status"] for action, rental in rentals.items()} == {
        "cancel_booking": "cancelled",
        "settle_late": "lost",
        "release_deposit": "completed",
        "settle_claim": "completed",
        "resolve_expired_dispute": "resolved",
    }
    assert rentals["settle_late"]["closed_by"] == keeper
    expired = rentals["resolve_expired_dispute"]
    assert (expired["by_timeout"], expired["renter_bps"]) == (True, 5_000)

    collected = chain.api(f"/v1/plans/{deals[('InstallmentPlans', 'collect')]}")
    assert (collected["status"], collected["paid_count"]) == ("active", 3)
    # 100 days past the start all three installments are due and late: one
    # collect charges the late fee and takes the three together.
    rows = [(p["kind"], p["by"], p["paid_count"]) for p in collected["installments"]]
    assert rows == [("late_fee", None, 0), ("collected", keeper, 3)]
    assert [row["paid"] for row in collected["schedule"][:4]] == [True, True, True, False]
    defaulted = chain.api(f"/v1/plans/{deals[('InstallmentPlans', 'mark_default')]}")
    assert defaulted["status"] == "defaulted"

    orders = {
        action: chain.api(f"/v1/orders/{deals[('Marketplace', action)]}")["status"]
        for action in ("refund_unshipped", "release", "resolve_expired_dispute")
    }
    assert orders == {
        "refund_unshipped": "refunded",
        "release": "completed",
        "resolve_expired_dispute": "resolved",
    }
