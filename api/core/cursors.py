"""Keyset cursors over chain positions, and RFC 8288 ``Link`` headers.

A cursor names a position ``(block number, log index)`` as ``"<block>.<log index>"``, e.g.
``"18204511.7"``. Pages are newest first; ``before=<cursor>`` continues towards older items
and ``after=<cursor>`` towards newer ones. Because a cursor is a position and not an offset,
items that arrive meanwhile never shift a page: the same cursor always continues at the same
place.

Example:
    >>> Position.parse("12.3") < Position.parse("12.10") < Position.parse("13.0")
    True
    >>> link_header("https://api.example/v1/feed?limit=2", {"next": {"before": "12.3"}})
    '<https://api.example/v1/feed?limit=2&before=12.3>; rel="next"'
"""

from __future__ import annotations

import re
from typing import NamedTuple

from starlette.datastructures import URL

from api.errors import InvalidRequestError

CURSOR_PATTERN = r"^[0-9]{1,18}\.[0-9]{1,9}$"
_CURSOR = re.compile(CURSOR_PATTERN)


class Position(NamedTuple):
    """A place in the chain's event order."""

    block: int
    log_index: int

    @classmethod
    def parse(cls, text: str) -> Position:
        """``"<block>.<log index>"`` as a position.

        Raises:
            InvalidRequestError: Not a cursor.
        """
        if not _CURSOR.fullmatch(text):
            raise InvalidRequestError(f"{text!r} is not a cursor; use the cursors the API returns")
        block, log_index = text.split(".")
        return cls(int(block), int(log_index))

    def __str__(self) -> str:
        return f"{self.block}.{self.log_index}"


def link_header(url: str, relations: dict[str, dict[str, str]]) -> str:
    """An RFC 8288 ``Link`` header: ``url`` with each relation's query parameters replaced.

    Args:
        url: The request URL.
        relations: ``rel`` → the parameters that differ for it; ``before``, ``after`` and
            ``offset`` are removed first so each link carries only its own.
    """
    base = URL(url).remove_query_params(["before", "after", "offset"])
    links = []
    for rel, params in relations.items():
        target = base.include_query_params(**params) if params else base
        links.append(f'<{target}>; rel="{rel}"')
    return ", ".join(links)
