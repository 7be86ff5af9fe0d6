"""Fixtures for the indexer tests: a fresh chain with Bazaar deployed, and databases.

Every database test runs on SQLite and on PostgreSQL (the ``db_url`` fixture is
parametrized). PostgreSQL tests get a throwaway database per session (created here, dropped
at the end) and a fresh schema per URL, so parallel runs never collide. Without a
PostgreSQL server the PostgreSQL cases are skipped, except in CI (``CI=true``), where that
is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from indexer_helpers import Chain, start_chain

PG_ADMIN_URL = os.environ.get("BAZAAR_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")

DbFactory = Callable[[], str]


def _psycopg(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """A throwaway PostgreSQL database for this session (its URL), or None if no server."""
    try:
        admin = psycopg.connect(_psycopg(PG_ADMIN_URL), autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI but unreachable at {PG_ADMIN_URL}: {exc}")
        yield None
        return
    name = f"bazaar_idx_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend under test."""
    return str(request.param)


@pytest.fixture
def new_db(backend: str, tmp_path: Path, pg_database: str | None) -> Iterator[DbFactory]:
    """A factory of empty databases of the backend under test (URLs)."""
    schemas: list[str] = []
    counter = iter(range(1_000_000))

    def make() -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / f'index-{next(counter)}.db'}"
        if pg_database is None:
            pytest.skip("no PostgreSQL server at " + PG_ADMIN_URL)
        schema = f"s_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(_psycopg(pg_database), autocommit=True) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
        schemas.append(schema)
        return f"{pg_database}?options=-csearch_path%3D{schema}"

    yield make
    if schemas and pg_database is not None:
        with psycopg.connect(_psycopg(pg_database), autocommit=True) as connection:
            for schema in schemas:
                connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def db_url(new_db: DbFactory) -> str:
    """An empty database of the backend under test."""
    return new_db()


@pytest.fixture
def chain(tmp_path: Path) -> Iterator[Chain]:
    """A fresh anvil with Bazaar and a test token deployed (one per test)."""
    with start_chain(tmp_path / "deployments") as fresh:
        yield fresh
