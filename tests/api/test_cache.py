"""api/core/cache.py: the first-page cache's version checks."""

from __future__ import annotations

import threading

import pytest

from api.core.cache import VersionedCache


def test_version_change_drops_entries_after_ttl() -> None:
    cache = VersionedCache[str](ttl=3600)
    assert cache.get("page", lambda: 1, lambda: "old") == "old"
    assert cache.get("page", lambda: 2, lambda: "new") == "old"  # not checked within the ttl
    cache._checked_at = float("-inf")
    assert cache.peek("page") is None  # a check is due: peek needs the database
    assert cache.get("page", lambda: 2, lambda: "new") == "new"
    assert cache.peek("page") == "new"


def test_requests_during_a_version_check_get_the_entry_without_waiting() -> None:
    cache = VersionedCache[str](ttl=3600)
    cache.get("page", lambda: 1, lambda: "v1")
    cache._checked_at = float("-inf")
    checking, release = threading.Event(), threading.Event()
    checks: list[int] = []

    def slow_version() -> int:
        checks.append(1)
        checking.set()
        assert release.wait(10)
        return 2

    checker = threading.Thread(target=cache.get, args=("page", slow_version, lambda: "v2"))
    checker.start()
    assert checking.wait(10)
    assert cache.peek("page") == "v1"  # served while the check waits for the database
    assert cache.get("page", slow_version, lambda: "never") == "v1"  # no second check
    release.set()
    checker.join(10)
    assert checks == [1]
    assert cache.get("page", lambda: 2, lambda: "v2") == "v2"


def test_a_failed_version_check_is_retried_by_the_next_request() -> None:
    cache = VersionedCache[str](ttl=3600)
    cache.get("page", lambda: 1, lambda: "v1")
    cache._checked_at = float("-inf")

    def broken() -> int:
        raise ConnectionError("database down")

    with pytest.raises(ConnectionError):
        cache.get("page", broken, lambda: "never")
    assert cache.peek("page") is None
    assert cache.get("page", lambda: 3, lambda: "v3") == "v3"
