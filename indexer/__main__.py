"""``python -m indexer``: the same as ``bazaar index``."""

from __future__ import annotations

import typer

from indexer.cli import index

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
app.command()(index)

if __name__ == "__main__":
    app()
