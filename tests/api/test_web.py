"""The storefront served by the API (api/web.py): the shell at every client route, its
config and a listing's OpenGraph meta rendered and escaped, and no API path shadowed."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_helpers import ALICE, ApiClient
from chain_rows import ChainRows
from eth_utils.address import to_checksum_address as to_checksum
from fastapi.testclient import TestClient

from api.core.config import ApiSettings
from api.core.db import Database
from api.main import create_app

SHELL = """<!doctype html><html><head><title>Bazaar</title><!--bazaar-meta--></head>
<body><div id="root"></div><!--bazaar-config-->
<script src="/assets/app.js"></script></body></html>"""
ETH_TOKEN = "0x0000000000000000000000000000000000000000"
HOSTILE = 'Camera "<script>alert(1)</script>" & co'


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(SHELL)
    (tmp_path / "assets" / "app.js").write_text("console.log('app')")
    (tmp_path / "robots.txt").write_text("User-agent: *")
    return tmp_path


@pytest.fixture
def web(settings: ApiSettings, database: Database, dist: Path) -> Iterator[ApiClient]:
    settings.web_dist = dist
    with TestClient(create_app(settings, database)) as test_client:
        yield ApiClient(test_client, settings)


def config_of(page: str) -> dict[str, object]:
    match = re.search(r'<script id="bazaar-config" type="application/json">(.*?)</script>', page)
    assert match, page
    loaded: dict[str, object] = json.loads(match.group(1))
    return loaded


def test_client_routes_get_the_app_shell_with_the_deployment(web: ApiClient) -> None:
    for path in ("/", "/orders", "/sell", "/listings/999", "/some/client/route"):
        response = web.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert '<div id="root">' in response.text
        assert config_of(response.text)["chainId"] == web.settings.chain_id
    assert web.get("/assets/app.js").text == "console.log('app')"
    assert web.get("/robots.txt").text == "User-agent: *"


def test_api_paths_are_never_shadowed(web: ApiClient) -> None:
    unknown = web.get("/v1/no-such-route")
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "ResourceNotFound"
    assert web.get("/openapi.json").json()["info"]["title"] == "Bazaar API"
    assert web.get("/assets/missing.js").status_code == 404
    assert web.post("/v1/no-such-route").status_code == 404
    assert web.post("/v1/feed").status_code == 405
    assert web.post("/orders").status_code == 404
    assert web.get("/v1/feed").json()["data"] == []
    assert web.get("/index.html").text.count("bazaar-config") == 1  # rendered, not raw


def test_a_listing_page_carries_its_meta_escaped(web: ApiClient, chain: ChainRows) -> None:
    document = {
        "kind": "listing",
        "version": 1,
        "title": HOSTILE,
        "description": "Boxed </title><script>x()</script>",
        "category": "electronics/cameras",
        "condition": "used",
        "images": ['https://img.example/a.jpg?x=1&y="2"'],
    }
    stored = web.post("/v1/documents", json=document, headers=web.sign_in(ALICE))
    assert stored.status_code == 201, stored.text
    chain.listing(3, ALICE.address, price=25 * 10**16, metadata_hash=stored.json()["hash"])

    page = web.get("/listings/3").text
    assert "<script>alert" not in page and "<script>x()" not in page
    title = f"{html.escape(HOSTILE)} — 0.25 ETH — Bazaar"
    assert f"<title>{title}</title>" in page
    assert page.count("<title>") == 1
    assert f'<meta property="og:title" content="{html.escape(HOSTILE)}" />' in page
    assert 'property="og:image" content="https://img.example/a.jpg?x=1&amp;y=&quot;2&quot;"' in page
    assert f'content="{ALICE.address}"' in page  # product:seller
    assert "0.25 ETH · sold by " in page
    assert "<title>Bazaar</title>" in web.get("/listings/4").text  # unknown: the plain shell


def test_the_config_cannot_close_its_script_element(web: ApiClient, database: Database) -> None:
    page = web.get("/").text
    body = page.split('type="application/json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body


def test_without_a_built_app_the_root_says_how_to_build_it(
    settings: ApiSettings, database: Database, tmp_path: Path
) -> None:
    settings.web_dist = tmp_path / "missing"
    with TestClient(create_app(settings, database)) as client:
        response = client.get("/")
        assert response.status_code == 503
        assert "make build" in response.text
        assert client.get("/v1/feed").status_code == 200


def test_a_public_profile_page_carries_its_meta_escaped(web: ApiClient) -> None:
    headers = web.sign_in(ALICE)
    update = {"display_name": "Ali <b>ce</b>", "bio": 'Cameras & "lenses"', "public": True}
    assert web.patch("/v1/profiles/me", json=update, headers=headers).status_code == 200
    page = web.get(f"/profiles/{ALICE.address.lower()}").text
    assert "<title>Ali &lt;b&gt;ce&lt;/b&gt; — Bazaar</title>" in page
    assert 'content="Cameras &amp; &quot;lenses&quot;"' in page
    assert f'content="http://testserver/profiles/{ALICE.address}"' in page
    nobody = "0x" + "12" * 20
    assert "<title>Bazaar</title>" in web.get(f"/profiles/{nobody}").text  # nothing public


def test_the_shell_names_the_labelled_tokens(web: ApiClient) -> None:
    token = "0x5fbdb2315678afecb367f032d93f642f64180aa3"
    web.settings.token_labels = ApiSettings(
        token_labels={token: {"symbol": "tUSD", "decimals": 6}}
    ).token_labels
    config = config_of(web.get("/").text)
    assert config["tokens"] == {to_checksum(token): {"symbol": "tUSD", "decimals": 6}}


@pytest.mark.parametrize(
    ("labels", "complaint"),
    [
        ({"not-an-address": {"symbol": "X", "decimals": 6}}, "is not an address"),
        ({ETH_TOKEN: {"symbol": "X", "decimals": 77}}, "less than or equal to 36"),
        ({ETH_TOKEN: {"symbol": "<b>", "decimals": 6}}, "should match pattern"),
    ],
)
def test_token_labels_are_refused_when_malformed(labels: object, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        ApiSettings(token_labels=labels)


def test_a_feed_item_page_carries_its_meta_escaped(web: ApiClient, chain: ChainRows) -> None:
    document = {
        "kind": "listing",
        "version": 1,
        "title": HOSTILE,
        "category": "electronics/cameras",
        "condition": "used",
        "images": ["https://img.example/cam.jpg"],
    }
    stored = web.post("/v1/documents", json=document, headers=web.sign_in(ALICE))
    assert stored.status_code == 201, stored.text
    chain.listing(3, ALICE.address, price=25 * 10**16, metadata_hash=stored.json()["hash"])
    chain.status(head=20, finalized=10)
    buyer = "0x" + "b0" * 20
    chain.feed(
        {
            "block": 12,
            "log": 0,
            "kind": "purchased",
            "actor": buyer,
            "seller": ALICE.address,
            "subject_type": "order",
            "subject_id": (3 << 32) | 1,
        }
    )
    item_id = web.get("/v1/feed").json()["data"][0]["id"]

    page = web.get(f"/feed/{item_id}").text
    assert "<script>alert" not in page
    title = f"0xb0b0…b0b0 bought {html.escape(HOSTILE)}"
    assert f"<title>{title} — Bazaar</title>" in page
    assert page.count("<title>") == 1
    assert f'<meta property="og:title" content="{title}" />' in page
    assert f'<meta property="og:url" content="http://testserver/feed/{item_id}" />' in page
    assert 'content="0.25 ETH · sold by ' in page
    assert '<meta property="og:image" content="https://img.example/cam.jpg" />' in page
    assert '<meta name="twitter:card" content="summary_large_image" />' in page
    assert "<title>Bazaar</title>" in web.get(f"/feed/{item_id + 1}").text  # unknown: plain shell
