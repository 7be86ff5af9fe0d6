"""A small JSON-RPC client over HTTP with the indexer's fault handling.

Timeouts, connection errors, HTTP 429 and 5xx, malformed answers, and JSON-RPC errors that
are transient (rate limits, internal errors) are retried under a :class:`RetryPolicy`. After
the last attempt the request fails with :class:`RpcUnavailableError`, whose message says
what kept failing. Provider limits on ``eth_getLogs`` raise :class:`ProviderLimitError` at
once (the caller narrows the range), and answers about blocks the node does not know raise
:class:`ChainMovedError` (the caller re-reads the head).

web3.py is not used here: the indexer needs the raw answers, its own error classification
and batching, and none of web3's per-call formatting overhead.

Example:
    >>> rpc = RpcClient("http://127.0.0.1:8545")  # doctest: +SKIP
    >>> rpc.call("eth_blockNumber", [])  # doctest: +SKIP
    '0x1c'
"""

from __future__ import annotations

import itertools
import json
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from indexer.errors import (
    ChainMovedError,
    ProviderLimitError,
    RpcResponseError,
    RpcUnavailableError,
)
from indexer.rpc.classify import Verdict, classify, suggested_range
from indexer.rpc.retry import RetryPolicy

log = logging.getLogger("bazaar.indexer.rpc")

Call = tuple[str, Sequence[Any]]
T = TypeVar("T")


def raw(value: Any) -> Any:
    """A ``parse`` function that keeps the result as the node sent it."""
    return value


class _TransientError(Exception):
    """One failed attempt that is worth retrying."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        self.reason = reason
        self.retry_after = retry_after
        super().__init__(reason)


@dataclass
class RpcStats:
    """Counters for progress output and tests."""

    requests: int = 0
    retries: int = 0


class RpcClient:
    """JSON-RPC over HTTP(S) with bounded retries; one instance per thread."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 10.0,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        rng: random.Random | None = None,
    ) -> None:
        """Connect lazily to ``url``.

        Args:
            url: The node's HTTP JSON-RPC URL.
            timeout: Seconds per attempt (connect, read and write each).
            policy: Retry policy (default: :class:`RetryPolicy` defaults).
            sleep: Called with each backoff delay (tests record them).
            transport: httpx transport override (tests use ``httpx.MockTransport``).
            rng: Random source for the jitter.
        """
        self.url = url
        self.policy = policy or RetryPolicy()
        self.stats = RpcStats()
        self._sleep = sleep
        self._rng = rng
        self._ids = itertools.count(1)
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout),
            transport=transport,
            headers={"content-type": "application/json"},
            # Plain-HTTP nodes need no certificates; loading them costs ~60 ms per start.
            verify=url.startswith("https:"),
        )

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._http.close()

    def call(self, method: str, params: Sequence[Any], parse: Callable[[Any], T]) -> T:
        """Call ``method`` and return its ``result`` as ``parse`` turns it into a value.

        ``parse`` raises ``ValueError``, ``KeyError`` or ``TypeError`` on a malformed result,
        which is retried like any malformed answer.

        Raises:
            RpcUnavailableError: Transient failures outlasted the retry policy.
            ProviderLimitError: ``eth_getLogs`` was refused as too wide or too large.
            ChainMovedError: The node does not know a block the request names.
            RpcResponseError: Another JSON-RPC error that retrying cannot fix.
        """
        return self._with_retries(method, lambda: _parsed(parse, self._single(method, params)))

    def batch(self, calls: Sequence[Call], parse: Callable[[Any], T]) -> list[T]:
        """Send ``calls`` as one JSON-RPC batch and return their parsed results in order.

        Raises:
            The same errors as :meth:`call`, for the first call that failed.
        """
        if not calls:
            return []
        label = f"batch of {len(calls)} {calls[0][0]}"
        return self._with_retries(
            label, lambda: [_parsed(parse, result) for result in self._batch(calls)]
        )

    # ------------------------------------------------------------------ attempts

    def _with_retries(self, label: str, attempt: Callable[[], T]) -> T:
        failures = 0
        while True:
            try:
                return attempt()
            except _TransientError as exc:
                failures += 1
                if failures >= self.policy.attempts:
                    raise RpcUnavailableError(
                        f"{label} failed {failures} times at {self.url} (last: {exc.reason}); "
                        "check that the node is up and the URL is right, or allow more "
                        "attempts with BAZAAR_RPC_ATTEMPTS"
                    ) from None
                delay = self.policy.delay(failures - 1, exc.retry_after, self._rng)
                self.stats.retries += 1
                log.warning(
                    "rpc_retry",
                    extra={
                        "fields": {
                            "method": label,
                            "attempt": failures,
                            "reason": exc.reason,
                            "delay_s": round(delay, 3),
                        }
                    },
                )
                self._sleep(delay)

    def _post(self, payload: Any) -> Any:
        self.stats.requests += 1
        try:
            response = self._http.post(self.url, content=json.dumps(payload))
        except httpx.TimeoutException:
            raise _TransientError("timeout") from None
        except httpx.TransportError as exc:
            raise _TransientError(f"connection error: {exc}") from None
        if response.status_code == 429 or response.status_code >= 500:
            raise _TransientError(
                f"HTTP {response.status_code}", _retry_after(response.headers.get("retry-after"))
            )
        try:
            body = response.json()
        except ValueError:
            if response.status_code >= 400:
                raise RpcResponseError("http", response.status_code, response.text[:200]) from None
            raise _TransientError(f"malformed answer (not JSON): {response.text[:80]!r}") from None
        return body

    def _single(self, method: str, params: Sequence[Any]) -> Any:
        request_id = next(self._ids)
        body = self._post({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        return self._result(method, body, request_id)

    def _batch(self, calls: Sequence[Call]) -> list[Any]:
        first = next(self._ids)
        payload = [
            {"jsonrpc": "2.0", "id": first + offset, "method": method, "params": params}
            for offset, (method, params) in enumerate(calls)
        ]
        self._ids = itertools.count(first + len(calls))
        body = self._post(payload)
        if isinstance(body, dict):  # the whole batch was answered with one error
            return [self._result(calls[0][0], body, body.get("id"))]
        if not isinstance(body, list) or len(body) != len(calls):
            raise _TransientError("malformed batch answer (wrong shape)")
        by_id = {item.get("id"): item for item in body if isinstance(item, dict)}
        results = []
        for offset, (method, _params) in enumerate(calls):
            item = by_id.get(first + offset)
            if item is None:
                raise _TransientError("malformed batch answer (missing id)")
            results.append(self._result(method, item, first + offset))
        return results

    def _result(self, method: str, body: Any, request_id: Any) -> Any:
        if not isinstance(body, dict) or body.get("id") != request_id:
            raise _TransientError("malformed answer (not a JSON-RPC response)")
        error = body.get("error")
        if error is not None:
            code, message = _error_fields(error)
            verdict = classify(method, code, message)
            if verdict is Verdict.SPLIT:
                raise ProviderLimitError(method, code, message, suggested_range(message))
            if verdict is Verdict.RETRY:
                raise _TransientError(f"JSON-RPC error {code}: {message[:120]}")
            if verdict is Verdict.MOVED:
                raise ChainMovedError(f"{method}: {message}")
            raise RpcResponseError(method, code, message)
        if "result" not in body:
            raise _TransientError("malformed answer (no result)")
        return body["result"]


def _parsed(parse: Callable[[Any], T], result: Any) -> T:
    try:
        return parse(result)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _TransientError(f"malformed result ({type(exc).__name__}: {exc})") from None


def _error_fields(error: Any) -> tuple[int, str]:
    if not isinstance(error, dict):
        return 0, str(error)
    code = error.get("code")
    return (code if isinstance(code, int) else 0), str(error.get("message", ""))


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
