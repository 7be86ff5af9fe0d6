"""Randomized invariant run of the RentalEscrow (seeded, >= 1,000 operations).

Random lenders, renters, a keeper and the arbiter drive random listings through every
transition at random times, mixed with calls that must fail. An adversary front-runs
bookings with the lender's updateListing and repeats parties' moves with the struct they
hold; every such attempt must fail with its custom error. After every operation the
escrow's ETH and token balances must equal exactly what it owes: the credited balances
(read from the contract), the fees, and what open rentals still hold (from the reference
model in model.py, which also predicts every credited balance). At the end, keepers
alone settle everything still open and everyone withdraws: the escrow must be left empty.

The run uses web3 directly on ape's anvil (ape's contract layer is ~10x slower per call).
``BAZAAR_INVARIANT_SEED`` and ``BAZAAR_INVARIANT_STEPS`` override the defaults.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from typing import Any

import requests
from eth_abi import encode as abi_encode
from eth_utils import keccak

from core.constants import ZERO_ADDRESS

from .fixtures import *  # noqa: F403
from .fixtures import DISPUTE_TIMEOUT, FEE_BPS
from .helpers import DAY, HOUR, Rental, RentalStatus, addr
from .model import Model, random_terms

SEED = int(os.environ.get("BAZAAR_INVARIANT_SEED", "20250311"))
STEPS = int(os.environ.get("BAZAAR_INVARIANT_STEPS", "1500"))
ZERO32 = b"\x00" * 32
_ERC20 = [
    {
        "type": "function",
        "name": "balanceOf",
        "stateMutability": "view",
        "inputs": [{"name": "account", "type": "address"}],
        "outputs": [{"name": "", "type": "uint256"}],
    }
]


def _abi(contract: Any) -> list[dict[str, Any]]:
    return [e.model_dump(mode="json", by_alias=True) for e in contract.contract_type.abi]


def _type(param: dict[str, Any]) -> str:
    kind = str(param["type"])
    if not kind.startswith("tuple"):
        return kind
    inner = ",".join(_type(c) for c in param["components"])
    return f"({inner}){kind[len('tuple') :]}"


class Encoder:
    """Calldata from a selector table and eth-abi (web3's encode_abi is ~10 ms a call)."""

    def __init__(self, abi: list[dict[str, Any]]) -> None:
        self.functions: dict[str, tuple[bytes, list[str]]] = {}
        for e in abi:
            if e["type"] == "function":
                types = [_type(i) for i in e["inputs"]]
                selector = keccak(text=f"{e['name']}({','.join(types)})")[:4]
                self.functions[e["name"]] = (selector, types)

    def __call__(self, fn: str, args: tuple[Any, ...]) -> str:
        selector, types = self.functions[fn]
        return "0x" + (selector + abi_encode(types, list(args))).hex()


class Rpc:
    """A lean JSON-RPC client (one keep-alive session, batches) for the hot loop."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.session = requests.Session()

    def batch(self, calls: list[tuple[str, list[Any]]]) -> list[dict[str, Any]]:
        payload = [
            {"jsonrpc": "2.0", "id": i, "method": m, "params": p} for i, (m, p) in enumerate(calls)
        ]
        replies = self.session.post(self.uri, json=payload, timeout=30).json()
        return sorted(replies, key=lambda reply: reply["id"])

    def __call__(self, method: str, params: list[Any]) -> Any:
        (reply,) = self.batch([(method, params)])
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]


class Driver:
    """Sends operations at exact timestamps and checks the escrow against the model."""

    def __init__(self, uri: str, escrow: Any, token: Any, roles: dict[str, Any]) -> None:
        self.rpc = Rpc(uri)
        abi = _abi(escrow)
        self.encode = Encoder(abi)
        self.address = addr(escrow)
        self.token_address = addr(token)
        self.tokens = [ZERO_ADDRESS, self.token_address]
        self.errors = {
            keccak(text=f"{e['name']}({','.join(i['type'] for i in e['inputs'])})")[:4]: e["name"]
            for e in abi + _abi(token)
            if e["type"] == "error"
        }
        self.owner, self.keeper, self.arbiter = (addr(roles[k]) for k in ("o", "k", "a"))
        self.lenders = [addr(a) for a in roles["lenders"]]
        self.renters = [addr(a) for a in roles["renters"]]
        self.everyone = [addr(a) for a in roles["all"]]
        self.model = Model(fee_bps=FEE_BPS, dispute_timeout=DISPUTE_TIMEOUT)
        self.now = int(self.rpc("eth_getBlockByNumber", ["latest", False])["timestamp"], 16)
        self.ops: dict[str, int] = {}

    # ---------------------------------------------------------------- chain access

    def _tx(self, sender: str, fn: str, args: tuple[Any, ...], value: int) -> dict[str, Any]:
        return {
            "from": sender,
            "to": self.address,
            "data": self.encode(fn, args),
            "value": hex(value),
        }

    def send(self, sender: str, fn: str, *args: Any, value: int = 0, at: int | None = None) -> None:
        at = self.now + 1 if at is None else at
        assert at > self.now
        tx = self._tx(sender, fn, args, value)
        self.rpc("evm_setNextBlockTimestamp", [at])
        tx_hash = self.rpc("eth_sendTransaction", [{**tx, "gas": hex(3_000_000)}])
        receipt = None
        for _ in range(5_000):  # anvil mines right after replying; the receipt follows at once
            receipt = self.rpc("eth_getTransactionReceipt", [tx_hash])
            if receipt is not None:
                break
            time.sleep(0.001)
        assert receipt is not None, f"{fn}: no receipt for {tx_hash}"
        assert int(receipt["status"], 16) == 1, f"{fn} by {sender} at {at}: {self._why(tx)}"
        self.now = at
        self.ops[fn] = self.ops.get(fn, 0) + 1

    def _why(self, tx: dict[str, Any]) -> str:
        (reply,) = self.rpc.batch([("eth_call", [tx, "latest"])])
        if "error" not in reply:
            return "no revert"
        data = str(reply["error"].get("data") or "0x")
        return self.errors.get(bytes.fromhex(data[2:10]), data)

    def must_fail(self, expected: str, sender: str, fn: str, *args: Any, value: int = 0) -> None:
        got = self._why(self._tx(sender, fn, args, value))
        assert got == expected, f"{fn} by {sender}: expected {expected}, got {got}"
        self.ops["!" + expected] = self.ops.get("!" + expected, 0) + 1

    def _call(self, fn: str, *args: Any) -> tuple[str, list[Any]]:
        return ("eth_call", [{"to": self.address, "data": self.encode(fn, args)}, "latest"])

    def views(self, calls: list[tuple[str, list[Any]]]) -> list[int]:
        """Run calls in one batch; each result read as one uint256 / bytes32 word."""
        replies = self.rpc.batch(calls)
        assert all("error" not in reply for reply in replies), replies
        return [int(reply["result"], 16) for reply in replies]

    # ---------------------------------------------------------------- the invariant

    def check(self, full: bool = False) -> None:
        m = self.model
        balance_of = Encoder(_ERC20)("balanceOf", (self.address,))
        calls = [
            ("eth_getBalance", [self.address, "latest"]),
            ("eth_call", [{"to": self.token_address, "data": balance_of}, "latest"]),
        ]
        calls += [self._call("feesOwed", t) for t in self.tokens]
        pairs = [(a, t) for a in self.everyone for t in self.tokens]
        calls += [self._call("owed", a, t) for a, t in pairs]
        eth, tokens, *rest = self.views(calls)
        fees = dict(zip(self.tokens, rest[:2], strict=True))
        owed = dict(zip(pairs, rest[2:], strict=True))
        for token, held in ((ZERO_ADDRESS, eth), (self.token_address, tokens)):
            escrowed = sum(r.held() for r in m.open.values() if r.token == token)
            credited = sum(v for (_, t), v in owed.items() if t == token)
            assert held == credited + fees[token] + escrowed == m.held(token), (
                token,
                held,
                credited,
                fees[token],
                escrowed,
                m.held(token),
            )
        if full:
            assert owed == {pair: m.owed[pair] for pair in pairs}
            assert fees == {t: m.fees[t] for t in self.tokens}
            hashes = self.views([self._call("rentalHash", i) for i in m.listings])
            for listing_id, stored in zip(m.listings, hashes, strict=True):
                rental = m.open.get(listing_id)
                expected = int.from_bytes(rental.hash(), "big") if rental else 0
                assert stored == expected, listing_id

    # ---------------------------------------------------------------- operations

    def create(self, rng: random.Random) -> None:
        lender = rng.choice(self.lenders)
        terms = random_terms(rng, rng.choice(self.tokens))
        if self.model.paused:
            self.must_fail("PlatformPaused", lender, "createListing", terms.as_tuple(), ZERO32)
            return
        self.send(lender, "createListing", terms.as_tuple(), ZERO32)
        self.model.create(lender, terms)

    def rent(self, rng: random.Random) -> None:
        m = self.model
        free = [i for i, x in m.listings.items() if x.status == 1 and i not in m.open]
        pick = rng.choice(free) if free and rng.random() < 0.85 else rng.choice(list(m.listings))
        listing = m.listings[pick]
        renter = rng.choice(self.renters)
        t = listing.terms
        days = rng.randint(t.min_days, t.max_days)
        value = t.cost(days) if t.token == ZERO_ADDRESS else 0
        args = (listing.id, days, t.hash())
        if m.paused:
            return self.must_fail("PlatformPaused", renter, "rent", *args, value=value)
        if listing.status != 1:
            return self.must_fail("RentalEscrowListingNotActive", renter, "rent", *args)
        if listing.id in m.open:
            return self.must_fail("RentalEscrowListingRented", renter, "rent", *args, value=value)
        if rng.random() < 0.15:
            # The adversary: the lender sees the pending booking and front-runs it with new
            # terms (sometimes the same ones). The booking commits to what the renter read.
            new = random_terms(rng, rng.choice(self.tokens)) if rng.random() < 0.8 else t
            self.send(listing.lender, "updateListing", listing.id, new.as_tuple(), ZERO32)
            listing.terms = new
            if new.hash() != t.hash():
                return self.must_fail(
                    "RentalEscrowTermsChanged", renter, "rent", *args, value=value
                )
        if rng.random() < 0.1:
            days = t.max_days + 1
            args = (listing.id, days, t.hash())
            return self.must_fail("RentalEscrowDaysOutOfRange", renter, "rent", *args)
        if t.token == ZERO_ADDRESS and rng.random() < 0.1:
            return self.must_fail("PaymentsWrongValue", renter, "rent", *args, value=value + 1)
        self.send(renter, "rent", *args, value=value)
        m.book(listing.id, renter, days, self.now)

    def manage_listing(self, rng: random.Random) -> None:
        m = self.model
        listing = m.listings[rng.randint(1, len(m.listings))]
        if rng.random() < 0.15:
            return self.must_fail("RentalEscrowNotLender", self.keeper, "closeListing", listing.id)
        if listing.status == 3:
            return self.must_fail(
                "RentalEscrowListingNotActive", listing.lender, "closeListing", listing.id
            )
        choice = rng.random()
        if listing.id in m.open and choice < 0.5:
            terms = random_terms(rng, rng.choice(self.tokens)).as_tuple()
            rented = "RentalEscrowListingRented"
            return self.must_fail(
                rented, listing.lender, "updateListing", listing.id, terms, ZERO32
            )
        if choice < 0.5:
            terms = random_terms(rng, rng.choice(self.tokens))
            self.send(listing.lender, "updateListing", listing.id, terms.as_tuple(), ZERO32)
            listing.terms = terms
        elif choice < 0.9:
            paused = listing.status == 1
            self.send(listing.lender, "setListingPaused", listing.id, paused)
            listing.status = 2 if paused else 1
        else:
            self.send(listing.lender, "closeListing", listing.id)
            listing.status = 3

    def withdraw(self, rng: random.Random) -> None:
        account, token = rng.choice(self.everyone), rng.choice(self.tokens)
        if rng.random() < 0.2:
            fees = self.model.fees[token]
            if fees:
                self.send(self.owner, "withdrawFees", token)  # the owner is the fee recipient
                self.model.withdraw_fees(token)
            return
        if self.model.owed[(account, token)] == 0:
            return self.must_fail("PlatformNothingToWithdraw", account, "withdraw", token)
        self.send(account, "withdraw", token)
        self.model.withdraw(account, token)

    def admin(self, rng: random.Random) -> None:
        choice = 1.0 if self.model.paused else rng.random()
        if choice < 0.4:
            fee = rng.randint(0, 500)
            self.send(self.owner, "setFee", fee)
            self.model.fee_bps = fee
        elif choice < 0.9:
            timeout = rng.choice([DAY, 2 * DAY, DISPUTE_TIMEOUT])
            self.send(self.owner, "setDisputeTimeout", timeout)
            self.model.dispute_timeout = timeout
        else:
            self.send(self.owner, "unpause" if self.model.paused else "pause")
            self.model.paused = not self.model.paused

    def advance(self, rng: random.Random, keeper_only: bool = False) -> None:
        """Move one open rental on: by a party within its window, or by a keeper after it."""
        m = self.model
        rentals = list(m.open.values())
        if rng.random() < 0.7:  # mostly the most urgent one, so parties act within their windows
            r = min(rentals, key=m.deadline)
        else:
            r = rng.choice(rentals)
        deadline = m.deadline(r)
        late = max(self.now + 1, deadline) + rng.choice([0, 1, HOUR])
        in_time = self.now + 1 < deadline and not keeper_only
        handlers: dict[RentalStatus, Callable[..., None]] = {
            RentalStatus.BOOKED: self._booked,
            RentalStatus.ACTIVE: self._active,
            RentalStatus.RETURNED: self._returned,
            RentalStatus.CLAIMED: self._claimed,
            RentalStatus.DISPUTED: self._disputed,
        }
        handlers[r.status](rng, r, deadline, late, in_time)

    def _repeat(self, rng: random.Random, sender: str, fn: str, *args: Any) -> None:
        """The adversary repeats the move it just made with the struct it holds: the rental's
        commitment has moved on, so the repeat must fail and change nothing."""
        if rng.random() < 0.25:
            self.must_fail("RentalEscrowUnknownRental", sender, fn, *args)

    def _window(self, rng: random.Random, deadline: int) -> int:
        return rng.randint(self.now + 1, min(deadline - 1, self.now + 2 * DAY))

    def _booked(
        self, rng: random.Random, r: Rental, deadline: int, late: int, in_time: bool
    ) -> None:
        roll = rng.random() if in_time else 1.0
        if roll < 0.05:
            self.must_fail("RentalEscrowNotLender", r.renter, "confirmHandover", r.as_tuple())
        elif roll < 0.8:
            at = self._window(rng, deadline)
            self.send(r.lender, "confirmHandover", r.as_tuple(), at=at)
            self.model.handover(r, at)
            self._repeat(rng, r.lender, "confirmHandover", r.as_tuple())
        elif roll < 0.9:
            self.send(r.lender, "cancelBooking", r.as_tuple())
            self.model.cancel(r, r.lender)
            self._repeat(rng, r.lender, "cancelBooking", r.as_tuple())
        else:
            caller = rng.choice([self.keeper, r.renter])
            self.send(caller, "cancelBooking", r.as_tuple(), at=late)
            self.model.cancel(r, caller)

    def _active(
        self, rng: random.Random, r: Rental, deadline: int, late: int, in_time: bool
    ) -> None:
        roll = rng.random() if in_time else 1.0
        if roll < 0.05:
            forged = r.replace(deposit=r.deposit + 1).as_tuple()
            self.must_fail("RentalEscrowUnknownRental", r.renter, "markReturned", forged)
        elif roll < 0.97:
            kind = rng.random()
            if kind < 0.5:  # early
                at = rng.randint(r.started_at, r.end)
            elif kind < 0.85:  # around the end and the grace period
                at = rng.randint(r.end - HOUR, r.end + r.grace_period + HOUR)
            else:  # late
                at = rng.randint(r.end, r.end + r.grace_period + 3 * DAY)
            self.send(r.renter, "markReturned", r.as_tuple(), at=max(at, self.now + 1))
            self.model.mark_returned(r, self.now)
            self._repeat(rng, r.renter, "markReturned", r.as_tuple())
        else:
            self.send(self.keeper, "settleLate", r.as_tuple(), at=late)
            self.model.settle_late(r)
            self._repeat(rng, self.keeper, "settleLate", r.as_tuple())

    def _returned(
        self, rng: random.Random, r: Rental, deadline: int, late: int, in_time: bool
    ) -> None:
        held = r.deposit - r.late_fee
        roll = rng.random() if in_time else 1.0
        if roll < 0.05:
            self.must_fail(
                "RentalEscrowClaimTooLarge",
                r.lender,
                "confirmReturn",
                r.as_tuple(),
                held + 1,
                ZERO32,
            )
        elif roll < 0.85:
            claim = rng.choice([0, rng.randint(1, held), rng.randint(1, held), held]) if held else 0
            at = self._window(rng, deadline)
            self.send(r.lender, "confirmReturn", r.as_tuple(), claim, ZERO32, at=at)
            self.model.confirm_return(r, claim, at)
            self._repeat(rng, r.lender, "confirmReturn", r.as_tuple(), claim, ZERO32)
        else:
            caller = rng.choice([self.keeper, r.renter])
            self.send(caller, "releaseDeposit", r.as_tuple(), at=late)
            self.model.release(r, caller)

    def _claimed(
        self, rng: random.Random, r: Rental, deadline: int, late: int, in_time: bool
    ) -> None:
        roll = rng.random() if in_time else 1.0
        if roll < 0.3:
            self.send(r.renter, "acceptClaim", r.as_tuple())
            self.model.pay_claim(r)
        elif roll < 0.85:
            at = self._window(rng, deadline)
            self.send(r.renter, "disputeClaim", r.as_tuple(), ZERO32, at=at)
            self.model.dispute(r, at)
            self._repeat(rng, r.renter, "disputeClaim", r.as_tuple(), ZERO32)
        else:
            self.send(self.keeper, "settleClaim", r.as_tuple(), at=late)
            self.model.pay_claim(r)

    def _disputed(
        self, rng: random.Random, r: Rental, deadline: int, late: int, in_time: bool
    ) -> None:
        roll = rng.random() if in_time else 1.0
        if roll < 0.05:
            self.must_fail("PlatformNotArbiter", self.keeper, "resolveDispute", r.as_tuple(), 1)
        elif roll < 0.55:
            bps = rng.choice([0, 5_000, 10_000, rng.randint(0, 10_000)])
            self.send(self.arbiter, "resolveDispute", r.as_tuple(), bps)
            self.model.resolve(r, bps)
            self._repeat(rng, self.arbiter, "resolveDispute", r.as_tuple(), bps)
        else:
            self.send(self.keeper, "resolveExpiredDispute", r.as_tuple(), at=late)
            self.model.resolve(r, 5_000)

    # ---------------------------------------------------------------- the run

    def step(self, rng: random.Random) -> None:
        m = self.model
        weights = {
            self.create: 1.0 if sum(x.status != 3 for x in m.listings.values()) < 8 else 0.02,
            self.rent: 3.0 if m.listings else 0.0,
            self.advance: 6.0 if m.open else 0.0,
            self.manage_listing: 0.6 if m.listings else 0.0,
            self.withdraw: 1.2,
            self.admin: 0.3,
        }
        actions, w = zip(*weights.items(), strict=True)
        rng.choices(actions, w)[0](rng)


def test_escrow_always_holds_exactly_what_it_owes(
    chain: Any,
    escrow: Any,
    token: Any,
    owner: Any,
    lender: Any,
    renter: Any,
    renter2: Any,
    stranger: Any,
    arbiter: Any,
    accounts: Any,
) -> None:
    escrow.setFeeRecipient(owner, sender=owner)
    for extra in (accounts[6], accounts[8]):
        token.mint(extra, 10**30, sender=owner)
        token.approve(escrow, 2**256 - 1, sender=extra)
    roles = {
        "o": owner,
        "k": stranger,
        "a": arbiter,
        "lenders": [lender, accounts[6]],
        "renters": [renter, renter2, accounts[8]],
        "all": [owner, arbiter, lender, accounts[6], renter, renter2, accounts[8], stranger],
    }
    driver = Driver(chain.provider.uri, escrow, token, roles)
    rng = random.Random(SEED)

    for step in range(STEPS):
        driver.step(rng)
        driver.check(full=step % 50 == 0)
    driver.check(full=True)

    # No funds locked forever: keepers alone settle what is open, then everyone withdraws.
    if driver.model.paused:
        driver.send(driver.owner, "unpause")
        driver.model.paused = False
    while driver.model.open:
        driver.advance(rng, keeper_only=True)
        driver.check()
    for account in driver.everyone:
        for token_address in driver.tokens:
            if driver.model.owed[(account, token_address)]:
                driver.send(account, "withdraw", token_address)
                driver.model.withdraw(account, token_address)
    for token_address in driver.tokens:
        if driver.model.fees[token_address]:
            driver.send(driver.owner, "withdrawFees", token_address)
            driver.model.withdraw_fees(token_address)
    driver.check(full=True)
    assert chain.provider.get_balance(escrow.address) == 0
    assert token.balanceOf(escrow) == 0

    # The run exercised every transition and every expected failure.
    print(f"\ninvariant run (seed {SEED}, {STEPS} steps): {dict(sorted(driver.ops.items()))}")
    for fn in (
        "createListing",
        "updateListing",
        "setListingPaused",
        "closeListing",
        "rent",
        "cancelBooking",
        "confirmHandover",
        "markReturned",
        "settleLate",
        "confirmReturn",
        "releaseDeposit",
        "acceptClaim",
        "disputeClaim",
        "settleClaim",
        "resolveDispute",
        "resolveExpiredDispute",
        "withdraw",
        "withdrawFees",
    ):
        assert driver.ops.get(fn, 0) > 0, f"the run never called {fn}"
    # The adversary front-ran bookings and repeated moves, and every attempt failed cleanly.
    for failure in ("!RentalEscrowTermsChanged", "!RentalEscrowUnknownRental"):
        assert driver.ops.get(failure, 0) > 0, f"the adversary never hit {failure}"
    assert sum(v for k, v in driver.ops.items() if not k.startswith("!")) >= 1_000
