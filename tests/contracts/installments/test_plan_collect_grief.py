"""A seller-chosen token must not stop a keeper's whole collectMany batch: each plan's token
calls get a bounded gas budget, and a plan whose token burns it, reverts with or returns
huge data is reported failed (CollectionFailed) while the others are collected."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import TOKEN_PRICE, Terms, addr, events

HONEST, BURN_ON_TRANSFER, BURN_ON_BALANCE, REVERT_HUGE, RETURN_HUGE = range(5)
# Enough for three collections when every token call is capped; far less than a token
# that is handed all the gas (or 1 MB of memory) would burn.
BATCH_GAS = 1_000_000


@pytest.fixture
def grief_token(project: Any, owner: Any, plans: Any, buyer2: Any) -> Any:
    token = owner.deploy(project.GasGriefToken)
    token.mint(buyer2, 10**30, sender=owner)
    token.approve(plans, 2**256 - 1, sender=buyer2)
    return token


@pytest.mark.parametrize(
    "mode", [BURN_ON_TRANSFER, BURN_ON_BALANCE, REVERT_HUGE, RETURN_HUGE], ids=str
)
def test_a_hostile_token_costs_a_batch_only_its_own_plan(
    plans: Any,
    token: Any,
    grief_token: Any,
    buyer: Any,
    buyer2: Any,
    keeper: Any,
    token_terms: Terms,
    start_plan: Any,
    due: Any,
    chain: Any,
    mode: int,
) -> None:
    first, _ = start_plan(token_terms)
    hostile, _ = start_plan(Terms(token=addr(grief_token), price=TOKEN_PRICE), sender=buyer2)
    last, _ = start_plan(token_terms)
    installment = plans.getPlan(first).installment
    grief_token.setMode(mode, sender=keeper)
    chain.pending_timestamp = due(last, 1)

    receipt = plans.collectMany([first, hostile, last], sender=keeper, gas=BATCH_GAS)

    assert receipt.return_value == 2
    assert [e.planId for e in events(plans, receipt, "InstallmentPaid")] == [first, last]
    failed = events(plans, receipt, "CollectionFailed")
    assert [(e.planId, e.keeper) for e in failed] == [(hostile, keeper)]
    assert plans.getPlan(first).paid == installment == plans.getPlan(last).paid
    assert plans.getPlan(hostile).paid == 0
    # Bounded: the hostile plan cost the batch at most its budget (30k + 100k + 30k) plus
    # the two honest collections, nowhere near the gas the token would have taken.
    assert receipt.gas_used < 450_000


def test_an_honest_token_is_collected_within_the_budget(
    plans: Any, grief_token: Any, buyer2: Any, keeper: Any, start_plan: Any, due: Any, chain: Any
) -> None:
    plan_id, _ = start_plan(Terms(token=addr(grief_token), price=TOKEN_PRICE), sender=buyer2)
    chain.pending_timestamp = due(plan_id, 1)

    receipt = plans.collectMany([plan_id], sender=keeper, gas=BATCH_GAS)

    assert receipt.return_value == 1
    assert not events(plans, receipt, "CollectionFailed")
    assert plans.getPlan(plan_id).paid == plans.getPlan(plan_id).installment
