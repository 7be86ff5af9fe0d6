"""Fixed-window rate limits for writes, counted in the database.

Counting in the database (not in process memory) makes the limit hold across every API
process behind the proxy. Each write increments ``(key, window)`` with one upsert and commits
at once, so a request that fails later still counts: retries of a rejected write are
limited too. A key's first hit in a new window deletes windows that ended before the last.

Example:
    >>> window_of(now=125, length=60), retry_after(now=125, length=60)
    (2, 55)
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from api.errors import RateLimitExceededError
from api.models.auth import RateLimitWindow


def window_of(*, now: int, length: int) -> int:
    """The number of the fixed window ``now`` falls in."""
    return now // length


def retry_after(*, now: int, length: int) -> int:
    """Seconds until the window of ``now`` ends."""
    return length - now % length


def hit(session: Session, key: str, *, limit: int, length: int, now: int, what: str) -> None:
    """Count one write for ``key`` and commit; refuse it past ``limit`` per window.

    Args:
        session: A writing session; it is committed.
        key: Who is counted, e.g. ``address:0xAbc…`` or ``ip:203.0.113.7``.
        limit: Writes allowed per window.
        length: Window length in seconds.
        now: The current Unix time.
        what: The kind of write, for the error message.

    Raises:
        RateLimitExceededError: This write is past the limit; ``retry_after`` says when to retry.
    """
    window = window_of(now=now, length=length)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = RateLimitWindow.__table__  # type: ignore[attr-defined]
    statement = dialect.insert(table).values(key=key, window=window, count=1)
    upsert = statement.on_conflict_do_update(
        index_elements=["key", "window"], set_={"count": table.c.count + 1}
    ).returning(table.c.count)
    count = int(session.execute(upsert).scalar_one())
    if count == 1:
        session.execute(delete(RateLimitWindow).where(col(RateLimitWindow.window) < window - 1))
    session.commit()
    if count > limit:
        wait = retry_after(now=now, length=length)
        raise RateLimitExceededError(
            f"{what}: at most {limit} per {length} s; retry in {wait} s", retry_after=wait
        )
