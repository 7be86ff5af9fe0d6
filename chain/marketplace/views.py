"""Read-only half of the Marketplace client: one typed method per view function.

Example:
    >>> views = MarketplaceViews(w3, address)  # doctest: +SKIP
    >>> views.get_listing(1).price  # doctest: +SKIP
"""

from __future__ import annotations

from eth_abi.abi import encode as abi_encode
from eth_utils.crypto import keccak

from chain.abi import abi_type
from chain.marketplace.types import Listing, Offer, Order
from chain.platform import PlatformArbitrationClient

REFUND_BIT = 1  # low bit of a stored order commitment: the order had a partial refund


def _hex(value: bytes) -> str:
    return "0x" + bytes(value).hex()


class MarketplaceViews(PlatformArbitrationClient):
    """Typed views of a deployed Marketplace."""

    contract_name = "Marketplace"

    def get_listing(self, listing_id: int) -> Listing:
        """The listing ``listing_id`` (status ``NONE`` if it does not exist)."""
        raw = self._call("getListing", listing_id)
        return Listing.from_abi(self.components("getListing", outputs=True), raw)

    def order_hash(self, order_id: int) -> str:
        """The stored commitment of an open order; zero once the order is terminal."""
        return _hex(self._call("orderHash", order_id))

    def hash_order(self, order: Order) -> str:
        """The commitment ``order`` hashes to, computed by the contract (low bit clear: the
        stored commitment sets it once the order had a partial refund)."""
        return _hex(self._call("hashOrder", self.order_abi(order)))

    def local_order_hash(self, order: Order) -> str:
        """The commitment the contract stores for ``order``, computed without an RPC call:
        ``keccak256(abi.encode(order))`` with the low bit set exactly when the order had a
        partial refund (``order.refunded``, which is not part of the struct)."""
        components = self.components("hashOrder")
        kind = abi_type({"type": "tuple", "components": components})
        digest = int.from_bytes(keccak(abi_encode([kind], [order.to_abi(components)])), "big")
        digest = (digest & ~REFUND_BIT) | (REFUND_BIT if order.refunded else 0)
        return _hex(digest.to_bytes(32, "big"))

    def hash_offer(self, offer: Offer) -> str:
        """The EIP-712 digest the seller signs for ``offer``, computed by the contract."""
        return _hex(self._call("hashOffer", self.offer_abi(offer)))

    def is_nonce_used(self, seller: str, nonce: int) -> bool:
        """Whether ``seller`` used or cancelled offer nonce ``nonce``."""
        return bool(self._call("isNonceUsed", seller, nonce))

    def encryption_key_of(self, seller: str) -> str:
        """The X25519 key ``seller`` published (zero if none), as 0x-hex."""
        return _hex(self._call("encryptionKeyOf", seller))

    def vouchers_book(self) -> str:
        """The VoucherBook this Marketplace created: vouchers' EIP-712 verifying contract."""
        return str(self._call("vouchersBook"))

    def max_window(self) -> int:
        """Longest handling time or auto-release window (``MAX_WINDOW``)."""
        return int(self._call("MAX_WINDOW"))

    def min_auto_release(self) -> int:
        """Shortest auto-release window (``MIN_AUTO_RELEASE``)."""
        return int(self._call("MIN_AUTO_RELEASE"))

    def offer_typehash(self) -> str:
        """EIP-712 type hash of the Offer struct (``OFFER_TYPEHASH``)."""
        return _hex(self._call("OFFER_TYPEHASH"))

    def eip712_domain(self) -> dict[str, object]:
        """The contract's EIP-5267 domain: name, version, chainId, verifyingContract."""
        _fields, name, version, chain_id, verifying, _salt, _ext = self._call("eip712Domain")
        return {
            "name": name,
            "version": version,
            "chainId": int(chain_id),
            "verifyingContract": verifying,
        }

    def order_abi(self, order: Order) -> tuple[object, ...]:
        """``order`` as the ABI tuple the contract's functions take."""
        return order.to_abi(self.components("hashOrder"))

    def offer_abi(self, offer: Offer) -> tuple[object, ...]:
        """``offer`` as the ABI tuple the contract's functions take."""
        return offer.to_abi(self.components("hashOffer"))
