"""ABI helpers shared by the revert decoder and the event registry.

Decoded values are turned into plain Python types: addresses checksummed, ``bytesN`` and
``bytes`` as 0x-prefixed hex strings, integers as ``int``, structs (tuples with named
components) as dicts, arrays as lists.

Example:
    >>> param = {"type": "tuple", "components": [
    ...     {"name": "who", "type": "address"}, {"name": "tag", "type": "bytes32"}]}
    >>> abi_type(param)
    '(address,bytes32)'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

AbiParam = Mapping[str, Any]

_ARRAY_SUFFIX = re.compile(r"^(.*)\[(\d*)\]$")


def abi_type(param: AbiParam) -> str:
    """The canonical type string of an ABI parameter, with tuples expanded."""
    kind = str(param["type"])
    if not kind.startswith("tuple"):
        return kind
    inner = ",".join(abi_type(component) for component in param.get("components", []))
    return f"({inner}){kind[len('tuple') :]}"


def signature(element: AbiParam) -> str:
    """The canonical signature of a function, event or error, e.g. ``Paused(address)``."""
    inputs = ",".join(abi_type(param) for param in element.get("inputs", []))
    return f"{element['name']}({inputs})"


def selector(element: AbiParam) -> bytes:
    """The 4-byte selector of a function or error."""
    return keccak(text=signature(element))[:4]


def topic(element: AbiParam) -> bytes:
    """The topic0 of an event: the keccak256 of its signature."""
    return keccak(text=signature(element))


def _element_param(param: AbiParam, kind: str) -> dict[str, Any]:
    return {**param, "type": kind}


def to_python(param: AbiParam, value: Any) -> Any:
    """Convert one value decoded by eth-abi into a plain Python value following its ABI type.

    Example:
        >>> to_python({"type": "bytes32"}, b"\\x00" * 32)[:6]
        '0x0000'
    """
    kind = str(param["type"])
    array = _ARRAY_SUFFIX.match(kind)
    if array:
        element = _element_param(param, array.group(1))
        return [to_python(element, item) for item in value]
    if kind == "tuple":
        components: Sequence[AbiParam] = param.get("components", [])
        return {
            str(component.get("name") or f"field{index}"): to_python(component, item)
            for index, (component, item) in enumerate(zip(components, value, strict=True))
        }
    if kind == "address":
        return to_checksum_address(value)
    if kind.startswith("bytes"):
        return "0x" + bytes(value).hex()
    if kind.startswith(("uint", "int")):
        return int(value)
    return value


def named_values(params: Sequence[AbiParam], values: Sequence[Any]) -> dict[str, Any]:
    """Zip ABI parameters with decoded values into a name → plain-value dict.

    Unnamed parameters are called ``arg0``, ``arg1``, ... by position.
    """
    return {
        str(param.get("name") or f"arg{index}"): to_python(param, value)
        for index, (param, value) in enumerate(zip(params, values, strict=True))
    }
