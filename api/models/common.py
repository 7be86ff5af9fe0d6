"""Field types shared by the API's models: addresses, hashes, ids, error bodies.

Example:
    >>> from pydantic import TypeAdapter
    >>> TypeAdapter(Address).validate_python("0x" + "ab" * 20)
    '0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB'
"""

from __future__ import annotations

import time
from typing import Annotated

from eth_utils.address import is_checksum_address, to_checksum_address
from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)

from chain.deal_kinds import DealKind

ADDRESS_LENGTH = 42
HASH_LENGTH = 66
MAX_DB_INT = 2**63 - 1  # BIGINT: ids beyond it cannot exist in the database


def checksum(value: str) -> str:
    """``value`` (0x + 40 hex digits) as an EIP-55 address.

    Raises:
        ValueError: Mixed case that fails the EIP-55 checksum (a typo or tampering).
    """
    body = value[2:]
    if body != body.lower() and body != body.upper() and not is_checksum_address(value):
        raise ValueError(f"{value} fails its EIP-55 checksum; check for a typo")
    return str(to_checksum_address(value))


Address = Annotated[
    str, StringConstraints(pattern=r"^0x[0-9a-fA-F]{40}$"), AfterValidator(checksum)
]
"""A 0x address in any case, returned checksummed."""

Hash32 = Annotated[
    str, StringConstraints(pattern=r"^0x[0-9a-fA-F]{64}$"), AfterValidator(str.lower)
]
"""A 32-byte 0x hash, returned lower-case."""

DbId = Annotated[int, Field(ge=1, le=MAX_DB_INT)]
"""A positive id that fits a BIGINT column (listing ids, comment ids, report ids)."""


def _deal_kind(value: object) -> DealKind:
    if isinstance(value, DealKind):
        return value
    if isinstance(value, str):
        return DealKind.from_label(value)  # its ValueError lists the valid labels
    raise ValueError(f"a deal kind is one of {', '.join(DealKind.labels())}")


DealKindLabel = Annotated[
    DealKind,
    PlainValidator(_deal_kind),
    PlainSerializer(lambda kind: kind.label, return_type=str),
    WithJsonSchema({"type": "string", "enum": list(DealKind.labels())}),
]
"""A :class:`~chain.reputation.types.DealKind` by its label (``purchase``, ``rental``...)."""


def now() -> int:
    """The current Unix time in whole seconds (what every API timestamp column stores)."""
    return int(time.time())


class ErrorPublic(BaseModel):
    """The body of every error the API reports on purpose.

    Attributes:
        detail: What went wrong and what to do about it.
        code: The error class, e.g. ``RateLimitExceededError``; stable for clients to branch on.
    """

    detail: str
    code: str
