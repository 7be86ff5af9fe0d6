"""chain/errors.py and chain/reverts.py: the exception tree and revert decoding."""

from __future__ import annotations

import pytest
from eth_abi.abi import encode
from eth_utils.crypto import keccak

from chain.artifacts import Artifact
from chain.errors import ArtifactsMissingError, ContractRevertError, ManifestInvalidError
from chain.reverts import RevertDecoder
from core.errors import ApiError, BazaarError, ChainError, IndexerError, WalletError


def _selector(signature: str) -> str:
    return "0x" + keccak(text=signature)[:4].hex()


def test_every_branch_derives_from_the_root() -> None:
    for branch in (ChainError, WalletError, IndexerError, ApiError):
        assert issubclass(branch, BazaarError)
    for chain_error in (ContractRevertError, ArtifactsMissingError, ManifestInvalidError):
        assert issubclass(chain_error, ChainError)


def test_contract_revert_message_lists_args() -> None:
    exc = ContractRevertError(
        "Marketplace", "MarketplaceWrongPayment", {"sent": 1, "expected": 2}, "0x"
    )

    assert str(exc) == "Marketplace reverted: MarketplaceWrongPayment(sent=1, expected=2)"
    assert exc.error_args == {"sent": 1, "expected": 2}


def test_decodes_every_custom_error_of_the_marketplace(artifacts: dict[str, Artifact]) -> None:
    decoder = RevertDecoder.from_artifacts(artifacts)
    names = set(decoder.names())

    declared = {e["name"] for e in artifacts["Marketplace"].elements("error")}
    assert declared <= names
    assert {"Error", "Panic", "ERC20InsufficientAllowance"} <= names


def test_decodes_custom_error_args(artifacts: dict[str, Artifact]) -> None:
    decoder = RevertDecoder.from_artifacts(artifacts)
    caller = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    buyer = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
    data = (
        _selector("MarketplaceNotBuyer(address,address)")
        + encode(["address", "address"], [caller, buyer]).hex()
    )

    exc = decoder.decode(data, contract="Marketplace")

    assert exc.error == "MarketplaceNotBuyer"
    assert exc.error_args == {"caller": caller, "buyer": buyer}
    assert exc.data == data
    assert str(exc).startswith(
        f"Marketplace reverted: MarketplaceNotBuyer(caller={caller}, buyer={buyer})"
    )


def test_decodes_error_string_and_panic() -> None:
    decoder = RevertDecoder.from_artifacts({})

    message = decoder.decode(
        _selector("Error(string)") + encode(["string"], ["nope"]).hex(), contract="X"
    )
    panic = decoder.decode(
        _selector("Panic(uint256)") + encode(["uint256"], [0x12]).hex(), contract="X"
    )

    assert (message.error, message.error_args) == ("Error", {"message": "nope"})
    assert (panic.error, panic.error_args) == ("Panic", {"code": 0x12})
    assert "Division or modulo by zero" in str(panic)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("0x", "without a reason"),
        (None, "without a reason"),
        ("0xdeadbeef", "make build"),
    ],
)
def test_unknown_or_empty_data_still_gives_advice(data: str | None, expected: str) -> None:
    exc = RevertDecoder.from_artifacts({}).decode(data, contract="Marketplace")

    assert exc.error is None
    assert expected in str(exc)


def test_truncated_args_are_reported_not_crashed() -> None:
    data = _selector("Panic(uint256)") + "00"
    exc = RevertDecoder.from_artifacts({}).decode(data, contract="X")

    assert exc.error == "Panic"
    assert "does not decode" in str(exc)
