"""``bazaar index`` (also ``python -m indexer``) and ``bazaar db upgrade``.

Options default to the ``BAZAAR_*`` environment (see :mod:`indexer.config`), then to the
local anvil and ``sqlite:///bazaar.db``. A failure the indexer cannot work around prints one
clear line and exits 1; SIGINT or SIGTERM finish the current batch and exit 0.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from core.errors import BazaarError

if TYPE_CHECKING:
    from indexer.config import IndexerSettings


err_console = Console(stderr=True)

RpcOption = Annotated[
    str | None,
    typer.Option("--rpc", help="JSON-RPC URL (env BAZAAR_RPC_URL; default: local anvil)"),
]
DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (env BAZAAR_DB_URL; default: sqlite:///bazaar.db)"),
]


def _settings(**overrides: Any) -> IndexerSettings:
    """Settings from the environment, with the options that were given on top."""
    from indexer.config import IndexerSettings

    return IndexerSettings(**{key: value for key, value in overrides.items() if value is not None})


def _fail(exc: BazaarError) -> typer.Exit:
    from indexer.logs import emit

    emit("indexer_failed", level=40, error_type=type(exc).__name__, error=str(exc))
    err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
    return typer.Exit(1)


def index(
    rpc: RpcOption = None,
    db: DbOption = None,
    deployment: Annotated[
        Path | None,
        typer.Option(help="Deployment manifest \\[default: deployments/<chain-id>.json]"),
    ] = None,
    finality_depth: Annotated[
        int | None, typer.Option(help="Blocks after which a block counts as final [64]")
    ] = None,
    poll_interval: Annotated[
        float | None, typer.Option(help="Seconds between head polls when following [0.05]")
    ] = None,
    rpc_attempts: Annotated[
        int | None, typer.Option(help="Attempts per RPC request before exiting non-zero [8]")
    ] = None,
    follow: Annotated[
        bool, typer.Option(help="Keep following the head; --no-follow exits once caught up.")
    ] = True,
    migrate: Annotated[
        bool, typer.Option(help="Upgrade the database schema first (`bazaar db upgrade`).")
    ] = True,
    log_format: Annotated[
        str | None, typer.Option(help="Log lines as logfmt or json [logfmt]")
    ] = None,
) -> None:
    """Index the deployment's events into the database, then follow the chain's head."""
    from indexer.app import build_indexer
    from indexer.logs import configure, emit
    from indexer.runner import tune_gc

    settings = _settings(
        rpc_url=rpc,
        db_url=db,
        deployment=deployment,
        finality_depth=finality_depth,
        poll_interval=poll_interval,
        rpc_attempts=rpc_attempts,
        log_format=log_format,
    )
    configure(settings.log_format)
    stop = threading.Event()

    def handler(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handler)
    try:
        indexer = build_indexer(settings, migrate=migrate, console=err_console)
        emit("indexer_started", rpc=settings.rpc_url, chain_id=indexer.applier.chain_id)
        tune_gc()
        indexer.run(follow=follow, stop=stop)
    except BazaarError as exc:
        raise _fail(exc) from exc
    emit("indexer_stopped")


db_app = typer.Typer(help="Manage the indexer's database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(
    db: DbOption = None,
    revision: Annotated[str, typer.Option(help="Target revision.")] = "head",
) -> None:
    """Migrate the database schema (Alembic) to the newest revision."""
    from indexer.migrate import head_revision, upgrade

    settings = _settings(db_url=db)
    try:
        upgrade(settings.db_url, revision)
    except BazaarError as exc:
        raise _fail(exc) from exc
    typer.echo(f"database at {head_revision() if revision == 'head' else revision}")


@db_app.command("current")
def db_current(db: DbOption = None) -> None:
    """Print the revision the database schema is at."""
    from indexer.db import make_engine
    from indexer.migrate import current_revision

    engine = make_engine(_settings(db_url=db).db_url)
    try:
        typer.echo(current_revision(engine) or "none")
    finally:
        engine.dispose()


def register(app: typer.Typer) -> None:
    """Add ``index`` and ``db`` to the ``bazaar`` command line."""
    app.command("index")(index)
    app.add_typer(db_app, name="db")
