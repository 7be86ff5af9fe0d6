"""The shared stack for CLI tests: anvil, every contract, a test stablecoin, the indexer and a
real API server, and a way to run ``bazaar`` against them.

The CLI talks JSON-RPC to anvil and HTTP to the API, exactly as a user's terminal would, so
the API is a real uvicorn on a free port (in a thread of the test process) over a SQLite
file the in-process indexer fills. :meth:`Stack.index` brings the database to the chain's
head, as ``bazaar index --no-follow`` does; journeys then check their result through the
API with :meth:`Stack.api`.

Commands read ``--rpc``, ``--api``, ``--deployment`` and ``--keystore-dir`` from
``BAZAAR_RPC_URL``, ``BAZAAR_API_URL``, ``BAZAAR_DEPLOYMENT`` and ``BAZAAR_KEYSTORE_DIR``;
:meth:`Stack.cli` sets those, so tests name only what the journey is about.
"""

from __future__ import annotations

import json
import os
import shlex
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import uvicorn
from eth_account.signers.local import LocalAccount
from typer.testing import CliRunner, Result
from web3 import Web3

from api.core.config import ApiSettings, TokenLabel
from api.core.db import Database
from api.main import create_app
from api.migrate import upgrade as upgrade_api
from bazaar.cli import app
from chain.anvil import AnvilNode, dev_account, free_port, start_anvil
from chain.artifacts import load_artifact
from chain.deploy import Deployment, deploy_all, deploy_contract
from chain.marketplace.client import MarketplaceClient
from chain.tx import Transactor
from indexer.app import build_indexer
from indexer.config import IndexerSettings
from indexer.migrate import upgrade as upgrade_indexer

DEPLOYER: LocalAccount = dev_account(0)
TOKEN_DECIMALS = 6
# Keystores in tests use a cheap scrypt cost; production keeps the standard 2**18.
TEST_SCRYPT_N = 2**10
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"


@dataclass
class Stack:
    """Everything a CLI journey runs against, started once per test session.

    Attributes:
        node: The anvil node.
        w3: Web3 connected to it.
        deployment: What :func:`chain.deploy.deploy_all` deployed (manifest and its path).
        token: Address of a TestToken (ERC-20 with EIP-2612 permit, 6 decimals).
        db_url: The database the indexer writes and the API reads (SQLite by default).
        api_url: Base URL of the running API.
        keystore_dir: The keystore directory the CLI uses (``$BAZAAR_KEYSTORE_DIR``).
        settings: The API's settings (SIWE domain, URI and chain id).
    """

    node: AnvilNode
    w3: Web3
    deployment: Deployment
    token: str
    db_url: str
    api_url: str
    keystore_dir: Path
    settings: ApiSettings
    runner: CliRunner = field(default_factory=CliRunner)
    _index_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def manifest_path(self) -> Path:
        """The deployment manifest file."""
        assert self.deployment.path is not None
        return self.deployment.path

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment a CLI run sees: where the chain, API, manifest and keys are."""
        return {
            "BAZAAR_RPC_URL": self.node.url,
            "BAZAAR_API_URL": self.api_url,
            "BAZAAR_DEPLOYMENT": str(self.manifest_path),
            "BAZAAR_KEYSTORE_DIR": str(self.keystore_dir),
            "COLUMNS": "200",  # Rich tables unwrapped, as on a wide terminal
            **(extra or {}),
        }

    def cli(
        self,
        *args: str | int | Path,
        input: str | None = None,
        env: Mapping[str, str | None] | None = None,
        expect: int | None = 0,
    ) -> Result:
        """Run ``bazaar ARGS`` in-process and return the result.

        Args:
            args: The command line after ``bazaar``.
            input: What the user types (prompts read it).
            env: Extra environment variables (``None`` unsets one).
            expect: Exit code to assert (``None``: do not check).
        """
        argv = [str(arg) for arg in args]
        environment: dict[str, str | None] = {**self.env(), **(env or {})}
        if env is None or "BAZAAR_WALLET_PASSWORD" not in env:
            environment["BAZAAR_WALLET_PASSWORD"] = None  # unset: prompts or --password-env
        result = self.runner.invoke(app, argv, input=input, env=environment)
        if expect is not None and result.exit_code != expect:
            raise AssertionError(
                f"`bazaar {shlex.join(argv)}` exited {result.exit_code}, expected {expect}\n"
                f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}\n"
                f"exception: {result.exception!r}"
            )
        return result

    def index(self) -> None:
        """Run the indexer in-process until it has caught up with the chain's head."""
        settings = IndexerSettings(
            rpc_url=self.node.url,
            db_url=self.db_url,
            deployment=self.manifest_path,
            finality_depth=2,
        )
        with self._index_lock:
            indexer = build_indexer(settings)
            try:
                indexer.run(follow=False, stop=threading.Event())
            finally:
                indexer.close()

    def api(self, path: str, *, status: int = 200, **params: Any) -> Any:
        """``GET`` an API path (after indexing to head) and return its JSON body."""
        self.index()
        response = httpx.get(f"{self.api_url}{path}", params=params, timeout=30)
        assert response.status_code == status, f"GET {path}: {response.status_code} {response.text}"
        return response.json()

    def feed_item(self, kind: str, seller: str, subject_id: int) -> dict[str, Any]:
        """The feed item of ``kind`` about ``subject_id`` (an order or listing id)."""
        items = self.api("/v1/feed", kind=kind, seller=seller, limit=100)["data"]
        for item in items:
            if item["subject_id"] == str(subject_id):
                found: dict[str, Any] = item
                return found
        raise AssertionError(f"no {kind} feed item for {subject_id} of {seller}: {items}")

    def market(self, account: LocalAccount | None = None) -> MarketplaceClient:
        """A Marketplace client (read-only without ``account``)."""
        return MarketplaceClient.from_manifest(self.w3, self.deployment.manifest, account)

    def mint(self, to: str, amount: int) -> None:
        """Mint ``amount`` (smallest units) of the test token to ``to``."""
        token = self.w3.eth.contract(address=self.token, abi=list(load_artifact("TestToken").abi))
        data = token.encode_abi("mint", args=[to, amount])
        Transactor(self.w3, DEPLOYER).send({"to": self.token, "data": data}, contract="TestToken")

    def advance_time(self, seconds: int) -> None:
        """Move the chain's clock forward and mine a block."""
        self.w3.provider.make_request("evm_increaseTime", [seconds])  # type: ignore[arg-type]
        self.w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]


def deploy_test_token(w3: Web3) -> str:
    """Deploy the demo's test stablecoin (TestToken "Test USD", 6 decimals)."""
    artifact = load_artifact("TestToken")
    deployed = deploy_contract(
        Transactor(w3, DEPLOYER), artifact, ("Test USD", "TUSD", TOKEN_DECIMALS)
    )
    return deployed.address


@contextmanager
def serve_api(settings: ApiSettings, port: int) -> Iterator[str]:
    """Serve the API with uvicorn on ``port`` in a daemon thread; yield its base URL."""
    database = Database.connect(settings.db_url)
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, database), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, name="bazaar-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on port {port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        database.dispose()


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A uniquely named PostgreSQL database for one stack, dropped afterwards.

    Skips when the server is unreachable, unless ``CI=true`` (then it fails).
    """
    name = f"bazaar_cli_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(f"{POSTGRES_SERVER}/test", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI and unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES_SERVER}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{POSTGRES_SERVER}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def start_stack(directory: Path, db_url: str | None = None) -> Iterator[Stack]:
    """Start anvil, deploy everything and a test token, migrate the database (SQLite in
    ``directory`` unless ``db_url`` names another), serve the API."""
    db_url = db_url or f"sqlite:///{directory / 'bazaar.db'}"
    upgrade_indexer(db_url)
    upgrade_api(db_url)
    port = free_port()
    settings = ApiSettings(
        db_url=db_url,
        chain_id=31337,
        siwe_domain=f"127.0.0.1:{port}",
        siwe_uri=f"http://127.0.0.1:{port}",
        write_rate_limit=10_000,
        anonymous_rate_limit=10_000,
        feed_cache_ttl=0,
    )
    with start_anvil() as node:
        w3 = node.web3()
        deployment = deploy_all(w3, DEPLOYER, deployments_dir=directory / "deployments")
        token = deploy_test_token(w3)
        # The storefront names the test token before a wallet connects (api token_labels).
        settings.token_labels = {token: TokenLabel(symbol="TUSD", decimals=TOKEN_DECIMALS)}
        with serve_api(settings, port) as api_url:
            yield Stack(
                node=node,
                w3=w3,
                deployment=deployment,
                token=token,
                db_url=db_url,
                api_url=api_url,
                keystore_dir=directory / "keystores",
                settings=settings,
            )


def last_int(text: str, label: str) -> int:
    """The integer printed after ``label`` in CLI output (``listing 3`` → 3)."""
    for line in reversed(text.splitlines()):
        words = line.split()
        for index, word in enumerate(words[:-1]):
            if word == label and words[index + 1].rstrip(".,:").isdigit():
                return int(words[index + 1].rstrip(".,:"))
    raise AssertionError(f"no '{label} <number>' in output:\n{text}")


def one_line_error(result: Result) -> str:
    """The CLI's error: one red line on stderr, no traceback; returns it."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


LISTING_METADATA: dict[str, Any] = {
    "kind": "listing",
    "version": 1,
    "title": "Hasselblad 500C/M",
    "description": "Medium-format camera body with an 80 mm lens.",
    "category": "electronics/cameras",
    "condition": "used",
    "specs": {"weight": {"value": 1360, "unit": "g"}},
}


def write_json(path: Path, data: Any) -> Path:
    """Write ``data`` as JSON to ``path`` and return the path."""
    path.write_text(json.dumps(data))
    return path
