"""Randomized invariant run: at least 1,000 seeded random operations on InstallmentPlans
(plans in ETH and an ERC-20, both delivery modes; payments, collections, payoffs, defaults,
cancellations, settlements, withdrawals, allowance changes, fee changes, time travel).

After every step, for each token: the contract's balance equals what it accounts for (money
held for plans + pull balances + fees), and each of those equals the reference model
(model.py). Operations the model says must fail are checked to revert with the right
error. Reproduce a failure with EMI_INVARIANT_SEED=<seed>; EMI_INVARIANT_STEPS sets the
length (CI runs the default, 1,200).

Transactions go as raw JSON-RPC straight to anvil (ape's wrappers cost ~150 ms each, web3's
~20 ms), with the next block's timestamp set before each, so the model knows the exact time.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from typing import Any

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_utils import keccak

from core.constants import ZERO_ADDRESS

from .helpers import ACTIVE, BPS, DAY, HOUR, LAYAWAY, PAY_LATER, Terms, addr
from .model import Model, PlanModel

SEED = int(os.environ.get("EMI_INVARIANT_SEED", "20260401"))
STEPS = int(os.environ.get("EMI_INVARIANT_STEPS", "1200"))
MAX_PLANS = 24
MAX = 2**256 - 1
PAID_TOPIC = keccak(text="InstallmentPaid(uint256,address,uint256)")
FAILED_TOPIC = keccak(text="CollectionFailed(uint256,address,uint256,bytes4)")


class Reverted(Exception):
    """A transaction the node refused because it reverts; `selector` is its error."""

    def __init__(self, selector: bytes) -> None:
        super().__init__(selector.hex())
        self.selector = selector


class Abi:
    """Selector-table ABI coding with eth-abi (web3's encode_abi costs milliseconds)."""

    def __init__(self, contract: Any) -> None:
        self.address = addr(contract)
        abi = contract.contract_type.model_dump(mode="json", by_alias=True)["abi"]
        self.functions = {
            e["name"]: (
                keccak(text=_signature(e))[:4],
                [_kind(p) for p in e["inputs"]],
                [_kind(p) for p in e["outputs"]],
            )
            for e in abi
            if e["type"] == "function"
        }
        self.errors = {
            keccak(text=_signature(e))[:4]: e["name"] for e in abi if e["type"] == "error"
        }

    def encode(self, name: str, *args: Any) -> str:
        selector, inputs, _ = self.functions[name]
        return "0x" + (selector + abi_encode(inputs, list(args))).hex()

    def decode(self, name: str, raw: str) -> Any:
        return abi_decode(self.functions[name][2], bytes.fromhex(raw[2:]))


class Runner:
    """Sends raw JSON-RPC to anvil at controlled timestamps (web3's request pipeline costs
    ~20 ms a call; this is ~2 ms) and encodes and decodes with eth-abi."""

    def __init__(self, chain: Any, plans: Any, token: Any, lens: Any) -> None:
        self.provider = chain.provider.web3.provider
        self.plans, self.token, self.lens = Abi(plans), Abi(token), Abi(lens)
        self.now = int(self.rpc("eth_getBlockByNumber", ["latest", False])["timestamp"], 16) + 1
        self.errors = {**self.plans.errors, **self.token.errors}

    def rpc(self, method: str, params: list[Any]) -> Any:
        response = self.provider.make_request(method, params)
        if "error" in response:
            raise Reverted(_revert_selector(response["error"]))
        return response["result"]

    def send(self, sender: Any, target: Any, data: str, value: int = 0) -> Any:
        self.now += 1
        self.rpc("evm_setNextBlockTimestamp", [self.now])
        tx = {"from": addr(sender), "to": addr(target), "data": data, "value": hex(value)}
        # anvil mines a reverting eth_sendTransaction; estimating first (in the pending
        # block, at the timestamp just set) surfaces the revert and its data instead.
        tx["gas"] = self.rpc("eth_estimateGas", [tx, "pending"])
        tx_hash = self.rpc("eth_sendTransaction", [tx])
        receipt = None
        while receipt is None:  # anvil mines at once; the receipt can lag by a moment
            receipt = self.rpc("eth_getTransactionReceipt", [tx_hash])
        assert int(receipt["status"], 16) == 1
        return receipt

    def call(self, sender: Any, name: str, *args: Any, value: int = 0) -> Any:
        return self.send(sender, self.plans.address, self.plans.encode(name, *args), value)

    def view(self, contract: Abi, name: str, *args: Any) -> Any:
        call = {"to": contract.address, "data": contract.encode(name, *args)}
        return contract.decode(name, self.rpc("eth_call", [call, "latest"]))

    def expect_revert(self, error: str, sender: Any, name: str, *args: Any, value: int = 0) -> None:
        try:
            self.call(sender, name, *args, value=value)
        except Reverted as reverted:
            got = self.errors.get(reverted.selector, reverted.selector.hex())
            assert got == error, f"{name}{args} reverted with {got}, expected {error}"
            self.now -= 1  # nothing was mined
            return
        raise AssertionError(f"{name}{args} succeeded, expected {error}")


def _kind(p: dict[str, Any]) -> str:
    if str(p["type"]).startswith("tuple"):
        return "(" + ",".join(_kind(c) for c in p["components"]) + ")" + str(p["type"])[5:]
    return str(p["type"])


def _signature(error: dict[str, Any]) -> str:
    return f"{error['name']}({','.join(_kind(p) for p in error['inputs'])})"


def _revert_selector(error: Any) -> bytes:
    data = error.get("data") if isinstance(error, dict) else None
    if isinstance(data, dict):
        data = data.get("data")
    text = str(data or "")
    return bytes.fromhex(text[2:10]) if text.startswith("0x") and len(text) >= 10 else b""


def _topics(receipt: Any, topic: bytes) -> int:
    wanted = "0x" + topic.hex()
    return sum(1 for log in receipt["logs"] if log["topics"] and log["topics"][0] == wanted)


def test_random_operations_keep_the_books_balanced(
    plans: Any,
    token: Any,
    owner: Any,
    fee_recipient: Any,
    seller: Any,
    seller2: Any,
    buyer: Any,
    buyer2: Any,
    keeper: Any,
    accounts: Any,
    project: Any,
    chain: Any,
) -> None:
    rng = random.Random(SEED)
    lens = owner.deploy(project.PlansLens)
    buyer3 = accounts[8]
    token.mint(buyer3, 10**30, sender=owner)
    token.mint(seller2, 10**30, sender=owner)
    for holder in (buyer3, seller2):
        token.approve(plans, MAX, sender=holder)
    plans.setDealRecorder(ZERO_ADDRESS, sender=owner)
    run = Runner(chain, plans, token, lens)
    model = Model()
    tokens = (ZERO_ADDRESS, addr(token))
    sellers, buyers = [seller, seller2], [buyer, buyer2, buyer3]
    people = [*sellers, *buyers, keeper, fee_recipient, owner]
    allowance = {addr(b): True for b in buyers}
    fee_bps = int(plans.config().feeBps)
    counts: dict[str, int] = {}

    def active() -> list[PlanModel]:
        return [p for p in model.plans.values() if p.status == ACTIVE]

    def pick(candidates: list[PlanModel]) -> PlanModel | None:
        return rng.choice(candidates) if candidates else None

    def pays_ok(plan: PlanModel) -> bool:
        return plan.token == ZERO_ADDRESS or allowance[plan.buyer]

    def value_for(plan: PlanModel, amount: int) -> int:
        return amount if plan.token == ZERO_ADDRESS else 0

    def lapsed(plan: PlanModel, at: int) -> bool:
        """Whether the buyer's window [.., due + grace) has closed at `at`: paying,
        paying off, leaving and collecting revert with TooLate; markDefault is open."""
        return at >= plan.quote(at).defaultable_at

    # ---------------------------------------------------------------- operations

    def op_start() -> None:
        if len(model.plans) >= MAX_PLANS:
            return op_travel()
        use_token = rng.random() < 0.5
        mode = rng.choice([PAY_LATER, LAYAWAY])
        terms = Terms(
            token=tokens[1] if use_token else ZERO_ADDRESS,
            price=rng.randrange(10**18, 10**21) if use_token else rng.randrange(10**15, 10**18),
            down_payment_bps=rng.choice([0, 500, 1_000, 2_500, 9_000]),
            installments=rng.randrange(2, 9),
            interval=rng.randrange(DAY, 20 * DAY),
            financing_fee_bps=rng.randrange(0, 3_001),
            grace_period=rng.randrange(DAY, 10 * DAY),
            late_fee_bps=rng.randrange(0, 1_001),
            forfeit_bps=rng.randrange(0, 1_001) if mode == LAYAWAY else 0,
            mode=mode,
        )
        seller_, buyer_ = rng.choice(sellers), rng.choice(buyers)
        run.call(seller_, "createListing", terms.abi(), 1, b"\x00" * 32)
        listing_id = counts.get("listings", 0) + 1  # this module's contract numbers from 1
        counts["listings"] = listing_id
        plan = PlanModel(
            plan_id=(int(addr(buyer_), 16) << 96) | (counts.get("plans", 0) + 1),
            buyer=addr(buyer_),
            seller=addr(seller_),
            terms=terms,
            fee_bps=fee_bps,
            started_at=run.now + 1,
        )
        if use_token and plan.down and not allowance[plan.buyer]:
            run.expect_revert(
                "ERC20InsufficientAllowance", buyer_, "startPlan", listing_id, b"\x00" * 32
            )
            return
        run.call(buyer_, "startPlan", listing_id, b"\x00" * 32, value=value_for(plan, plan.down))
        counts["plans"] = counts.get("plans", 0) + 1
        model.plans[plan.plan_id] = plan
        touched.append(plan)

    def op_travel() -> None:
        run.now += rng.choice([60, HOUR, DAY, 3 * DAY, 7 * DAY, 16 * DAY])

    def op_pay() -> None:
        plan = pick(active())
        if plan is None:
            return op_start()
        touched.append(plan)
        quote = plan.quote(run.now + 1)
        outstanding = plan.total - plan.paid
        roll = rng.random()
        sender = _party(plan.buyer)
        if roll < 0.05:
            run.expect_revert(
                "InstallmentPlansNotBuyer",
                _party(plan.seller),
                "pay",
                plan.plan_id,
                1,
                plan.paid,
                quote.late_fee,
                value=value_for(plan, 1),
            )
            return
        if lapsed(plan, run.now + 1):
            amount = quote.late_fee + min(plan.installment, outstanding)
            run.expect_revert(
                "InstallmentPlansTooLate",
                sender,
                "pay",
                plan.plan_id,
                amount,
                plan.paid,
                quote.late_fee,
                value=value_for(plan, amount),
            )
            return
        if roll < 0.10:
            amount = quote.late_fee + outstanding + 1
            run.expect_revert(
                "InstallmentPlansOverpayment",
                sender,
                "pay",
                plan.plan_id,
                amount,
                plan.paid,
                quote.late_fee,
                value=value_for(plan, amount),
            )
            return
        if roll < 0.13:
            run.expect_revert(
                "InstallmentPlansPaymentTooSmall",
                sender,
                "pay",
                plan.plan_id,
                quote.late_fee,
                plan.paid,
                quote.late_fee,
                value=value_for(plan, quote.late_fee),
            )
            return
        applied = rng.choice(
            [min(plan.installment, outstanding), rng.randrange(1, outstanding + 1), outstanding]
        )
        amount = quote.late_fee + applied
        if not pays_ok(plan):
            run.expect_revert(
                "ERC20InsufficientAllowance",
                sender,
                "pay",
                plan.plan_id,
                amount,
                plan.paid,
                quote.late_fee,
            )
            return
        commitment = (plan.paid, quote.late_fee)
        run.call(sender, "pay", plan.plan_id, amount, *commitment, value=value_for(plan, amount))
        model.book(plan, applied, quote.late_mask)

    def collect_one(plan: PlanModel, receipt: Any) -> None:
        quote = plan.quote(run.now)
        if not pays_ok(plan):
            assert _topics(receipt, FAILED_TOPIC) >= 1
            return
        model.book(plan, quote.due, quote.late_mask)

    def op_collect() -> None:
        plan = pick(list(model.plans.values()))
        if plan is None:
            return op_start()
        touched.append(plan)
        quote = plan.quote(run.now + 1)
        if plan.status != ACTIVE:
            run.expect_revert("InstallmentPlansNotActive", keeper, "collect", plan.plan_id)
        elif plan.token == ZERO_ADDRESS:
            run.expect_revert("InstallmentPlansNotErc20Plan", keeper, "collect", plan.plan_id)
        elif quote.due == 0:
            run.expect_revert("InstallmentPlansNothingDue", keeper, "collect", plan.plan_id)
        elif lapsed(plan, run.now + 1):
            run.expect_revert("InstallmentPlansTooLate", keeper, "collect", plan.plan_id)
        else:
            receipt = run.call(keeper, "collect", plan.plan_id)
            assert _topics(receipt, PAID_TOPIC) == int(pays_ok(plan))
            collect_one(plan, receipt)

    def op_front_run_pay() -> None:
        """The adversary's move is mined first: a keeper collects what is due, then the
        buyer's payment of the same installment, signed against the `paid` it saw before,
        lands. It must revert with PaidChanged, never pay the installment twice."""
        plan = pick([p for p in active() if p.token != ZERO_ADDRESS])
        if plan is None:
            return op_start()
        quote = plan.quote(run.now + 1)
        if quote.due == 0 or not pays_ok(plan) or lapsed(plan, run.now + 1):
            return op_pay()
        touched.append(plan)
        stale = (plan.paid, quote.late_fee)
        amount = quote.due + quote.late_fee
        collect_one(plan, run.call(keeper, "collect", plan.plan_id))
        sender = _party(plan.buyer)
        if plan.status != ACTIVE:
            error = "InstallmentPlansNotActive"
        else:
            error = "InstallmentPlansPaidChanged"
        run.expect_revert(
            error, sender, "pay", plan.plan_id, amount, *stale, value=value_for(plan, amount)
        )

    def op_collect_many() -> None:
        batch = rng.sample(list(model.plans.values()), min(3, len(model.plans)))
        receipt = run.call(keeper, "collectMany", [p.plan_id for p in batch])
        expected = 0
        for plan in batch:
            touched.append(plan)
            collectable = plan.status == ACTIVE and plan.token != ZERO_ADDRESS
            if collectable and plan.quote(run.now).due and not lapsed(plan, run.now):
                expected += int(pays_ok(plan))
                collect_one(plan, receipt)
        assert _topics(receipt, PAID_TOPIC) == expected

    def op_pay_off() -> None:
        plan = pick(active())
        if plan is None:
            return op_start()
        touched.append(plan)
        payoff = plan.quote(run.now + 1).payoff
        sender = _party(plan.buyer)
        if lapsed(plan, run.now + 1):
            run.expect_revert(
                "InstallmentPlansTooLate",
                sender,
                "payOff",
                plan.plan_id,
                payoff,
                value=value_for(plan, payoff),
            )
        elif rng.random() < 0.1:
            run.expect_revert(
                "InstallmentPlansWrongPayoff",
                sender,
                "payOff",
                plan.plan_id,
                payoff + 1,
                value=value_for(plan, payoff + 1),
            )
        elif not pays_ok(plan):
            run.expect_revert("ERC20InsufficientAllowance", sender, "payOff", plan.plan_id, payoff)
        else:
            run.call(sender, "payOff", plan.plan_id, payoff, value=value_for(plan, payoff))
            model.pay_off(plan, run.now)

    def op_default() -> None:
        plan = pick(active())
        if plan is None:
            return op_start()
        touched.append(plan)
        if run.now + 1 >= plan.quote(run.now + 1).defaultable_at:
            run.call(keeper, "markDefault", plan.plan_id)
            model.default(plan)
        else:
            run.expect_revert("InstallmentPlansTooEarly", keeper, "markDefault", plan.plan_id)

    def op_cancel_seller() -> None:
        plan = pick(active())
        if plan is None:
            return op_start()
        touched.append(plan)
        repay = plan.settled
        run.call(
            _party(plan.seller),
            "cancelBySeller",
            plan.plan_id,
            repay,
            value=value_for(plan, repay),
        )
        model.cancel_by_seller(plan)

    def op_cancel_buyer() -> None:
        plan = pick(active())
        if plan is None:
            return op_start()
        touched.append(plan)
        if plan.terms.mode != LAYAWAY:
            run.expect_revert(
                "InstallmentPlansNotLayaway", _party(plan.buyer), "cancelByBuyer", plan.plan_id, 0
            )
            return
        forfeit = plan.received() * plan.terms.forfeit_bps // BPS
        if lapsed(plan, run.now + 1):
            run.expect_revert(
                "InstallmentPlansTooLate",
                _party(plan.buyer),
                "cancelByBuyer",
                plan.plan_id,
                forfeit,
            )
            return
        run.call(_party(plan.buyer), "cancelByBuyer", plan.plan_id, forfeit)
        model.cancel_by_buyer(plan)

    def op_settle() -> None:
        batch = rng.sample(list(model.plans.values()), min(4, len(model.plans)))
        run.call(keeper, "settleProceeds", [p.plan_id for p in batch])
        for plan in batch:
            touched.append(plan)
            model.owed[(plan.seller, plan.token)] += model.settle(plan)

    def op_withdraw_proceeds() -> None:
        seller_ = rng.choice(sellers)
        mine = [p for p in model.plans.values() if p.seller == addr(seller_)]
        batch = rng.sample(mine, min(3, len(mine)))
        if not any(p.seller_gross() > p.settled for p in batch):
            run.expect_revert(
                "PlatformNothingToWithdraw",
                seller_,
                "withdrawProceeds",
                [p.plan_id for p in batch],
            )
            return
        run.call(seller_, "withdrawProceeds", [p.plan_id for p in batch])
        for plan in batch:
            touched.append(plan)
            model.settle(plan)

    def op_withdraw() -> None:
        account, token_ = rng.choice(people), rng.choice(tokens)
        if model.owed[(addr(account), token_)] == 0:
            run.expect_revert("PlatformNothingToWithdraw", account, "withdraw", token_)
            return
        run.call(account, "withdraw", token_)
        model.owed[(addr(account), token_)] = 0

    def op_withdraw_fees() -> None:
        token_ = rng.choice(tokens)
        if model.fees[token_] == 0:
            run.expect_revert("PlatformNothingToWithdraw", fee_recipient, "withdrawFees", token_)
            return
        run.call(fee_recipient, "withdrawFees", token_)
        model.fees[token_] = 0

    def op_allowance() -> None:
        holder = rng.choice(buyers)
        on = not allowance[addr(holder)]
        data = run.token.encode("approve", addr(plans), MAX if on else 0)
        run.send(holder, token, data)
        allowance[addr(holder)] = on

    def op_fee() -> None:
        nonlocal fee_bps
        fee_bps = rng.randrange(0, 501)
        run.call(owner, "setFee", fee_bps)

    def _party(address: str) -> Any:
        return next(a for a in people if addr(a) == address)

    operations: list[tuple[Callable[[], None], int]] = [
        (op_start, 10),
        (op_travel, 14),
        (op_pay, 20),
        (op_collect, 10),
        (op_collect_many, 4),
        (op_front_run_pay, 3),
        (op_pay_off, 4),
        (op_default, 6),
        (op_cancel_seller, 2),
        (op_cancel_buyer, 3),
        (op_settle, 6),
        (op_withdraw_proceeds, 4),
        (op_withdraw, 8),
        (op_withdraw_fees, 2),
        (op_allowance, 4),
        (op_fee, 1),
    ]
    functions, weights = zip(*operations, strict=True)

    # ---------------------------------------------------------------- the run

    for step in range(STEPS):
        touched: list[PlanModel] = []
        operation = rng.choices(functions, weights)[0] if model.plans else op_start
        operation()
        counts[operation.__name__] = counts.get(operation.__name__, 0) + 1
        ids = list(model.plans)
        for token_ in tokens:
            held, owed_sum, fees, balance = run.view(
                run.lens, "totals", addr(plans), ids, [addr(p) for p in people], token_
            )
            assert held + owed_sum + fees == balance, f"step {step}: books off for {token_}"
            assert (held, owed_sum, fees) == model.totals(token_), f"step {step}: model differs"
        for plan in touched if step % 100 else model.plans.values():
            (chain_plan,) = run.view(run.plans, "getPlan", plan.plan_id)  # PlanView tuple
            assert (chain_plan[3], chain_plan[16], chain_plan[17], chain_plan[18]) == (
                plan.status,
                plan.paid,
                plan.late_mask,
                plan.settled,
            ), f"step {step}: plan {plan.plan_id:#x} differs"

    assert STEPS >= 1_000 or os.environ.get("EMI_INVARIANT_STEPS")
    assert counts.get("op_pay", 0) > 50 and counts.get("op_default", 0) > 10
    assert len(model.plans) > 10
