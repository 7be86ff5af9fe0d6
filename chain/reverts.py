"""Decode revert data into :class:`~chain.errors.ContractRevertError`.

The decoder knows the 4-byte selector of every custom error in every artifact ABI, plus
Solidity's built-in ``Error(string)`` and ``Panic(uint256)``, so a failed call reads like
``Marketplace reverted: MarketplaceNotBuyer(caller=0x..., buyer=0x...)`` instead of hex.

Example:
    >>> decoder = RevertDecoder.from_artifacts({})
    >>> data = "0x4e487b71" + "11".rjust(64, "0")
    >>> str(decoder.decode(data, contract="Marketplace"))
    'Marketplace reverted: Panic(code=17). Arithmetic overflow or underflow'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from eth_abi.abi import decode as abi_decode
from eth_abi.exceptions import DecodingError

from chain.abi import AbiParam, abi_type, named_values, selector, signature
from chain.artifacts import Artifact, all_artifacts
from chain.errors import ContractRevertError

ERROR_STRING: dict[str, Any] = {
    "type": "error",
    "name": "Error",
    "inputs": [{"name": "message", "type": "string"}],
}
PANIC: dict[str, Any] = {
    "type": "error",
    "name": "Panic",
    "inputs": [{"name": "code", "type": "uint256"}],
}

# EIP-6093 token errors, so a revert bubbling up from any modern ERC-20 decodes even when
# the token has no artifact here.
ERC20_ERRORS: tuple[dict[str, Any], ...] = tuple(
    {
        "type": "error",
        "name": name,
        "inputs": [{"name": n, "type": t} for n, t in inputs],
    }
    for name, inputs in (
        (
            "ERC20InsufficientBalance",
            [("sender", "address"), ("balance", "uint256"), ("needed", "uint256")],
        ),
        (
            "ERC20InsufficientAllowance",
            [("spender", "address"), ("allowance", "uint256"), ("needed", "uint256")],
        ),
        ("ERC20InvalidSender", [("sender", "address")]),
        ("ERC20InvalidReceiver", [("receiver", "address")]),
        ("ERC20InvalidApprover", [("approver", "address")]),
        ("ERC20InvalidSpender", [("spender", "address")]),
    )
)

PANIC_REASONS: dict[int, str] = {
    0x01: "Assertion failed",
    0x11: "Arithmetic overflow or underflow",
    0x12: "Division or modulo by zero",
    0x21: "Invalid enum value",
    0x22: "Invalid storage byte array",
    0x31: "pop() on an empty array",
    0x32: "Array index out of bounds",
    0x41: "Out of memory",
    0x51: "Call to an uninitialised function pointer",
}

HINTS: dict[str, str] = {
    "MarketplaceWrongPayment": "Send exactly the amount due (msg.value 0 for ERC-20 listings)",
    "MarketplaceNotBuyer": "Only the order's buyer may do this; use the buyer's account",
    "MarketplaceNotSeller": "Only the seller may do this; use the seller's account",
    "PlatformNotArbiter": "Only the arbiter may rule disputes",
    "MarketplaceTooEarly": "Wait until the deadline has passed and try again",
    "MarketplaceTooLate": (
        "Your window for this closed at the deadline; the order's timeout exit "
        "(cancel, release or the dispute fallback) applies now"
    ),
    "MarketplaceUnknownOrder": (
        "The order is closed (completed, refunded or ruled) or the details sent are out of "
        "date; read the order again and check its status"
    ),
    "PlatformPaused": (
        "The contract is paused for new business (listings, purchases, bookings, plans); "
        "refunds, exits and withdrawals still work. Try again later"
    ),
    "PlatformFeeTooHigh": "The platform fee is capped at maxFeeBps (5 %); choose a lower fee",
    "PlatformNotFeeRecipient": "Only the fee recipient may withdraw fees; use that account",
    "PlatformInvalidDisputeTimeout": "Choose a dispute timeout between min and max seconds",
    "PlatformZeroAddress": "Give a real address, not the zero address",
    "PaymentsWrongValue": "Send exactly the amount due (msg.value 0 for ERC-20 listings)",
    "PaymentsFeeOnTransferToken": "Tokens that take a fee on transfer are not accepted",
    "MarketplaceOfferExpired": "Ask the seller for a fresh offer",
    "MarketplaceNonceUsed": "This offer was already accepted or cancelled",
    "MarketplaceInvalidSignature": "Re-sign the offer with the seller's key (sign_offer)",
    "MarketplaceInsufficientStock": "Buy fewer units",
    "MarketplacePriceAboveLimit": (
        "The seller raised the price after you looked; check the listing again and buy at "
        "the new price only if you agree to it"
    ),
    "MarketplaceListingNotActive": "The listing is paused or closed",
    "PlatformNothingToWithdraw": "Nothing is owed to this account in that token",
    "InstallmentPlansPaidChanged": (
        "A payment or collection landed first; read the plan again before paying"
    ),
    "InstallmentPlansLateFeeAboveMax": "A late fee is now due; pay again committing to it",
    "InstallmentPlansForfeitAboveMax": "More was paid since; read the plan and cancel again",
    "InstallmentPlansRepaymentAboveMax": "Proceeds were settled since; cancel again with them",
    "OwnableUnauthorizedAccount": "Only the contract owner may do this",
    "RentalEscrowTermsChanged": (
        "The lender changed the listing's terms after you read them; nothing was paid. "
        "Read the listing again and book only if you accept the new terms"
    ),
    "RentalEscrowTooLate": "The window for this step has closed; anyone may now settle it",
    "RentalEscrowTooEarly": "Wait until the deadline has passed and try again",
    "ERC20InsufficientAllowance": "Approve the marketplace for the amount first",
    "ERC20InsufficientBalance": "The paying account does not hold enough tokens",
}


@dataclass(frozen=True)
class ErrorSpec:
    """A custom error known to the decoder and the contracts that declare it."""

    abi: dict[str, Any]
    declared_by: tuple[str, ...]

    @property
    def name(self) -> str:
        """The error's name."""
        return str(self.abi["name"])


class RevertDecoder:
    """Maps 4-byte error selectors to error ABIs and decodes revert data."""

    def __init__(self, errors: Mapping[bytes, ErrorSpec]) -> None:
        """Build a decoder from a selector → error map (see :meth:`from_artifacts`)."""
        self._errors = dict(errors)

    @classmethod
    def from_artifacts(cls, artifacts: Mapping[str, Artifact] | None = None) -> RevertDecoder:
        """A decoder for every error of ``artifacts`` (default: all exported artifacts)."""
        source = all_artifacts() if artifacts is None else artifacts
        found: dict[bytes, tuple[dict[str, Any], list[str]]] = {
            selector(ERROR_STRING): (ERROR_STRING, ["Solidity"]),
            selector(PANIC): (PANIC, ["Solidity"]),
        }
        for error in ERC20_ERRORS:
            found[selector(error)] = (error, ["ERC20"])
        for name, artifact in sorted(source.items()):
            for element in artifact.elements("error"):
                entry = found.setdefault(selector(element), (element, []))
                if signature(entry[0]) == signature(element) and name not in entry[1]:
                    entry[1].append(name)
        return cls({key: ErrorSpec(abi, tuple(names)) for key, (abi, names) in found.items()})

    def spec(self, error_selector: bytes) -> ErrorSpec | None:
        """The error with this selector, if any artifact declares it."""
        return self._errors.get(bytes(error_selector))

    def names(self) -> Iterable[str]:
        """Names of every known error."""
        return (spec.name for spec in self._errors.values())

    def decode(self, data: str | bytes | None, *, contract: str) -> ContractRevertError:
        """Turn raw revert data into a :class:`ContractRevertError`.

        Args:
            data: Revert data (0x-hex or bytes); empty when the call reverted without data.
            contract: Name of the contract that was called, used in the message.

        Returns:
            The exception to raise. Its ``error`` is ``None`` when the data matched nothing.
        """
        raw = _to_bytes(data)
        hex_data = "0x" + raw.hex()
        if len(raw) < 4:
            hint = "The call reverted without a reason (out of gas, or a bare revert())"
            return ContractRevertError(contract, None, {}, hex_data, hint)
        spec = self.spec(raw[:4])
        if spec is None:
            hint = "No known ABI declares this error selector; is `make build` up to date?"
            return ContractRevertError(contract, None, {}, hex_data, hint)
        inputs: list[AbiParam] = list(spec.abi.get("inputs", []))
        try:
            values = abi_decode([abi_type(param) for param in inputs], raw[4:])
        except DecodingError:
            hint = f"The data has the selector of {signature(spec.abi)} but does not decode"
            return ContractRevertError(contract, spec.name, {}, hex_data, hint)
        args = named_values(inputs, values)
        return ContractRevertError(contract, spec.name, args, hex_data, _hint(spec.name, args))


def _hint(error: str, args: Mapping[str, Any]) -> str | None:
    if error == "Panic":
        code = int(args.get("code", 0))
        return PANIC_REASONS.get(code, f"Panic code {code:#x}")
    return HINTS.get(error)


def _to_bytes(data: str | bytes | None) -> bytes:
    if data is None:
        return b""
    if isinstance(data, bytes | bytearray):
        return bytes(data)
    text = data[2:] if data.startswith(("0x", "0X")) else data
    try:
        return bytes.fromhex(text)
    except ValueError:
        return b""
