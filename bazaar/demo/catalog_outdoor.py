"""What the outdoor shop rents out and sells on installments (EMI).

Same conventions as :mod:`bazaar.demo.catalog`: metadata documents with uniform specs,
prices in wei (rentals: per day).
"""

from __future__ import annotations

from bazaar.demo.catalog import MILLI, USD, Item, listing_document

# Rental listings of the outdoor shop (ETH per day); one per rental stage.
RENTAL_ITEMS: dict[str, Item] = {
    item.key: item
    for item in (
        Item(
            "tent",
            8 * MILLI,
            listing_document(
                "MSR Hubba Hubba 2-person tent",
                "outdoor/camping/tents",
                "Three-season backpacking tent. Footprint and stakes included.",
                condition="used",
                brand="MSR",
                specs={"weight": (1_540, "g"), "capacity": (2, None)},
            ),
        ),
        Item(
            "kayak",
            25 * MILLI,
            listing_document(
                "Oru Kayak Beach LT folding kayak",
                "outdoor/water/kayaks",
                "Folds into a box, sets up in ten minutes. Paddle and vest on request.",
                brand="Oru Kayak",
                specs={"weight": (12_000, "g"), "length": (3_660, "mm")},
            ),
        ),
        Item(
            "drone",
            30 * MILLI,
            listing_document(
                "DJI Mini 3 Pro drone with three batteries",
                "electronics/drones",
                "Under 250 g, 4K video, obstacle sensing. Charging hub included.",
                condition="like_new",
                brand="DJI",
                model="Mini 3 Pro",
                specs={"weight": (249, "g"), "flight_time": (2_040, "s")},
            ),
        ),
        Item(
            "gopro",
            10 * MILLI,
            listing_document(
                "GoPro HERO11 Black action camera kit",
                "electronics/cameras/action",
                "Chest mount, head strap, floating grip and two 128 GB cards.",
                brand="GoPro",
                model="HERO11 Black",
                specs={"weight": (154, "g"), "storage": (256_000_000_000, "B")},
            ),
        ),
        Item(
            "sup",
            15 * MILLI,
            listing_document(
                "Inflatable stand-up paddle board, 10'6\"",
                "outdoor/water/paddle-boards",
                "Stable all-round board with pump, paddle and leash.",
                condition="used",
                specs={"weight": (9_500, "g"), "length": (3_200, "mm")},
            ),
        ),
    )
}

# EMI (installment plan) listings of the outdoor shop.
PLAN_ITEMS: dict[str, Item] = {
    item.key: item
    for item in (
        Item(
            "ebike",
            1_200 * MILLI,
            listing_document(
                "Cowboy 4 electric bike",
                "mobility/e-bikes",
                "Belt drive, automatic assistance, 70 km range. Paid over 6 months.",
                brand="Cowboy",
                model="4",
                specs={"weight": (18_900, "g"), "battery": (360, "Wh"), "motor": (250, "W")},
            ),
        ),
        Item(
            "laptop",
            1_499 * USD,
            listing_document(
                "Framework Laptop 13, Ryzen 7, 32 GB",
                "electronics/computers/laptops",
                "Repairable laptop, 1 TB SSD. Paid in 4 monthly installments of tUSD.",
                brand="Framework",
                model="Laptop 13",
                specs={
                    "weight": (1_300, "g"),
                    "memory": (34_359_738_368, "B"),
                    "storage": (1_000_000_000_000, "B"),
                },
            ),
        ),
    )
}
