"""wallet/signing.py: EIP-1559 transactions, EIP-712 typed data, EIP-191 messages.

(Named test_wallet_signing.py so it does not collide with tests/chain/test_signing.py.)
"""

from __future__ import annotations

from typing import Any

import pytest
import rlp  # type: ignore[import-untyped]
from eth_account import Account
from eth_utils.crypto import keccak
from hexbytes import HexBytes

from wallet.errors import SigningError
from wallet.signing import (
    eip1559_transaction,
    personal_sign,
    recover_personal_signer,
    recover_typed_data_signer,
    sign_transaction,
    sign_typed_data,
    signature_bytes,
    typed_data_hash,
)

ACCOUNT = Account.from_key(keccak(text="cow"))  # the EIP-712 specification's example signer
TO = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"

# The example from the EIP-712 specification (eips.ethereum.org/EIPS/eip-712, Example.js)
MAIL: dict[str, Any] = {
    "types": {
        "EIP712Domain": [
            {"name": "name", "type": "string"},
            {"name": "version", "type": "string"},
            {"name": "chainId", "type": "uint256"},
            {"name": "verifyingContract", "type": "address"},
        ],
        "Person": [{"name": "name", "type": "string"}, {"name": "wallet", "type": "address"}],
        "Mail": [
            {"name": "from", "type": "Person"},
            {"name": "to", "type": "Person"},
            {"name": "contents", "type": "string"},
        ],
    },
    "primaryType": "Mail",
    "domain": {
        "name": "Ether Mail",
        "version": "1",
        "chainId": 1,
        "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC",
    },
    "message": {
        "from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
        "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
        "contents": "Hello, Bob!",
    },
}
MAIL_DIGEST = "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2"
MAIL_SIGNATURE = (
    "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
    "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562"
    "1c"
)


def _tx(**changes: Any) -> dict[str, Any]:
    tx = eip1559_transaction(
        chain_id=31337,
        nonce=3,
        gas=21_000,
        max_fee_per_gas=2 * 10**9,
        max_priority_fee_per_gas=10**9,
        to=TO,
        value=10**15,
    )
    tx.update(changes)
    return {key: value for key, value in tx.items() if value is not None}


def test_signed_transaction_is_type_2_and_recovers_the_sender() -> None:
    signed = sign_transaction(ACCOUNT, _tx())
    raw = bytes(HexBytes(signed.raw_transaction))

    assert raw[0] == 2
    assert Account.recover_transaction(raw) == ACCOUNT.address == signed.sender
    assert signed.tx_hash == "0x" + keccak(raw).hex()
    fields = rlp.decode(raw[1:])
    assert int.from_bytes(fields[0], "big") == 31337  # chain id
    assert int.from_bytes(fields[1], "big") == 3  # nonce
    assert HexBytes(fields[5]).to_0x_hex().lower() == TO.lower()


def test_signing_is_deterministic() -> None:
    assert sign_transaction(ACCOUNT, _tx()) == sign_transaction(ACCOUNT, _tx())


@pytest.mark.parametrize("kind", [2, "0x2"])
def test_explicit_type_2_is_accepted(kind: object) -> None:
    assert sign_transaction(ACCOUNT, _tx(type=kind)).raw_transaction.startswith("0x02")


def test_matching_from_is_accepted() -> None:
    assert sign_transaction(ACCOUNT, _tx(**{"from": ACCOUNT.address.lower()})).sender


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"type": 0}, "only EIP-1559"),
        ({"gasPrice": 10**9}, "legacy"),
        ({"nonce": None}, "lacks nonce"),
        ({"gas": None, "maxFeePerGas": None}, "lacks gas, maxFeePerGas"),
        ({"maxPriorityFeePerGas": 3 * 10**9}, "exceeds maxFeePerGas"),
        ({"from": TO}, "but the key is"),
        ({"value": -1}, "value must be an integer"),
        ({"nonce": "3"}, "nonce must be an integer"),
        ({"gas": True}, "gas must be an integer"),
        ({"data": "0xzz"}, "cannot sign"),
    ],
)
def test_invalid_transactions_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(SigningError, match=message):
        sign_transaction(ACCOUNT, _tx(**changes))


def test_contract_creation_has_no_to() -> None:
    tx = eip1559_transaction(
        chain_id=1,
        nonce=0,
        gas=100_000,
        max_fee_per_gas=2,
        max_priority_fee_per_gas=1,
        data="0x6000",
    )

    assert "to" not in tx
    assert sign_transaction(ACCOUNT, tx).raw_transaction.startswith("0x02")


def test_typed_data_matches_the_eip712_specification_vector() -> None:
    assert ACCOUNT.address == MAIL["message"]["from"]["wallet"]
    assert typed_data_hash(MAIL) == MAIL_DIGEST
    assert sign_typed_data(ACCOUNT, MAIL) == MAIL_SIGNATURE
    assert recover_typed_data_signer(MAIL, MAIL_SIGNATURE) == ACCOUNT.address


def test_changed_typed_data_recovers_someone_else() -> None:
    changed = {**MAIL, "message": {**MAIL["message"], "contents": "Hello, Eve!"}}

    assert recover_typed_data_signer(changed, MAIL_SIGNATURE) != ACCOUNT.address


def test_generic_typed_data_for_a_voucher_struct() -> None:
    voucher = {
        "types": {
            "EIP712Domain": MAIL["types"]["EIP712Domain"],
            "Voucher": [
                {"name": "seller", "type": "address"},
                {"name": "discountBps", "type": "uint16"},
                {"name": "expiry", "type": "uint64"},
                {"name": "nonce", "type": "uint256"},
            ],
        },
        "primaryType": "Voucher",
        "domain": {**MAIL["domain"], "name": "Bazaar Marketplace", "chainId": 31337},
        "message": {"seller": ACCOUNT.address, "discountBps": 500, "expiry": 2**40, "nonce": 1},
    }

    signature = sign_typed_data(ACCOUNT, voucher)

    assert recover_typed_data_signer(voucher, signature) == ACCOUNT.address


@pytest.mark.parametrize(
    "broken",
    [
        {k: v for k, v in MAIL.items() if k != "types"},
        {**MAIL, "primaryType": "Letter"},
        {**MAIL, "domain": {**MAIL["domain"], "chainId": "one"}},
        {**MAIL, "message": {**MAIL["message"], "to": "not a person"}},
    ],
)
def test_invalid_typed_data_is_a_signing_error(broken: dict[str, Any]) -> None:
    with pytest.raises(SigningError, match="EIP-712"):
        sign_typed_data(ACCOUNT, broken)


def test_personal_sign_round_trips_text_and_bytes() -> None:
    text_signature = personal_sign(ACCOUNT, "Sign in to Bazaar")
    bytes_signature = personal_sign(ACCOUNT, b"\x00\x01binary")

    assert recover_personal_signer("Sign in to Bazaar", text_signature) == ACCOUNT.address
    assert recover_personal_signer(b"\x00\x01binary", bytes_signature) == ACCOUNT.address
    assert recover_personal_signer("Sign in to Bazaar!", text_signature) != ACCOUNT.address


def test_personal_sign_matches_eip191_hashing() -> None:
    message = "hello"
    prefixed = b"\x19Ethereum Signed Message:\n5hello"

    signature = personal_sign(ACCOUNT, message)

    assert signature == HexBytes(ACCOUNT.unsafe_sign_hash(keccak(prefixed)).signature).to_0x_hex()


@pytest.mark.parametrize("signature", ["0x1234", "nothex", "0x" + "00" * 64, "0x" + "00" * 65])
def test_malformed_signatures_are_signing_errors(signature: str) -> None:
    with pytest.raises(SigningError):
        recover_personal_signer("hello", signature)
    with pytest.raises(SigningError):
        recover_typed_data_signer(MAIL, signature)


def test_signature_bytes_accepts_hex_and_bytes() -> None:
    raw = bytes(range(65))

    assert signature_bytes(raw) == signature_bytes("0x" + raw.hex()) == raw
