"""Default values that the deploy, the keeper and the ``bazaar`` command line share.

This module imports nothing, so the command line can print these defaults in its help
without loading web3.
"""

DEFAULT_FEE_BPS = 100
DEFAULT_DISPUTE_TIMEOUT = 14 * 24 * 60 * 60
DEFAULT_MAX_RANGE = 2_000
