"""Admin, fees and the pull ledger (contracts/marketplace/MarketplaceBase.sol): constructor,
setFee, setFeeRecipient, setArbiter, setDisputeTimeout, setDealRecorder, pause, unpause,
two-step ownership, withdraw, withdrawFees, constants and views."""

from __future__ import annotations

import ape
import pytest

from core.constants import ZERO_ADDRESS

from ..helpers import (
    ANY_PRICE,
    DAY,
    DISPUTE_TIMEOUT,
    FEE_BPS,
    HOUR,
    MAX_DISPUTE_TIMEOUT,
    MAX_FEE_BPS,
    MAX_WINDOW,
    MIN_AUTO_RELEASE,
    MIN_DISPUTE_TIMEOUT,
    PRICE,
    TOKEN_PRICE,
    ZERO32,
    addr,
    assert_event,
    fee_of,
    gas_cost,
)

# ------------------------------------------------------------------ constructor


def test_constructor_sets_and_announces_every_setting(
    project, chain, owner, fee_recipient, arbiter, stranger
):
    market = stranger.deploy(project.Marketplace, owner, fee_recipient, arbiter, 123, 2 * DAY)

    assert market.owner() == owner.address
    assert market.pendingOwner() == ZERO_ADDRESS
    assert market.feeRecipient() == fee_recipient.address
    assert market.arbiter() == arbiter.address
    assert market.feeBps() == 123
    assert market.disputeTimeout() == 2 * DAY
    assert market.dealRecorder() == ZERO_ADDRESS
    assert market.paused() is False
    receipt = chain.get_receipt(market.txn_hash)
    assert_event(market.FeeRecipientUpdated, receipt, feeRecipient=fee_recipient)
    assert_event(market.ArbiterUpdated, receipt, arbiter=arbiter)
    assert_event(market.FeeUpdated, receipt, feeBps=123)
    assert_event(market.DisputeTimeoutUpdated, receipt, disputeTimeout=2 * DAY)
    assert_event(market.OwnershipTransferred, receipt, previousOwner=ZERO_ADDRESS, newOwner=owner)


def test_constructor_rejects_a_fee_above_the_cap(
    project, marketplace, owner, fee_recipient, arbiter
):
    with ape.reverts(marketplace.PlatformFeeTooHigh, feeBps=501, maxFeeBps=MAX_FEE_BPS):
        owner.deploy(project.Marketplace, owner, fee_recipient, arbiter, 501, DISPUTE_TIMEOUT)


@pytest.mark.parametrize("which", ["fee_recipient", "arbiter"])
def test_constructor_rejects_zero_addresses(
    project, marketplace, owner, fee_recipient, arbiter, which
):
    args = {"fee_recipient": fee_recipient, "arbiter": arbiter, which: ZERO_ADDRESS}
    with ape.reverts(marketplace.PlatformZeroAddress):
        owner.deploy(
            project.Marketplace,
            owner,
            args["fee_recipient"],
            args["arbiter"],
            FEE_BPS,
            DISPUTE_TIMEOUT,
        )


def test_constructor_rejects_a_zero_owner(project, marketplace, owner, fee_recipient, arbiter):
    with ape.reverts(marketplace.OwnableInvalidOwner, owner=ZERO_ADDRESS):
        owner.deploy(
            project.Marketplace, ZERO_ADDRESS, fee_recipient, arbiter, FEE_BPS, DISPUTE_TIMEOUT
        )


@pytest.mark.parametrize("timeout", [MIN_DISPUTE_TIMEOUT - 1, MAX_DISPUTE_TIMEOUT + 1])
def test_constructor_rejects_a_dispute_timeout_out_of_range(
    project, marketplace, owner, fee_recipient, arbiter, timeout
):
    with ape.reverts(
        marketplace.PlatformInvalidDisputeTimeout,
        value=timeout,
        min=MIN_DISPUTE_TIMEOUT,
        max=MAX_DISPUTE_TIMEOUT,
    ):
        owner.deploy(project.Marketplace, owner, fee_recipient, arbiter, FEE_BPS, timeout)


def test_constants(marketplace):
    assert marketplace.MAX_FEE_BPS() == MAX_FEE_BPS == 500
    assert marketplace.MAX_WINDOW() == MAX_WINDOW
    assert marketplace.MIN_AUTO_RELEASE() == MIN_AUTO_RELEASE == HOUR
    assert marketplace.MIN_DISPUTE_TIMEOUT() == MIN_DISPUTE_TIMEOUT
    assert marketplace.MAX_DISPUTE_TIMEOUT() == MAX_DISPUTE_TIMEOUT


# ------------------------------------------------------------------ setters


@pytest.mark.parametrize("fee", [0, 1, MAX_FEE_BPS])
def test_set_fee_within_the_cap(marketplace, owner, fee):
    receipt = marketplace.setFee(fee, sender=owner)
    assert_event(marketplace.FeeUpdated, receipt, feeBps=fee)
    assert marketplace.feeBps() == fee


def test_set_fee_reverts_above_the_cap(marketplace, owner):
    with ape.reverts(marketplace.PlatformFeeTooHigh, feeBps=501, maxFeeBps=MAX_FEE_BPS):
        marketplace.setFee(501, sender=owner)
    assert marketplace.feeBps() == FEE_BPS


def test_set_fee_recipient_moves_fee_withdrawal_rights(
    marketplace, owner, fee_recipient, stranger, buyer, create_listing
):
    listing_id = create_listing(escrow=False)
    marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer)
    marketplace.settleProceeds([listing_id], sender=buyer)

    receipt = marketplace.setFeeRecipient(stranger, sender=owner)

    assert_event(marketplace.FeeRecipientUpdated, receipt, feeRecipient=stranger)
    assert marketplace.feeRecipient() == stranger.address
    with ape.reverts(marketplace.PlatformNotFeeRecipient, caller=fee_recipient):
        marketplace.withdrawFees(ZERO_ADDRESS, sender=fee_recipient)
    receipt = marketplace.withdrawFees(ZERO_ADDRESS, sender=stranger)
    assert_event(
        marketplace.FeesWithdrawn,
        receipt,
        recipient=stranger,
        token=ZERO_ADDRESS,
        amount=fee_of(PRICE, FEE_BPS),
    )


def test_set_fee_recipient_reverts_on_zero_address(marketplace, owner):
    with ape.reverts(marketplace.PlatformZeroAddress):
        marketplace.setFeeRecipient(ZERO_ADDRESS, sender=owner)


def test_set_arbiter_moves_the_power_to_rule(
    marketplace, owner, arbiter, stranger, buyer, eth_order
):
    order, _ = eth_order()
    receipt = marketplace.openDispute(order.as_tuple(), ZERO32, sender=buyer)
    disputed = order.disputed(receipt.timestamp)

    receipt = marketplace.setArbiter(stranger, sender=owner)

    assert_event(marketplace.ArbiterUpdated, receipt, arbiter=stranger)
    assert marketplace.arbiter() == stranger.address
    with ape.reverts(marketplace.PlatformNotArbiter, caller=arbiter):
        marketplace.resolveDispute(disputed.as_tuple(), 0, sender=arbiter)
    marketplace.resolveDispute(disputed.as_tuple(), 10_000, sender=stranger)
    assert marketplace.owed(buyer, ZERO_ADDRESS) == PRICE


def test_set_arbiter_reverts_on_zero_address(marketplace, owner):
    with ape.reverts(marketplace.PlatformZeroAddress):
        marketplace.setArbiter(ZERO_ADDRESS, sender=owner)


@pytest.mark.parametrize("timeout", [MIN_DISPUTE_TIMEOUT, MAX_DISPUTE_TIMEOUT])
def test_set_dispute_timeout_within_bounds(marketplace, owner, timeout):
    receipt = marketplace.setDisputeTimeout(timeout, sender=owner)
    assert_event(marketplace.DisputeTimeoutUpdated, receipt, disputeTimeout=timeout)
    assert marketplace.disputeTimeout() == timeout


@pytest.mark.parametrize("timeout", [0, MIN_DISPUTE_TIMEOUT - 1, MAX_DISPUTE_TIMEOUT + 1])
def test_set_dispute_timeout_reverts_out_of_bounds(marketplace, owner, timeout):
    with ape.reverts(
        marketplace.PlatformInvalidDisputeTimeout,
        value=timeout,
        min=MIN_DISPUTE_TIMEOUT,
        max=MAX_DISPUTE_TIMEOUT,
    ):
        marketplace.setDisputeTimeout(timeout, sender=owner)


def test_set_deal_recorder_and_turn_it_off(marketplace, owner, recorder):
    receipt = marketplace.setDealRecorder(recorder, sender=owner)
    assert_event(marketplace.DealRecorderUpdated, receipt, dealRecorder=recorder)
    assert marketplace.dealRecorder() == recorder.address

    receipt = marketplace.setDealRecorder(ZERO_ADDRESS, sender=owner)
    assert_event(marketplace.DealRecorderUpdated, receipt, dealRecorder=ZERO_ADDRESS)
    assert marketplace.dealRecorder() == ZERO_ADDRESS


def test_pause_and_unpause(marketplace, owner):
    receipt = marketplace.pause(sender=owner)
    assert_event(marketplace.Paused, receipt, account=owner)
    assert marketplace.paused() is True

    receipt = marketplace.unpause(sender=owner)
    assert_event(marketplace.Unpaused, receipt, account=owner)
    assert marketplace.paused() is False


ADMIN_CALLS = {
    "setFee": (100,),
    "setFeeRecipient": ("0x000000000000000000000000000000000000dEaD",),
    "setArbiter": ("0x000000000000000000000000000000000000dEaD",),
    "setDisputeTimeout": (2 * DAY,),
    "setDealRecorder": ("0x000000000000000000000000000000000000dEaD",),
    "pause": (),
    "unpause": (),
    "transferOwnership": ("0x000000000000000000000000000000000000dEaD",),
    "renounceOwnership": (),
}


@pytest.mark.parametrize("function", list(ADMIN_CALLS))
@pytest.mark.parametrize("caller", ["stranger", "arbiter", "fee_recipient"])
def test_admin_functions_revert_for_non_owner(marketplace, request, function, caller):
    account = request.getfixturevalue(caller)
    with ape.reverts(marketplace.OwnableUnauthorizedAccount, account=account):
        getattr(marketplace, function)(*ADMIN_CALLS[function], sender=account)


# ------------------------------------------------------------------ ownership


def test_ownership_transfer_takes_two_steps(marketplace, owner, stranger, buyer):
    receipt = marketplace.transferOwnership(stranger, sender=owner)
    assert_event(
        marketplace.OwnershipTransferStarted, receipt, previousOwner=owner, newOwner=stranger
    )
    assert marketplace.owner() == owner.address
    assert marketplace.pendingOwner() == stranger.address
    with ape.reverts(marketplace.OwnableUnauthorizedAccount, account=stranger):
        marketplace.pause(sender=stranger)
    with ape.reverts(marketplace.OwnableUnauthorizedAccount, account=buyer):
        marketplace.acceptOwnership(sender=buyer)

    receipt = marketplace.acceptOwnership(sender=stranger)

    assert_event(marketplace.OwnershipTransferred, receipt, previousOwner=owner, newOwner=stranger)
    assert marketplace.owner() == stranger.address
    assert marketplace.pendingOwner() == ZERO_ADDRESS
    marketplace.pause(sender=stranger)
    with ape.reverts(marketplace.OwnableUnauthorizedAccount, account=owner):
        marketplace.unpause(sender=owner)


def test_renounce_ownership_leaves_no_admin(marketplace, owner):
    receipt = marketplace.renounceOwnership(sender=owner)
    assert_event(
        marketplace.OwnershipTransferred, receipt, previousOwner=owner, newOwner=ZERO_ADDRESS
    )
    with ape.reverts(marketplace.OwnableUnauthorizedAccount, account=owner):
        marketplace.setFee(0, sender=owner)


# ------------------------------------------------------------------ withdraw / withdrawFees


def test_withdraw_pays_the_eth_ledger_balance(marketplace, seller, buyer, eth_order, eth_balance):
    order, _ = eth_order()
    marketplace.refund(order.as_tuple(), PRICE, sender=seller)
    before = eth_balance(buyer)

    receipt = marketplace.withdraw(ZERO_ADDRESS, sender=buyer)

    assert_event(marketplace.Withdrawn, receipt, account=buyer, token=ZERO_ADDRESS, amount=PRICE)
    assert eth_balance(buyer) - before == PRICE - gas_cost(receipt)
    assert marketplace.owed(buyer, ZERO_ADDRESS) == 0
    assert eth_balance(marketplace) == 0


def test_withdraw_pays_each_token_separately(
    marketplace, seller, buyer, token, create_listing, place_order, eth_order
):
    eth, _ = eth_order()
    erc20, _ = place_order(create_listing(token=token))
    marketplace.refund(eth.as_tuple(), PRICE, sender=seller)
    marketplace.refund(erc20.as_tuple(), TOKEN_PRICE, sender=seller)
    before = token.balanceOf(buyer)

    receipt = marketplace.withdraw(token, sender=buyer)

    assert_event(marketplace.Withdrawn, receipt, account=buyer, token=token, amount=TOKEN_PRICE)
    assert token.balanceOf(buyer) - before == TOKEN_PRICE
    assert marketplace.owed(buyer, token) == 0
    assert marketplace.owed(buyer, ZERO_ADDRESS) == PRICE


def test_withdraw_reverts_when_nothing_is_owed(marketplace, buyer, token):
    for asset in (ZERO_ADDRESS, token):
        with ape.reverts(marketplace.PlatformNothingToWithdraw, account=buyer, token=addr(asset)):
            marketplace.withdraw(asset, sender=buyer)


def test_withdraw_fees_pays_the_fee_recipient(
    marketplace, seller, buyer, fee_recipient, token, create_listing, eth_balance
):
    eth_listing = create_listing(escrow=False)
    token_listing = create_listing(escrow=False, token=token)
    marketplace.buy(eth_listing, 4, ANY_PRICE, ZERO32, value=4 * PRICE, sender=buyer)
    marketplace.buy(token_listing, 1, ANY_PRICE, ZERO32, sender=buyer)
    marketplace.withdrawProceeds([eth_listing, token_listing], sender=seller)
    eth_fee, token_fee = fee_of(4 * PRICE, FEE_BPS), fee_of(TOKEN_PRICE, FEE_BPS)
    before = eth_balance(fee_recipient)

    receipt = marketplace.withdrawFees(ZERO_ADDRESS, sender=fee_recipient)
    assert_event(
        marketplace.FeesWithdrawn,
        receipt,
        recipient=fee_recipient,
        token=ZERO_ADDRESS,
        amount=eth_fee,
    )
    assert eth_balance(fee_recipient) - before == eth_fee - gas_cost(receipt)

    receipt = marketplace.withdrawFees(token, sender=fee_recipient)
    assert_event(
        marketplace.FeesWithdrawn, receipt, recipient=fee_recipient, token=token, amount=token_fee
    )
    assert token.balanceOf(fee_recipient) == token_fee
    assert marketplace.feesOwed(ZERO_ADDRESS) == marketplace.feesOwed(token) == 0
    assert eth_balance(marketplace) == 0
    assert token.balanceOf(marketplace) == 0


def test_withdraw_fees_reverts_for_anyone_but_the_fee_recipient(
    marketplace, owner, seller, arbiter
):
    for caller in (owner, seller, arbiter):
        with ape.reverts(marketplace.PlatformNotFeeRecipient, caller=caller):
            marketplace.withdrawFees(ZERO_ADDRESS, sender=caller)


def test_withdraw_fees_reverts_when_there_are_none(marketplace, fee_recipient, token):
    with ape.reverts(marketplace.PlatformNothingToWithdraw, account=fee_recipient, token=token):
        marketplace.withdrawFees(token, sender=fee_recipient)


def test_a_fee_change_never_touches_existing_listings(
    marketplace, owner, seller, buyer, create_listing
):
    listing_id = create_listing(escrow=False)
    marketplace.setFee(MAX_FEE_BPS, sender=owner)
    marketplace.buy(listing_id, 1, ANY_PRICE, ZERO32, value=PRICE, sender=buyer)

    receipt = marketplace.settleProceeds([listing_id], sender=buyer)

    assert_event(
        marketplace.ProceedsSettled,
        receipt,
        listingId=listing_id,
        seller=seller,
        sellerAmount=PRICE - fee_of(PRICE, FEE_BPS),
        fee=fee_of(PRICE, FEE_BPS),
    )


# ------------------------------------------------------------------ views


def test_hash_order_is_keccak_of_the_abi_encoded_struct(marketplace, eth_order):
    # Low bit cleared: in a stored commitment it marks partial refunds, not in the struct.
    order, _ = eth_order()
    for variant in (order, order.shipped(123), order.disputed(456)):
        assert marketplace.hashOrder(variant.as_tuple()) == variant.hash()
    refunded = order.refunded_by(5)
    assert marketplace.hashOrder(refunded.as_tuple()) == order.hash()
    assert int.from_bytes(refunded.hash(), "big") == int.from_bytes(order.hash(), "big") | 1


def test_order_hash_of_an_unknown_order_is_zero(marketplace):
    assert marketplace.orderHash(12345) == ZERO32
