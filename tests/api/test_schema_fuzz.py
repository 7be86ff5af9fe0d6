"""Schemathesis against the OpenAPI schema: generated requests, signed in, on both databases.

Every operation is fuzzed with a bounded number of examples against a database holding a
listing, orders, feed items, a rental, a plan, a review, a seller record, credits (a mint, a
spend, a promotion's burn) and vouchers, so requests reach past 404s and empty lists. No response
may be a 5xx, and every response must match the schema. The live stream never ends, so it
is left to tests/api/test_stream.py.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from api_helpers import ALICE, CAROL, ApiClient
from chain_rows import ETH, ChainRows
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

MAX_EXAMPLES = 8


@pytest.fixture
def api_schema(client: ApiClient, chain: ChainRows) -> Any:
    chain.status(head=20, finalized=5)
    chain.marketplace()
    chain.listing(1, ALICE.address)
    chain.order(1 << 32 | 1, ALICE.address, CAROL.address, status="completed")
    chain.deal(1 << 32 | 1, ALICE.address, CAROL.address, 3)
    chain.reputation(ALICE.address, listings=1, orders=1, deals=1)
    chain.volume(ALICE.address, ETH, deals=1, value=10**16)
    chain.rental_listing(1, ALICE.address)
    chain.rental(1 << 32 | 1, ALICE.address, CAROL.address)
    chain.plan(1, ALICE.address, CAROL.address)
    chain.review(3, 1, CAROL.address, ALICE.address)
    chain.credit_token()
    chain.credit_balance(CAROL.address, minted=5 * 10**12, spent=10**12)
    chain.credit_balance(ALICE.address, received=10**12, burned=10**12)
    chain.credit_move(4, 0, "mint", ETH, CAROL.address, 5 * 10**12)
    chain.credit_move(5, 0, "spend", CAROL.address, ALICE.address, 10**12)
    chain.credit_spend(5, 1, 1 << 32 | 1, CAROL.address, ALICE.address, 10**12)
    chain.credit_move(6, 0, "burn", ALICE.address, ETH, 10**12)
    chain.promotion(6, 1, 1, ALICE.address, 10**12)
    chain.voucher("0x" + "0a" * 32, ALICE.address, redemptions=1, discount_total=10**15)
    chain.voucher("0x" + "0b" * 32, ALICE.address, cancelled=True, cancelled_at=1_700_000_100)
    chain.voucher_redemption(
        7, 0, "0x" + "0a" * 32, ALICE.address, CAROL.address, 1 << 32 | 1, 10**15, 1
    )
    chain.feed(
        {
            "block": 2,
            "log": 0,
            "kind": "listing_created",
            "actor": ALICE.address,
            "seller": ALICE.address,
        },
        {
            "block": 3,
            "log": 1,
            "kind": "purchased",
            "actor": CAROL.address,
            "seller": ALICE.address,
            "token": ETH,
            "amount": 10**16,
        },
    )
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.http.app)
    return schema.exclude(path="/v1/stream")


@pytest.fixture
def token_header(client: ApiClient) -> dict[str, str]:
    return client.sign_in(ALICE)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors_and_responses_match_the_schema(
    case: Any, token_header: dict[str, str]
) -> None:
    case.call_and_validate(
        headers=token_header,
        checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
    )
