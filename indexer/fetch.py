"""Adaptive ``eth_getLogs`` ranges: as wide as the provider allows, as full as useful.

Providers cap ``eth_getLogs`` by block range, by result count or by response size, and say
so with an error. The :class:`LogFetcher` starts from an initial span and then:

* grows the span (doubling) while answers hold fewer than half the target logs;
* shrinks it to what the target needs when an answer is too full;
* on a provider refusal, retries the same start with the range the provider suggested,
  or half the span, and remembers that width as a ceiling. Every ``PROBE_AFTER``
  successes at the ceiling it probes one doubling, so a limit that came from a dense
  stretch of blocks does not slow the quiet ones forever, at a cost of at most one
  refused request per ``PROBE_AFTER + 1``.

Example:
    >>> fetcher = LogFetcher(rpc, initial_span=1000, target_logs=5000)  # doctest: +SKIP
    >>> end, logs = fetcher.fetch(["0x5FbD..."], 1, 20_000)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from indexer.errors import ProviderLimitError, RpcResponseError
from indexer.rpc.blocks import RawLog, get_logs
from indexer.rpc.client import RpcClient

PROBE_AFTER = 8


@dataclass
class LogFetcher:
    """Fetches logs range by range, adapting the range width to the provider.

    Attributes:
        rpc: The JSON-RPC client.
        initial_span: Width of the first range.
        max_span: Widest range ever asked for.
        target_logs: Logs per answer to aim for.
        span: Width of the next range.
        ceiling: Widest range the provider accepted after its last refusal, if any.
        refusals: Provider refusals so far (for stats and tests).
    """

    rpc: RpcClient
    initial_span: int = 2_000
    max_span: int = 100_000
    target_logs: int = 5_000
    span: int = field(init=False)
    ceiling: int | None = field(default=None, init=False)
    refusals: int = field(default=0, init=False)
    _at_ceiling: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.span = max(1, min(self.initial_span, self.max_span))

    def fetch(self, addresses: Sequence[str], start: int, end: int) -> tuple[int, list[RawLog]]:
        """Logs of ``addresses`` from block ``start`` up to at most ``end``.

        Returns:
            The last block covered (``start <= last <= end``) and its logs, in chain order.

        Raises:
            RpcResponseError: The provider refuses even a single block (its result cap is
                below what one block holds); nothing the indexer can split further.
        """
        while True:
            last = min(end, start + self.span - 1)
            try:
                logs = get_logs(self.rpc, addresses, start, last)
            except ProviderLimitError as exc:
                self._refused(exc, start, last)
                continue
            self._answered(last - start + 1, len(logs))
            return last, logs

    def _refused(self, exc: ProviderLimitError, start: int, last: int) -> None:
        width = last - start + 1
        self.refusals += 1
        if width == 1:
            raise RpcResponseError(
                "eth_getLogs",
                exc.code,
                f"{exc.rpc_message} (even for the single block {start}; use a provider "
                "with a higher result limit)",
            ) from exc
        suggested = exc.suggested
        if suggested is not None and suggested[0] == start and start <= suggested[1] < last:
            narrower = suggested[1] - start + 1
        else:
            narrower = max(1, width // 2)
        self.span = narrower
        self.ceiling = narrower
        self._at_ceiling = 0

    def _answered(self, width: int, count: int) -> None:
        if self.ceiling is not None and width > self.ceiling:
            self.ceiling = width  # a probe past the ceiling went through
        if count > self.target_logs:
            self.span = max(1, width * self.target_logs // count)
            return
        if count * 2 >= self.target_logs or width < self.span:
            return  # full enough, or the range was cut short by ``end``
        grown = min(self.max_span, self.span * 2)
        if self.ceiling is not None and grown > self.ceiling:
            self._at_ceiling += 1
            if self._at_ceiling <= PROBE_AFTER:
                self.span = self.ceiling
                return
            self._at_ceiling = 0  # probe one doubling past the ceiling
        self.span = grown
