"""Sort JSON-RPC error answers into what the indexer should do about them.

Real providers word their limits differently; these are the answers seen in the wild:

* Infura, geth: ``query returned more than 10000 results. Try with this block range
  [0x.., 0x..].``
* Alchemy: ``Log response size exceeded. ... this block range should work: [0x.., 0x..]``
* QuickNode: ``eth_getLogs is limited to a 10,000 range``; others ``block range is too
  wide``, ``exceed maximum block range: 5000``, ``query timeout exceeded``.

Example:
    >>> classify("eth_getLogs", -32005, "query returned more than 10000 results")
    <Verdict.SPLIT: 'split'>
    >>> suggested_range("Try with this block range [0x10, 0x1f].")
    (16, 31)
"""

from __future__ import annotations

import re
from enum import StrEnum

from chain.logs import RANGE_REFUSAL as _LIMIT
from chain.logs import suggested_range

__all__ = ["Verdict", "classify", "suggested_range"]


class Verdict(StrEnum):
    """What to do with a JSON-RPC error answer."""

    SPLIT = "split"  # the eth_getLogs range is too wide or its answer too large
    RETRY = "retry"  # transient: rate limited or a server-side hiccup
    MOVED = "moved"  # the block is not (or no longer) known: the chain moved
    FATAL = "fatal"  # retrying the same request cannot help


_RATE = re.compile(
    r"rate limit|too many requests|request rate|exceeded .*capacity|throughput|429"
    r"|daily request|compute units",
    re.IGNORECASE,
)
_MOVED = re.compile(
    r"header not found|unknown block|block not found|out ?of ?range|beyond (the )?"
    r"(current )?head|block height|cannot be found|not yet (available|mined)",
    re.IGNORECASE,
)

_SERVER_ERRORS = range(-32099, -32000 + 1)
_INTERNAL_ERROR = -32603


def classify(method: str, code: int, message: str) -> Verdict:
    """Decide how to handle the JSON-RPC error ``code``/``message`` answered to ``method``."""
    if method == "eth_getLogs" and _LIMIT.search(message):
        return Verdict.SPLIT
    if code == 429 or _RATE.search(message):
        return Verdict.RETRY
    if _MOVED.search(message):
        return Verdict.MOVED
    if code == _INTERNAL_ERROR or code in _SERVER_ERRORS:
        return Verdict.RETRY
    return Verdict.FATAL
