"""Seed a realistic marketplace: documents through the API, then the chain, then social data.

The order matters. Listing metadata is uploaded to the API first, because listings commit
its hash; then the chain is seeded (plans first, since they need time to pass, then the
Marketplace, reviews and rentals); social writes (profiles, follows, likes, comments and
answers, a shared purchase) go last, once the indexer has the listings and orders they
refer to (:func:`seed_social`).

Example:
    >>> token = deploy_stablecoin(w3, dev_account(0), *STABLECOIN)  # doctest: +SKIP
    >>> cast = Cast(w3, manifest, token)  # doctest: +SKIP
    >>> report = seed_chain(cast, BazaarApi(api_url))  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bazaar.api_client import BazaarApi
from bazaar.demo.actors import DAY, Cast
from bazaar.demo.catalog import BUYERS, COMMENTS, MARKET_ITEMS, QUESTIONS, SELLERS, USD
from bazaar.demo.catalog_outdoor import PLAN_ITEMS, RENTAL_ITEMS
from bazaar.demo.seed_market import TERMS, MarketSeed, MarketSeeder
from bazaar.demo.seed_rentals import RentalSeed, RentalSeeder
from bazaar.demo.seed_reviews import ReviewSeed, ReviewSeeder

STABLECOIN_PER_BUYER = 10_000 * USD


@dataclass(frozen=True)
class SeedReport:
    """Everything the seeding created, by name."""

    documents: dict[str, str]
    market: MarketSeed
    reviews: ReviewSeed
    rentals: RentalSeed
    first_block: int
    last_block: int


def upload_metadata(cast: Cast, api: BazaarApi) -> dict[str, str]:
    """Upload every item's metadata, signed in as its seller; item key → hash."""
    hashes: dict[str, str] = {}
    for key, item in MARKET_ITEMS.items():
        seller = SELLERS[TERMS[key][0]].account
        hashes[key] = api.upload(cast.account(seller), item.metadata)
    outdoor = cast.account(SELLERS["outdoor"].account)
    for key, item in {**RENTAL_ITEMS, **PLAN_ITEMS}.items():
        hashes[key] = api.upload(outdoor, item.metadata)
    return hashes


def seed_chain(cast: Cast, api: BazaarApi, demo_dir: Path | None = None) -> SeedReport:
    """Upload the documents, then run every on-chain step; what was created.

    Raises:
        ApiError: The API refused an upload.
        ChainError: A transaction reverted (decoded) or the node failed.
    """
    first_block = int(cast.w3.eth.block_number)
    documents = upload_metadata(cast, api)
    for buyer in BUYERS:
        cast.mint(cast.address(buyer), STABLECOIN_PER_BUYER)
    rentals = RentalSeeder(cast, documents)
    rentals.run_plans()
    cast.increase_time(DAY)
    market = MarketSeeder(cast, documents, demo_dir).run()
    cast.increase_time(DAY)
    reviews = ReviewSeeder(cast, api, market).run()
    cast.increase_time(DAY // 2)
    rental_seed = rentals.run_rentals()
    return SeedReport(
        documents=documents,
        market=market,
        reviews=reviews,
        rentals=rental_seed,
        first_block=first_block,
        last_block=int(cast.w3.eth.block_number),
    )


def upload_envelopes(api: BazaarApi, market: MarketSeed) -> int:
    """Hand every seeded order's sealed address to the API (``PUT /v1/orders/{id}/shipping-
    envelope``, the route a browser checkout uses), so sellers open them in the storefront.

    Call it once the indexer has the seeded orders: the API accepts an envelope only for an
    order whose ``shippingRef`` is its hash. Returns the number of envelopes uploaded.
    """
    uploaded = 0
    before: str | None = None
    while True:
        params: dict[str, str | int] = {"limit": 100} | ({"before": before} if before else {})
        page = api.request("GET", "/v1/orders", params=params).json()
        for order in page["data"]:
            envelope = market.sealed.get(order["shipping_ref"])
            if envelope is not None:
                path = f"/v1/orders/{order['order_id']}/shipping-envelope"
                api.request("PUT", path, json={"envelope": "0x" + envelope.hex()})
                uploaded += 1
        before = page["next_cursor"]
        if before is None:
            return uploaded


def seed_social(cast: Cast, api: BazaarApi, report: SeedReport) -> int:
    """Profiles, follows, likes, comments, questions with answers; the number of writes.

    Call it once the indexer has the seeded listings and orders (the API checks them).
    Starts with the orders' sealed shipping addresses (:func:`upload_envelopes`).
    """
    writes = upload_envelopes(api, report.market)
    for seller in SELLERS.values():
        account = cast.account(seller.account)
        api.save_profile(account, display_name=seller.name, bio=seller.bio, public=True)
        writes += 1
    buyer = cast.account(4)
    api.save_profile(buyer, display_name="ada.eth", bio="Film photographer.", public=True)
    api.share_purchase(buyer, report.market.orders["x100_completed"])
    writes += 2
    for index, buyer_index in enumerate(BUYERS):
        follower = cast.account(buyer_index)
        for seller in list(SELLERS.values())[: 1 + index % len(SELLERS)]:
            api.follow(follower, cast.address(seller.account))
            writes += 1
    listings = report.market.listings
    for offset, (key, body) in enumerate(COMMENTS):
        api.comment(cast.account(BUYERS[offset]), listings[key], body, "comment")
        api.like(cast.account(BUYERS[offset]), listings[key])
        writes += 2
    for offset, (key, question, answer) in enumerate(QUESTIONS):
        asker = cast.account(BUYERS[-1 - offset])
        comment_id = api.comment(asker, listings[key], question, "question")
        shop = SELLERS[TERMS[key][0]].account
        api.answer(cast.account(shop), comment_id, answer)
        writes += 2
    return writes
