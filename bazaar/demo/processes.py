"""Child processes of ``bazaar demo``: ``bazaar api``, ``bazaar index``, ``bazaar keeper``.

Each child runs ``python -m <module> ...`` (``api``, ``indexer``: the same commands as
``bazaar api`` and ``bazaar index``, with fewer imports) in its own session, so a Ctrl-C in the
terminal reaches only the demo, which then stops the children in reverse order (SIGTERM,
then SIGKILL after a timeout). On Linux each child also gets SIGTERM if the demo itself dies
(``PR_SET_PDEATHSIG``), so no orphan outlives it. Output goes to ``<demo dir>/logs/``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from chain.anvil import die_with_parent
from chain.errors import ChainError
from core.settings import environment_variables

# What stops the demo like Ctrl-C: SIGTERM (systemd, `docker stop`, a CI timeout, `make`
# passing on its own SIGTERM) and SIGHUP (a closed terminal). SIGINT is set too: a shell
# starts background jobs with SIGINT ignored, and Python keeps that.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Raise ``KeyboardInterrupt`` on SIGINT, SIGTERM or SIGHUP for the duration of the
    block, so one ``except KeyboardInterrupt`` stops the children whatever signal came."""
    previous = {sig: signal.signal(sig, _interrupt) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def follow_make() -> None:
    """When ``make`` started this process (``$MAKELEVEL`` is set), get SIGTERM if it dies.

    ``make demo`` stopped with SIGTERM passes the signal on, but ``make`` killed with
    SIGKILL would leave the demo (and so its children) running; with this the demo stops
    the way SIGTERM stops it. Linux only; elsewhere a no-op.
    """
    if "MAKELEVEL" not in environment_variables() or sys.platform != "linux":
        return
    parent = os.getppid()
    die_with_parent(signal.SIGTERM)
    if os.getppid() != parent:  # make died before the request was made
        os.kill(os.getpid(), signal.SIGTERM)


@contextmanager
def shielded() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP back while a process starts and is recorded.

    Between ``Popen`` and the moment the demo knows the new process, an interrupt would
    leave it running unseen. Held back, it is raised as ``KeyboardInterrupt`` right after,
    and the stop that follows finds the process. (Blocking the signals with a mask instead
    would hand the mask down to the child.)
    """
    caught: list[int] = []

    def hold(signum: int, _frame: FrameType | None) -> None:
        caught.append(signum)

    held = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.signal(sig, hold) for sig in held}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
    if caught:
        raise KeyboardInterrupt


class DemoProcessError(ChainError):
    """A demo child process could not start or exited early."""


class Child:
    """One running ``bazaar`` sub-command."""

    def __init__(self, name: str, process: subprocess.Popen[bytes], log: Path) -> None:
        """Wrap a started process; use :func:`spawn`."""
        self.name = name
        self.process = process
        self.log = log

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self.process.pid

    def running(self) -> bool:
        """Whether the child is still alive."""
        return self.process.poll() is None

    def log_tail(self, lines: int = 15) -> str:
        """The last lines the child printed."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def check(self) -> None:
        """Raise if the child exited.

        Raises:
            DemoProcessError: It exited; the message carries its last output lines.
        """
        if not self.running():
            raise DemoProcessError(
                f"`bazaar {self.name}` exited with code {self.process.returncode}; "
                f"its last lines ({self.log}):\n{self.log_tail()}"
            )

    def stop(self, timeout: float = 10.0) -> int:
        """SIGTERM, wait, SIGKILL if needed; returns the exit code."""
        if self.running():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        return int(self.process.returncode)


def spawn(
    name: str,
    module: str,
    args: Sequence[str],
    log_dir: Path,
    env: Mapping[str, str] | None = None,
) -> Child:
    """Start ``python -m <module> <args...>`` with this interpreter, logging to ``log_dir``.

    Raises:
        DemoProcessError: The interpreter could not be started.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{name}.log"
    command = [sys.executable, "-m", module, *args]
    child_env = {**os.environ, **(env or {})}
    repo_root = str(Path(__file__).resolve().parents[2])
    paths = [p for p in child_env.get("PYTHONPATH", "").split(os.pathsep) if p]
    child_env["PYTHONPATH"] = os.pathsep.join([repo_root, *paths])
    with log.open("wb") as output:
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=child_env,
                start_new_session=True,
                preexec_fn=die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
            )
        except OSError as exc:
            raise DemoProcessError(f"could not start `bazaar {name}`: {exc}") from exc
    return Child(name, process, log)
