"""The kinds of deal the Reputation contract records (``IDealRecorder.DealKind``).

This module imports nothing of ours and no library, so the command line can use the kinds
in its options without loading web3.
"""

from __future__ import annotations

from enum import IntEnum


class DealKind(IntEnum):
    """What kind of deal was completed (``IDealRecorder.DealKind``).

    The one list of deal kinds: the indexer stores :attr:`label`, the API validates it in
    ``kind`` queries, and the CLI's ``--of`` takes :attr:`subject`, the thing a deal id
    names (``order``, ``rental``, ``plan``).

    Example:
        >>> DealKind.INSTALLMENT.label, DealKind.INSTALLMENT.subject
        ('installment', 'plan')
        >>> DealKind.from_label("rental") is DealKind.RENTAL
        True
    """

    PURCHASE = 0
    RENTAL = 1
    INSTALLMENT = 2

    @property
    def label(self) -> str:
        """The kind's name in the database and the API: ``purchase``, ``rental``..."""
        return self.name.lower()

    @property
    def subject(self) -> str:
        """What the deal's id names: ``order``, ``rental`` or ``plan``."""
        return _DEAL_SUBJECTS[self]

    @classmethod
    def labels(cls) -> tuple[str, ...]:
        """Every :attr:`label`, in on-chain order."""
        return tuple(kind.label for kind in cls)

    @classmethod
    def subjects(cls) -> tuple[str, ...]:
        """Every :attr:`subject`, in on-chain order."""
        return tuple(kind.subject for kind in cls)

    @classmethod
    def from_label(cls, label: str) -> DealKind:
        """The kind whose :attr:`label` is ``label``.

        Raises:
            ValueError: No kind has that label; the message lists the valid ones.
        """
        for kind in cls:
            if kind.label == label:
                return kind
        raise ValueError(f"{label!r} is not a deal kind; valid: {', '.join(cls.labels())}")

    @classmethod
    def from_subject(cls, subject: str) -> DealKind:
        """The kind whose :attr:`subject` is ``subject``.

        Raises:
            ValueError: No kind has that subject; the message lists the valid ones.
        """
        for kind in cls:
            if kind.subject == subject:
                return kind
        raise ValueError(f"{subject!r} is not a deal subject; valid: {', '.join(cls.subjects())}")


_DEAL_SUBJECTS = {
    DealKind.PURCHASE: "order",
    DealKind.RENTAL: "rental",
    DealKind.INSTALLMENT: "plan",
}
