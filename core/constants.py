"""Constants with one meaning in every package.

They import nothing (no library either), so the command line can print them in its help
without loading pydantic or web3.

Example:
    >>> ZERO_ADDRESS == "0x" + "00" * 20
    True
"""

from __future__ import annotations

from pathlib import Path

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
"""The all-zero address: native ETH where a token address is expected, "nobody" elsewhere
(an unset arbiter, the sender of a mint, the receiver of a burn)."""

DEFAULT_RPC_URL = "http://127.0.0.1:8545"
"""A local node (anvil's default port)."""
DEFAULT_DB_URL = "sqlite:///bazaar.db"
"""The embedded database, in the working directory."""
DEFAULT_CHAIN_ID = 31337
"""anvil's chain id: the local development chain."""
DEFAULT_DEPLOYMENTS_DIR = Path("deployments")
"""Where deployment manifests (``<chain-id>.json``) are written and looked up."""
DEFAULT_KEYSTORE_DIR = Path("~/.bazaar/keystores")
"""Where keystores live unless ``BAZAAR_KEYSTORE_DIR`` says otherwise."""
