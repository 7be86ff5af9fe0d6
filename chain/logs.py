"""``eth_getLogs`` over any block range, on providers that cap ranges or result counts.

Public providers refuse wide log queries ("query returned more than 10000 results",
"block range is too wide", ...). :func:`get_logs` walks ``[from_block, to_block]`` in
windows, halves a window the provider refuses (or takes the range it suggests), and grows it
again while answers come back, so a client call such as ``order_from_chain`` works on any
provider. The indexer has its own adaptive fetcher (``indexer/fetch.py``) and shares the
wording of refusals with this module.

Example:
    >>> is_range_refusal("query returned more than 10000 results")
    True
    >>> suggested_range("Try with this block range [0x10, 0x1f].")
    (16, 31)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from web3 import Web3
from web3.exceptions import Web3RPCError
from web3.types import FilterParams, LogReceipt

from chain.errors import ChainError

#: How providers word "this eth_getLogs query is too wide or its answer too large".
RANGE_REFUSAL = re.compile(
    r"more than \d+ results|response size|too many (results|logs|blocks)|block range"
    r"|range (is )?too (large|wide|big)|limited to a [\d,]+|max(imum)? (block )?range"
    r"|query timeout|results? (exceed|limit)|exceeds? (the )?(max|limit)",
    re.IGNORECASE,
)
_SUGGESTED = re.compile(r"\[\s*(0x[0-9a-fA-F]+)\s*,\s*(0x[0-9a-fA-F]+)\s*\]")

#: The first window; most providers accept 10,000 blocks for a filtered query.
FIRST_SPAN = 10_000
#: Never grow a window past this many blocks.
MAX_SPAN = 1_000_000


def is_range_refusal(message: str) -> bool:
    """Whether an ``eth_getLogs`` error message says the range or the answer is too big."""
    return RANGE_REFUSAL.search(message) is not None


def suggested_range(message: str) -> tuple[int, int] | None:
    """The ``[0xfrom, 0xto]`` block range a provider proposed in ``message``, if any."""
    found = _SUGGESTED.search(message)
    if found is None:
        return None
    start, end = int(found.group(1), 16), int(found.group(2), 16)
    return (start, end) if start <= end else None


def get_logs(
    w3: Web3,
    params: Mapping[str, Any],
    from_block: int,
    to_block: int | None = None,
    *,
    first_span: int = FIRST_SPAN,
) -> list[LogReceipt]:
    """Every log matching ``params`` (address, topics) in ``[from_block, to_block]``.

    Args:
        w3: The connection.
        params: The filter without ``fromBlock``/``toBlock``.
        from_block: First block searched.
        to_block: Last block searched (default: the head when the call starts).
        first_span: Blocks in the first window.

    Raises:
        ChainError: The provider refuses even a single block, or answers with another error.
    """
    end = int(w3.eth.block_number) if to_block is None else to_block
    found: list[LogReceipt] = []
    start, span = from_block, max(1, first_span)
    while start <= end:
        stop = min(end, start + span - 1)
        query: FilterParams = {**params, "fromBlock": start, "toBlock": stop}  # type: ignore[typeddict-item]
        try:
            found.extend(w3.eth.get_logs(query))
        except (Web3RPCError, ValueError) as exc:
            message = str(exc)
            if not is_range_refusal(message):
                raise ChainError(f"eth_getLogs {start}..{stop} failed: {message}") from exc
            if stop == start:
                raise ChainError(
                    f"the provider refuses eth_getLogs even for block {start}: {message}"
                ) from exc
            proposed = suggested_range(message)
            if proposed is not None and proposed[0] == start and proposed[1] < stop:
                span = proposed[1] - start + 1
            else:
                span = max(1, (stop - start + 1) // 2)
            continue
        start = stop + 1
        span = min(MAX_SPAN, span * 2)
    return found
