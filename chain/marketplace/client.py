"""Typed client of the Marketplace: one method per contract function.

Transactions return a :class:`~chain.tx.TxResult` (receipt, gas used, decoded events).
Every call is simulated first, so a revert surfaces as a decoded
:class:`~chain.errors.ContractRevertError` (``MarketplaceNotBuyer(caller=..., buyer=...)``)
before anything is sent. Views live in :mod:`chain.marketplace.views`, the rebuilding of
orders from events in :mod:`chain.marketplace.rebuild`, voucher and credit purchases in
:mod:`chain.marketplace.discounts`, withdrawals and the admin in :mod:`chain.platform`.

Example:
    >>> seller = MarketplaceClient(w3, address, seller_account)  # doctest: +SKIP
    >>> listing_id = seller.create_listing(price=10**16, stock=5).event(
    ...     "ListingCreated").args["listingId"]  # doctest: +SKIP
    >>> buyer = MarketplaceClient(w3, address, buyer_account)  # doctest: +SKIP
    >>> order = buyer.order_from_chain(buyer.buy(listing_id).event("OrderPlaced")
    ...     .args["orderId"])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence

from chain.contract import to_bytes32
from chain.erc20 import Erc20Client
from chain.marketplace.discounts import MarketplaceDiscounts
from chain.marketplace.rebuild import order_from_chain
from chain.marketplace.types import Offer, Order
from chain.signing import Permit
from chain.tx import TxResult
from chain.types import ZERO_HASH
from core.constants import ZERO_ADDRESS


class MarketplaceClient(MarketplaceDiscounts):
    """A deployed Marketplace, used from one account (or read-only without one)."""

    # ---------------------------------------------------------------- listings

    def create_listing(
        self,
        *,
        price: int,
        stock: int,
        token: str = ZERO_ADDRESS,
        escrow: bool = False,
        handling_time: int = 0,
        auto_release_window: int = 0,
        metadata_hash: str | bytes = ZERO_HASH,
    ) -> TxResult:
        """Create a listing; its id is in the ``ListingCreated`` event."""
        return self._transact(
            "createListing",
            token,
            price,
            stock,
            escrow,
            handling_time,
            auto_release_window,
            to_bytes32(metadata_hash),
        )

    def update_listing(
        self, listing_id: int, *, price: int, stock: int, metadata_hash: str | bytes = ZERO_HASH
    ) -> TxResult:
        """Change price, stock and metadata of an open listing (seller only)."""
        return self._transact("updateListing", listing_id, price, stock, to_bytes32(metadata_hash))

    def set_listing_paused(self, listing_id: int, paused: bool) -> TxResult:
        """Pause or resume sales of a listing (seller only)."""
        return self._transact("setListingPaused", listing_id, paused)

    def close_listing(self, listing_id: int) -> TxResult:
        """Close a listing for good (seller only)."""
        return self._transact("closeListing", listing_id)

    def publish_encryption_key(self, key: str | bytes) -> TxResult:
        """Publish this seller's X25519 key for shipping-detail encryption."""
        return self._transact("publishEncryptionKey", to_bytes32(key))

    # ---------------------------------------------------------------- checkout

    def buy(
        self,
        listing_id: int,
        quantity: int = 1,
        shipping_ref: str | bytes = ZERO_HASH,
        *,
        value: int | None = None,
        max_price: int | None = None,
    ) -> TxResult:
        """Buy ``quantity`` units; the order id is in ``OrderPlaced`` or ``Purchased``.

        ``max_price`` is the buyer's commitment, the unit price it agreed to: pass the price
        you showed the buyer. It defaults to the price read now. If the seller raises the
        price before the transaction is mined it reverts ``MarketplacePriceAboveLimit``
        instead of charging more. ``value`` defaults to what is due: ``max_price`` ×
        quantity for ETH listings, 0 for ERC-20 listings (approve the Marketplace first, see
        :meth:`approve_token`).
        """
        if value is None or max_price is None:
            listing = self.get_listing(listing_id)
            max_price = listing.price if max_price is None else max_price
        if value is None:
            value = max_price * quantity if listing.token == ZERO_ADDRESS else 0
        return self._transact(
            "buy", listing_id, quantity, max_price, to_bytes32(shipping_ref), value=value
        )

    def buy_with_permit(
        self,
        listing_id: int,
        quantity: int = 1,
        shipping_ref: str | bytes = ZERO_HASH,
        *,
        permit: Permit | None = None,
        max_price: int | None = None,
    ) -> TxResult:
        """Buy from an ERC-20 listing in one transaction with an EIP-2612 permit.

        Without ``permit``, this client's account signs one for exactly the amount due at
        ``max_price`` (the unit price agreed to, as for :meth:`buy`; default: read now).
        """
        if permit is None or max_price is None:
            listing = self.get_listing(listing_id)
            max_price = listing.price if max_price is None else max_price
        if permit is None:
            token = Erc20Client(self.w3, listing.token, self.transactor.account)
            permit = token.sign_permit(self.address, max_price * quantity)
        return self._transact(
            "buyWithPermit",
            listing_id,
            quantity,
            max_price,
            to_bytes32(shipping_ref),
            permit.deadline,
            permit.v,
            permit.r,
            permit.s,
        )

    def accept_offer(
        self,
        offer: Offer,
        signature: str | bytes,
        shipping_ref: str | bytes = ZERO_HASH,
        *,
        value: int | None = None,
    ) -> TxResult:
        """Accept a seller's signed offer and pay it (``value`` defaults to what is due)."""
        if value is None:
            value = offer.amount if offer.token == ZERO_ADDRESS else 0
        raw = (
            bytes.fromhex(signature.removeprefix("0x")) if isinstance(signature, str) else signature
        )
        return self._transact(
            "acceptOffer", self.offer_abi(offer), raw, to_bytes32(shipping_ref), value=value
        )

    def cancel_nonces(self, nonces: Sequence[int]) -> TxResult:
        """Cancel offer nonces so offers signed with them can never be accepted."""
        return self._transact("cancelNonces", list(nonces))

    def approve_token(self, token: str, amount: int) -> TxResult | None:
        """Let the Marketplace take ``amount`` of ``token``; ``None`` if already allowed."""
        return Erc20Client(self.w3, token, self.transactor.account).ensure_allowance(
            self.address, amount
        )

    # ---------------------------------------------------------------- escrow

    def ship(self, order: Order, tracking_hash: str | bytes = ZERO_HASH) -> TxResult:
        """Mark an escrowed order shipped (seller only)."""
        return self._transact("ship", self.order_abi(order), to_bytes32(tracking_hash))

    def confirm_delivery(self, order: Order) -> TxResult:
        """Confirm delivery and release the funds to the seller (buyer only)."""
        return self._transact("confirmDelivery", self.order_abi(order))

    def release(self, order: Order) -> TxResult:
        """Release a shipped order after its auto-release window (anyone)."""
        return self._transact("release", self.order_abi(order))

    def cancel(self, order: Order) -> TxResult:
        """Cancel an unshipped order past its handling time for a full refund."""
        return self._transact("cancel", self.order_abi(order))

    def refund(self, order: Order, amount: int) -> TxResult:
        """Refund ``amount`` to the buyer (seller only); all that remains closes the order."""
        return self._transact("refund", self.order_abi(order), amount)

    def open_dispute(self, order: Order, reason_hash: str | bytes = ZERO_HASH) -> TxResult:
        """Open a dispute (buyer or seller)."""
        return self._transact("openDispute", self.order_abi(order), to_bytes32(reason_hash))

    def resolve_dispute(self, order: Order, buyer_bps: int) -> TxResult:
        """Rule a dispute: ``buyer_bps`` of what remains to the buyer (arbiter only)."""
        return self._transact("resolveDispute", self.order_abi(order), buyer_bps)

    def resolve_expired_dispute(self, order: Order) -> TxResult:
        """Apply the timeout fallback to an unruled dispute (anyone)."""
        return self._transact("resolveExpiredDispute", self.order_abi(order))

    def order_from_chain(self, order_id: int) -> Order:
        """Rebuild order ``order_id`` from events and check it against its commitment."""
        return order_from_chain(self, order_id)

    # ---------------------------------------------------------------- payouts
    # withdraw, withdraw_fees and the admin methods: chain/platform.py

    def settle_proceeds(self, listing_ids: Sequence[int]) -> TxResult:
        """Split listings' unsettled proceeds into seller balance and fees (anyone)."""
        return self._transact("settleProceeds", list(listing_ids))

    def withdraw_proceeds(self, listing_ids: Sequence[int]) -> TxResult:
        """Settle this seller's listings and pay the proceeds out at once."""
        return self._transact("withdrawProceeds", list(listing_ids))
