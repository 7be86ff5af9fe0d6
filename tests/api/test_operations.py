"""api/core/config.py, routes/health.py, core/metrics.py, CORS and the migrations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from api_helpers import ApiClient, throwaway_postgres
from chain_rows import ChainRows
from pydantic import ValidationError
from sqlalchemy import inspect

import api.models
from api.core.config import ApiSettings
from api.core.db import Database
from api.errors import ServiceUnavailableError
from api.migrate import alembic_config, current_revision, downgrade, ensure_schema, upgrade


def test_settings_come_from_bazaar_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAZAAR_CHAIN_ID", "8453")
    monkeypatch.setenv("BAZAAR_CORS_ORIGINS", '["https://shop.example"]')
    settings = ApiSettings()
    assert settings.chain_id == 8453 and settings.cors_origins == ["https://shop.example"]


def test_production_refuses_laptop_defaults() -> None:
    with pytest.raises(ValidationError) as caught:
        ApiSettings(environment="production")
    message = str(caught.value)
    for variable in ("BAZAAR_SIWE_DOMAIN", "BAZAAR_SIWE_URI", "BAZAAR_CORS_ORIGINS"):
        assert variable in message


def test_production_accepts_explicit_public_settings() -> None:
    settings = ApiSettings(
        environment="production",
        siwe_domain="bazaar.example",
        siwe_uri="https://bazaar.example/login",
        cors_origins=["https://bazaar.example"],
    )
    assert settings.siwe_scheme == "https"


def test_production_refuses_a_local_allowed_sign_in_domain() -> None:
    with pytest.raises(ValidationError, match="BAZAAR_SIWE_ALLOWED_DOMAINS names 127.0.0.1:8000"):
        ApiSettings(
            environment="production",
            siwe_domain="bazaar.example",
            siwe_uri="https://bazaar.example/login",
            siwe_allowed_domains=["shop.bazaar.example", "127.0.0.1:8000"],
            cors_origins=["https://bazaar.example"],
        )
    with pytest.raises(ValidationError, match="is not a host"):
        ApiSettings(siwe_allowed_domains=["not a host"])


@pytest.mark.parametrize(
    "fields",
    [
        {"siwe_domain": "not a host"},
        {"siwe_uri": "relative/path"},
        {"moderators": ["0x1234"]},
        {"feed_page_size": 150, "max_page_size": 100},
    ],
)
def test_invalid_settings_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        ApiSettings(**fields)  # type: ignore[arg-type]


def test_moderators_are_checksummed() -> None:
    lower = "0x" + "ab" * 20
    assert ApiSettings(moderators=[lower]).moderators == [
        "0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB"
    ]


def test_health_is_ok_with_an_indexer_close_to_the_head(
    client: ApiClient, chain: ChainRows
) -> None:
    chain.status(head=100, indexed=90, finalized=36)
    response = client.get("/health")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ok" and body["database"] is True
    assert (body["indexer"]["lag"], body["indexer"]["finalized_block"]) == (10, 36)
    assert "bazaar_api_indexer_lag_blocks 10.0" in client.get("/metrics").text


def test_health_is_503_while_the_indexer_lags(client: ApiClient, chain: ChainRows) -> None:
    chain.status(head=1000, indexed=900, finalized=0)
    response = client.get("/health")
    assert response.status_code == 503
    assert "100 blocks behind" in response.json()["problems"][0]


def test_health_is_503_before_the_indexer_ran(client: ApiClient) -> None:
    response = client.get("/health")
    assert response.status_code == 503 and response.json()["indexer"] is None


def test_health_is_503_for_another_chain(client: ApiClient, chain: ChainRows) -> None:
    chain.status(head=10, finalized=0)
    client.settings.chain_id = 1
    assert "indexes chain 31337" in client.get("/health").json()["problems"][0]


def test_health_is_503_when_the_database_is_gone(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from api.main import create_app

    missing = tmp_path / "missing" / "db.sqlite"
    app = create_app(ApiSettings(db_url=f"sqlite:///{missing}"))
    response = TestClient(app).get("/health")
    assert response.status_code == 503
    assert response.json()["database"] is False


def test_metrics_count_requests_by_route_template(client: ApiClient) -> None:
    client.get("/v1/documents/0x" + "cd" * 32)
    text = client.get("/metrics").text
    assert 'route="/v1/documents/{hash}"' in text
    assert 'status="404"' in text
    assert "0x" + "cd" * 32 not in text


def test_cors_preflight_allows_configured_origins(client: ApiClient) -> None:
    response = client.http.options(
        "/v1/follows",
        headers={"Origin": "https://any.example", "Access-Control-Request-Method": "PUT"},
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] in ("*", "https://any.example")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("OPTIONS", "/v1/follows/0x" + "ab" * 20, "PUT, DELETE"),  # two routes, one path
        ("PATCH", "/v1/follows/0x" + "ab" * 20, "PUT, DELETE"),
        ("POST", "/v1/profiles/me", "GET, PATCH, DELETE"),
        ("DELETE", "/v1/listings", "GET"),
    ],
)
def test_a_405_lists_every_method_the_path_serves(
    client: ApiClient, method: str, path: str, allow: str
) -> None:
    response = client.http.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.json()["code"] == "MethodNotAllowed"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database nobody migrated yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    with throwaway_postgres() as url:
        yield url


def test_migrations_match_the_models_and_revert(empty_url: str) -> None:
    database = Database.connect(empty_url)
    with pytest.raises(ServiceUnavailableError, match="bazaar api --migrate"):
        ensure_schema(database.reader)
    upgrade(empty_url)
    ensure_schema(database.reader)
    command.check(alembic_config(empty_url))  # raises if the models drifted from 0001
    assert set(api.models.TABLE_NAMES) <= set(inspect(database.reader).get_table_names())
    downgrade(empty_url)
    assert not set(api.models.TABLE_NAMES) & set(inspect(database.reader).get_table_names())
    assert current_revision(database.reader) is None
    database.dispose()


def test_serving_app_freezes_startup_objects_out_of_garbage_collection(
    settings: ApiSettings, database: Database
) -> None:
    import gc

    from fastapi.testclient import TestClient

    from api.main import create_app

    gc.unfreeze()
    try:
        with TestClient(create_app(settings, database)):
            assert gc.get_freeze_count() == 0  # tests and embedders keep the default
        with TestClient(create_app(settings, database, freeze_gc=True)) as client:
            assert gc.get_freeze_count() > 10_000
            assert client.get("/health").status_code in (200, 503)
    finally:
        gc.unfreeze()
