"""Bring the whole demo up and down: anvil, contracts, API, seeding, indexer, keeper.

:class:`Demo` does the steps in the order they depend on each other:

1. anvil (genesis 40 days in the past, so the seeded history ends near "now") and every
   contract deployed, plus the test stablecoin;
2. ``bazaar api --migrate`` on a fresh SQLite file in the demo directory;
3. documents uploaded, then the chain seeded (:func:`bazaar.demo.seed.seed_chain`);
4. ``bazaar index`` following the chain; once it caught up, the social writes that refer to
   indexed listings and orders (:func:`bazaar.demo.seed.seed_social`);
5. ``bazaar keeper``, which from then on settles whatever falls due.

:meth:`Demo.stop` undoes it in reverse order and is safe to call at any point.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bazaar.api_client import BazaarApi
from bazaar.demo.actors import DAY, Cast, seeding_web3
from bazaar.demo.catalog import STABLECOIN
from bazaar.demo.processes import Child, DemoProcessError, shielded, spawn
from bazaar.demo.seed import SeedReport, seed_chain, seed_social
from chain.anvil import AnvilNode, dev_account, port_is_free, start_anvil
from chain.deploy import PRODUCTION_CONTRACTS, Deployment, deploy_all, dev_token
from chain.errors import ChainError

GENESIS_AGE = 40 * DAY
KEEPER_ACCOUNT = 9
# The seeding signs in eight accounts from one IP within a minute; the defaults (20
# anonymous writes a minute) are for the internet, not for one laptop.
DEMO_API_ENV = {"BAZAAR_ANONYMOUS_RATE_LIMIT": "500", "BAZAAR_WRITE_RATE_LIMIT": "500"}


class DemoError(ChainError):
    """The demo cannot start (a port is taken, a step failed)."""


@dataclass
class DemoConfig:
    """Where the demo runs.

    Attributes:
        demo_dir: Holds the SQLite database, the children's logs and sealed shipping
            envelopes; emptied of them at every start.
        host: Interface every server binds to.
        rpc_port: anvil's JSON-RPC port.
        api_port: The API's port.
        deployments_dir: Where the manifest goes (default: ``./deployments``).
        keeper: Also run ``bazaar keeper``.
        timeout: Seconds each wait (API up, indexer caught up) may take.
    """

    demo_dir: Path = Path(".demo")
    host: str = "127.0.0.1"
    rpc_port: int = 8545
    api_port: int = 8000
    deployments_dir: Path | None = None
    keeper: bool = True
    timeout: float = 60.0

    @property
    def db_url(self) -> str:
        """The demo's SQLite database."""
        return f"sqlite:///{self.demo_dir.resolve() / 'bazaar.db'}"

    @property
    def api_url(self) -> str:
        """Base URL of the API."""
        return f"http://{self.host}:{self.api_port}"


@dataclass
class Demo:
    """A running demo; :meth:`start` brings it up, :meth:`stop` takes it down."""

    config: DemoConfig
    node: AnvilNode | None = None
    deployment: Deployment | None = None
    report: SeedReport | None = None
    children: list[Child] = field(default_factory=list)
    social_writes: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time the block as step ``name`` (seconds in :attr:`timings`)."""
        started = time.monotonic()
        try:
            yield
        finally:
            self.timings[name] = time.monotonic() - started

    def check_ports(self) -> None:
        """Refuse to start when a port is taken.

        Raises:
            DemoError: Names the port and the option that changes it.
        """
        for port, option in (
            (self.config.rpc_port, "--rpc-port"),
            (self.config.api_port, "--api-port"),
        ):
            if not port_is_free(port, self.config.host):
                raise DemoError(
                    f"port {port} on {self.config.host} is already in use (another demo or "
                    f"`bazaar chain up`?); stop it or pass {option} with a free port"
                )
        if self.config.rpc_port == self.config.api_port:
            raise DemoError("--rpc-port and --api-port must differ")

    def reset_dir(self) -> None:
        """Remove the previous run's database, logs and envelopes."""
        directory = self.config.demo_dir
        directory.mkdir(parents=True, exist_ok=True)
        for name in ("bazaar.db", "bazaar.db-wal", "bazaar.db-shm"):
            (directory / name).unlink(missing_ok=True)
        for folder in ("logs", "shipping"):
            for path in sorted((directory / folder).glob("*")):
                path.unlink()

    def start(self) -> None:
        """Every step of the module docstring; on failure, what started is stopped.

        Raises:
            DemoError: A port is taken or a child died.
            BazaarError: A step failed (the message says which).
        """
        self.check_ports()
        self.reset_dir()
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        config = self.config
        genesis = int(time.time()) - GENESIS_AGE
        with self.phase("anvil"), shielded():
            self.node = start_anvil(
                config.rpc_port,
                host=config.host,
                extra_args=["--timestamp", str(genesis)],
                die_with_parent=True,
            )
        w3 = seeding_web3(self.node.url)
        with self.phase("deploy"):
            deployer = dev_account(0)
            # tUSD is deployed with the rest, so the manifest lists it like every contract.
            contracts = (*PRODUCTION_CONTRACTS, dev_token(*STABLECOIN))
            self.deployment = deploy_all(
                w3, deployer, contracts=contracts, deployments_dir=config.deployments_dir
            )
            token = self.deployment.address("TestToken")
        # Started once the stablecoin exists, so its shell can name it before a wallet connects.
        labels = {token: {"symbol": STABLECOIN[1], "decimals": STABLECOIN[2]}}
        env = {**DEMO_API_ENV, "BAZAAR_TOKEN_LABELS": json.dumps(labels)}
        api_child = self._spawn("api", "api", self._api_args(), env)
        cast = Cast(w3, self.deployment.manifest, token)
        manifest = str(self.manifest_path())
        api = BazaarApi(config.api_url)
        try:
            with self.phase("api"):
                api.wait_until_up(config.timeout, api_child.running)
            # The indexer starts (slowly: imports) while the chain is seeded, and follows it.
            index_args = ["--rpc", self.node.url, "--db", config.db_url, "--no-migrate"]
            self._spawn("index", "indexer", [*index_args, "--deployment", manifest])
            with self.phase("seed"):
                self.report = seed_chain(cast, api, config.demo_dir)
            with self.phase("index"):
                self.wait_for_index(api, self.report.last_block)
            with self.phase("social"):
                self.social_writes = seed_social(cast, api, self.report)
        finally:
            api.close()
        if config.keeper:
            keeper_args = ["keeper", "--rpc", self.node.url, "--deployment", manifest]
            self._spawn(
                "keeper", "bazaar.cli", [*keeper_args, "--dev-account", str(KEEPER_ACCOUNT)]
            )

    def _api_args(self) -> list[str]:
        config = self.config
        return [
            *("--db", config.db_url, "--host", config.host, "--port", str(config.api_port)),
            *("--migrate", "--log-level", "warning"),
        ]

    def _spawn(
        self, name: str, module: str, args: list[str], env: dict[str, str] | None = None
    ) -> Child:
        with shielded():
            child = spawn(name, module, args, self.config.demo_dir / "logs", env)
            self.children.append(child)
        return child

    def manifest_path(self) -> Path:
        """Where the deployment manifest was written."""
        if self.deployment is None or self.deployment.path is None:
            raise DemoError("nothing is deployed yet")
        return self.deployment.path.resolve()

    def wait_for_index(self, api: BazaarApi, block: int) -> None:
        """Wait until the indexer has indexed ``block`` (read from ``/health``) and the
        feed the API serves has items.

        Raises:
            DemoProcessError: A child died meanwhile.
            DemoError: The indexer did not get there within the timeout, or it did and the
                feed is still empty.
        """
        deadline = time.monotonic() + self.config.timeout
        while time.monotonic() < deadline:
            self.check()
            status = api.health().get("indexer") or {}
            if int(status.get("indexed_block", -1)) >= block:
                if api.feed(limit=1)["count"] == 0:
                    raise DemoError(
                        f"the indexer reached block {block} but the feed is empty; "
                        f"see {self.config.demo_dir / 'logs' / 'index.log'}"
                    )
                return
            time.sleep(0.2)
        raise DemoError(f"the indexer did not reach block {block} in {self.config.timeout:.0f}s")

    def check(self) -> None:
        """Raise if anvil or a child exited.

        Raises:
            DemoProcessError: Which one, with its last output lines.
        """
        if self.node is not None and not self.node.running():
            raise DemoProcessError(f"anvil exited with code {self.node.process.returncode}")
        for child in self.children:
            child.check()

    def stop(self) -> dict[str, int]:
        """Stop the keeper, indexer and API, then anvil; their exit codes by name."""
        codes: dict[str, int] = {}
        for child in reversed(self.children):
            codes[child.name] = child.stop()
        if self.node is not None:
            codes["anvil"] = self.node.stop()
        return codes

    def pids(self) -> list[int]:
        """Process ids of every child and anvil (for tests and the summary)."""
        found = [child.pid for child in self.children]
        if self.node is not None:
            found.append(self.node.process.pid)
        return found


def default_demo_dir() -> Path:
    """``$BAZAAR_DEMO_DIR`` or ``./.demo``."""
    from bazaar.settings import AppSettings

    return AppSettings().demo_dir
