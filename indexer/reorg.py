"""Reorg detection and repair over the window of unfinalized block hashes.

The indexer keeps the header of every unfinalized block it indexed (``block_hashes``). A
reorg shows up as one of:

* the head is below the last indexed block, or at it with another hash;
* the next block's parent hash differs from the stored hash of the last indexed block;
* a stored block's hash differs from the node's block at that height.

:func:`find_fork` then walks the window down from the top, comparing the node's hashes
with the stored ones; the highest block that still matches is the fork point, and
:func:`indexer.store.rollback.rollback_to` undoes everything above it. If no stored block
matches, the reorg is deeper than the window: :class:`ReorgTooDeepError`.
"""

from __future__ import annotations

from collections.abc import Mapping

from indexer.errors import ReorgTooDeepError
from indexer.rpc.blocks import Header, get_headers
from indexer.rpc.client import RpcClient

WALK_CHUNK = 32


def tip_changed(window: Mapping[int, Header], head: Header) -> bool:
    """Whether ``head`` shows the chain no longer ends in the stored tip."""
    if not window:
        return False
    tip = max(window)
    return head.number < tip or (head.number == tip and head.hash != window[tip].hash)


def find_fork(rpc: RpcClient, window: Mapping[int, Header], head: int) -> int:
    """The highest stored block that is still on the node's chain.

    Args:
        rpc: The node.
        window: Stored headers by number.
        head: The node's head number; stored blocks above it cannot match.

    Raises:
        ReorgTooDeepError: No stored block matches (the reorg is deeper than the window).
        ChainMovedError: The chain shortened further while walking.
    """
    numbers = sorted((n for n in window if n <= head), reverse=True)
    for offset in range(0, len(numbers), WALK_CHUNK):
        chunk = numbers[offset : offset + WALK_CHUNK]
        for header in get_headers(rpc, chunk, chunk=WALK_CHUNK):
            if header.hash == window[header.number].hash:
                return header.number
    low = min(window) if window else head
    raise ReorgTooDeepError(
        f"the chain changed below block {low}, the oldest unfinalized block this database "
        "remembers; it cannot be repaired in place. Index into a new database (or drop this "
        "one) and consider a larger --finality-depth"
    )
