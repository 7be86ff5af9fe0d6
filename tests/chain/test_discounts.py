"""chain/marketplace/discounts.py, chain/marketplace/vouchers.py and voucher signing against a
real anvil: voucher and credit purchases through the typed clients, decoded reverts."""

from __future__ import annotations

import pytest
from eth_account.signers.local import LocalAccount
from web3 import Web3

from chain.deploy import Deployment
from chain.errors import ChainError, ContractRevertError
from chain.marketplace.client import MarketplaceClient
from chain.marketplace.signing import sign_voucher
from chain.marketplace.types import Voucher
from chain.marketplace.vouchers import VoucherBookClient
from chain.reputation.client import ReputationClient
from chain.reputation.credits import ReviewCreditsClient
from chain.reputation.types import Review
from chain.types import snake
from core.constants import ZERO_ADDRESS

PRICE = 10**16
FAR = 2**40 - 1


def _listing(seller: MarketplaceClient, **kw: object) -> int:
    created = seller.create_listing(price=PRICE, stock=50, **kw)  # type: ignore[arg-type]
    return int(created.event("ListingCreated").args["listingId"])


def test_voucher_book_client_covers_every_function_but_redeem(buyer: MarketplaceClient) -> None:
    book = buyer.voucher_book()
    names = {e["name"] for e in book.abi if e["type"] == "function"}

    def method(name: str) -> str:
        return name.lower() if name.isupper() else snake(name)

    missing = sorted(n for n in names - {"redeem"} if not hasattr(VoucherBookClient, method(n)))

    assert missing == []
    assert book.marketplace() == buyer.address
    assert book.eip712_domain()["name"] == "Bazaar Vouchers"


def test_voucher_purchase_through_the_clients(
    w3: Web3,
    snapshot: None,
    seller: MarketplaceClient,
    buyer: MarketplaceClient,
    seller_account: LocalAccount,
) -> None:
    listing_id = _listing(seller)
    voucher = Voucher(
        seller=seller_account.address,
        discount=2_000,
        percent=True,
        expiry=FAR,
        nonce=1,
        listing_id=listing_id,
        max_redemptions=2,
    )
    book = seller.voucher_book()
    signature = book.sign(voucher)
    digest = book.local_hash(voucher)
    assert digest == book.hash_voucher(voucher)

    result = buyer.purchase_with_voucher(listing_id, voucher, signature, quantity=2)

    redeemed = result.event("VoucherRedeemed")
    assert redeemed.address == book.address
    assert redeemed.args["voucherHash"] == digest
    assert redeemed.args["discount"] == 2 * PRICE // 5
    assert result.event("Purchased").args["amount"] == 2 * PRICE - 2 * PRICE // 5
    assert book.redemptions(digest) == 1
    assert seller.get_listing(listing_id).unsettled == 2 * PRICE - 2 * PRICE // 5

    book.cancel(voucher)
    with pytest.raises(ContractRevertError) as cancelled:
        buyer.purchase_with_voucher(listing_id, voucher, signature)
    assert cancelled.value.error == "VoucherBookExhausted"
    assert cancelled.value.error_args == {"voucherHash": digest, "maxRedemptions": 2}


def test_voucher_signed_for_another_book_is_rejected(
    w3: Web3,
    snapshot: None,
    seller: MarketplaceClient,
    buyer: MarketplaceClient,
    seller_account: LocalAccount,
) -> None:
    listing_id = _listing(seller)
    voucher = Voucher(seller=seller_account.address, discount=10**15, expiry=FAR, nonce=2)
    wrong = sign_voucher(seller_account, voucher, w3.eth.chain_id, seller.address)

    with pytest.raises(ContractRevertError) as rejected:
        buyer.purchase_with_voucher(listing_id, voucher, wrong)
    assert rejected.value.error == "VoucherBookInvalidSignature"


def test_only_the_seller_signs_its_vouchers(
    buyer: MarketplaceClient, buyer_account: LocalAccount, seller_account: LocalAccount
) -> None:
    voucher = Voucher(seller=seller_account.address, discount=1, expiry=FAR, nonce=3)
    with pytest.raises(ChainError, match="sign with the seller's key"):
        sign_voucher(buyer_account, voucher, 31337, buyer.vouchers_book())


def test_credit_purchase_through_the_clients(
    w3: Web3,
    snapshot: None,
    deployment: Deployment,
    seller: MarketplaceClient,
    buyer: MarketplaceClient,
    seller_account: LocalAccount,
    buyer_account: LocalAccount,
) -> None:
    reputation = ReputationClient.from_manifest(w3, deployment.manifest, buyer_account)
    credits = ReviewCreditsClient.from_manifest(w3, deployment.manifest, buyer_account)
    # Earn credits: buy 40 units, review the seller (credits: a quarter of the 1 % fee).
    earning = _listing(seller)
    (deal,) = reputation.deals_recorded(buyer.buy(earning, 40))
    earned = reputation.post_review(deal, Review(rating=5)).event("ReviewPosted").args["credits"]
    assert earned == 40 * PRICE // 100 // 4
    listing_id = _listing(seller)
    seller.set_credit_cap(listing_id, 5_000)
    assert seller.get_listing(listing_id).credit_cap_bps == 5_000

    result = buyer.purchase_with_credits(listing_id, credits=earned)

    spent = result.event("CreditsSpent").args
    assert (spent["amount"], spent["seller"], spent["credits"]) == (
        earned,
        seller_account.address,
        credits.address,
    )
    assert result.event("Purchased").args["amount"] == PRICE - earned
    assert credits.balance_of(buyer_account.address) == 0
    assert credits.balance_of(seller_account.address) == earned

    with pytest.raises(ContractRevertError) as too_many:
        buyer.purchase_with_credits(listing_id, credits=PRICE)
    assert too_many.value.error == "MarketplaceInvalidCredits"
    assert too_many.value.error_args == {"credits": PRICE, "maxCredits": PRICE // 2}


def test_credit_cap_on_an_escrowed_listing_is_refused(
    snapshot: None, seller: MarketplaceClient
) -> None:
    listing_id = _listing(seller, escrow=True, handling_time=3600, auto_release_window=3600)

    with pytest.raises(ContractRevertError) as refused:
        seller.set_credit_cap(listing_id, 1_000)
    assert refused.value.error == "MarketplaceCreditsOnEscrowListing"
    assert seller.get_listing(listing_id).credit_cap_bps == 0
    assert seller.get_listing(listing_id).token == ZERO_ADDRESS
