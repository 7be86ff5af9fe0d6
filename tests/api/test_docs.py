"""api/routes/docs.py: /docs and /redoc load nothing from outside the API's origin."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from api.core.config import ApiSettings
from api.main import create_app


class References(HTMLParser):
    """Every ``src`` and ``href`` in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def references(html: str) -> list[str]:
    parser = References()
    parser.feed(html)
    return parser.urls


@pytest.fixture
def http() -> Iterator[TestClient]:
    with TestClient(create_app(ApiSettings(db_url="sqlite:///:memory:"))) as client:
        yield client


@pytest.mark.parametrize(
    ("page", "assets"),
    [
        (
            "/docs",
            {
                "/docs/assets/swagger-ui-bundle.js": ("javascript", "SwaggerUIBundle"),
                "/docs/assets/swagger-ui.css": ("text/css", ".swagger-ui"),
                "/docs/assets/favicon.png": ("image/png", "PNG"),
            },
        ),
        (
            "/redoc",
            {
                "/docs/assets/redoc.standalone.js": ("javascript", "Redoc"),
                "/docs/assets/favicon.png": ("image/png", "PNG"),
            },
        ),
    ],
)
def test_docs_page_and_its_assets_come_from_this_origin(
    http: TestClient, page: str, assets: dict[str, tuple[str, str]]
) -> None:
    response = http.get(page)
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    html = response.text
    assert not re.search(r"https?:|//[a-z]", html, re.IGNORECASE), "an external origin"
    assert sorted(set(references(html))) == sorted(assets)
    assert "/openapi.json" in html and http.get("/openapi.json").status_code == 200
    for url, (kind, marker) in assets.items():
        asset = http.get(url)
        assert asset.status_code == 200, url
        assert kind in asset.headers["content-type"], url
        assert len(asset.content) > 1000 and marker.encode() in asset.content, url


def test_swagger_ui_does_not_call_the_online_validator(http: TestClient) -> None:
    assert '"validatorUrl": null' in http.get("/docs").text
