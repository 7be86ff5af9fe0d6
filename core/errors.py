"""Bazaar's one exception tree: the root and its general branches.

Every error the project raises on purpose derives from :class:`BazaarError`. Each runtime
package has its own branch (where it went wrong), and failures that mean the same thing in
every package share a kind branch (what went wrong), so a caller can catch either::

    BazaarError
    ├── ChainError          chain/errors.py: artifacts, manifests, deploys, transactions,
    │                       contract reverts, rebuilding deals from events
    ├── WalletError         wallet/errors.py: key storage, passwords, signing, SIWE,
    │                       payment links, shipping encryption
    ├── IndexerError        indexer/errors.py: RPC faults, reorgs, projections, schema
    ├── ApiError            api/errors.py: one class per HTTP failure the API reports
    ├── InvalidInputError   a value given by the user or a client breaks a rule
    ├── NotFoundError       the thing asked for does not exist
    ├── ConflictError       the thing to create exists already, or the state forbids it
    └── ConfigurationError  the installation or its settings are missing a piece

A concrete class names one package branch and, where it fits, one kind branch, e.g.
``class KeystoreNotFoundError(WalletNotFoundError)`` with
``class WalletNotFoundError(WalletError, NotFoundError)``.

Naming rule: every exception class ends in ``Error`` (``WrongPasswordError``, not
``WrongPassword``), like the standard library's own (``ValueError``, ``KeyError``). The one
place where a class name reaches users is the API's ``code`` field, which stays the class
name without the suffix (``"ResourceNotFound"``) so that clients keep working.

Messages say what went wrong and, where possible, what to do next; they never contain
secrets.

Example:
    >>> class OrderMissingError(ChainError, NotFoundError):
    ...     pass
    >>> try:
    ...     raise OrderMissingError("order 7 does not exist")
    ... except NotFoundError as exc:
    ...     print(type(exc).__name__, isinstance(exc, BazaarError), exc)
    OrderMissingError True order 7 does not exist
"""

from __future__ import annotations

__all__ = [
    "ApiError",
    "BazaarError",
    "ChainError",
    "ConfigurationError",
    "ConflictError",
    "IndexerError",
    "InvalidInputError",
    "NotFoundError",
    "WalletError",
]


class BazaarError(Exception):
    """Root of every error Bazaar raises on purpose."""


# ----------------------------------------------------------------------------- packages


class ChainError(BazaarError):
    """Compiling, deploying, calling or decoding contracts went wrong."""


class WalletError(BazaarError):
    """Key storage, signing or encryption went wrong."""


class IndexerError(BazaarError):
    """Following the chain or projecting events into the database went wrong."""


class ApiError(BazaarError):
    """The HTTP API could not serve a request."""


# ----------------------------------------------------------------------------- kinds


class InvalidInputError(BazaarError):
    """A value given by the user or a client breaks a rule; the message names the rule."""


class NotFoundError(BazaarError):
    """The thing asked for (a file, a deal, a stored key, a resource) does not exist."""


class ConflictError(BazaarError):
    """The thing to create exists already, or the current state forbids the change."""


class ConfigurationError(BazaarError):
    """The installation or its settings are missing a piece (a build, a binary, a value)."""
