"""``bazaar api`` (and ``python -m api``): serve the API with uvicorn.

Example::

    bazaar api --db postgresql://postgres@127.0.0.1/bazaar --workers 4 --migrate
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Annotated

import typer
from rich.console import Console

from core.errors import BazaarError

err_console = Console(stderr=True)


def serve(
    db: Annotated[
        str | None, typer.Option(help="Database URL (default: $BAZAAR_DB_URL or sqlite).")
    ] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    migrate: Annotated[
        bool,
        typer.Option(help="Create or upgrade the schema (indexer's and API's tables) first."),
    ] = False,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the Bazaar API (OpenAPI docs at /docs)."""
    import uvicorn
    from pydantic import ValidationError

    from api.core.config import ApiSettings
    from api.core.db import Database
    from api.migrate import ensure_schema, upgrade
    from core.settings import BazaarSettings
    from indexer.migrate import ensure_schema as ensure_indexer_schema
    from indexer.migrate import upgrade as upgrade_indexer

    # The worker processes build their settings from the environment, so what this command
    # decides is handed to them there.
    if db is not None:
        os.environ["BAZAAR_DB_URL"] = db
    multiproc_dir: str | None = None
    try:
        if BazaarSettings().environment == "development":
            # On a laptop, sign-in messages name the address the browser uses to reach us.
            os.environ.setdefault("BAZAAR_SIWE_DOMAIN", f"localhost:{port}")
            os.environ.setdefault("BAZAAR_SIWE_URI", f"http://localhost:{port}")
        settings = ApiSettings()
        if migrate:
            upgrade_indexer(settings.db_url)
            upgrade(settings.db_url)
        database = Database.connect(settings.db_url)
        try:
            ensure_indexer_schema(database.reader)
            ensure_schema(database.reader)
        finally:
            database.dispose()
    except ValidationError as exc:
        err_console.print(f"[bold red]error:[/] invalid BAZAAR_* settings:\n{exc}")
        raise typer.Exit(2) from exc
    except BazaarError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    if workers > 1 and settings.prometheus_multiproc_dir is None:
        multiproc_dir = tempfile.mkdtemp(prefix="bazaar-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = multiproc_dir
    try:
        uvicorn.run(
            "api.main:worker_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=log_level,
            proxy_headers=settings.trust_forwarded_for,
        )
    finally:
        if multiproc_dir is not None:
            shutil.rmtree(multiproc_dir, ignore_errors=True)


def register(app: typer.Typer) -> None:
    """Add ``bazaar api`` to the ``bazaar`` command line."""
    app.command("api")(serve)


def main() -> None:
    """Entry point of ``python -m api``."""
    typer.run(serve)
