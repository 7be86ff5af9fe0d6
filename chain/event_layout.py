"""Fast decoding of event arguments whose ABI types are all static.

Most events (every Marketplace event) carry only static values: integers, addresses,
booleans, ``bytesN`` and structs or fixed arrays of those. Their ABI encoding is a plain
sequence of 32-byte words, so they can be read by slicing instead of going through
eth-abi's general decoder, which is ~10x slower. The values are the same plain Python
values :func:`chain.abi.to_python` produces, and malformed data is rejected the same way
(wrong length, dirty padding, out-of-range booleans). Checksummed addresses are cached:
computing one costs ~50 µs and the same few addresses recur in every log.

:func:`compile_layout` returns ``None`` for anything dynamic (``bytes``, ``string``,
dynamic arrays); callers then fall back to eth-abi.

Example:
    >>> layout = compile_layout([{"name": "amount", "type": "uint256"}])
    >>> layout.decode((5).to_bytes(32, "big"))
    {'amount': 5}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from eth_abi.exceptions import DecodingError
from eth_utils.address import to_checksum_address

from chain.abi import AbiParam

WORD = 32
_ARRAY = re.compile(r"^(.*)\[(\d+)\]$")
_SIZED = re.compile(r"^(uint|int|bytes)(\d*)$")

# A reader takes the data and the index of its first word, and returns (value, next index).
Reader = Callable[[bytes, int], tuple[Any, int]]


@lru_cache(maxsize=65_536)
def checksum(raw: bytes) -> str:
    """The checksummed address of 20 raw bytes (cached)."""
    return str(to_checksum_address(raw))


def _word(data: bytes, index: int) -> bytes:
    word = data[index * WORD : (index + 1) * WORD]
    if len(word) != WORD:
        raise DecodingError(f"data too short: no word {index}")
    return word


def _word_reader(kind: str) -> Callable[[bytes], Any] | None:
    """A decoder of one 32-byte word of elementary type ``kind``, or ``None``."""
    if kind == "address":

        def address(word: bytes) -> str:
            if any(word[:12]):
                raise DecodingError("address with dirty padding")
            return checksum(word[12:])

        return address
    if kind == "bool":

        def boolean(word: bytes) -> bool:
            value = int.from_bytes(word, "big")
            if value > 1:
                raise DecodingError(f"bool out of range: {value}")
            return value == 1

        return boolean
    sized = _SIZED.match(kind)
    if sized is None:
        return None
    base, size_text = sized.groups()
    if base == "uint":
        bits = int(size_text or 256)

        def unsigned(word: bytes) -> int:
            value = int.from_bytes(word, "big")
            if value >> bits:
                raise DecodingError(f"{kind} out of range: {value}")
            return value

        return unsigned
    if base == "int":
        bits = int(size_text or 256)
        low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1

        def signed(word: bytes) -> int:
            value = int.from_bytes(word, "big", signed=True)
            if not low <= value <= high:
                raise DecodingError(f"{kind} out of range: {value}")
            return value

        return signed
    if base == "bytes" and size_text:
        size = int(size_text)

        def fixed_bytes(word: bytes) -> str:
            if any(word[size:]):
                raise DecodingError(f"{kind} with dirty padding")
            return "0x" + word[:size].hex()

        return fixed_bytes
    return None


def _reader(param: AbiParam) -> Reader | None:
    """A reader for a static parameter (elementary, static tuple, fixed array)."""
    kind = str(param["type"])
    array = _ARRAY.match(kind)
    if array:
        element = _reader({**param, "type": array.group(1)})
        if element is None:
            return None
        length = int(array.group(2))

        def read_array(data: bytes, index: int) -> tuple[Any, int]:
            values = []
            for _ in range(length):
                value, index = element(data, index)
                values.append(value)
            return values, index

        return read_array
    if kind == "tuple":
        components: Sequence[AbiParam] = param.get("components", [])
        names = [str(c.get("name") or f"field{i}") for i, c in enumerate(components)]
        readers = [_reader(component) for component in components]
        if any(reader is None for reader in readers):
            return None
        fields = list(zip(names, readers, strict=True))

        def read_tuple(data: bytes, index: int) -> tuple[Any, int]:
            value = {}
            for name, read in fields:
                value[name], index = read(data, index)  # type: ignore[misc]
            return value, index

        return read_tuple
    decode = _word_reader(kind)
    if decode is None:
        return None

    def read_word(data: bytes, index: int) -> tuple[Any, int]:
        return decode(_word(data, index)), index + 1

    return read_word


@dataclass(frozen=True)
class Layout:
    """A compiled decoder of a sequence of static parameters."""

    names: tuple[str, ...]
    readers: tuple[Reader, ...]
    words: int

    def decode(self, data: bytes) -> dict[str, Any]:
        """Decode ``data`` into name → value.

        Raises:
            DecodingError: ``data`` is too short or a value is malformed.
        """
        if len(data) < self.words * WORD:
            raise DecodingError(f"data has {len(data)} bytes, {self.words * WORD} needed")
        values: dict[str, Any] = {}
        index = 0
        for name, read in zip(self.names, self.readers, strict=True):
            values[name], index = read(data, index)
        return values


def _words(param: AbiParam) -> int:
    kind = str(param["type"])
    array = _ARRAY.match(kind)
    if array:
        return int(array.group(2)) * _words({**param, "type": array.group(1)})
    if kind == "tuple":
        return sum(_words(component) for component in param.get("components", []))
    return 1


def compile_layout(params: Sequence[AbiParam], names: Sequence[str] | None = None) -> Layout | None:
    """A fast decoder for ``params`` if they are all static, else ``None``.

    Args:
        params: ABI parameters in encoding order.
        names: Keys of the result (default: each parameter's name).
    """
    readers = [_reader(param) for param in params]
    if any(reader is None for reader in readers):
        return None
    keys = names if names is not None else [str(p.get("name")) for p in params]
    return Layout(
        names=tuple(keys),
        readers=tuple(r for r in readers if r is not None),
        words=sum(_words(param) for param in params),
    )


def topic_reader(param: AbiParam) -> Callable[[bytes], Any] | None:
    """A decoder of one indexed (non-hashed) elementary topic, or ``None``."""
    return _word_reader(str(param["type"]))
