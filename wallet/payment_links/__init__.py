"""EIP-681 payment links: plain ETH, ERC-20 transfers and Marketplace purchases.

Example:
    >>> link = eth_payment_link("0x" + "ab" * 20, 10**18, chain_id=1)
    >>> link
    'ethereum:0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB@1?value=1e18'
    >>> parse_payment_link(link).value == 10**18
    True
"""

from wallet.payment_links.forms import (
    Erc20Transfer,
    EthPayment,
    MarketplaceBuy,
    as_erc20_transfer,
    as_eth_payment,
    as_marketplace_buy,
    erc20_transfer_link,
    eth_payment_link,
    marketplace_buy_link,
)
from wallet.payment_links.numbers import format_number, parse_number
from wallet.payment_links.parse import parse_payment_link
from wallet.payment_links.request import Param, PaymentRequest

__all__ = [
    "Erc20Transfer",
    "EthPayment",
    "MarketplaceBuy",
    "Param",
    "PaymentRequest",
    "as_erc20_transfer",
    "as_eth_payment",
    "as_marketplace_buy",
    "erc20_transfer_link",
    "eth_payment_link",
    "format_number",
    "marketplace_buy_link",
    "parse_number",
    "parse_payment_link",
]
