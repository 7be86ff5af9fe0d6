"""Helpers shared by the chain/ tests (plain functions; fixtures live in conftest.py)."""

from __future__ import annotations

from typing import Any

from web3 import Web3

from chain.marketplace.client import MarketplaceClient

DAY = 24 * 60 * 60


def increase_time(w3: Web3, seconds: int) -> None:
    """Move anvil's clock forward and mine a block."""
    w3.provider.make_request("evm_increaseTime", [seconds])  # type: ignore[arg-type]
    w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]


def create_escrow_listing(seller: MarketplaceClient, *, price: int = 10**16, **kw: Any) -> int:
    """Create an escrowed ETH listing (1 day handling, 3 days auto-release); its id."""
    result = seller.create_listing(
        price=price,
        stock=kw.pop("stock", 10),
        escrow=True,
        handling_time=DAY,
        auto_release_window=3 * DAY,
        **kw,
    )
    return int(result.event("ListingCreated").args["listingId"])
