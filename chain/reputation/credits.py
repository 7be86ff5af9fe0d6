"""Typed client of a ReviewCredits contract (review credits of one payment token).

Credits cannot be transferred or approved, so this client has no ``transfer`` or
``approve``: the contract would revert with ``ReviewCreditsNonTransferable``. They are
minted by Reputation for reviews, spent at checkout with
:meth:`chain.marketplace.client.MarketplaceClient.buy_with_credits`, and burned by a seller with
:meth:`ReviewCreditsClient.promote`.

Example:
    >>> credits = ReviewCreditsClient.from_manifest(w3, manifest, seller)  # doctest: +SKIP
    >>> balance = credits.balance_of(seller.address)  # doctest: +SKIP
    >>> credits.promote(marketplace_address, listing_id, balance)  # doctest: +SKIP
"""

from __future__ import annotations

from chain.contract import OwnableClient
from chain.tx import TxResult


class ReviewCreditsClient(OwnableClient):
    """A deployed ReviewCredits contract, used from one account (or read-only)."""

    contract_name = "ReviewCredits"

    # ---------------------------------------------------------------- the allowed moves

    def promote(self, market: str, listing_id: int, amount: int) -> TxResult:
        """Burn ``amount`` of this seller's credits to promote its listing ``listing_id``."""
        return self._transact("promote", market, listing_id, amount)

    def mint(self, to: str, amount: int) -> TxResult:
        """Mint credits (the Reputation contract only; any other caller reverts)."""
        return self._transact("mint", to, amount)

    def spend(self, source: str, to: str, amount: int) -> TxResult:
        """Move credits at checkout (registered markets only; any other caller reverts)."""
        return self._transact("spend", source, to, amount)

    # ---------------------------------------------------------------- admin (owner only)

    def set_spender(self, spender: str, allowed: bool) -> TxResult:
        """Allow or forbid a market to spend credits at checkout."""
        return self._transact("setSpender", spender, allowed)

    # ---------------------------------------------------------------- views

    def name(self) -> str:
        """The credits' name, e.g. ``Bazaar ETH Review Credits``."""
        return str(self._call("name"))

    def symbol(self) -> str:
        """The credits' symbol, e.g. ``bcETH``."""
        return str(self._call("symbol"))

    def decimals(self) -> int:
        """Decimals, those of the underlying token."""
        return int(self._call("decimals"))

    def total_supply(self) -> int:
        """Credits in existence."""
        return int(self._call("totalSupply"))

    def balance_of(self, account: str) -> int:
        """Credits held by ``account``."""
        return int(self._call("balanceOf", account))

    def allowance(self, owner: str, spender: str) -> int:
        """Always 0: credits cannot be approved."""
        return int(self._call("allowance", owner, spender))

    def reputation(self) -> str:
        """The Reputation contract, the only minter."""
        return str(self._call("reputation"))

    def underlying(self) -> str:
        """The payment token credits are denominated in, zero address for ETH."""
        return str(self._call("underlying"))

    def is_spender(self, spender: str) -> bool:
        """Whether ``spender`` may spend credits at checkout."""
        return bool(self._call("isSpender", spender))
