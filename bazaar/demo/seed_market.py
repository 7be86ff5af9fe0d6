"""Seed the Marketplace: listings, purchases on every path, vouchers, reviews, credits.

Buyers pay in ETH (camera shop) and in the test stablecoin (audio shop, with an approval or
an EIP-2612 permit), directly or through escrow. Escrowed orders end up completed, shipped,
paid and waiting, disputed and refunded. Shipping details are sealed to the seller's
published X25519 key with ``wallet`` envelopes: the chain sees only their hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from eth_account.signers.local import LocalAccount
from eth_utils.crypto import keccak

from bazaar.demo.actors import DAY, Cast
from bazaar.demo.catalog import MARKET_ITEMS, SELLERS
from chain.marketplace.types import Order, Voucher
from chain.reputation.types import Deal
from chain.tx import TxResult
from core.constants import ZERO_ADDRESS
from wallet.derived_keys import derive_shipping_key
from wallet.shipping import public_key_bytes
from wallet.shipping_details import ShippingDetails, published_key, seal_shipping_details

# Which shop sells which item, and how: (seller key, escrow, stock).
TERMS: dict[str, tuple[str, bool, int]] = {
    "x100": ("cameras", True, 4),
    "ricoh": ("cameras", False, 3),
    "lens": ("cameras", True, 10),
    "film": ("cameras", False, 40),
    "headphones": ("audio", False, 12),
    "speaker": ("audio", True, 8),
    "turntable": ("audio", True, 2),
    "earbuds": ("audio", False, 25),
}

ADDRESSES = (
    ShippingDetails(name="Ada Byron", street="12 St James's Sq", city="London", country="GB"),
    ShippingDetails(name="Grace Hopper", street="1 Navy Way", city="Arlington", country="US"),
    ShippingDetails(
        name="Alan Turing", street="Bletchley Park", city="Milton Keynes", country="GB"
    ),
    ShippingDetails(name="Hedy Lamarr", street="Argentinierstr. 8", city="Vienna", country="AT"),
    ShippingDetails(
        name="Katherine Johnson", street="3 Langley Blvd", city="Hampton", country="US"
    ),
)


def shipping_key(seller: LocalAccount) -> X25519PrivateKey:
    """The demo seller's X25519 key: derived from its signature as the storefront derives it
    (wallet.derived_keys), so the seller workspace in a browser opens the demo's addresses."""
    return derive_shipping_key(seller)


@dataclass
class MarketSeed:
    """What the Marketplace seeding produced, by name."""

    listings: dict[str, int] = field(default_factory=dict)
    orders: dict[str, int] = field(default_factory=dict)
    deals: dict[str, Deal] = field(default_factory=dict)
    envelopes: int = 0
    sealed: dict[str, bytes] = field(default_factory=dict)
    """Every sealed envelope by its ``shippingRef``, uploaded once the API has the orders."""


class MarketSeeder:
    """Runs the Marketplace part of the demo on a :class:`~bazaar.demo.actors.Cast`."""

    def __init__(self, cast: Cast, documents: dict[str, str], demo_dir: Path | None) -> None:
        """``documents`` maps item keys to their uploaded metadata hashes."""
        self.cast = cast
        self.documents = documents
        self.demo_dir = demo_dir
        self.seed = MarketSeed()

    # ------------------------------------------------------------------ helpers

    def seller_of(self, key: str) -> int:
        """The dev account selling item ``key``."""
        return SELLERS[TERMS[key][0]].account

    def ship_to(self, buyer: int, key: str) -> str:
        """Seal the buyer's address to the seller's key; the ``shippingRef`` for ``buy``."""
        seller = self.cast.address(self.seller_of(key))
        details = ADDRESSES[buyer % len(ADDRESSES)]
        sealed = seal_shipping_details(details, published_key(self.cast.market(buyer), seller))
        if self.demo_dir is not None:
            folder = self.demo_dir / "shipping"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{sealed.shipping_ref}.bin").write_bytes(sealed.envelope)
        self.seed.sealed[sealed.shipping_ref] = sealed.envelope
        self.seed.envelopes += 1
        return sealed.shipping_ref

    def record(self, name: str, result: TxResult) -> None:
        """Keep the deal ``result`` recorded (a direct purchase or a completion) as ``name``."""
        (deal,) = self.cast.reputation(0).deals_recorded(result)
        self.seed.deals[name] = deal

    def place(self, buyer: int, key: str, name: str, *, permit: bool = False) -> Order:
        """An escrowed purchase of one unit of ``key``; the rebuilt order."""
        market = self.cast.market(buyer)
        listing = self.seed.listings[key]
        ref = self.ship_to(buyer, key)
        result = market.buy_with_permit(listing, 1, ref) if permit else market.buy(listing, 1, ref)
        order_id = int(result.event("OrderPlaced").args["orderId"])
        self.seed.orders[name] = order_id
        return market.order_from_chain(order_id)

    # ------------------------------------------------------------------ steps

    def publish_keys(self) -> None:
        """Every seller publishes its shipping encryption key."""
        for seller in SELLERS.values():
            market = self.cast.market(seller.account)
            market.publish_encryption_key(public_key_bytes(shipping_key(market.transactor.account)))

    def list_items(self) -> None:
        """Create every Marketplace listing with its metadata hash."""
        for key, (shop, escrow, stock) in TERMS.items():
            seller = SELLERS[shop]
            token = self.cast.token if shop == "audio" else ZERO_ADDRESS
            result = self.cast.market(seller.account).create_listing(
                price=MARKET_ITEMS[key].price,
                stock=stock,
                token=token,
                escrow=escrow,
                handling_time=2 * DAY if escrow else 0,
                auto_release_window=7 * DAY if escrow else 0,
                metadata_hash=self.documents[key],
            )
            self.seed.listings[key] = int(result.event("ListingCreated").args["listingId"])

    def direct_purchases(self) -> None:
        """Direct purchases in ETH and in the stablecoin (approval and permit)."""
        ids = self.seed.listings
        self.record("ricoh", self.cast.market(4).buy(ids["ricoh"], 1, self.ship_to(4, "ricoh")))
        self.cast.market(5).buy(ids["film"], 2, self.ship_to(5, "film"))
        self.record(
            "headphones",
            self.cast.market(6).buy_with_permit(
                ids["headphones"], 1, self.ship_to(6, "headphones")
            ),
        )
        buyer = self.cast.market(7)
        buyer.approve_token(self.cast.token, 2 * MARKET_ITEMS["earbuds"].price)
        buyer.buy(ids["earbuds"], 2, self.ship_to(7, "earbuds"))

    def escrow_orders(self) -> None:
        """Escrowed orders: completed, shipped, waiting, disputed and refunded."""
        cameras, audio = self.cast.market(1), self.cast.market(2)
        x100 = self.place(4, "x100", "x100_completed")
        cameras.ship(x100, keccak(b"DHL 1Z999AA10123456784"))
        self.record("x100", self.cast.market(4).confirm_delivery(cameras.order_from_chain(x100.id)))
        lens = self.place(5, "lens", "lens_completed")
        cameras.ship(lens, keccak(b"UPS 1Z12345E0205271688"))
        self.record("lens", self.cast.market(5).confirm_delivery(cameras.order_from_chain(lens.id)))
        shipped = self.place(6, "x100", "x100_shipped")
        cameras.ship(shipped, keccak(b"DHL 1Z999AA10123456799"))
        self.place(7, "lens", "lens_paid")
        buyer = self.cast.market(8)
        buyer.approve_token(self.cast.token, MARKET_ITEMS["speaker"].price)
        speaker = self.place(8, "speaker", "speaker_completed")
        audio.ship(speaker)
        self.record("speaker", buyer.confirm_delivery(audio.order_from_chain(speaker.id)))
        disputed = self.place(4, "turntable", "turntable_disputed", permit=True)
        self.cast.market(4).open_dispute(disputed, keccak(b"arrived with a cracked platter"))
        refunded = self.place(5, "speaker", "speaker_refunded", permit=True)
        audio.refund(refunded, refunded.amount)

    def vouchers(self) -> None:
        """Sellers sign vouchers; buyers redeem them at checkout."""
        now = self.cast.now()
        audio = self.cast.market(2)
        percent = Voucher(
            seller=audio.transactor.account.address,
            discount=1_000,
            percent=True,
            expiry=now + 30 * DAY,
            nonce=1,
            listing_id=self.seed.listings["headphones"],
            token=self.cast.token,
            max_redemptions=5,
        )
        buyer = self.cast.market(5)
        price = MARKET_ITEMS["headphones"].price
        buyer.approve_token(self.cast.token, price - percent.discount_on(price))
        signature = audio.voucher_book().sign(percent)
        buyer.purchase_with_voucher(
            self.seed.listings["headphones"], percent, signature, 1, self.ship_to(5, "headphones")
        )
        cameras = self.cast.market(1)
        fixed = Voucher(
            seller=cameras.transactor.account.address,
            discount=2 * 10**15,
            expiry=now + 30 * DAY,
            nonce=1,
            min_spend=10**16,
        )
        self.cast.market(8).purchase_with_voucher(
            self.seed.listings["film"],
            fixed,
            cameras.voucher_book().sign(fixed),
            1,
            self.ship_to(8, "film"),
        )

    def run(self) -> MarketSeed:
        """Every step in order."""
        self.publish_keys()
        self.list_items()
        self.cast.increase_time(DAY // 2)
        self.direct_purchases()
        self.escrow_orders()
        self.vouchers()
        return self.seed
