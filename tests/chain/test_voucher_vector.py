"""The voucher vector the storefront checks (tests/vectors/voucher-v1.json, by
web/src/lib/voucher.test.ts) is what chain/marketplace/signing.py signs: the same typed
data, digest and signature of dev account 1 (RFC 6979, deterministic). Regenerate with
``python tests/chain/test_voucher_vector.py`` after a change to the Voucher struct."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chain.anvil import dev_account
from chain.marketplace.signing import sign_voucher, voucher_typed_data
from chain.marketplace.types import Voucher
from chain.signing import typed_data_digest

VECTOR = Path(__file__).resolve().parents[1] / "vectors" / "voucher-v1.json"
BOOK = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
CHAIN_ID = 31337
COMMENT = (
    "A VoucherBook voucher as chain/marketplace/signing.py signs it; "
    "web/src/lib/voucher.ts must match."
)


def build_vector() -> dict[str, Any]:
    """The vector, computed from chain/marketplace/signing.py now."""
    seller = dev_account(1)
    vouchers = [
        (
            "fixed amount, anyone, one listing",
            Voucher(
                seller=seller.address,
                discount=5 * 10**15,
                expiry=1_900_000_000,
                nonce=7,
                listing_id=3,
                min_spend=10**16,
                max_redemptions=5,
            ),
        ),
        (
            "percent, one buyer, every listing in a token",
            Voucher(
                seller=seller.address,
                discount=1_500,
                expiry=1_800_000_000,
                nonce=2**200 + 1,
                percent=True,
                buyer=dev_account(2).address,
                token="0x" + "7e" * 20,
            ),
        ),
    ]
    cases = []
    for name, voucher in vouchers:
        message = voucher_typed_data(voucher, CHAIN_ID, BOOK)
        cases.append(
            {
                "name": name,
                "voucher": {
                    "seller": voucher.seller,
                    "buyer": voucher.buyer,
                    "listingId": str(voucher.listing_id),
                    "token": voucher.token,
                    "percent": voucher.percent,
                    "discount": str(voucher.discount),
                    "minSpend": str(voucher.min_spend),
                    "expiry": voucher.expiry,
                    "maxRedemptions": voucher.max_redemptions,
                    "nonce": str(voucher.nonce),
                },
                "digest": typed_data_digest(message),
                "signature": sign_voucher(seller, voucher, CHAIN_ID, BOOK),
            }
        )
    return {
        "comment": COMMENT,
        "chain_id": CHAIN_ID,
        "book": BOOK,
        "signer_private_key": "0x" + bytes(seller.key).hex(),
        "cases": cases,
    }


def test_the_shared_voucher_vector_is_what_chain_signing_signs() -> None:
    assert json.loads(VECTOR.read_text()) == build_vector()


if __name__ == "__main__":
    VECTOR.write_text(json.dumps(build_vector(), indent=1) + "\n")
