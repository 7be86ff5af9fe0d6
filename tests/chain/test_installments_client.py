"""chain/installments/client.py against a real anvil: every client path, the Python schedule and
quote against the contract's, plan offer signing, revert decoding and the event registry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from chain_helpers import DAY, increase_time
from eth_account.signers.local import LocalAccount
from web3 import Web3

from chain.anvil import dev_account
from chain.artifacts import Artifact
from chain.deal_kinds import DealKind
from chain.deploy import Deployment
from chain.erc20 import Erc20Client
from chain.errors import ChainError, ContractRevertError
from chain.events import EventRegistry
from chain.installments import schedule
from chain.installments.client import InstallmentPlansClient
from chain.installments.signing import plan_offer_typed_data, sign_plan_offer
from chain.installments.types import (
    DeliveryMode,
    PlanListingStatus,
    PlanOffer,
    PlanStatus,
    PlanTerms,
    buyer_of,
    plan_id,
)
from chain.reputation.client import ReputationClient
from chain.signing import typed_data_digest
from core.constants import ZERO_ADDRESS

PRICE = 12 * 10**17
METADATA = "0x" + "cd" * 32
INTERVAL = 30 * DAY
GRACE = 5 * DAY


@pytest.fixture(scope="module")
def plans_seller(
    w3: Web3, deployment: Deployment, seller_account: LocalAccount
) -> InstallmentPlansClient:
    return InstallmentPlansClient.from_manifest(w3, deployment.manifest, seller_account)


@pytest.fixture(scope="module")
def plans_buyer(
    w3: Web3, deployment: Deployment, buyer_account: LocalAccount
) -> InstallmentPlansClient:
    return InstallmentPlansClient.from_manifest(w3, deployment.manifest, buyer_account)


@pytest.fixture(scope="module")
def keeper(w3: Web3, deployment: Deployment) -> InstallmentPlansClient:
    return InstallmentPlansClient.from_manifest(w3, deployment.manifest, dev_account(6))


@pytest.fixture(autouse=True)
def _isolated(snapshot: None) -> Iterator[None]:
    """Every test here moves time or money: revert the chain afterwards."""
    yield


def _now(w3: Web3) -> int:
    return int(w3.eth.get_block("latest")["timestamp"])


def _listing(client: InstallmentPlansClient, terms: PlanTerms, stock: int = 3) -> int:
    result = client.create_listing(terms, stock=stock, metadata_hash=METADATA)
    return int(result.event("PlanListingCreated").args["listingId"])


def _started(result: object) -> int:
    return int(result.event("PlanStarted").args["planId"])  # type: ignore[attr-defined]


def test_deploy_all_deploys_installment_plans(
    plans_seller: InstallmentPlansClient, deployer: LocalAccount, deployment: Deployment
) -> None:
    config = plans_seller.config()

    assert plans_seller.owner() == deployer.address
    assert (config.fee_bps, config.fee_recipient, config.paused) == (100, deployer.address, False)
    # chain/deploy.py wires every deal source to Reputation.
    assert plans_seller.deal_recorder() == deployment.address("Reputation")
    assert plans_seller.eip712_domain()["name"] == "Bazaar InstallmentPlans"
    limits = plans_seller.limits()
    assert (limits.max_fee_bps, limits.max_financing_fee_bps, limits.max_installments) == (
        500,
        3_000,
        24,
    )


@pytest.mark.parametrize(
    ("price", "down", "fee", "count"),
    [(PRICE, 1_000, 1_200, 12), (1_000, 1_000, 1_200, 11), (10**6 + 7, 0, 3_000, 24)],
)
def test_python_split_matches_the_contract(
    plans_seller: InstallmentPlansClient, price: int, down: int, fee: int, count: int
) -> None:
    terms = PlanTerms(price=price, down_payment_bps=down, financing_fee_bps=fee, installments=count)

    assert plans_seller.preview_schedule(terms) == terms.split()


def test_preview_schedule_decodes_cap_violations(plans_seller: InstallmentPlansClient) -> None:
    with pytest.raises(ContractRevertError) as caught:
        plans_seller.preview_schedule(PlanTerms(price=PRICE, financing_fee_bps=3_001))

    assert caught.value.error == "InstallmentPlansFinancingFeeTooHigh"
    assert caught.value.error_args == {"financingFeeBps": 3_001, "maxBps": 3_000}


def test_listing_start_and_schedule_round_trip(
    w3: Web3,
    plans_seller: InstallmentPlansClient,
    plans_buyer: InstallmentPlansClient,
    buyer_account: LocalAccount,
    seller_account: LocalAccount,
) -> None:
    terms = PlanTerms(price=PRICE, interval=INTERVAL, grace_period=GRACE)
    listing_id = _listing(plans_seller, terms)
    listing = plans_seller.get_listing(listing_id)
    assert (listing.seller, listing.status, listing.stock) == (
        seller_account.address,
        PlanListingStatus.ACTIVE,
        3,
    )
    assert listing.terms == terms

    balance = w3.eth.get_balance(buyer_account.address)
    result = plans_buyer.start_plan(listing_id)
    pid = _started(result)
    plan = plans_buyer.get_plan(pid)
    split = terms.split()

    gas_cost = result.gas_used * int(result.receipt["effectiveGasPrice"])
    assert balance - w3.eth.get_balance(buyer_account.address) == split.down_payment + gas_cost
    assert buyer_of(pid) == plans_buyer.buyer_of(pid) == buyer_account.address
    assert pid == plan_id(buyer_account.address, plans_buyer.config().plan_count)
    assert (plan.status, plan.mode, plan.seller) == (
        PlanStatus.ACTIVE,
        DeliveryMode.PAY_LATER,
        seller_account.address,
    )
    assert (plan.installment, plan.last_installment) == (split.installment, split.last_installment)
    assert plan.started_at == w3.eth.get_block(result.block_number)["timestamp"]
    rows = plan.schedule()
    assert [r.due_at for r in rows] == [plan.started_at + i * INTERVAL for i in range(1, 13)]
    assert sum(r.amount for r in rows) + plan.down_payment == PRICE + plan.financing_fee
    assert plan.received == split.down_payment and plan.next_due_at == rows[0].due_at


def test_pay_defaults_to_the_next_installment_with_late_fees(
    w3: Web3, plans_seller: InstallmentPlansClient, plans_buyer: InstallmentPlansClient
) -> None:
    listing_id = _listing(plans_seller, PlanTerms(price=PRICE, late_fee_bps=500))
    pid = _started(plans_buyer.start_plan(listing_id))
    plan = plans_buyer.get_plan(pid)

    first = plans_buyer.pay(pid)
    assert first.event("InstallmentPaid").args["amount"] == plan.installment
    assert not first.events_named("LateFeeCharged")

    increase_time(w3, 2 * INTERVAL + 2 * DAY)  # installment 2 is past its one-day window
    late = plans_buyer.pay(pid)

    charged = late.event("LateFeeCharged").args
    assert charged["fee"] == plan.installment * 500 // 10_000
    assert charged["lateMask"] == 0b10
    after = plans_buyer.get_plan(pid)
    assert (after.paid, after.installments_paid) == (2 * plan.installment, 2)
    assert after.late_fees_paid == charged["fee"]


def test_local_quote_matches_the_contract_at_every_stage(
    w3: Web3, plans_seller: InstallmentPlansClient, plans_buyer: InstallmentPlansClient
) -> None:
    listing_id = _listing(
        plans_seller, PlanTerms(price=10**18 + 11, installments=7, grace_period=90 * DAY)
    )
    pid = _started(plans_buyer.start_plan(listing_id))
    for step in (DAY, INTERVAL, INTERVAL + 3 * DAY, 2 * INTERVAL, 9 * DAY):
        increase_time(w3, step)
        plan = plans_buyer.get_plan(pid)
        local = plan.quote_at(_now(w3))
        chain_quote = plans_buyer.quote(pid)
        assert (local.due, local.late_fee, local.payoff, local.rebate) == (
            chain_quote.due,
            chain_quote.late_fee,
            chain_quote.payoff,
            chain_quote.rebate,
        )
        assert local.defaultable_at == chain_quote.defaultable_at
        if local.due:
            plans_buyer.pay(pid, local.due // 2 + local.late_fee)


def test_pay_off_completes_with_the_quoted_rebate(
    w3: Web3,
    deployment: Deployment,
    plans_seller: InstallmentPlansClient,
    plans_buyer: InstallmentPlansClient,
) -> None:
    listing_id = _listing(plans_seller, PlanTerms(price=PRICE))
    pid = _started(plans_buyer.start_plan(listing_id))
    increase_time(w3, INTERVAL // 2)
    plan = plans_buyer.get_plan(pid)
    expected = schedule.rebate(plan.financing_fee, plan.total, 0, 0)

    result = plans_buyer.pay_off(pid)

    assert result.event("PlanPaidOff").args["rebate"] == expected
    assert (
        result.event("PlanCompleted").args["received"] == plan.down_payment + plan.total - expected
    )
    assert plans_buyer.get_plan(pid).status == PlanStatus.COMPLETED
    assert plans_buyer.quote(pid).balance == plan.down_payment + plan.total - expected
    # The payoff went out with the client's estimated gas limit and still reached Reputation.
    reputation = ReputationClient.from_manifest(w3, deployment.manifest, None)
    deal = reputation.deal_from_chain(plans_seller.address, pid)
    received = plan.down_payment + plan.total - expected
    assert (deal.kind, deal.value) == (DealKind.INSTALLMENT, received)


def test_signed_offer_digest_signature_and_acceptance(
    w3: Web3,
    plans_seller: InstallmentPlansClient,
    plans_buyer: InstallmentPlansClient,
    seller_account: LocalAccount,
) -> None:
    offer = PlanOffer(
        seller=seller_account.address,
        terms=PlanTerms(price=PRICE, installments=6, mode=DeliveryMode.LAYAWAY, forfeit_bps=500),
        expiry=_now(w3) + DAY,
        nonce=77,
        metadata_hash=METADATA,
    )
    digest = typed_data_digest(plan_offer_typed_data(offer, w3.eth.chain_id, plans_seller.address))
    assert plans_seller.hash_offer(offer) == digest
    signature = plans_seller.sign_offer(offer)
    assert signature == sign_plan_offer(
        seller_account, offer, w3.eth.chain_id, plans_seller.address
    )

    result = plans_buyer.accept_offer(offer, signature)

    started = result.event("PlanStarted").args
    assert started["offerHash"] == digest
    assert PlanTerms.from_abi(plans_seller.components("previewSchedule"), started["terms"]) == (
        offer.terms
    )
    assert plans_seller.is_nonce_used(seller_account.address, 77)
    assert plans_buyer.get_plan(int(started["planId"])).mode == DeliveryMode.LAYAWAY
    with pytest.raises(ContractRevertError) as caught:
        plans_buyer.accept_offer(offer, signature)
    assert caught.value.error == "InstallmentPlansNonceUsed"


def test_sign_offer_refuses_a_foreign_seller(
    w3: Web3, plans_seller: InstallmentPlansClient, buyer_account: LocalAccount
) -> None:
    offer = PlanOffer(seller=dev_account(7).address, terms=PlanTerms(price=1), expiry=1, nonce=1)

    with pytest.raises(ChainError, match="sign with the seller's key"):
        sign_plan_offer(buyer_account, offer, w3.eth.chain_id, plans_seller.address)


def test_cancel_nonces(plans_seller: InstallmentPlansClient, seller_account: LocalAccount) -> None:
    result = plans_seller.cancel_nonces([5, 300])

    assert [e.args["nonce"] for e in result.events_named("NonceCancelled")] == [5, 300]
    assert plans_seller.is_nonce_used(seller_account.address, 300)


def test_erc20_permit_start_and_keeper_collection(
    w3: Web3,
    token_address: str,
    plans_seller: InstallmentPlansClient,
    plans_buyer: InstallmentPlansClient,
    keeper: InstallmentPlansClient,
    buyer_account: LocalAccount,
) -> None:
    terms = PlanTerms(price=120 * 10**6, token=token_address, installments=4)
    listing_id = _listing(plans_seller, terms)
    token = Erc20Client(w3, token_address, buyer_account)

    pid = _started(plans_buyer.start_plan_with_permit(listing_id))

    split = terms.split()
    assert token.allowance(buyer_account.address, plans_buyer.address) == split.total
    with pytest.raises(ContractRevertError) as caught:
        keeper.collect(pid)
    assert caught.value.error == "InstallmentPlansNothingDue"
    increase_time(w3, INTERVAL)
    keeper_before = token.balance_of(keeper.transactor.account.address)

    collected = keeper.collect_many([pid, pid + 1])

    assert collected.event("InstallmentPaid").args == {
        "planId": pid,
        "by": keeper.transactor.account.address,
        "amount": split.installment,
    }
    assert token.balance_of(keeper.transactor.account.address) == keeper_before
    assert plans_buyer.get_plan(pid).paid == split.installment


def test_failed_collection_is_an_event_not_an_exception(
    w3: Web3,
    token_address: str,
    plans_seller: InstallmentPlansClient,
    plans_buyer: InstallmentPlansClient,
    keeper: InstallmentPlansClient,
) -> None:
    terms = PlanTerms(price=120 * 10**6, token=token_address, installments=4)
    listing_id = _listing(plans_seller, terms)
    plans_buyer.approve_token(token_address, terms.split().down_payment)
    pid = _started(plans_buyer.start_plan(listing_id))
    increase_time(w3, INTERVAL)

    result = keeper.collect(pid)

    failed = result.event("CollectionFailed").args
    assert failed["amount"] == terms.split().installment
    assert (
        failed["reason"]
        == "0x" + Web3.keccak(text="ERC20InsufficientAllowance(address,uint256,uint256)")[:4].hex()
    )


def test_reverts_are_decoded_with_arguments(
    plans_seller: InstallmentPlansClient,
    plans_buyer: InstallmentPlansClient,
    seller_account: LocalAccount,
    buyer_account: LocalAccount,
) -> None:
    listing_id = _listing(plans_seller, PlanTerms(price=PRICE))
    pid = _started(plans_buyer.start_plan(listing_id))

    with pytest.raises(ContractRevertError) as caught:
        plans_seller.pay(pid, 1)

    assert caught.value.error == "InstallmentPlansNotBuyer"
    assert caught.value.error_args == {
        "caller": seller_account.address,
        "buyer": buyer_account.address,
    }
    with pytest.raises(ContractRevertError) as early:
        plans_seller.mark_default(pid)
    assert early.value.error == "InstallmentPlansTooEarly"


def test_default_settle_withdraw_and_fees(
    w3: Web3,
    plans_seller: InstallmentPlansClient,
    plans_buyer: InstallmentPlansClient,
    keeper: InstallmentPlansClient,
    deployment: Deployment,
    deployer: LocalAccount,
) -> None:
    listing_id = _listing(plans_seller, PlanTerms(price=PRICE))
    pid = _started(plans_buyer.start_plan(listing_id))
    increase_time(w3, INTERVAL + GRACE + 1)
    down = plans_buyer.get_plan(pid).down_payment

    defaulted = keeper.mark_default(pid)
    assert defaulted.event("PlanDefaulted").args["sellerAmount"] == down
    keeper.settle_proceeds([pid])
    fee = down * 100 // 10_000
    assert plans_seller.owed(plans_seller.transactor.account.address, ZERO_ADDRESS) == down - fee
    withdrawn = plans_seller.withdraw()
    assert withdrawn.event("Withdrawn").args["amount"] == down - fee
    admin = InstallmentPlansClient.from_manifest(w3, deployment.manifest, deployer)
    assert admin.withdraw_fees().event("FeesWithdrawn").args["amount"] == fee


def test_layaway_cancel_paths(
    w3: Web3, plans_seller: InstallmentPlansClient, plans_buyer: InstallmentPlansClient
) -> None:
    terms = PlanTerms(price=PRICE, mode=DeliveryMode.LAYAWAY, forfeit_bps=1_000)
    listing_id = _listing(plans_seller, terms)
    left = _started(plans_buyer.start_plan(listing_id))
    dropped = _started(plans_buyer.start_plan(listing_id))
    down = terms.split().down_payment

    by_buyer = plans_buyer.cancel_by_buyer(left).event("PlanCancelled").args
    by_seller = plans_seller.cancel_by_seller(dropped).event("PlanCancelled").args

    assert (by_buyer["refund"], by_buyer["sellerAmount"]) == (down - down // 10, down // 10)
    assert (by_seller["refund"], by_seller["repaid"]) == (down, 0)
    assert plans_buyer.get_plan(dropped).status == PlanStatus.CANCELLED_BY_SELLER
    assert plans_buyer.withdraw().event("Withdrawn").args["amount"] == down


def test_admin_methods(
    w3: Web3, deployment: Deployment, deployer: LocalAccount, plans_seller: InstallmentPlansClient
) -> None:
    admin = InstallmentPlansClient.from_manifest(w3, deployment.manifest, deployer)
    admin.set_fee(250)
    admin.set_fee_recipient(dev_account(8).address)
    admin.set_deal_recorder(dev_account(9).address)
    admin.pause()
    assert admin.config().paused and admin.fee_bps() == 250
    assert admin.fee_recipient() == dev_account(8).address
    with pytest.raises(ContractRevertError) as caught:
        plans_seller.create_listing(PlanTerms(price=1_000), stock=1)
    assert caught.value.error == "PlatformPaused"
    admin.unpause()
    admin.transfer_ownership(dev_account(8).address)
    assert admin.pending_owner() == dev_account(8).address
    InstallmentPlansClient(w3, admin.address, dev_account(8)).accept_ownership()
    assert admin.owner() == dev_account(8).address


def test_registry_decodes_every_plan_event_without_shadowing_marketplace(
    artifacts: dict[str, Artifact],
) -> None:
    registry = EventRegistry.from_artifacts(artifacts)
    plan_events = {e["name"] for e in artifacts["InstallmentPlans"].elements("event")}
    market_events = {e["name"]: e for e in artifacts["Marketplace"].elements("event")}

    for name in plan_events:
        specs = registry.specs(registry.topic_of(name))
        assert any("InstallmentPlans" in spec.declared_by for spec in specs)
    for name, abi in market_events.items():
        (spec,) = registry.specs(registry.topic_of(name))
        assert spec.abi["inputs"] == abi["inputs"]  # shared names keep Marketplace's ABI
    assert {"PlanStarted", "InstallmentPaid", "CollectionFailed", "PlanDefaulted"} <= plan_events


def test_pay_commits_to_the_paid_it_read_and_decodes_the_mismatch(
    plans_seller: InstallmentPlansClient, plans_buyer: InstallmentPlansClient
) -> None:
    listing_id = _listing(plans_seller, PlanTerms(price=PRICE))
    pid = _started(plans_buyer.start_plan(listing_id))
    plan = plans_buyer.get_plan(pid)
    plans_buyer.pay(pid)  # fills in paid == 0 and the late fee (none) it reads

    with pytest.raises(ContractRevertError) as caught:
        plans_buyer.pay(pid, plan.installment, expected_paid=0)  # stale: one was paid since

    assert caught.value.error == "InstallmentPlansPaidChanged"
    assert caught.value.error_args == {
        "planId": pid,
        "expectedPaid": 0,
        "paid": plan.installment,
    }
