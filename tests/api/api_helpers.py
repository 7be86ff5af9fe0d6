"""Helpers for api/ tests: throwaway PostgreSQL databases, table cleanup, signed-in clients."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount
from fastapi.testclient import TestClient
from sqlalchemy import text

import api.models
import indexer.models
from api.core.config import ApiSettings
from api.core.db import Database
from wallet.siwe import build_siwe_message, sign_siwe_message

POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"
ALICE: LocalAccount = Account.from_key("0x" + "a1" * 32)
BOB: LocalAccount = Account.from_key("0x" + "b2" * 32)
CAROL: LocalAccount = Account.from_key("0x" + "c3" * 32)


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Create a uniquely named database, yield its URL, drop it afterwards.

    Skips the test when the server is unreachable, unless ``CI=true`` (then it fails).
    """
    name = f"bazaar_api_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
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


ALL_TABLES = api.models.TABLE_NAMES + indexer.models.TABLE_NAMES


def empty_tables(database: Database, tables: tuple[str, ...] = ALL_TABLES) -> None:
    """Delete every row of ``tables`` (and the SQLite search index)."""
    with database.writer.begin() as connection:
        for table in tables:
            connection.execute(text(f"DELETE FROM {table}"))
        if database.dialect == "sqlite":
            connection.execute(text("DELETE FROM documents_fts"))


def siwe_text(
    settings: ApiSettings,
    account: LocalAccount,
    nonce: str,
    **overrides: Any,
) -> str:
    """A sign-in message for ``settings`` (fields overridable to test refusals)."""
    fields: dict[str, Any] = {
        "domain": settings.siwe_domain,
        "address": account.address,
        "uri": settings.siwe_uri,
        "chain_id": settings.chain_id,
        "nonce": nonce,
        "scheme": settings.siwe_scheme,
        "statement": settings.siwe_statement,
        "expiration_time": datetime.now(UTC) + timedelta(minutes=10),
    }
    fields.update(overrides)
    return build_siwe_message(**fields).to_text()


def signed(account: LocalAccount, message_text: str) -> dict[str, str]:
    """The body of ``POST /v1/auth/verify`` for ``message_text`` signed by ``account``."""
    from wallet.siwe import parse_siwe_message

    signature = sign_siwe_message(account, parse_siwe_message(message_text))
    return {"message": message_text, "signature": signature}


@dataclass
class ApiClient:
    """A TestClient that can sign in as a test account."""

    http: TestClient
    settings: ApiSettings

    def nonce(self) -> str:
        response = self.http.post("/v1/auth/nonce")
        assert response.status_code == 201, response.text
        return str(response.json()["nonce"])

    def sign_in(self, account: LocalAccount) -> dict[str, str]:
        """Sign in as ``account``; the Authorization header to send."""
        message = siwe_text(self.settings, account, self.nonce())
        response = self.http.post("/v1/auth/verify", json=signed(account, message))
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.http.get(url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.http.post(url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.http.put(url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.http.patch(url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.http.delete(url, **kwargs)
