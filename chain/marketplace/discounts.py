"""Discounted checkout on the Marketplace client: seller vouchers and review credits.

Both are separate contract entry points (``purchaseWithVoucher``, ``purchaseWithCredits``)
so a plain ``buy`` costs nothing extra; the buyer pays, and the seller is credited, the
amount left in the payment token after the discount (docs/reviews.md).

Example:
    >>> signature = seller_book.sign(voucher)  # doctest: +SKIP
    >>> buyer.purchase_with_voucher(listing_id, voucher, signature)  # doctest: +SKIP
    >>> buyer.purchase_with_credits(listing_id, credits=10**15)  # doctest: +SKIP
"""

from __future__ import annotations

from chain.contract import to_bytes32
from chain.marketplace.types import Voucher
from chain.marketplace.views import MarketplaceViews
from chain.marketplace.vouchers import VoucherBookClient
from chain.tx import TxResult
from chain.types import ZERO_HASH
from core.constants import ZERO_ADDRESS


class MarketplaceDiscounts(MarketplaceViews):
    """Voucher and credit purchases, and the seller's credit cap."""

    def purchase_with_voucher(
        self,
        listing_id: int,
        voucher: Voucher,
        signature: str | bytes,
        quantity: int = 1,
        shipping_ref: str | bytes = ZERO_HASH,
        *,
        value: int | None = None,
        max_price: int | None = None,
    ) -> TxResult:
        """Buy ``quantity`` units with a seller's signed voucher.

        ``value`` defaults to what is due for an ETH listing: the subtotal minus the
        voucher's discount (0 for ERC-20 listings; approve the discounted amount first).
        ``max_price`` (the unit price the buyer agreed to) defaults to the price read now;
        the purchase reverts ``MarketplacePriceAboveLimit`` if the seller raised it since.
        """
        if value is None or max_price is None:
            listing = self.get_listing(listing_id)
            max_price = listing.price if max_price is None else max_price
        if value is None:
            subtotal = max_price * quantity
            due = subtotal - voucher.discount_on(subtotal)
            value = due if listing.token == ZERO_ADDRESS else 0
        raw = (
            bytes.fromhex(signature.removeprefix("0x")) if isinstance(signature, str) else signature
        )
        return self._transact(
            "purchaseWithVoucher",
            listing_id,
            quantity,
            max_price,
            to_bytes32(shipping_ref),
            self.voucher_abi(voucher),
            raw,
            value=value,
        )

    def purchase_with_credits(
        self,
        listing_id: int,
        credits: int,
        quantity: int = 1,
        shipping_ref: str | bytes = ZERO_HASH,
        *,
        value: int | None = None,
        max_price: int | None = None,
    ) -> TxResult:
        """Buy ``quantity`` units of a direct listing paying ``credits`` in review credits.

        ``value`` defaults to the subtotal minus ``credits`` for an ETH listing (0 for ERC-20
        listings; approve that amount first). The listing's credit cap bounds ``credits``.
        ``max_price`` as for :meth:`purchase_with_voucher`.
        """
        if value is None or max_price is None:
            listing = self.get_listing(listing_id)
            max_price = listing.price if max_price is None else max_price
        if value is None:
            due = max_price * quantity - credits
            value = due if listing.token == ZERO_ADDRESS else 0
        return self._transact(
            "purchaseWithCredits",
            listing_id,
            quantity,
            max_price,
            to_bytes32(shipping_ref),
            credits,
            value=value,
        )

    def set_credit_cap(self, listing_id: int, credit_cap_bps: int) -> TxResult:
        """Let buyers pay up to ``credit_cap_bps`` of the price in credits (seller, direct
        listings only; 0 stops accepting them)."""
        return self._transact("setCreditCap", listing_id, credit_cap_bps)

    def voucher_book(self) -> VoucherBookClient:
        """A client of this Marketplace's VoucherBook, with this client's account."""
        return VoucherBookClient.of_marketplace(self, self.account)

    def voucher_abi(self, voucher: Voucher) -> tuple[object, ...]:
        """``voucher`` as the ABI tuple ``purchaseWithVoucher`` takes."""
        return voucher.to_abi(self.components("purchaseWithVoucher", 4))
