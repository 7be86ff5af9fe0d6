"""Marketplace activity that exercises every event and every order path.

Accounts: 0 owner/arbiter/fee recipient, 1 and 2 sellers, 3-5 buyers, 9 the next owner.
"""

from __future__ import annotations

from indexer_helpers import DAY, TOKEN_UNIT, Chain

from chain.marketplace.client import MarketplaceClient
from chain.marketplace.signing import sign_offer
from chain.marketplace.types import Offer, Order
from core.constants import ZERO_ADDRESS

ETH = 10**16


def _listing(seller: MarketplaceClient, **kwargs: object) -> int:
    if kwargs.get("escrow"):
        kwargs.setdefault("handling_time", DAY)
        kwargs.setdefault("auto_release_window", 3 * DAY)
    result = seller.create_listing(**kwargs)  # type: ignore[arg-type]
    return int(result.event("ListingCreated").args["listingId"])


def _place(buyer: MarketplaceClient, listing: int, quantity: int = 1) -> Order:
    result = buyer.buy(listing, quantity, "0x" + "5a" * 32)
    return buyer.order_from_chain(int(result.event("OrderPlaced").args["orderId"]))


def _offer(chain: Chain, seller_index: int, buyer: MarketplaceClient, offer: Offer) -> int:
    signature = sign_offer(
        chain.account(seller_index), offer, chain.w3.eth.chain_id, chain.marketplace
    )
    if offer.token != ZERO_ADDRESS:
        buyer.approve_token(offer.token, offer.amount)
    result = buyer.accept_offer(offer, signature, "0x" + "0f" * 32)
    return int(result.event("OfferAccepted").args["orderId"])


def listings_and_purchases(chain: Chain) -> dict[str, int]:
    """Direct listings in ETH and in the token; purchases, updates, pauses."""
    s1, s2 = chain.client(1), chain.client(2)
    b1, b2, b3 = chain.client(3), chain.client(4), chain.client(5)
    s1.publish_encryption_key("0x" + "11" * 32)
    eth = _listing(s1, price=ETH, stock=20, metadata_hash="0x" + "a1" * 32)
    b1.buy(eth)
    b2.buy(eth, 2, "0x" + "b2" * 32)
    s1.update_listing(eth, price=2 * ETH, stock=30, metadata_hash="0x" + "a2" * 32)
    s1.set_listing_paused(eth, True)
    s1.set_listing_paused(eth, False)
    b3.buy(eth, 3)
    token = _listing(s2, price=5 * TOKEN_UNIT, stock=10, token=chain.token)
    b1.approve_token(chain.token, 10 * TOKEN_UNIT)
    b1.buy(token, 2)
    b2.buy_with_permit(token, 1)
    return {"eth": eth, "token": token}


def escrow_paths(chain: Chain) -> dict[str, int]:
    """Every escrowed order path: confirm, release, cancel, refunds, each dispute outcome."""
    admin, s1, s2 = chain.client(0), chain.client(1), chain.client(2)
    b1, b2, b3 = chain.client(3), chain.client(4), chain.client(5)
    admin.set_dispute_timeout(DAY)
    listing = _listing(s1, price=ETH, stock=50, escrow=True)
    confirmed = _place(b1, listing)
    s1.ship(confirmed, "0x" + "77" * 32)
    b1.confirm_delivery(b1.order_from_chain(confirmed.id))
    released = _place(b2, listing)
    s1.ship(released)
    cancelled = _place(b3, listing)
    partly = _place(b1, listing, 2)
    s1.refund(partly, ETH // 4)
    full = _place(b2, listing)
    s1.refund(full, ETH)
    lost = _place(b1, listing)
    b1.open_dispute(lost, "0x" + "d1" * 32)
    won = _place(b2, listing)
    s1.ship(won)
    s1.open_dispute(s1.order_from_chain(won.id), "0x" + "d2" * 32)
    even = _place(b3, listing)
    b3.open_dispute(even)
    expired_shipped = _place(b1, listing)
    s1.ship(expired_shipped)
    b1.open_dispute(b1.order_from_chain(expired_shipped.id))
    expired_unshipped = _place(b2, listing)
    b2.open_dispute(expired_unshipped)
    refunded_by_ruling = _place(b3, listing)
    b3.open_dispute(refunded_by_ruling)
    admin.resolve_dispute(admin.order_from_chain(lost.id), 7_000)
    admin.resolve_dispute(admin.order_from_chain(won.id), 3_000)
    admin.resolve_dispute(admin.order_from_chain(even.id), 5_000)
    admin.resolve_dispute(admin.order_from_chain(refunded_by_ruling.id), 10_000)
    s1.ship(s1.order_from_chain(partly.id))  # inside its handling time: shipping closes then
    chain.increase_time(4 * DAY)
    b3.release(b3.order_from_chain(released.id))
    b3.cancel(b3.order_from_chain(cancelled.id))
    b1.confirm_delivery(b1.order_from_chain(partly.id))
    b3.resolve_expired_dispute(b3.order_from_chain(expired_shipped.id))
    b3.resolve_expired_dispute(b3.order_from_chain(expired_unshipped.id))
    token_listing = _listing(s2, price=3 * TOKEN_UNIT, stock=5, token=chain.token, escrow=True)
    b1.approve_token(chain.token, 3 * TOKEN_UNIT)
    token_order = _place(b1, token_listing)
    s2.ship(token_order)
    b1.confirm_delivery(b1.order_from_chain(token_order.id))
    return {"escrow": listing, "token_escrow": token_listing}


def offers(chain: Chain, reserved_listing: int) -> None:
    """Direct and escrowed offers, one reserved for a buyer and taking a listing's stock."""
    now = int(chain.w3.eth.get_block("latest")["timestamp"])
    s1, s2, admin = chain.client(1), chain.client(2), chain.client(0)
    b1, b2, b3 = chain.client(3), chain.client(4), chain.client(5)
    direct = Offer(
        seller=s2.account.address, amount=3 * ETH, expiry=now + DAY, nonce=1, escrow=False
    )  # type: ignore[union-attr]
    _offer(chain, 2, b3, direct)
    reserved = Offer(
        seller=s1.account.address,  # type: ignore[union-attr]
        buyer=b1.account.address,  # type: ignore[union-attr]
        listing_id=reserved_listing,
        amount=ETH // 2,
        quantity=2,
        expiry=now + DAY,
        nonce=2,
        metadata_hash="0x" + "0e" * 32,
    )
    order_id = _offer(chain, 1, b1, reserved)
    s1.ship(s1.order_from_chain(order_id))
    b1.confirm_delivery(b1.order_from_chain(order_id))
    disputed = Offer(
        seller=s2.account.address,  # type: ignore[union-attr]
        token=chain.token,
        amount=4 * TOKEN_UNIT,
        expiry=now + DAY,
        nonce=3,
    )
    order_id = _offer(chain, 2, b2, disputed)
    b2.open_dispute(b2.order_from_chain(order_id))
    admin.resolve_dispute(admin.order_from_chain(order_id), 2_000)
    s1.cancel_nonces([77, 78])


def payouts_and_admin(chain: Chain, listings: dict[str, int]) -> None:
    """Settlements, withdrawals, fee changes, pause, ownership transfer, a closed listing."""
    admin, s1, s2 = chain.client(0), chain.client(1), chain.client(2)
    b1 = chain.client(3)
    s1.settle_proceeds([listings["eth"], listings["escrow"]])
    s1.withdraw()
    s2.withdraw_proceeds([listings["token"], listings["token_escrow"]])
    s2.withdraw(chain.token)
    b1.withdraw()
    admin.withdraw_fees()
    admin.withdraw_fees(chain.token)
    admin.set_fee(200)
    pricier = _listing(s2, price=ETH, stock=3)
    admin.set_deal_recorder(chain.marketplace)  # has code but no recordDeal: calls fail, caught
    b1.buy(pricier)
    admin.set_deal_recorder(ZERO_ADDRESS)
    admin.set_arbiter(chain.account(9).address)
    admin.set_fee_recipient(chain.account(9).address)
    admin.pause()
    admin.unpause()
    admin.transfer_ownership(chain.account(9).address)
    chain.client(9).accept_ownership()
    s1.close_listing(listings["eth"])
    s1.publish_encryption_key("0x" + "22" * 32)


def everything(chain: Chain) -> dict[str, int]:
    """All of the above, in order; the listing ids by name."""
    listings = listings_and_purchases(chain)
    listings.update(escrow_paths(chain))
    offers(chain, listings["eth"])
    payouts_and_admin(chain, listings)
    return listings
