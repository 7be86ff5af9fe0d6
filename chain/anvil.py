"""Start and stop a local anvil node (the npm package ``@foundry-rs/anvil-linux-amd64``).

Used by ``bazaar chain up`` and by the tests, which each start their own node on a free
port.

Example:
    >>> with start_anvil() as node:  # doctest: +SKIP
    ...     w3 = node.web3()
    ...     w3.eth.chain_id
    31337
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from eth_account import Account
from eth_account.signers.local import LocalAccount
from web3 import HTTPProvider, Web3
from web3.exceptions import Web3Exception

from chain.errors import AnvilError
from core.constants import DEFAULT_CHAIN_ID
from core.settings import BazaarSettings

PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when its parent dies

# The well-known keys of anvil's default mnemonic ("test test ... junk"): public knowledge,
# funded only on local dev chains. Never send real funds to them.
DEV_PRIVATE_KEYS: tuple[str, ...] = (
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
    "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
    "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
)


def dev_account(index: int = 0) -> LocalAccount:
    """Anvil's funded dev account number ``index`` (0-9). Local chains only."""
    account: LocalAccount = Account.from_key(DEV_PRIVATE_KEYS[index])
    return account


def die_with_parent(signum: int = signal.SIGTERM) -> None:
    """Ask Linux to send ``signum`` to this process when its parent dies (``PR_SET_PDEATHSIG``).

    Meant for ``preexec_fn`` (it runs in the child between fork and exec, and survives the
    exec), so a child outlives no parent, not even one killed with SIGKILL. The parent is
    the thread that started the child: start children from the main thread. A no-op where
    ``prctl`` is missing.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signum)
    except (OSError, AttributeError):
        pass


_die_with_parent = die_with_parent  # the keyword argument of start_anvil shadows the name


def find_anvil() -> str:
    """Path of the anvil binary: ``$BAZAAR_ANVIL``, ``node_modules/.bin``, else ``PATH``.

    Raises:
        AnvilError: anvil is nowhere to be found.
    """
    explicit = BazaarSettings().anvil
    if explicit:
        return explicit
    repo_root = Path(__file__).resolve().parent.parent
    for base in (Path.cwd(), repo_root):
        candidate = base / "node_modules" / ".bin" / "anvil"
        if candidate.exists():
            return str(candidate)
    found = shutil.which("anvil")
    if found:
        return found
    raise AnvilError("anvil not found; run `make install` (npm ci) or set $BAZAAR_ANVIL")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free right now on ``host``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether nothing listens on ``host:port`` right now.

    Connections of a node that just stopped (TIME_WAIT) do not count: servers bind with
    ``SO_REUSEADDR``, so the port is usable again at once.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


class AnvilNode:
    """A running anvil process; stop it with :meth:`stop` or use it as a context manager."""

    def __init__(self, process: subprocess.Popen[bytes], host: str, port: int, log: Path) -> None:
        """Wrap a started process; use :func:`start_anvil` to create one."""
        self.process = process
        self.host = host
        self.port = port
        self.log = log

    @property
    def url(self) -> str:
        """The node's HTTP JSON-RPC URL."""
        return f"http://{self.host}:{self.port}"

    def web3(self) -> Web3:
        """A web3 connected to this node."""
        return Web3(HTTPProvider(self.url, request_kwargs={"timeout": 30}))

    def running(self) -> bool:
        """Whether the process is still alive."""
        return self.process.poll() is None

    def log_tail(self, lines: int = 20) -> str:
        """The last lines anvil printed, for error messages."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout: float = 10.0) -> int:
        """Terminate anvil (SIGTERM, then SIGKILL after ``timeout``) and return its exit code."""
        if self.running():
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        self.log.unlink(missing_ok=True)
        return int(self.process.returncode)

    def __enter__(self) -> AnvilNode:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def start_anvil(
    port: int | None = None,
    *,
    host: str = "127.0.0.1",
    block_time: int | None = None,
    chain_id: int = DEFAULT_CHAIN_ID,
    timeout: float = 30.0,
    extra_args: Sequence[str] = (),
    die_with_parent: bool = False,
) -> AnvilNode:
    """Start anvil and wait until its RPC answers.

    Args:
        port: Port to listen on; a free one when ``None``.
        host: Interface to bind.
        block_time: Seconds between blocks; ``None`` mines one block per transaction.
        chain_id: Chain id to report.
        timeout: Seconds to wait for the RPC to answer.
        extra_args: More anvil command-line arguments.
        die_with_parent: On Linux, anvil gets SIGTERM when this process dies, however it
            dies (see :func:`die_with_parent`).

    Raises:
        AnvilError: anvil is missing, exited early (port taken?) or never answered.
    """
    chosen = port if port is not None else free_port(host)
    if not port_is_free(chosen, host):
        # anvil would fail to bind, but only after another node on the port answered for it
        raise AnvilError(
            f"port {chosen} on {host} is already in use (is the port taken by another node?); "
            "stop it or pass another --port"
        )
    command = [find_anvil(), "--host", host, "--port", str(chosen), "--chain-id", str(chain_id)]
    if block_time is not None:
        command += ["--block-time", str(block_time)]
    command += list(extra_args)
    preexec = _die_with_parent if die_with_parent and sys.platform == "linux" else None
    handle, log_name = tempfile.mkstemp(prefix="anvil-", suffix=".log")
    with os.fdopen(handle, "wb") as log_file:
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches us, and we stop anvil in order
                preexec_fn=preexec,  # on Linux: anvil gets SIGTERM when we die
            )
        except OSError as exc:
            Path(log_name).unlink(missing_ok=True)
            raise AnvilError(f"could not run {command[0]}: {exc}") from exc
    node = AnvilNode(process, host, chosen, Path(log_name))
    _wait_until_ready(node, timeout)
    return node


def _wait_until_ready(node: AnvilNode, timeout: float) -> None:
    w3 = Web3(HTTPProvider(node.url, request_kwargs={"timeout": 2}))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not node.running():
            tail = node.log_tail()
            node.stop()
            raise AnvilError(
                f"anvil exited with code {node.process.returncode} before answering on port "
                f"{node.port} (is the port taken? pass another --port):\n{tail}"
            )
        try:
            if w3.eth.chain_id:
                return
        except (OSError, Web3Exception):  # not listening yet
            time.sleep(0.1)
    tail = node.log_tail()
    node.stop()
    raise AnvilError(f"anvil did not answer at {node.url} within {timeout:.0f}s:\n{tail}")
