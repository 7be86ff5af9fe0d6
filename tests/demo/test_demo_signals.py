"""Every child of the demo dies with it, whatever signal ends it, and frees its port.

A small parent runs the demo's process machinery (:mod:`bazaar.demo.processes` and
``start_anvil(die_with_parent=True)``, as :class:`bazaar.demo.run.Demo` starts them): anvil
and one ``python -m`` child (an HTTP server standing in for the API), then waits. The tests
end it with SIGTERM (the parent stops its children), with SIGKILL (Linux kills them:
``PR_SET_PDEATHSIG``), and SIGKILL the ``make`` that started it (the parent follows make).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from chain.anvil import free_port, port_is_free

REPO = Path(__file__).resolve().parents[2]

PARENT = """
import sys, time
from pathlib import Path
from bazaar.demo.processes import follow_make, spawn, stop_on_signals
from chain.anvil import start_anvil

rpc_port, http_port, logs = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
with stop_on_signals():
    follow_make()
    node = start_anvil(rpc_port, die_with_parent=True)
    child = spawn("http", "http.server", [http_port, "--bind", "127.0.0.1"], logs)
    try:
        print(node.process.pid, child.pid, flush=True)
        while True:
            time.sleep(0.1)
    except KeyboardInterrupt:
        child.stop()
        node.stop()
        print("stopped", flush=True)
"""

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")


def _gone(pid: int) -> bool:
    """Whether ``pid`` exited (a zombie nobody reaped yet counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def _wait_until(check: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def _start(command: list[str]) -> tuple[subprocess.Popen[str], list[int]]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("MAKELEVEL", None)
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    pids = [int(part) for part in line.split()]
    assert len(pids) == 2, line + process.stdout.read()
    return process, pids


def _parent_command(tmp_path: Path, rpc_port: int, http_port: int) -> list[str]:
    logs = tmp_path / "logs"
    return [sys.executable, "-c", PARENT, str(rpc_port), str(http_port), str(logs)]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_children_die_with_the_parent(tmp_path: Path, stop: signal.Signals) -> None:
    rpc_port, http_port = free_port(), free_port()
    parent, children = _start(_parent_command(tmp_path, rpc_port, http_port))
    assert _wait_until(lambda: not port_is_free(http_port))

    parent.send_signal(stop)
    output = parent.communicate(timeout=60)[0]

    if stop == signal.SIGTERM:
        assert "stopped" in output
    assert _wait_until(lambda: all(_gone(pid) for pid in children)), children
    assert _wait_until(lambda: port_is_free(rpc_port) and port_is_free(http_port))


def test_children_die_when_make_is_killed(tmp_path: Path) -> None:
    rpc_port, http_port = free_port(), free_port()
    (tmp_path / "parent.py").write_text(PARENT)
    recipe = " ".join([sys.executable, str(tmp_path / "parent.py"), str(rpc_port)])
    recipe += f" {http_port} {tmp_path / 'logs'}"
    (tmp_path / "Makefile").write_text(f"demo:\n\t{recipe}\n")
    make, children = _start(
        ["make", "--no-print-directory", "-s", "-f", str(tmp_path / "Makefile")]
    )
    assert _wait_until(lambda: not port_is_free(http_port))

    make.kill()
    make.communicate(timeout=60)

    assert _wait_until(lambda: all(_gone(pid) for pid in children)), children
    assert _wait_until(lambda: port_is_free(rpc_port) and port_is_free(http_port))
