"""The one event-decoding registry, shared by the chain clients and the indexer.

Built from every artifact ABI, it maps an event's topic0 to its ABI and to the contracts
that declare it, and decodes raw logs (web3 receipts or plain JSON-RPC dicts) into
:class:`DecodedEvent` with plain Python values.

Example:
    >>> registry = EventRegistry.from_artifacts()  # doctest: +SKIP
    >>> [registry.decode_log(log) for log in receipt["logs"]]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eth_abi.abi import decode as abi_decode
from eth_abi.exceptions import DecodingError
from eth_utils.address import to_checksum_address

from chain.abi import AbiParam, abi_type, signature, to_python, topic
from chain.artifacts import Artifact, all_artifacts
from chain.errors import UnknownEventError


@dataclass(frozen=True)
class EventSpec:
    """One event ABI and the contracts that declare it."""

    abi: Mapping[str, Any]
    declared_by: tuple[str, ...]

    @property
    def name(self) -> str:
        """The event's name."""
        return str(self.abi["name"])

    @property
    def indexed_count(self) -> int:
        """How many parameters are indexed (topics after topic0)."""
        return sum(1 for param in self.abi.get("inputs", []) if param.get("indexed"))


@dataclass(frozen=True)
class DecodedEvent:
    """A log decoded against the registry.

    Attributes:
        address: Checksummed address of the emitting contract.
        contract: Contract name from the manifest's address map, or ``None`` if not mapped.
        event: Event name, e.g. ``OrderPlaced``.
        args: Arguments by name as plain Python values.
        block_number: Block the log is in (-1 for a pending log).
        block_hash: 0x-hex hash of that block.
        tx_hash: 0x-hex hash of the emitting transaction.
        log_index: Position of the log in the block.
        removed: True when the node reports the log as removed by a reorg.
    """

    address: str
    contract: str | None
    event: str
    args: dict[str, Any]
    block_number: int
    block_hash: str
    tx_hash: str
    log_index: int
    removed: bool = False


def _hex(value: Any) -> str:
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    text = str(value)
    return text if text.startswith("0x") else "0x" + text


def _bytes(value: Any) -> bytes:
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    text = str(value)
    return bytes.fromhex(text[2:] if text.startswith("0x") else text)


def _int(value: Any) -> int:
    if value is None:
        return -1
    if isinstance(value, str):
        return int(value, 16) if value.startswith("0x") else int(value)
    return int(value)


class EventRegistry:
    """topic0 → event ABIs, with decoding of logs into :class:`DecodedEvent`."""

    def __init__(
        self,
        events: Mapping[bytes, Sequence[EventSpec]],
        addresses: Mapping[str, str] | None = None,
    ) -> None:
        """Build a registry; prefer :meth:`from_artifacts`.

        Args:
            events: topic0 → the events with that topic. Events whose signatures collide
                (ERC-20 and ERC-721 ``Transfer``) differ in how many topics they index.
            addresses: Contract address → contract name, e.g. ``manifest.address_map()``.
        """
        self._events = {key: tuple(specs) for key, specs in events.items()}
        self._addresses = {to_checksum_address(a): n for a, n in (addresses or {}).items()}

    @classmethod
    def from_artifacts(
        cls,
        artifacts: Mapping[str, Artifact] | None = None,
        addresses: Mapping[str, str] | None = None,
    ) -> EventRegistry:
        """A registry of every event in ``artifacts`` (default: all exported artifacts)."""
        source = all_artifacts() if artifacts is None else artifacts
        found: dict[bytes, dict[tuple[str, int], tuple[Mapping[str, Any], list[str]]]] = {}
        for name, artifact in sorted(source.items()):
            for element in artifact.elements("event"):
                if element.get("anonymous"):
                    continue
                variants = found.setdefault(topic(element), {})
                key = (signature(element), EventSpec(element, ()).indexed_count)
                variants.setdefault(key, (element, []))[1].append(name)
        events = {
            key: [EventSpec(abi, tuple(names)) for abi, names in variants.values()]
            for key, variants in found.items()
        }
        return cls(events, addresses)

    def with_addresses(self, addresses: Mapping[str, str]) -> EventRegistry:
        """The same registry resolving contract names through ``addresses``."""
        return EventRegistry(self._events, addresses)

    def topics(self) -> list[bytes]:
        """Every known topic0, e.g. for an ``eth_getLogs`` filter."""
        return list(self._events)

    def topic_of(self, event_name: str) -> bytes:
        """The topic0 of the event called ``event_name``.

        Raises:
            UnknownEventError: No artifact declares an event of that name.
        """
        for key, specs in self._events.items():
            if any(spec.name == event_name for spec in specs):
                return key
        raise UnknownEventError(f"no artifact declares an event named {event_name!r}")

    def specs(self, topic0: bytes) -> tuple[EventSpec, ...]:
        """The events with this topic0 (empty when unknown)."""
        return self._events.get(bytes(topic0), ())

    def decode_log(self, log: Mapping[str, Any]) -> DecodedEvent:
        """Decode one log.

        Args:
            log: A log from a receipt or ``eth_getLogs`` (HexBytes or hex strings).

        Raises:
            UnknownEventError: The topic0 is unknown, or no variant fits the log's topics.
        """
        topics = [_bytes(t) for t in log.get("topics", [])]
        address = to_checksum_address(log["address"])
        if not topics:
            raise UnknownEventError(f"anonymous log from {address} cannot be decoded")
        candidates = [s for s in self.specs(topics[0]) if s.indexed_count == len(topics) - 1]
        if not candidates:
            raise UnknownEventError(
                f"log from {address} has unknown topic0 {_hex(topics[0])}; "
                "is the contract's artifact exported (`make build`)?"
            )
        spec = candidates[0]
        return DecodedEvent(
            address=address,
            contract=self._addresses.get(address),
            event=spec.name,
            args=_decode_args(spec, topics[1:], _bytes(log.get("data") or b"")),
            block_number=_int(log.get("blockNumber")),
            block_hash=_hex(log.get("blockHash") or b""),
            tx_hash=_hex(log.get("transactionHash") or b""),
            log_index=_int(log.get("logIndex")),
            removed=bool(log.get("removed", False)),
        )

    def decode_logs(
        self, logs: Iterable[Mapping[str, Any]], *, skip_unknown: bool = False
    ) -> list[DecodedEvent]:
        """Decode many logs, skipping unknown ones when ``skip_unknown`` is set.

        Raises:
            UnknownEventError: A log is unknown and ``skip_unknown`` is not set.
        """
        decoded: list[DecodedEvent] = []
        for log in logs:
            try:
                decoded.append(self.decode_log(log))
            except UnknownEventError:
                if not skip_unknown:
                    raise
        return decoded


def _is_hashed(param: AbiParam) -> bool:
    """Whether an indexed parameter is stored as the keccak256 of its value."""
    kind = str(param["type"])
    return kind in ("string", "bytes") or kind.startswith("tuple") or kind.endswith("]")


def _decode_args(spec: EventSpec, topics: Sequence[bytes], data: bytes) -> dict[str, Any]:
    inputs: list[AbiParam] = list(spec.abi.get("inputs", []))
    plain = [param for param in inputs if not param.get("indexed")]
    try:
        plain_values = iter(abi_decode([abi_type(param) for param in plain], data))
    except DecodingError as exc:
        raise UnknownEventError(f"{spec.name} log data does not match its ABI: {exc}") from exc
    indexed = iter(topics)
    args: dict[str, Any] = {}
    for index, param in enumerate(inputs):
        name = str(param.get("name") or f"arg{index}")
        if not param.get("indexed"):
            args[name] = to_python(param, next(plain_values))
        elif _is_hashed(param):
            args[name] = _hex(next(indexed))  # dynamic values are indexed by their hash
        else:
            (value,) = abi_decode([abi_type(param)], next(indexed))
            args[name] = to_python(param, value)
    return args
