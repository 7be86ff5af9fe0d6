"""api/routes/feed.py: keyset pages both ways, Link headers, filters, finality, following."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from api_helpers import ALICE, BOB, CAROL, ApiClient
from chain_rows import ETH, ChainRows
from eth_utils.address import to_checksum_address

from indexer.models import FeedKind

TOKEN = "0x" + "7e" * 20
TOKEN_CHECKSUM = to_checksum_address(TOKEN)  # the indexer stores checksummed addresses


def purchase(
    block: int, log: int, buyer: str = CAROL.address, seller: str = ALICE.address, **extra: Any
) -> dict[str, Any]:
    return {
        "block": block,
        "log": log,
        "kind": "purchased",
        "actor": buyer,
        "seller": seller,
        "buyer": buyer,
        "token": ETH,
        "amount": 10**16,
        **extra,
    }


@pytest.fixture
def twelve_items(chain: ChainRows) -> list[str]:
    """Twelve purchases over six blocks (two per block); cursors newest first."""
    chain.status(head=100, finalized=3)
    chain.feed(*(purchase(block, log) for block in range(1, 7) for log in (0, 1)))
    return [f"{block}.{log}" for block in range(6, 0, -1) for log in (1, 0)]


def links(response: Any) -> dict[str, str]:
    return {
        rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers["link"])
    }


def walk_older(client: ApiClient, url: str) -> list[str]:
    """Every cursor from ``url`` on, following rel="next" until there is none."""
    seen: list[str] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.text
        seen += [item["cursor"] for item in response.json()["data"]]
        url = links(response).get("next", "")
    return seen


def test_first_page_is_the_newest_items(client: ApiClient, twelve_items: list[str]) -> None:
    body = client.get("/v1/feed?limit=5").json()
    assert [item["cursor"] for item in body["data"]] == twelve_items[:5]
    assert body["count"] == 5 and body["end"] is False
    assert body["next_cursor"] == twelve_items[4] and body["prev_cursor"] == twelve_items[0]
    assert body["data"][0]["amount"] == str(10**16)


def test_next_links_walk_to_an_explicit_end(client: ApiClient, twelve_items: list[str]) -> None:
    assert walk_older(client, "/v1/feed?limit=5") == twelve_items
    last = client.get(f"/v1/feed?limit=5&before={twelve_items[9]}")
    assert last.json()["end"] is True and last.json()["next_cursor"] is None
    assert "next" not in links(last)


def test_prev_links_walk_back_to_the_newest(client: ApiClient, twelve_items: list[str]) -> None:
    pages: list[list[str]] = []
    url = f"/v1/feed?limit=5&after={twelve_items[-1]}"
    while True:
        response = client.get(url)
        cursors = [item["cursor"] for item in response.json()["data"]]
        if not cursors:
            assert response.json()["prev_cursor"] == twelve_items[0]  # poll here for new items
            break
        pages.append(cursors)
        url = links(response)["prev"]
    assert pages[0] == twelve_items[6:11]
    assert [cursor for page in reversed(pages) for cursor in page] == twelve_items[:11]


def test_after_page_knows_older_items_exist(client: ApiClient, twelve_items: list[str]) -> None:
    body = client.get(f"/v1/feed?limit=3&after={twelve_items[6]}").json()
    assert [item["cursor"] for item in body["data"]] == twelve_items[3:6]
    assert body["end"] is False and body["next_cursor"] == twelve_items[5]


def test_empty_feed_ends_at_once(client: ApiClient, chain: ChainRows) -> None:
    body = client.get("/v1/feed").json()
    assert body == {"data": [], "count": 0, "next_cursor": None, "prev_cursor": None, "end": True}


def test_link_header_follows_rfc_8288(client: ApiClient, twelve_items: list[str]) -> None:
    response = client.get("/v1/feed?limit=5&kind=purchased")
    found = links(response)
    assert set(found) == {"first", "next", "prev"}
    assert found["next"].endswith(f"limit=5&kind=purchased&before={twelve_items[4]}")
    assert "before" not in found["first"] and "after" not in found["first"]


def test_cursor_pages_are_stable_while_new_items_arrive(
    client: ApiClient, chain: ChainRows, twelve_items: list[str]
) -> None:
    first = client.get("/v1/feed?limit=4").json()
    chain.status(head=200, finalized=3)
    chain.feed(*(purchase(block, 0) for block in range(50, 60)))
    rest = walk_older(client, f"/v1/feed?limit=4&before={first['next_cursor']}")
    assert [item["cursor"] for item in first["data"]] + rest == twelve_items
    newer = client.get(f"/v1/feed?limit=20&after={first['prev_cursor']}").json()
    assert [item["cursor"] for item in newer["data"]] == [f"{b}.0" for b in range(59, 49, -1)]


def test_items_say_whether_they_are_final(client: ApiClient, twelve_items: list[str]) -> None:
    data = client.get("/v1/feed?limit=20").json()["data"]
    assert {item["cursor"]: item["final"] for item in data} == {
        cursor: int(cursor.split(".")[0]) <= 3 for cursor in twelve_items
    }


def test_filters_by_kind_seller_and_token(client: ApiClient, chain: ChainRows) -> None:
    chain.status(head=10, finalized=0)
    chain.feed(
        purchase(1, 0),
        purchase(2, 0, seller=BOB.address),
        purchase(3, 0, token=TOKEN_CHECKSUM),
        {
            "block": 4,
            "log": 0,
            "kind": "listing_created",
            "actor": BOB.address,
            "seller": BOB.address,
            "token": ETH,
        },
    )

    def cursors(query: str) -> list[str]:
        response = client.get(f"/v1/feed?{query}")
        assert response.status_code == 200, response.text
        return [item["cursor"] for item in response.json()["data"]]

    assert cursors("kind=listing_created") == ["4.0"]
    assert cursors("kind=listing_created&kind=purchased") == ["4.0", "3.0", "2.0", "1.0"]
    assert cursors(f"seller={BOB.address.lower()}") == ["4.0", "2.0"]
    assert cursors(f"token={TOKEN}") == ["3.0"]
    assert cursors(f"seller={ALICE.address}&token={ETH}&kind=purchased") == ["1.0"]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("before=1.0&after=2.0", 400),
        ("before=abc", 422),
        ("after=1", 422),
        ("limit=0", 422),
        ("seller=0x1234", 422),
        ("kind=" + "x" * 33, 422),  # not a FeedKind (was a 400 when kinds were free strings)
        ("kind=nonsense", 422),
        ("category=x", 422),  # a parameter the route does not take
        ("&".join(["kind=purchased"] * 17), 400),  # more than MAX_KINDS
    ],
)
def test_bad_feed_queries_are_refused(
    client: ApiClient, chain: ChainRows, query: str, status: int
) -> None:
    assert client.get(f"/v1/feed?{query}").status_code == status


def test_an_unknown_kind_is_refused_naming_the_valid_ones(
    client: ApiClient, chain: ChainRows
) -> None:
    response = client.get("/v1/feed?kind=nonsense")
    assert response.status_code == 422
    message = response.json()["detail"][0]["msg"]
    assert all(f"'{kind.value}'" in message for kind in FeedKind)
    stream = client.get("/v1/stream?kind=nonsense")
    assert stream.status_code == 422


def test_an_unknown_query_parameter_is_refused_naming_the_accepted_ones(
    client: ApiClient, chain: ChainRows
) -> None:
    response = client.get("/v1/feed?limit=2&category=x&colour=red")
    assert response.status_code == 422
    assert response.json() == {
        "detail": "unknown query parameters category, colour; this route accepts "
        "after, before, kind, limit, seller, token",
        "code": "UnknownQueryParameter",
    }


def test_the_storefront_filters_by_feed_kinds_only() -> None:
    """web/src/features/feed/kinds.ts sends its groups' kinds as ``kind=``: each must be a
    FeedKind, or the storefront's filter would get a 422."""
    source = (Path(__file__).parents[2] / "web/src/features/feed/kinds.ts").read_text()
    groups = re.findall(r"kinds: \[([^\]]*)\]", source)
    sent = {kind for group in groups for kind in re.findall(r'"([a-z_]+)"', group)}
    assert groups and sent <= {kind.value for kind in FeedKind}, sent - set(FeedKind)


def test_the_storefront_has_a_sentence_for_every_feed_kind() -> None:
    """kinds.ts's VERBS must name exactly the FeedKinds: a kind the API adds without a
    sentence would show as its raw name, a sentence for a kind the API dropped is dead."""
    source = (Path(__file__).parents[2] / "web/src/features/feed/kinds.ts").read_text()
    verbs = re.search(r"const VERBS: Record<string, string> = \{(.*?)\n\};", source, re.S)
    assert verbs is not None, "kinds.ts no longer declares VERBS"
    said = set(re.findall(r"^\s*([a-z_]+): \"[^\"]+\",$", verbs.group(1), re.M))
    assert said == {kind.value for kind in FeedKind}, (
        sorted(set(FeedKind) - said),
        sorted(said - set(FeedKind)),
    )


def test_feed_kinds_are_listed_in_openapi(client: ApiClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["components"]["schemas"]["FeedKind"]["enum"] == [k.value for k in FeedKind]


def test_limit_is_capped(client: ApiClient, chain: ChainRows) -> None:
    chain.status(head=300, finalized=0)
    chain.feed(*(purchase(block, 0) for block in range(1, 131)))
    assert client.get("/v1/feed?limit=1000").json()["count"] == client.settings.max_page_size


def test_following_feed_shows_followed_actors_and_sellers(
    client: ApiClient, chain: ChainRows
) -> None:
    chain.status(head=10, finalized=0)
    dave = "0x" + "da" * 20
    chain.feed(
        purchase(1, 0, buyer=dave, seller=ALICE.address),
        purchase(2, 0, buyer=dave, seller="0x" + "ee" * 20),
        {
            "block": 3,
            "log": 0,
            "kind": "listing_created",
            "actor": BOB.address,
            "seller": BOB.address,
            "token": ETH,
        },
        purchase(4, 0, buyer=BOB.address, seller="0x" + "ee" * 20),
    )
    carol = client.sign_in(CAROL)
    assert client.get("/v1/feed/following", headers=carol).json()["data"] == []
    client.put(f"/v1/follows/{ALICE.address}", headers=carol)
    client.put(f"/v1/follows/{BOB.address}", headers=carol)
    body = client.get("/v1/feed/following", headers=carol).json()
    assert [item["cursor"] for item in body["data"]] == ["4.0", "3.0", "1.0"]
    assert client.get("/v1/feed/following").status_code == 401


def test_first_page_cache_serves_new_items_after_its_ttl(
    client: ApiClient, chain: ChainRows, twelve_items: list[str]
) -> None:
    from api.core.cache import VersionedCache

    cache: VersionedCache[Any] = client.http.app.state.feed_cache  # type: ignore[attr-defined]
    cache.ttl = 3600
    assert client.get("/v1/feed?limit=1").json()["data"][0]["cursor"] == twelve_items[0]
    chain.feed(purchase(90, 0))
    assert client.get("/v1/feed?limit=1").json()["data"][0]["cursor"] == twelve_items[0]
    cache._checked_at = float("-inf")  # the ttl has passed
    assert client.get("/v1/feed?limit=1").json()["data"][0]["cursor"] == "90.0"


def test_cached_first_page_answers_like_the_route_and_is_counted(
    client: ApiClient, chain: ChainRows, twelve_items: list[str]
) -> None:
    from api.core.cache import VersionedCache

    cache: VersionedCache[Any] = client.http.app.state.feed_cache  # type: ignore[attr-defined]
    cache.ttl = 3600
    origin = {"Origin": "https://shop.example"}
    rendered = client.get("/v1/feed?limit=2", headers=origin)  # renders and fills the cache
    assert client.get("/v1/feed?limit=2&kind=rented").status_code == 200  # another key, not a hit
    chain.feed(purchase(90, 0))  # the version is not checked again within the ttl
    hit = client.get("/v1/feed?limit=2", headers=origin)
    assert hit.content == rendered.content
    assert hit.json()["data"][0]["cursor"] == twelve_items[0]
    for header in ("link", "content-type", "content-length", "access-control-allow-origin"):
        assert hit.headers[header] == rendered.headers[header]
    bad = client.get("/v1/feed?limit=0")  # never cached: validation still answers
    assert bad.status_code == 422
    before = _feed_requests_counted(client)
    assert client.get("/v1/feed?limit=2").content == rendered.content
    assert _feed_requests_counted(client) == before + 1


def _feed_requests_counted(client: ApiClient) -> float:
    counted = re.search(
        r'bazaar_api_requests_total\{method="GET",route="/v1/feed",status="200"\} (\S+)',
        client.get("/metrics").text,
    )
    assert counted is not None
    return float(counted.group(1))


def test_one_feed_item_by_id_until_a_reorg_removes_it(client: ApiClient, chain: ChainRows) -> None:
    chain.status(head=100, finalized=3)
    chain.feed(purchase(2, 0), purchase(8, 1))
    items = client.get("/v1/feed").json()["data"]
    newest = items[0]
    one = client.get(f"/v1/feed/items/{newest['id']}")
    assert one.status_code == 200
    assert one.json() == newest
    assert client.get(f"/v1/feed/items/{items[1]['id']}").json()["final"] is True

    chain.reorg(5)  # block 8 is gone
    gone = client.get(f"/v1/feed/items/{newest['id']}")
    assert gone.status_code == 404
    assert gone.json()["code"] == "ResourceNotFound"
    assert client.get("/v1/feed/items/0").status_code == 422
