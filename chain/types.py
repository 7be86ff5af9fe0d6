"""What the typed Python twins of every contract's structs are built on, and the shared enums.

:class:`Struct` converts to and from ABI tuples by field name, following the order of the
components in the contract's ABI, so a reordered Solidity struct needs no change here and
a renamed or added field fails loudly instead of silently shifting values.

Example:
    >>> snake("autoReleaseWindow")
    'auto_release_window'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import fields
from enum import IntEnum
from typing import Any, Self

from eth_utils.address import to_checksum_address

from chain.errors import ChainError

ZERO_HASH = "0x" + "00" * 32

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def snake(name: str) -> str:
    """``camelCase`` → ``snake_case``."""
    return _CAMEL.sub("_", name).lower()


class ListingStatus(IntEnum):
    """Lifecycle of a listing (``ListingStatus`` in contracts/types/ListingState.sol)."""

    NONE = 0
    ACTIVE = 1
    PAUSED = 2
    CLOSED = 3


def _abi_value(kind: str, value: Any) -> Any:
    if kind.startswith("bytes") and isinstance(value, str):
        return bytes.fromhex(value.removeprefix("0x"))
    return int(value) if isinstance(value, IntEnum) else value


def _py_value(kind: str, value: Any) -> Any:
    if kind == "address":
        return to_checksum_address(value)
    if kind.startswith("bytes") and isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    return value


class Struct:
    """Mixin: conversion of a dataclass to and from an ABI tuple by component name."""

    def to_abi(self, components: Sequence[Mapping[str, Any]]) -> tuple[Any, ...]:
        """The struct as a tuple in ABI component order, ready for a contract call.

        Raises:
            ChainError: A component has no matching field (the struct changed).
        """
        values = []
        for component in components:
            name = snake(str(component["name"]))
            if not hasattr(self, name):
                raise ChainError(
                    f"{type(self).__name__} has no field {name!r} that the ABI expects; "
                    "update its class (chain/<contract>/types.py) to match the contract"
                )
            values.append(_abi_value(str(component["type"]), getattr(self, name)))
        return tuple(values)

    @classmethod
    def from_abi(
        cls,
        components: Sequence[Mapping[str, Any]],
        values: Sequence[Any] | Mapping[str, Any],
    ) -> Self:
        """Build the struct from an ABI tuple (or a dict of camelCase names) and components."""
        if isinstance(values, Mapping):
            values = [values[str(c["name"])] for c in components]
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        kwargs = {
            snake(str(c["name"])): _py_value(str(c["type"]), v)
            for c, v in zip(components, values, strict=True)
            if snake(str(c["name"])) in known
        }
        return cls(**kwargs)
