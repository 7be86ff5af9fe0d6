"""Fixtures and helpers for the rentals, installments and keeper CLI tests.

These journeys travel in time, so each test module gets its own stack (``start_stack`` from
``cli_helpers``: anvil, every contract, the test token, the indexer's SQLite file and a live
API) instead of the session's shared one, whose other journeys must not see the clock jump.
Tests that only read the chain run in an ``evm_snapshot`` reverted afterwards (``fresh``).
Journeys that end in the API index the chain, so they run on the module's chain without a
snapshot (``chain``): reverting blocks the indexer has seen would look like a reorg deeper
than its finality window. They create their own listings and read back only their own rows,
and compare amounts per deal (the API's rental and plan rows), not account balances that
earlier journeys also moved.

Accounts: dev 0 deploys and is owner, arbiter and fee recipient; dev 1 is the lender or
seller; dev 2 the renter or buyer; dev 5 the keeper.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from cli_helpers import TEST_SCRYPT_N, TOKEN_DECIMALS, Stack, start_stack
from typer.testing import Result

from bazaar.commands.common import keystores
from chain.anvil import dev_account
from chain.deploy import Deployment

DAY = 24 * 60 * 60
DEPLOYER, LENDER, RENTER, KEEPER = 0, 1, 2, 5
__all__ = ["TOKEN_DECIMALS"]


@dataclass(frozen=True)
class DealChain:
    """A module's own stack, with shortcuts for the deal journeys."""

    stack: Stack

    @property
    def w3(self) -> Any:
        return self.stack.w3

    @property
    def deployment(self) -> Deployment:
        return self.stack.deployment

    @property
    def manifest(self) -> Any:
        return self.stack.deployment.manifest

    @property
    def token(self) -> str:
        return self.stack.token

    def cli(self, *args: str, dev: int | None = None, env: dict[str, str] | None = None) -> Result:
        """Run ``bazaar ARGS`` (``--dev-account dev`` if given) against this stack."""
        extra = ["--dev-account", str(dev)] if dev is not None else []
        return self.stack.cli(*args, *extra, env=env, expect=None)

    def ok(self, *args: str, dev: int | None = None) -> str:
        """:meth:`cli` that must succeed; its standard output."""
        result = self.cli(*args, dev=dev)
        assert result.exit_code == 0, result.output
        return result.stdout

    def api(self, path: str, **params: Any) -> Any:
        """``GET`` an API path after indexing to the chain's head."""
        return self.stack.api(path, **params)

    def feed_kinds(self, subject_type: str, subject_id: int, seller: str) -> list[str]:
        """Kinds of the feed items about one rental or plan of ``seller``, oldest first."""
        kinds: list[str] = []
        page = self.api("/v1/feed", seller=seller, limit=100)
        while True:
            kinds += [
                item["kind"]
                for item in page["data"]
                if (item["subject_type"], item["subject_id"]) == (subject_type, str(subject_id))
            ]
            if page["end"]:
                return kinds[::-1]
            page = self.api("/v1/feed", seller=seller, limit=100, before=page["next_cursor"])

    def travel(self, seconds: int) -> None:
        """Move anvil's clock forward and mine a block."""
        self.stack.advance_time(seconds)

    def keystore(self, name: str, password: str) -> None:
        """Create an (unfunded) keystore in the stack's keystore directory."""
        keystores(self.stack.keystore_dir, scrypt_n=TEST_SCRYPT_N).create(name, password)


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DealChain]:
    with start_stack(tmp_path_factory.mktemp("deal-stack")) as stack:
        stack.mint(dev_account(RENTER).address, 1_000_000 * 10**TOKEN_DECIMALS)
        yield DealChain(stack)


@pytest.fixture
def fresh(chain: DealChain) -> Iterator[DealChain]:
    """The module's chain, reverted (state and clock) after the test; never index in it."""
    snapshot = chain.w3.provider.make_request("evm_snapshot", [])["result"]
    yield chain
    chain.w3.provider.make_request("evm_revert", [snapshot])


def number_after(pattern: str, output: str) -> int:
    """The integer that follows ``pattern`` in ``output`` (e.g. ``rental (\\d+)``)."""
    found = re.search(pattern, output)
    assert found is not None, f"{pattern!r} not in {output!r}"
    return int(found.group(1))


def assert_clean_failure(result: Result, *fragments: str) -> None:
    """Exit code 1, one red ``error:`` line containing every fragment, no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.output
    for fragment in fragments:
        assert fragment in errors[0], result.output


def json_lines(output: str) -> list[dict[str, Any]]:
    """The JSON objects among ``output``'s lines."""
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]
