"""chain/event_layout.py: the word-slicing decoder agrees with eth-abi on every event."""

from __future__ import annotations

from typing import Any

import pytest
from eth_abi.abi import encode
from eth_abi.exceptions import DecodingError
from hypothesis import given, settings
from hypothesis import strategies as st

from chain.abi import abi_type
from chain.artifacts import Artifact
from chain.errors import UnknownEventError
from chain.event_layout import compile_layout
from chain.events import EventRegistry, EventSpec, _decode_args_generic


def _values(param: dict[str, Any]) -> st.SearchStrategy[Any]:
    kind = str(param["type"])
    if kind == "tuple":
        return st.tuples(*(_values(c) for c in param["components"]))
    if kind == "address":
        return st.binary(min_size=20, max_size=20).map(lambda b: "0x" + b.hex())
    if kind == "bool":
        return st.booleans()
    if kind.startswith("uint"):
        return st.integers(0, 2 ** int(kind[4:] or 256) - 1)
    if kind.startswith("int"):
        bits = int(kind[3:] or 256)
        return st.integers(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    if kind.startswith("bytes") and kind[5:].isdigit():
        size = int(kind[5:])
        return st.binary(min_size=size, max_size=size)
    raise AssertionError(f"no strategy for {kind}")


def _static_events(artifacts: dict[str, Artifact]) -> list[EventSpec]:
    registry = EventRegistry.from_artifacts(artifacts)
    specs = [spec for topic0 in registry.topics() for spec in registry.specs(topic0)]
    return [spec for spec in specs if spec.static_decoder is not None]


def test_every_marketplace_event_takes_the_fast_path(artifacts: dict[str, Artifact]) -> None:
    names = {spec.name for spec in _static_events(artifacts)}
    marketplace = {event["name"] for event in artifacts["Marketplace"].elements("event")}

    assert marketplace <= names


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_fast_decoder_equals_eth_abi(artifacts: dict[str, Artifact], data: st.DataObject) -> None:
    spec = data.draw(st.sampled_from(_static_events(artifacts)))
    inputs = list(spec.abi["inputs"])
    values = [data.draw(_values(param)) for param in inputs]
    topics = [
        encode([abi_type(p)], [v]) for p, v in zip(inputs, values, strict=True) if p["indexed"]
    ]
    plain = [(p, v) for p, v in zip(inputs, values, strict=True) if not p["indexed"]]
    payload = encode([abi_type(p) for p, _ in plain], [v for _, v in plain])
    decoder = spec.static_decoder
    assert decoder is not None

    assert decoder.decode(spec, topics, payload) == _decode_args_generic(spec, topics, payload)


@pytest.mark.parametrize(
    ("kind", "word"),
    [
        ("address", b"\x01" * 32),
        ("bool", (2).to_bytes(32, "big")),
        ("uint8", (256).to_bytes(32, "big")),
        ("bytes4", b"\x01" * 32),
        ("int8", (128).to_bytes(32, "big")),
    ],
)
def test_fast_decoder_rejects_what_eth_abi_rejects(kind: str, word: bytes) -> None:
    layout = compile_layout([{"name": "x", "type": kind}])
    assert layout is not None

    with pytest.raises(DecodingError):
        layout.decode(word)


def test_short_data_is_an_unknown_event(artifacts: dict[str, Artifact]) -> None:
    registry = EventRegistry.from_artifacts(artifacts)
    topic0 = registry.topic_of("Withdrawn")
    log = {
        "address": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        "topics": ["0x" + topic0.hex(), "0x" + "00" * 32, "0x" + "00" * 32],
        "data": "0x1234",
        "blockNumber": "0x1",
        "blockHash": "0x" + "22" * 32,
        "transactionHash": "0x" + "33" * 32,
        "logIndex": "0x0",
    }

    with pytest.raises(UnknownEventError, match="does not match its ABI"):
        registry.decode_log(log)


def test_dynamic_types_fall_back_to_eth_abi() -> None:
    assert compile_layout([{"name": "s", "type": "string"}]) is None
    assert compile_layout([{"name": "a", "type": "uint256[]"}]) is None
