"""Randomized invariant run: escrow solvency and a way out for every order.

A seeded `random.Random` drives at least BAZAAR_INVARIANT_OPS (default 1,000) operations:
buys (ETH and token, direct and escrowed), signed offers, ship, confirm, release after the
window, cancel by the buyer and by a keeper, partial and full refunds, disputes, rulings,
expired-dispute fallbacks, settleProceeds, withdrawProceeds, withdraw, withdrawFees, fee
changes and early attempts that must fail with MarketplaceTooEarly. An adversary also
front-runs and repeats moves: late ships, disputes and rulings at or after their window's
end (must fail with MarketplaceTooLate), and storms of 1-wei refunds sent in front of the
other party's pending ruling, dispute or confirmation, which must still succeed with the
calldata built before the storm; and price raises in front of a token purchase made with a
standing allowance, which must revert with MarketplacePriceAboveLimit. Block timestamps are
set explicitly, so a seed replays exactly. After EVERY step:

- the Marketplace's ETH and token balances equal what it owes: open escrow orders
  (amount - refunded) + listings' unsettled + every pull balance + fees;
- every owed balance, fee pot, unsettled amount and order commitment equals the model's;
- every open order has a deadline after which anyone can move it on.

At the end every open order is closed through its permissionless exit, everything is paid
out, and the contract must hold exactly nothing.

Reproduce a failure: BAZAAR_INVARIANT_SEED=<seed> make test-contracts
"""

from __future__ import annotations

import os
import random

from .invariant_runner import WEIGHTS, Runner

SEED = int(os.environ.get("BAZAAR_INVARIANT_SEED", "20240611"))
OPS = int(os.environ.get("BAZAAR_INVARIANT_OPS", "1000"))


def test_random_operations_keep_the_marketplace_solvent(
    project,
    chain,
    accounts,
    marketplace,
    token,
    owner,
    fee_recipient,
    arbiter,
    seller,
    seller2,
    buyer,
    buyer2,
    stranger,
):
    buyer3 = accounts[8]
    for holder in (buyer, buyer2, buyer3):
        token.mint(holder, 2**110, sender=owner)  # enough for the whale listings
    token.approve(marketplace, 2**256 - 1, sender=buyer3)
    probe = owner.deploy(project.MarketplaceProbe)
    roles = {
        "owner": owner,
        "fee_recipient": fee_recipient,
        "arbiter": arbiter,
        "keeper": stranger,
        "sellers": [seller, seller2],
        "buyers": [buyer, buyer2, buyer3],
    }
    runner = Runner(random.Random(SEED), chain, marketplace, token, probe, roles)
    runner.create_listings(owner)
    runner.check()

    for step in range(OPS):
        try:
            runner.step()
        except Exception as error:
            raise AssertionError(
                f"invariant run failed: BAZAAR_INVARIANT_SEED={SEED} step={step} "
                f"ops so far={dict(runner.counts)}"
            ) from error
    runner.drain()

    overflows = runner.model.overflow_credits
    print(f"\ninvariant run: seed={SEED} ops={sum(runner.counts.values())} {dict(runner.counts)}")
    print(f"credits too large for a listing's unsettled: {overflows}")
    assert sum(runner.counts.values()) == OPS
    if OPS >= 500:
        assert set(runner.counts) == set(WEIGHTS), "some operation never ran"
        assert overflows, "no sale overflowed a listing's unsettled"
    assert chain.provider.get_balance(marketplace.address) == 0
    assert token.balanceOf(marketplace) == 0
    assert not runner.model.orders
