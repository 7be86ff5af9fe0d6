"""The wallet against a real anvil: what it signs, the chain accepts.

One anonymous purchase end to end, every step through wallet/: the seller's key comes from
a keystore and publishes a shipping key kept in the wallet; the buyer takes a fresh HD
address, funds it with a locally signed EIP-1559 transfer, seals shipping details to the
published key, and pays a Marketplace ``buy`` payment link signed by the wallet. The chain
must record the buyer's fresh address and the envelope's keccak256 as ``shippingRef``,
and only the seller's stored key must open the envelope.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from eth_account.signers.local import LocalAccount
from hexbytes import HexBytes
from wallet_helpers import FAST_N
from web3 import Web3
from web3.types import TxParams

from chain.anvil import DEV_PRIVATE_KEYS, AnvilNode, dev_account, start_anvil
from chain.deploy import Deployment, deploy_all
from chain.events import EventRegistry
from chain.marketplace.client import MarketplaceClient
from chain.tx import Transactor
from wallet.encryption_keys import EncryptionKeys
from wallet.hd import HdWallets
from wallet.keystore import Keystores
from wallet.payment_links import as_marketplace_buy, marketplace_buy_link, parse_payment_link
from wallet.shipping_details import ShippingDetails, published_key, seal_shipping_details
from wallet.signing import eip1559_transaction, sign_transaction
from wallet.storage import WalletDir

PRICE = 10**16


@pytest.fixture(scope="module")
def anvil() -> Iterator[AnvilNode]:
    with start_anvil() as node:
        yield node


@pytest.fixture(scope="module")
def w3(anvil: AnvilNode) -> Web3:
    return anvil.web3()


@pytest.fixture(scope="module")
def deployment(w3: Web3) -> Deployment:
    return deploy_all(w3, dev_account(0), write=False)


def _send(w3: Web3, account: LocalAccount, tx: dict[str, Any]) -> dict[str, Any]:
    """Fill nonce, fees and gas from the node, sign with the wallet, send, wait."""
    params = Transactor(w3, account).prepare(cast(TxParams, tx), contract="Marketplace")
    signed = sign_transaction(account, cast(dict[str, Any], params))
    tx_hash = w3.eth.send_raw_transaction(HexBytes(signed.raw_transaction))
    receipt = dict(w3.eth.wait_for_transaction_receipt(tx_hash, timeout=30))
    assert HexBytes(receipt["transactionHash"]).to_0x_hex() == signed.tx_hash
    assert receipt["status"] == 1
    return receipt


def test_anvil_accepts_a_transfer_signed_by_the_wallet(w3: Web3, tmp_path: Path) -> None:
    keystores = Keystores(tmp_path, scrypt_n=FAST_N)
    keystores.import_private_key("dev", DEV_PRIVATE_KEYS[3], "pw")
    sender = keystores.unlock("dev", "pw")
    recipient = "0x000000000000000000000000000000000000bEEF"
    latest = w3.eth.get_block("latest")
    tx = eip1559_transaction(
        chain_id=w3.eth.chain_id,
        nonce=w3.eth.get_transaction_count(sender.address),
        gas=21_000,
        max_fee_per_gas=2 * int(latest["baseFeePerGas"]) + 10**9,
        max_priority_fee_per_gas=10**9,
        to=recipient,
        value=12345,
    )

    tx_hash = w3.eth.send_raw_transaction(HexBytes(sign_transaction(sender, tx).raw_transaction))

    receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=30)
    assert receipt["status"] == 1 and receipt["type"] == 2
    assert receipt["from"] == sender.address
    assert w3.eth.get_balance(Web3.to_checksum_address(recipient)) == 12345


def test_anonymous_purchase_end_to_end(w3: Web3, deployment: Deployment, tmp_path: Path) -> None:
    seller_dir, buyer_dir = WalletDir(tmp_path / "seller"), WalletDir(tmp_path / "buyer")
    market_address = deployment.address("Marketplace")

    # seller: account from a keystore, shipping key from the wallet, published on chain
    Keystores(seller_dir, scrypt_n=FAST_N).import_private_key("shop", DEV_PRIVATE_KEYS[1], "s")
    seller_account = Keystores(seller_dir, scrypt_n=FAST_N).unlock("shop", "s")
    shop_key = EncryptionKeys(seller_dir, scrypt_n=FAST_N).create(
        "shop", "s", owner=seller_account.address
    )
    seller = MarketplaceClient.from_manifest(w3, deployment.manifest, seller_account)
    seller.publish_encryption_key(shop_key.public_key)
    created = seller.create_listing(price=PRICE, stock=5)
    listing_id = int(created.event("ListingCreated").args["listingId"])

    # buyer: a fresh HD address, funded by a wallet-signed transfer from another account
    hd = HdWallets(buyer_dir, scrypt_n=FAST_N)
    hd.create("me", "b")
    index, fresh = hd.next_account("me", "b")
    _send(w3, dev_account(2), {"to": fresh.address, "value": 10**18})

    # buyer: encrypt shipping details to the key the seller published, pay the link
    details = ShippingDetails(name="Ada", street="12 St James Square", city="London", country="GB")
    sealed = seal_shipping_details(details, published_key(seller, seller_account.address))
    link = marketplace_buy_link(
        market_address,
        chain_id=w3.eth.chain_id,
        listing_id=listing_id,
        quantity=2,
        max_price=PRICE,
        shipping_ref=sealed.shipping_ref,
        value=2 * PRICE,
    )
    request = parse_payment_link(link)
    buy = as_marketplace_buy(request)
    receipt = _send(w3, fresh, request.to_transaction())

    events = EventRegistry.from_artifacts().decode_logs(receipt["logs"], skip_unknown=True)
    purchased = next(event for event in events if event.event == "Purchased")
    assert (index, buy.quantity, buy.value) == (0, 2, 2 * PRICE)
    assert purchased.args["buyer"] == fresh.address
    assert purchased.args["listingId"] == listing_id
    assert purchased.args["shippingRef"] == sealed.shipping_ref
    assert fresh.address not in (seller_account.address, dev_account(2).address)

    # seller: only the stored key opens the envelope
    opened = EncryptionKeys(seller_dir, scrypt_n=FAST_N).open_shipping_details(
        "shop", "s", sealed.envelope
    )
    assert opened == details
