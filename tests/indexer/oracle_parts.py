"""What the per-contract oracles hand back for the seller aggregates (see oracle.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Contribution:
    """An event's effect on a seller's counters (``seller``: the row it touches, ``None``
    for none) and on its volume in ``token`` (``volume``, for ``volume_seller`` or else
    ``seller``)."""

    block: int
    seller: str | None
    stats: dict[str, int] = field(default_factory=dict)
    token: str | None = None
    volume: dict[str, int] | None = None
    volume_seller: str | None = None

    @property
    def volume_key(self) -> tuple[str, str] | None:
        """(seller, token) of the volume row touched, if any."""
        if self.volume is None or self.token is None:
            return None
        owner = self.volume_seller or self.seller
        assert owner is not None
        return owner, self.token


Row = dict[str, Any]
