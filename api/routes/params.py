"""Query and path parameters the rentals and plans routers share.

Deals (rentals, plans) are listed by ``"<created block>.<id>"`` cursors and addressed by a
uint256 id; listings are listed by ``before=<listing id>`` and addressed by a BIGINT id.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path, Query

from api.crud.orders import MAX_UINT256, ORDER_CURSOR
from api.deps import SettingsDep
from api.models.common import MAX_DB_INT

Cursor = Annotated[
    str | None, Query(pattern=ORDER_CURSOR, description='"<created block>.<id>" of the last row.')
]
Limit = Annotated[int | None, Query(ge=1)]
ListingId = Annotated[int | None, Query(ge=1, le=MAX_DB_INT)]
Uint256Id = Annotated[int, Path(ge=0, le=MAX_UINT256)]
ListingPath = Annotated[int, Path(ge=1, le=MAX_DB_INT)]
Before = Annotated[int | None, Query(ge=1, le=MAX_DB_INT)]
ListingStatus = Literal["active", "paused", "closed"]


def page_size(limit: int | None, settings: SettingsDep) -> int:
    """``limit``, else the default page size, capped at ``max_page_size``."""
    return min(limit or settings.feed_page_size, settings.max_page_size)
