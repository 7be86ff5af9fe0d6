"""Bounded retries with exponential backoff and jitter.

Attempt ``n`` (counting from 0) that fails waits ``min(max_delay, base * 2**n)``, of which
the upper half is random ("equal jitter"): never less than half the nominal delay, so a
failing node is never hammered in a busy loop, and retries of many clients spread out. A
``Retry-After`` from the server raises the wait (still capped by ``max_delay``).

Example:
    >>> policy = RetryPolicy(attempts=4, base_delay=0.5, max_delay=2.0)
    >>> [policy.nominal_delay(n) for n in range(4)]
    [0.5, 1.0, 2.0, 2.0]
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry a failing request.

    Attributes:
        attempts: Total attempts per request, the first one included.
        base_delay: Nominal delay after the first failure, in seconds.
        max_delay: Cap on any single delay, in seconds.
    """

    attempts: int = 8
    base_delay: float = 0.25
    max_delay: float = 10.0

    def nominal_delay(self, failures: int) -> float:
        """The delay before retry number ``failures + 1``, before jitter."""
        return min(self.max_delay, self.base_delay * float(2**failures))

    def delay(
        self, failures: int, retry_after: float | None = None, rng: random.Random | None = None
    ) -> float:
        """The jittered delay after ``failures`` failures (0 = after the first one).

        Args:
            failures: Failures so far minus one.
            retry_after: Seconds the server asked to wait (``Retry-After``), if any.
            rng: Random source (tests pass a seeded one).
        """
        nominal = self.nominal_delay(failures)
        jittered: float = nominal / 2 + (rng or random).uniform(0, nominal / 2)
        if retry_after is not None:
            jittered = max(jittered, min(retry_after, self.max_delay))
        return jittered

    def worst_case_wait(self) -> float:
        """Seconds a request can spend sleeping before it gives up."""
        return sum(self.nominal_delay(n) for n in range(self.attempts - 1))
