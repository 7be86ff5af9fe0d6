"""The typed form of an EIP-681 payment request, and its rendering as a link.

``ethereum:[pay-]<target>[@<chain id>][/<function>][?<parameters>]``: without a function
the link pays ``value`` wei to ``target``; with one it calls ``target.function(args…)``,
with the arguments given as ``<abi type>=<value>`` parameters in order.

Example:
    >>> PaymentRequest(target="0x" + "ab" * 20, chain_id=1, value=10**18).to_uri()
    'ethereum:0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB@1?value=1e18'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from eth_abi.abi import encode
from eth_utils.abi import function_signature_to_4byte_selector
from eth_utils.address import is_checksum_address, to_checksum_address

from wallet.errors import EnsNameNotSupportedError, InvalidPaymentLinkError
from wallet.payment_links.numbers import format_number

ArgValue = int | str | bool | bytes

FUNCTION_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_HEX_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")
_SIZED = re.compile(r"(u?int|bytes)([0-9]+)")
_INTEGER = re.compile(r"(u?)int([0-9]+)")
_ALIASES = {"uint": "uint256", "int": "int256"}


def canonical_type(abi_type: str) -> str:
    """The canonical ABI name of an argument type a link may carry.

    Raises:
        InvalidPaymentLinkError: Not an elementary ABI type (arrays and tuples are unsupported).
    """
    abi_type = _ALIASES.get(abi_type, abi_type)
    if abi_type in ("address", "bool", "string", "bytes"):
        return abi_type
    match = _SIZED.fullmatch(abi_type)
    if match:
        kind, size = match.group(1), int(match.group(2))
        if kind == "bytes" and 1 <= size <= 32 and not match.group(2).startswith("0"):
            return abi_type
        if kind != "bytes" and size % 8 == 0 and 8 <= size <= 256:
            return abi_type
    raise InvalidPaymentLinkError(
        f"unsupported parameter {abi_type!r}: use value, gas, gasLimit, gasPrice or an "
        "elementary ABI type such as uint256, address, bool, bytes32, bytes or string"
    )


def checksum_address(text: str, *, what: str) -> str:
    """``text`` as an EIP-55 address; all-lowercase or all-uppercase hex is accepted.

    Raises:
        EnsNameNotSupportedError: ``text`` is a name such as ``shop.eth``.
        InvalidPaymentLinkError: Not 0x + 40 hex digits, or a wrong mixed-case checksum.
    """
    if not _HEX_ADDRESS.fullmatch(text):
        if "." in text:
            raise EnsNameNotSupportedError(
                f"{what} {text!r} is an ENS name, which Bazaar cannot resolve; "
                "ask for the 0x address instead"
            )
        raise InvalidPaymentLinkError(f"{what} {text!r} is not a 0x address of 40 hex digits")
    body = text[2:]
    if body != body.lower() and body != body.upper() and not is_checksum_address(text):
        raise InvalidPaymentLinkError(
            f"{what} {text} fails its EIP-55 checksum: it was mistyped or altered, do not pay it"
        )
    return to_checksum_address(text)


def check_arg(abi_type: str, value: Any) -> ArgValue:
    """``value`` checked (and addresses checksummed) for ``abi_type``.

    Raises:
        InvalidPaymentLinkError: The value does not fit the type.
    """
    if abi_type == "address" and isinstance(value, str):
        return checksum_address(value, what="address argument")
    if abi_type == "bool" and isinstance(value, bool):
        return value
    if abi_type == "string" and isinstance(value, str):
        return value
    if abi_type.startswith("bytes") and isinstance(value, bytes):
        size = abi_type[5:]
        if size and len(value) != int(size):
            raise InvalidPaymentLinkError(
                f"{abi_type} needs exactly {size} bytes, got {len(value)}"
            )
        return value
    integer = _INTEGER.fullmatch(abi_type)
    if integer and isinstance(value, int) and not isinstance(value, bool):
        bits = int(integer.group(2))
        low, high = (0, 2**bits) if integer.group(1) else (-(2 ** (bits - 1)), 2 ** (bits - 1))
        if not low <= value < high:
            raise InvalidPaymentLinkError(f"{value} does not fit in {abi_type}")
        return value
    raise InvalidPaymentLinkError(f"{value!r} is not a valid {abi_type} value")


def format_arg(abi_type: str, value: ArgValue) -> str:
    """``value`` as it appears in a link (integers in plain decimal, for older wallets)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, int):
        return format_number(value, scientific=False)
    return value if abi_type == "address" else quote(value, safe="")


@dataclass(frozen=True)
class Param:
    """One function argument of a link: its ABI type and value."""

    abi_type: str
    value: ArgValue

    def __post_init__(self) -> None:
        abi_type = canonical_type(self.abi_type)
        object.__setattr__(self, "abi_type", abi_type)
        object.__setattr__(self, "value", check_arg(abi_type, self.value))


def _check_amount(name: str, value: int | None) -> None:
    if value is not None and (type(value) is not int or not 0 <= value < 2**256):
        raise InvalidPaymentLinkError(f"{name} must be an integer in [0, 2**256), got {value!r}")


@dataclass(frozen=True)
class PaymentRequest:
    """An EIP-681 request. Building one validates it; :meth:`to_uri` renders it.

    Attributes:
        target: Recipient of ETH, or the contract to call (checksummed on construction).
        chain_id: The EIP-155 chain; ``None`` means the wallet's current chain.
        function: Contract function to call, or ``None`` for a plain payment.
        args: The function's arguments, in order.
        value: Wei to send along.
        gas_limit: Suggested gas limit.
        gas_price: Suggested gas price in wei (informational for EIP-1559 wallets).
        pay: Whether the link uses the optional ``pay-`` prefix.
    """

    target: str
    chain_id: int | None = None
    function: str | None = None
    args: tuple[Param, ...] = ()
    value: int | None = None
    gas_limit: int | None = None
    gas_price: int | None = None
    pay: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "target", checksum_address(self.target, what="target"))
        object.__setattr__(self, "args", tuple(self.args))
        chain_id = self.chain_id
        if chain_id is not None and (type(chain_id) is not int or chain_id < 1):
            raise InvalidPaymentLinkError(
                f"chain id must be a positive integer, got {self.chain_id!r}"
            )
        if self.function is not None and not FUNCTION_NAME.fullmatch(self.function):
            raise InvalidPaymentLinkError(f"{self.function!r} is not a function name")
        if self.args and self.function is None:
            raise InvalidPaymentLinkError("arguments need a function: add /<function> to the link")
        for name in ("value", "gas_limit", "gas_price"):
            _check_amount(name, getattr(self, name))

    @property
    def signature(self) -> str | None:
        """The function signature, e.g. ``buy(uint256,uint32,bytes32)``."""
        if self.function is None:
            return None
        return f"{self.function}({','.join(arg.abi_type for arg in self.args)})"

    def to_uri(self) -> str:
        """The link text (``value``, ``gasLimit`` and ``gasPrice`` in short scientific form)."""
        uri = f"ethereum:{'pay-' if self.pay else ''}{self.target}"
        if self.chain_id is not None:
            uri += f"@{self.chain_id}"
        if self.function is not None:
            uri += f"/{self.function}"
        params = [f"{arg.abi_type}={format_arg(arg.abi_type, arg.value)}" for arg in self.args]
        for key, amount in (
            ("value", self.value),
            ("gasLimit", self.gas_limit),
            ("gasPrice", self.gas_price),
        ):
            if amount is not None:
                params.append(f"{key}={format_number(amount)}")
        return uri + ("?" + "&".join(params) if params else "")

    def calldata(self) -> bytes:
        """ABI-encoded call data (4-byte selector + arguments); empty for plain payments."""
        if self.signature is None:
            return b""
        selector = function_signature_to_4byte_selector(self.signature)
        return selector + encode([a.abi_type for a in self.args], [a.value for a in self.args])

    def to_transaction(self) -> dict[str, Any]:
        """The transaction the link asks for: ``to``, ``value``, ``data`` (+ chain id, gas).

        Fill nonce and fees with :meth:`chain.tx.Transactor.prepare` before signing.
        """
        tx: dict[str, Any] = {
            "to": self.target,
            "value": self.value or 0,
            "data": "0x" + self.calldata().hex(),
        }
        if self.chain_id is not None:
            tx["chainId"] = self.chain_id
        if self.gas_limit is not None:
            tx["gas"] = self.gas_limit
        return tx
