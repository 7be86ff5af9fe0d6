"""What the demo marketplace sells: sellers, items with uniform specs, review texts.

Items are plain data. Every ``metadata`` dict is a listing metadata document as
``POST /v1/documents`` takes it (docs/api.md): measured specs in one base unit per dimension
(grams, millimetres, bytes, watt-hours...), integers or decimal strings, never floats.
Prices are in wei for ETH items and in micro-dollars (6 decimals) for stablecoin items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ETHER = 10**18
MILLI = 10**15  # 0.001 ETH
USD = 10**6  # one unit of the 6-decimal test stablecoin

STABLECOIN = ("Bazaar Test USD", "tUSD", 6)


@dataclass(frozen=True)
class Seller:
    """A demo seller: which dev account, and the public profile it publishes."""

    account: int
    name: str
    bio: str


@dataclass(frozen=True)
class Item:
    """One thing for sale or rent: its price and its metadata document."""

    key: str
    price: int
    metadata: dict[str, Any] = field(repr=False)


def listing_document(
    title: str,
    category: str,
    description: str,
    *,
    condition: str = "new",
    brand: str | None = None,
    model: str | None = None,
    specs: dict[str, tuple[int | str | bool, str | None]] | None = None,
) -> dict[str, Any]:
    """A listing metadata document; ``specs`` maps a slug to (value, unit or None)."""
    document: dict[str, Any] = {
        "kind": "listing",
        "version": 1,
        "title": title,
        "description": description,
        "category": category,
        "condition": condition,
        "specs": {
            slug: ({"value": value, "unit": unit} if unit else {"value": value})
            for slug, (value, unit) in (specs or {}).items()
        },
    }
    if brand:
        document["brand"] = brand
    if model:
        document["model"] = model
    return document


SELLERS: dict[str, Seller] = {
    "cameras": Seller(1, "Northwind Cameras", "Used and new cameras, tested and cleaned."),
    "audio": Seller(2, "Atlas Audio", "Headphones and speakers, priced in stablecoin."),
    "outdoor": Seller(3, "Pine & Peak Outfitters", "Outdoor gear to rent, e-bikes on EMI."),
}

# Buyers are dev accounts 4-8; account 0 deploys, arbitrates and collects fees.
BUYERS = (4, 5, 6, 7, 8)

# Marketplace listings of the camera shop (ETH) and the audio shop (stablecoin).
MARKET_ITEMS: dict[str, Item] = {
    item.key: item
    for item in (
        Item(
            "x100",
            420 * MILLI,
            listing_document(
                "Fujifilm X100V compact camera, silver",
                "electronics/cameras",
                "23.5 mm f/2 lens, two batteries, original box. Shutter count 4,100.",
                condition="like_new",
                brand="Fujifilm",
                model="X100V",
                specs={
                    "weight": (478, "g"),
                    "sensor_resolution": (26_100_000, "px"),
                    "focal_length": (23, "mm"),
                    "aperture": ("f/2", None),
                },
            ),
        ),
        Item(
            "ricoh",
            260 * MILLI,
            listing_document(
                "Ricoh GR III street camera",
                "electronics/cameras",
                "Pocketable APS-C camera with a sharp 18.3 mm lens. Screen protector fitted.",
                condition="used",
                brand="Ricoh",
                model="GR III",
                specs={
                    "weight": (257, "g"),
                    "sensor_resolution": (24_200_000, "px"),
                    "focal_length": ("18.3", "mm"),
                },
            ),
        ),
        Item(
            "lens",
            95 * MILLI,
            listing_document(
                "Sony FE 50 mm f/1.8 lens",
                "electronics/cameras/lenses",
                "Light standard prime for Sony E-mount. Caps and hood included.",
                brand="Sony",
                model="SEL50F18F",
                specs={"weight": (186, "g"), "focal_length": (50, "mm")},
            ),
        ),
        Item(
            "film",
            12 * MILLI,
            listing_document(
                "Kodak Portra 400, 5 rolls",
                "photography/film",
                "35 mm colour negative film, fresh stock, kept refrigerated.",
                brand="Kodak",
                specs={"rolls": (5, None), "iso": (400, None)},
            ),
        ),
        Item(
            "headphones",
            279 * USD,
            listing_document(
                "Sony WH-1000XM5 noise-cancelling headphones",
                "electronics/audio/headphones",
                "Over-ear, 30 hours of battery, black. Includes the carry case.",
                brand="Sony",
                model="WH-1000XM5",
                specs={
                    "weight": (250, "g"),
                    "battery_life": (108_000, "s"),
                    "bluetooth": ("5.2", None),
                },
            ),
        ),
        Item(
            "speaker",
            129 * USD,
            listing_document(
                "JBL Charge 5 portable speaker, teal",
                "electronics/audio/speakers",
                "Waterproof (IP67) speaker with a power bank. 20 hours of play.",
                brand="JBL",
                model="Charge 5",
                specs={
                    "weight": (960, "g"),
                    "power": (40, "W"),
                    "battery": (7_500, "mAh"),
                    "waterproof": (True, None),
                },
            ),
        ),
        Item(
            "turntable",
            349 * USD,
            listing_document(
                "Audio-Technica AT-LP120X turntable",
                "electronics/audio/turntables",
                "Direct-drive turntable with a built-in phono preamp and USB output.",
                condition="refurbished",
                brand="Audio-Technica",
                model="AT-LP120XUSB",
                specs={"weight": (8_000, "g"), "speeds": ("33/45/78", None)},
            ),
        ),
        Item(
            "earbuds",
            89 * USD,
            listing_document(
                "Nothing Ear (2) wireless earbuds",
                "electronics/audio/headphones",
                "In-ear, active noise cancelling, wireless charging case.",
                brand="Nothing",
                model="Ear (2)",
                specs={"weight": (5, "g"), "battery_life": (22_000, "s")},
            ),
        ),
    )
}

REVIEWS: dict[str, tuple[int, str, str]] = {
    # key: (rating, title, text); each seller answers some of them.
    "x100": (5, "Exactly as described", "Mint condition, shipped the next day, well packed."),
    "ricoh": (4, "Great little camera", "Small scuff on the base not in the photos, works fine."),
    "headphones": (5, "Fast and honest", "Sealed box, paid in tUSD, arrived in two days."),
    "speaker": (3, "Good speaker, slow shipping", "Sound is great but it took a week to ship."),
    "lens": (5, "Sharp lens", "Perfect copy, no dust. Escrow made paying a stranger easy."),
}

RESPONSES: dict[str, str] = {
    "ricoh": "Sorry about the scuff: we missed it in the photos. Thanks for the fair review.",
    "speaker": "Thanks for the patience. We now ship from a second warehouse.",
}

SELLER_REVIEW = (5, None, "Quick payment and clear shipping details. Welcome back any time.")

COMMENTS: tuple[tuple[str, str], ...] = (
    ("x100", "Had one of these for years, still my favourite travel camera."),
    ("speaker", "Does this pair with two phones at once?"),
    ("turntable", "Lovely deck. Is the dust cover scratched?"),
)

QUESTIONS: tuple[tuple[str, str, str], ...] = (
    # (listing key, question, the seller's answer)
    ("ricoh", "Does it come with the original charger?", "Yes, charger and USB-C cable."),
    (
        "headphones",
        "Can I pay with a voucher?",
        "Yes, ask us for a 10% voucher code when you buy.",
    ),
)
