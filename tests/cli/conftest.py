"""Fixtures for CLI tests: one stack (anvil, contracts, indexer, API) per test session, on
SQLite (``stack``) and, for the PostgreSQL journeys, on a throwaway database (``pg_stack``).

Journeys share the chain, so each test creates its own listings and orders and reads back
only those. See ``cli_helpers.Stack`` for what the stack offers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cli_helpers import Stack, start_stack, throwaway_postgres


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Anvil with every contract and a test token, the indexer's SQLite file, a live API."""
    with start_stack(tmp_path_factory.mktemp("cli-stack")) as running:
        yield running


@pytest.fixture(scope="session")
def pg_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The same stack over a throwaway PostgreSQL database (skipped without a server)."""
    with throwaway_postgres() as url, start_stack(tmp_path_factory.mktemp("cli-pg"), url) as s:
        yield s
