"""The settings every Bazaar process shares, read from ``BAZAAR_*`` environment variables.

:class:`BazaarSettings` holds what more than one package needs: where the chain and the
database are, which deployment to use, where keystores live, which kind of environment this
is, and where the build put its artifacts. The indexer's settings
(:class:`indexer.config.IndexerSettings`) and the API's (:class:`api.core.config.ApiSettings`)
extend it with their own fields; the libraries (``chain``, ``wallet``) read it directly.
Every field is set by the variable of its name in capitals with the ``BAZAAR_`` prefix
(``keystore_dir`` by ``BAZAAR_KEYSTORE_DIR``); an empty variable counts as unset. Settings
are read when they are built, so a changed variable counts from the next read on.

This module is the one place that reads the process environment: no other package looks at
``os.environ`` for configuration.

Example:
    >>> settings = BazaarSettings(rpc_url="http://node:8545")
    >>> settings.rpc_url, settings.db_url, settings.keystore_dir.name
    ('http://node:8545', 'sqlite:///bazaar.db', 'keystores')
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.constants import (
    DEFAULT_CHAIN_ID,
    DEFAULT_DB_URL,
    DEFAULT_DEPLOYMENTS_DIR,
    DEFAULT_KEYSTORE_DIR,
    DEFAULT_RPC_URL,
)

__all__ = [
    "BazaarSettings",
    "Environment",
    "environment_variables",
]


Environment = Literal["development", "production"]


class BazaarSettings(BaseSettings):
    """The ``BAZAAR_*`` settings every process shares.

    Attributes:
        environment: ``development`` (laptop defaults allowed) or ``production`` (the API
            refuses defaults that are only safe on a laptop).
        rpc_url: JSON-RPC endpoint of the chain (HTTP).
        db_url: SQLAlchemy URL; ``sqlite:///file.db`` or ``postgresql://user@host/db``.
        chain_id: EIP-155 id of the chain the deployment is on (the API names it in sign-in
            messages and payment links).
        deployment: The deployment manifest to use; default
            ``<deployments_dir>/<chain-id>.json``.
        deployments_dir: Where manifests are written and looked up.
        keystore_dir: Keystores at its top level, shipping keys in ``encryption-keys/``
            and HD wallets in ``hd/``; the CLI and the wallet library share it.
        wallet_dir: Deprecated (``BAZAAR_WALLET_DIR``): the wallet library's old directory,
            with keystores in ``keystores/``. Used only when ``BAZAAR_KEYSTORE_DIR`` is unset.
        artifacts_dir: Where ``make build`` exported the contract artifacts; default the
            ``chain/artifacts`` of this checkout.
        anvil: The anvil binary; default ``node_modules/.bin/anvil``, else ``PATH``.
        prometheus_multiproc_dir: prometheus_client's own ``PROMETHEUS_MULTIPROC_DIR`` (no
            prefix): set, metrics are collected across the API's worker processes.
    """

    model_config = SettingsConfigDict(
        env_prefix="BAZAAR_", env_ignore_empty=True, extra="ignore", populate_by_name=True
    )

    environment: Environment = "development"
    rpc_url: str = DEFAULT_RPC_URL
    db_url: str = DEFAULT_DB_URL
    chain_id: int = Field(default=DEFAULT_CHAIN_ID, gt=0)
    deployment: Path | None = None
    deployments_dir: Path = DEFAULT_DEPLOYMENTS_DIR
    keystore_dir: Path = DEFAULT_KEYSTORE_DIR
    wallet_dir: Path | None = None
    artifacts_dir: Path | None = None
    anvil: str | None = None
    prometheus_multiproc_dir: Path | None = Field(
        default=None, validation_alias="PROMETHEUS_MULTIPROC_DIR"
    )

    def wallet_root(self) -> tuple[Path, bool]:
        """The directory the wallet library stores secrets in, and whether keystores sit at
        its top level (``True``) or in ``keystores/`` (the deprecated ``BAZAAR_WALLET_DIR``).

        ``BAZAAR_KEYSTORE_DIR`` wins when both are set. The user's home is expanded.
        """
        if self.wallet_dir is not None and "keystore_dir" not in self.model_fields_set:
            warnings.warn(
                "BAZAAR_WALLET_DIR is deprecated; set BAZAAR_KEYSTORE_DIR instead (keystores "
                "at its top level, as the bazaar CLI keeps them)",
                DeprecationWarning,
                stacklevel=2,
            )
            return self.wallet_dir.expanduser(), False
        return self.keystore_dir.expanduser(), True


def environment_variables() -> Mapping[str, str]:
    """The process environment, for values whose variable the user names at run time.

    A password can come from any variable the user chooses (``--password-env PW``), so it
    cannot be a declared field; :func:`wallet.passwords.get_password` reads it here.
    """
    return os.environ
