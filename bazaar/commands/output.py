"""Where the journeys print: results on stdout, errors as one red line on stderr.

Every error the project raises on purpose (:class:`~core.errors.BazaarError`), an RPC
failure in the middle of a command and a file that cannot be written end the command with
``error: ...`` and exit code 1, never a traceback (:func:`errors_exit`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from core.errors import BazaarError

console = Console(soft_wrap=True)  # long hashes and ids stay on one line for scripts
err_console = Console(stderr=True)


@contextmanager
def errors_exit() -> Iterator[None]:
    """Print Bazaar errors (and their notes) as one red line and exit 1, never a traceback."""
    try:
        yield
    except BazaarError as exc:
        _fail(str(exc))
        raise typer.Exit(1) from exc
    except Exception as exc:
        if _rpc_failure(exc):  # the node failed mid-command
            _fail(f"the RPC failed ({type(exc).__name__}: {exc}); check the node and retry")
        elif isinstance(exc, OSError):  # e.g. an output file in a directory that is missing
            _fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        else:
            raise
        raise typer.Exit(1) from exc


def _rpc_failure(exc: Exception) -> bool:
    """Whether ``exc`` is web3's or requests' (an RPC call that failed).

    Checked against the modules only if they are loaded: an error cannot come from a library
    that was never imported, and importing web3 just to check would slow every command.
    """
    web3_errors = sys.modules.get("web3.exceptions")
    requests = sys.modules.get("requests")
    kinds = [
        getattr(web3_errors, "Web3Exception", None),
        getattr(requests, "RequestException", None),
    ]
    return isinstance(exc, tuple(kind for kind in kinds if isinstance(kind, type)))


def _fail(message: str) -> None:
    text = " ".join(message.split())
    err_console.print(f"[bold red]error:[/] {text}", highlight=False, soft_wrap=True)
