"""Constants with one meaning in every package.

Example:
    >>> ZERO_ADDRESS == "0x" + "00" * 20
    True
"""

from __future__ import annotations

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
"""The all-zero address: native ETH where a token address is expected, "nobody" elsewhere
(an unset arbiter, the sender of a mint, the receiver of a burn)."""
