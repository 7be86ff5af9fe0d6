"""Seed reviews with responses, review credits spent at checkout, and a promotion.

Review texts and responses are documents uploaded to the API first; the chain commits their
hashes. Buyers review sellers (earning credits), sellers answer some reviews and review
their buyers (earning credits too). A buyer then pays part of a purchase in credits, and
the camera shop burns the credits it holds to promote a listing.
"""

from __future__ import annotations

from dataclasses import dataclass

from bazaar.api_client import BazaarApi
from bazaar.demo.actors import Cast
from bazaar.demo.catalog import RESPONSES, REVIEWS, SELLER_REVIEW, SELLERS
from bazaar.demo.seed_market import MarketSeed
from chain.reputation.types import Deal, Review

DEV_ACCOUNTS = 10


@dataclass
class ReviewSeed:
    """Counts of what this step did on chain."""

    reviews: int = 0
    responses: int = 0
    credits_spent: int = 0
    promoted: int = 0


def _review_document(title: str | None, text: str) -> dict[str, object]:
    document: dict[str, object] = {"kind": "review", "version": 1, "text": text}
    if title:
        document["title"] = title
    return document


class ReviewSeeder:
    """Posts the reviews of :data:`bazaar.demo.catalog.REVIEWS` on the seeded deals."""

    def __init__(self, cast: Cast, api: BazaarApi, market: MarketSeed) -> None:
        """Review the deals ``market`` recorded, uploading texts through ``api``."""
        self.cast = cast
        self.api = api
        self.market = market
        self.index = {cast.address(i): i for i in range(DEV_ACCOUNTS)}
        self.seed = ReviewSeed()

    def fresh(self, deal: Deal, as_index: int) -> Deal:
        """``deal`` as the chain has it now (flags and review times change it)."""
        return self.cast.reputation(as_index).deal_from_chain(deal.source, deal.id)

    def buyer_reviews(self) -> None:
        """Each reviewed deal gets the buyer's rating and text; some get an answer."""
        for key, (rating, title, text) in REVIEWS.items():
            deal = self.market.deals[key]
            buyer = self.index[deal.buyer]
            text_hash = self.api.upload(self.cast.account(buyer), _review_document(title, text))
            review = Review(
                rating=rating,
                quality=rating,
                as_described=rating,
                delivery=rating if rating > 3 else rating - 1,  # the slow shipment
                communication=rating,
                text_hash=text_hash,
            )
            self.cast.reputation(buyer).post_review(deal, review)
            self.seed.reviews += 1
            if key in RESPONSES:
                seller = self.index[deal.seller]
                response = {"kind": "response", "version": 1, "text": RESPONSES[key]}
                response_hash = self.api.upload(self.cast.account(seller), response)
                self.cast.reputation(seller).post_response(self.fresh(deal, seller), response_hash)
                self.seed.responses += 1

    def seller_reviews(self) -> None:
        """The camera shop reviews its buyers back, which earns it credits too."""
        rating, title, text = SELLER_REVIEW
        seller = SELLERS["cameras"].account
        text_hash = self.api.upload(self.cast.account(seller), _review_document(title, text))
        for key in ("x100", "ricoh", "lens"):
            deal = self.fresh(self.market.deals[key], seller)
            self.cast.reputation(seller).post_review(
                deal, Review(rating=rating, text_hash=text_hash)
            )
            self.seed.reviews += 1

    def spend_and_promote(self) -> None:
        """A buyer pays part of a roll of film in credits; the shop promotes a camera."""
        shop = SELLERS["cameras"].account
        film = self.market.listings["film"]
        self.cast.market(shop).set_credit_cap(film, 5_000)
        buyer = 4  # reviewed two camera deals
        earned = self.cast.credits(buyer).balance_of(self.cast.address(buyer))
        price = self.cast.market(buyer).get_listing(film).price
        spend = min(earned, price // 2)
        if spend:
            self.cast.market(buyer).purchase_with_credits(film, credits=spend, max_price=price)
            self.seed.credits_spent = spend
        held = self.cast.credits(shop).balance_of(self.cast.address(shop))
        if held:
            market = self.cast.market(shop).address
            self.cast.credits(shop).promote(market, self.market.listings["x100"], held)
            self.seed.promoted = held

    def run(self) -> ReviewSeed:
        """Every step in order."""
        self.buyer_reviews()
        self.seller_reviews()
        self.spend_and_promote()
        return self.seed
