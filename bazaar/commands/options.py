"""The options every ``bazaar`` journey takes, each also read from the environment.

- ``--rpc`` (``$BAZAAR_RPC_URL``, default ``http://127.0.0.1:8545``)
- ``--api`` (``$BAZAAR_API_URL``, default ``http://127.0.0.1:8000``)
- ``--deployment`` (``$BAZAAR_DEPLOYMENT``, default ``deployments/<chain-id>.json``)
- ``--account NAME`` with ``--keystore-dir`` (``$BAZAAR_KEYSTORE_DIR``, default
  ``~/.bazaar/keystores``) and ``--password-env VAR``, or ``--dev-account N`` (anvil's
  well-known keys, refused on any chain but a local one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chain.deal_kinds import DealKind

DEFAULT_API_URL = "http://127.0.0.1:8000"
KEYSTORE_DIR_ENV = "BAZAAR_KEYSTORE_DIR"

Rpc = Annotated[
    str, typer.Option("--rpc", envvar="BAZAAR_RPC_URL", help="JSON-RPC URL of the chain.")
]

ApiUrl = Annotated[
    str, typer.Option("--api", envvar="BAZAAR_API_URL", help="Base URL of the Bazaar API.")
]

DeploymentFile = Annotated[
    Path | None,
    typer.Option(
        "--deployment",
        envvar="BAZAAR_DEPLOYMENT",
        help="Deployment manifest (default: deployments/<chain-id>.json).",
    ),
]

AccountName = Annotated[
    str | None,
    typer.Option("--account", help="Keystore to sign with: its name or address."),
]

DevAccount = Annotated[
    int | None,
    typer.Option(
        "--dev-account", min=0, max=9, help="Sign with anvil's dev key N (local chains only)."
    ),
]

KeystoreDir = Annotated[
    Path | None,
    typer.Option(
        "--keystore-dir",
        envvar=KEYSTORE_DIR_ENV,
        help="Where keystores live (default: ~/.bazaar/keystores).",
    ),
]

PasswordEnv = Annotated[
    str | None,
    typer.Option(
        "--password-env",
        help="Read the keystore password from this environment variable (default: prompt).",
    ),
]

OrderStatus = Annotated[
    str | None,
    typer.Option(help="Only orders in this status (paid, shipped, completed, refunded, ...)."),
]

OrderId = Annotated[str, typer.Argument(help="Order id, as the buy printed it.")]
DealId = Annotated[
    str, typer.Argument(help="Order, rental or plan id (see --of), as its command printed it.")
]


def _deal_of(value: str | DealKind) -> DealKind:
    """The deal kind ``--of`` names by its subject (``order``, ``rental``, ``plan``)."""
    return value if isinstance(value, DealKind) else DealKind.from_subject(value)


DealOf = Annotated[
    DealKind,
    typer.Option(
        "--of",
        parser=_deal_of,
        metavar="[" + "|".join(DealKind.subjects()) + "]",
        show_default=DealKind.PURCHASE.subject,
        help="What the id names: a Marketplace order, a rental or an installment plan.",
    ),
]
ListingId = Annotated[int, typer.Argument(min=1, help="Listing id.")]
