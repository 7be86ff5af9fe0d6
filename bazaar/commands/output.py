"""Where the journeys print: results on stdout, errors as one red line on stderr.

Every error the project raises on purpose (:class:`~chain.errors.BazaarError`), an RPC
failure in the middle of a command and a file that cannot be written end the command with
``error: ...`` and exit code 1, never a traceback (:func:`errors_exit`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from chain.errors import BazaarError

console = Console(soft_wrap=True)  # long hashes and ids stay on one line for scripts
err_console = Console(stderr=True)


@contextmanager
def errors_exit() -> Iterator[None]:
    """Print Bazaar errors (and their notes) as one red line and exit 1, never a traceback."""
    import requests
    from web3.exceptions import Web3Exception

    try:
        yield
    except BazaarError as exc:
        _fail(str(exc))
        raise typer.Exit(1) from exc
    except (Web3Exception, requests.RequestException) as exc:  # the node failed mid-command
        _fail(f"the RPC failed ({type(exc).__name__}: {exc}); check the node and retry")
        raise typer.Exit(1) from exc
    except OSError as exc:  # e.g. an output file in a directory that does not exist
        _fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        raise typer.Exit(1) from exc


def _fail(message: str) -> None:
    text = " ".join(message.split())
    err_console.print(f"[bold red]error:[/] {text}", highlight=False, soft_wrap=True)
