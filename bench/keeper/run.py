"""``make bench-keeper``: what a keeper pass costs, in time, RPC requests and gas.

1. Start anvil, deploy, and open ``--per-kind`` deals of each of the ten kinds the keeper
   handles (five rental states, an ERC-20 plan to collect, an ETH plan to default, an
   unshipped, a shipped and a disputed escrowed order), then move the clock 100 days so
   every one of them is due.
2. Run one keeper pass from the deploy block (discovery, refresh, one transaction per deal),
   a second pass (which re-reads the deals its own transactions touched and sends nothing),
   and a third with nothing new at all. Each is timed and its JSON-RPC requests counted by
   method; the gas of each action kind is averaged from the receipts.

Writes bench/results/keeper.json and prints a table. Timings depend on the machine and on
what else runs on it: the load average is recorded next to them.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from web3 import HTTPProvider, Web3
from web3.types import RPCEndpoint, RPCResponse

from chain.anvil import dev_account, start_anvil
from chain.artifacts import load_artifact
from chain.deploy import deploy_all, deploy_contract
from chain.installments.client import InstallmentPlansClient
from chain.installments.types import PlanTerms
from chain.keeper import Keeper
from chain.marketplace.client import MarketplaceClient
from chain.rentals.client import RentalClient
from chain.rentals.types import RentalTerms
from chain.tx import Transactor

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "bench" / "results" / "keeper.json"
DAY = 86_400


class CountingProvider(HTTPProvider):
    """An HTTP provider that counts requests by JSON-RPC method."""

    def __init__(self, url: str) -> None:
        super().__init__(url, request_kwargs={"timeout": 60})
        self.calls: Counter[str] = Counter()

    def make_request(self, method: RPCEndpoint, params: Any) -> RPCResponse:
        self.calls[str(method)] += 1
        return super().make_request(method, params)


def _open_deals(w3: Web3, manifest: Any, token: str, per_kind: int) -> int:
    """Open ``per_kind`` deals of every kind; how many."""
    lend, rent = dev_account(1), dev_account(2)
    lender = RentalClient.from_manifest(w3, manifest, lend)
    renter = RentalClient.from_manifest(w3, manifest, rent)
    seller_plans = InstallmentPlansClient.from_manifest(w3, manifest, lend)
    buyer_plans = InstallmentPlansClient.from_manifest(w3, manifest, rent)
    seller = MarketplaceClient.from_manifest(w3, manifest, lend)
    buyer = MarketplaceClient.from_manifest(w3, manifest, rent)

    def rental(steps: int) -> None:
        created = lender.create_listing(RentalTerms(daily_rate=10**15, deposit=10**16))
        booked = renter.book(int(created.event("RentalListingCreated").args["listingId"]), 3)
        moves: list[Callable[[Any], object]] = [
            lender.confirm_handover,
            renter.mark_returned,
            lambda r: lender.confirm_return(r, 10**15),
            renter.dispute_claim,
        ]
        for move in moves[:steps]:
            move(renter.rental_from_chain(booked.id))

    def plan(erc20: bool) -> None:
        terms = PlanTerms(price=10**9, token=token) if erc20 else PlanTerms(price=10**16)
        created = seller_plans.create_listing(terms, stock=1)
        if erc20:
            split = terms.split()
            buyer_plans.approve_token(token, 10**18 + split.down_payment + split.total)
        buyer_plans.start_plan(int(created.event("PlanListingCreated").args["listingId"]))

    def order(then: str | None) -> None:
        created = seller.create_listing(
            price=10**15, stock=1, escrow=True, handling_time=DAY, auto_release_window=3 * DAY
        )
        bought = buyer.buy(int(created.event("ListingCreated").args["listingId"]))
        order_id = int(bought.event("OrderPlaced").args["orderId"])
        if then == "ship":
            seller.ship(seller.order_from_chain(order_id))
        elif then == "dispute":
            buyer.open_dispute(buyer.order_from_chain(order_id))

    makers: list[Callable[[], None]] = [
        *(lambda s=s: rental(s) for s in range(5)),
        lambda: plan(True),
        lambda: plan(False),
        *(lambda t=t: order(t) for t in (None, "ship", "dispute")),
    ]
    for _ in range(per_kind):
        for make in makers:
            make()
    return per_kind * len(makers)


def _timed_pass(keeper: Keeper, provider: CountingProvider) -> dict[str, Any]:
    provider.calls.clear()
    began = time.monotonic()
    actions = keeper.run_once()
    seconds = time.monotonic() - began
    return {
        "seconds": round(seconds, 3),
        "actions": len(actions),
        "rpc_requests": sum(provider.calls.values()),
        "rpc_by_method": dict(provider.calls.most_common()),
        "gas": [(a.action, a.contract, a.gas_used) for a in actions],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=10, help="deals of each kind")
    parser.add_argument("--max-range", type=int, default=2_000, help="blocks per eth_getLogs")
    args = parser.parse_args()
    with start_anvil() as node:
        w3 = node.web3()
        deployment = deploy_all(w3, dev_account(0), deployments_dir=tempfile.mkdtemp())
        token = deploy_contract(
            Transactor(w3, dev_account(0)), load_artifact("TestToken"), ("Test USD", "TUSD", 6)
        ).address
        assert token is not None
        contract = w3.eth.contract(address=token, abi=list(load_artifact("TestToken").abi))
        data = contract.encode_abi("mint", args=[dev_account(2).address, 10**18])
        Transactor(w3, dev_account(0)).send({"to": token, "data": data}, contract="TestToken")
        began = time.monotonic()
        deals = _open_deals(w3, deployment.manifest, token, args.per_kind)
        setup = time.monotonic() - began
        w3.provider.make_request(RPCEndpoint("evm_increaseTime"), [100 * DAY])
        w3.provider.make_request(RPCEndpoint("evm_mine"), [])
        provider = CountingProvider(node.url)
        keeper_w3 = Web3(provider)
        lines: list[str] = []
        keeper = Keeper(
            keeper_w3,
            deployment.manifest,
            dev_account(5),
            emit=lambda event, **_fields: lines.append(event),
            max_range=args.max_range,
        )
        blocks = int(w3.eth.block_number)
        first = _timed_pass(keeper, provider)
        second = _timed_pass(keeper, provider)  # re-reads the deals its own actions touched
        third = _timed_pass(keeper, provider)
    gas: dict[str, list[int]] = defaultdict(list)
    for action, contract, used in first.pop("gas"):
        gas[f"{contract}.{action}"].append(used)
    second.pop("gas")
    third.pop("gas")
    result = {
        "deals": deals,
        "blocks": blocks,
        "max_range": args.max_range,
        "setup_seconds": round(setup, 1),
        "first_pass": first,
        "second_pass": second,
        "idle_pass": third,
        "gas_mean": {key: sum(v) // len(v) for key, v in sorted(gas.items())},
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{deals} due deals over {blocks} blocks (getLogs ranges of {args.max_range})")
    for name in ("first_pass", "second_pass", "idle_pass"):
        row = result[name]
        print(
            f"{name:<12} {row['seconds']:>7.2f} s  {row['actions']:>4} actions  "
            f"{row['rpc_requests']:>5} RPC requests"
        )
    for key, used in result["gas_mean"].items():
        print(f"  {key:<45} {used:>8,} gas")
    print(f"written to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
