"""``bazaar --help`` and the group helps: nothing heavy is imported, every default shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bazaar.cli import app

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("web3", "eth_account", "httpx", "sqlalchemy", "sqlmodel", "fastapi", "uvicorn", "ape")

# Run `bazaar ARGS` in a fresh interpreter and print which heavy modules it imported.
PROBE = """
import json, sys
from bazaar.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
heavy = json.loads(sys.stdin.readline())
print(json.dumps(sorted(m for m in heavy if m in sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args", [["--help"], ["buyer", "--help"], ["seller", "--help"], ["demo", "--help"]]
)
def test_help_imports_no_heavy_library(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        input=json.dumps(HEAVY) + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )
    assert "Usage" in done.stdout
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


def _help(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return " ".join(result.output.replace("│", " ").split())


def test_bracketed_defaults_survive_rich_markup() -> None:
    assert "[default: $BAZAAR_DEMO_DIR or .demo]" in _help("demo")
    assert "[default: ./deployments]" in _help("demo")
    assert "Offer nonce [default: random]" in _help("installments", "offer")
    assert "[default: the next installment and late fees]" in _help("installments", "pay")
    assert "[default: deployments/<chain-id>.json]" in _help("index")
