"""Fixtures for api/ tests: every test runs on SQLite and on PostgreSQL.

Each session migrates one SQLite file and one throwaway PostgreSQL database (created on the
server at 127.0.0.1:5432 and dropped afterwards, so parallel runs never collide); tests
start from empty tables. Without PostgreSQL the PostgreSQL half is skipped, except in CI
(``CI=true``), where a missing server fails the run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from api_helpers import ApiClient, empty_tables, throwaway_postgres
from chain_rows import ChainRows
from fastapi.testclient import TestClient

from api.core.config import ApiSettings
from api.core.db import Database
from api.main import create_app
from api.migrate import upgrade
from indexer.migrate import upgrade as upgrade_indexer

SIWE_DOMAIN = "bazaar.test"
SIWE_URI = "https://bazaar.test/login"
CHAIN_ID = 31337


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'api.db'}"
    upgrade_indexer(url)
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    with throwaway_postgres() as url:
        upgrade_indexer(url)
        upgrade(url)
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """The database of this run of the test, emptied first."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    database = Database.connect(db_url)
    empty_tables(database)
    yield database
    database.dispose()


@pytest.fixture
def settings(db_url: str) -> ApiSettings:
    return ApiSettings(
        db_url=db_url,
        chain_id=CHAIN_ID,
        siwe_domain=SIWE_DOMAIN,
        siwe_uri=SIWE_URI,
        write_rate_limit=1000,
        anonymous_rate_limit=1000,
        feed_cache_ttl=0,
        stream_poll_interval=0.05,
    )


@pytest.fixture
def client(settings: ApiSettings, database: Database) -> Iterator[ApiClient]:
    with TestClient(create_app(settings, database)) as test_client:
        yield ApiClient(test_client, settings)


@pytest.fixture
def chain(database: Database) -> ChainRows:
    """Writes indexer rows (feed items, listings, orders, ...) into the test database."""
    return ChainRows(database)


@pytest.fixture
def live_api(settings: ApiSettings, database: Database) -> Iterator[str]:
    """The API served by a real uvicorn in a thread (streams need a real server)."""
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, database), host="127.0.0.1", port=0, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
