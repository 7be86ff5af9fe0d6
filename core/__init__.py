"""Bazaar's shared core: what every package needs and nothing else.

- :mod:`core.errors`: the exception root :class:`~core.errors.BazaarError`, its branches
  and the naming rule for exception classes.
- :mod:`core.settings`: the ``BAZAAR_*`` settings base the indexer's and the API's settings
  extend, and the shared defaults.
- :mod:`core.constants`: values with one meaning everywhere (the zero address).
- :mod:`core.migrations`: the Alembic plumbing the indexer's and the API's migration
  histories share.

This is the lowest layer: it imports no other Bazaar package, and every other one may
import it.
"""
