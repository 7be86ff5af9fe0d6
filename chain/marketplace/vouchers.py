"""Typed client of a Marketplace's VoucherBook: voucher digests, redemption counts, cancels.

Sellers sign vouchers off chain (:func:`chain.marketplace.signing.sign_voucher`, verifying
contract: the book); buyers redeem them through
:meth:`chain.marketplace.client.MarketplaceClient.purchase_with_voucher`. The book's
``redeem`` is callable by its Marketplace only, so this client has no method for it.

Example:
    >>> book = VoucherBookClient.of_marketplace(market, seller_account)  # doctest: +SKIP
    >>> signature = book.sign(voucher)  # doctest: +SKIP
    >>> book.cancel(voucher)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from eth_account.signers.local import LocalAccount

from chain.contract import ContractClient
from chain.marketplace.signing import sign_voucher, voucher_typed_data
from chain.marketplace.types import Voucher
from chain.signing import typed_data_digest
from chain.tx import TxResult

if TYPE_CHECKING:
    from chain.marketplace.views import MarketplaceViews


def _hex(value: bytes) -> str:
    return "0x" + bytes(value).hex()


class VoucherBookClient(ContractClient):
    """The VoucherBook of one Marketplace, used from one account (or read-only)."""

    contract_name = "VoucherBook"

    @classmethod
    def of_marketplace(cls, market: MarketplaceViews, account: LocalAccount | None = None) -> Self:
        """The book the Marketplace ``market`` created (its ``vouchersBook()``)."""
        return cls(
            market.w3,
            market.vouchers_book(),
            account,
            decoder=market.decoder,
            registry=market.registry,
            deploy_block=market.deploy_block,
        )

    def sign(self, voucher: Voucher) -> str:
        """Sign ``voucher`` with this client's account, which must be its seller."""
        return sign_voucher(self.transactor.account, voucher, self.w3.eth.chain_id, self.address)

    def local_hash(self, voucher: Voucher) -> str:
        """The voucher's EIP-712 digest computed locally (equals :meth:`hash_voucher`)."""
        components = self.components("hashVoucher")
        message = voucher_typed_data(voucher, self.w3.eth.chain_id, self.address, components)
        return typed_data_digest(message)

    def cancel(self, voucher: Voucher) -> TxResult:
        """Cancel a voucher this account signed; it can never be redeemed again."""
        return self._transact("cancel", self.voucher_abi(voucher))

    def hash_voucher(self, voucher: Voucher) -> str:
        """The voucher's EIP-712 digest, its id on chain, computed by the book."""
        return _hex(self._call("hashVoucher", self.voucher_abi(voucher)))

    def redemptions(self, voucher_hash: str | bytes) -> int:
        """Times the voucher was redeemed (2**256 - 1 once cancelled)."""
        raw = (
            bytes.fromhex(voucher_hash.removeprefix("0x"))
            if isinstance(voucher_hash, str)
            else voucher_hash
        )
        return int(self._call("redemptions", raw))

    def marketplace(self) -> str:
        """The Marketplace this book redeems for."""
        return str(self._call("marketplace"))

    def voucher_typehash(self) -> str:
        """EIP-712 type hash of the Voucher struct (``VOUCHER_TYPEHASH``)."""
        return _hex(self._call("VOUCHER_TYPEHASH"))

    def eip712_domain(self) -> dict[str, object]:
        """The book's EIP-5267 domain: name, version, chainId, verifyingContract."""
        _fields, name, version, chain_id, verifying, _salt, _ext = self._call("eip712Domain")
        return {
            "name": name,
            "version": version,
            "chainId": int(chain_id),
            "verifyingContract": verifying,
        }

    def voucher_abi(self, voucher: Voucher) -> tuple[object, ...]:
        """``voucher`` as the ABI tuple the contract's functions take."""
        return voucher.to_abi(self.components("hashVoucher"))
