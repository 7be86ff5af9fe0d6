"""Plain helpers for the InstallmentPlans tests: constants, terms, EIP-712 signing of plan
offers and EIP-2612 permits written out independently of chain/, and event lookups.

The tests live in their own directory (tests/contracts/installments/) with their own
conftest.py, so their fixtures never collide with the Marketplace suite's.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, replace
from typing import Any

from eth_account import Account
from eth_utils import keccak, to_checksum_address

from core.constants import ZERO_ADDRESS

ZERO32 = b"\x00" * 32
HOUR = 3600
DAY = 24 * HOUR
BPS = 10_000

# The deployment every module starts from (see conftest.py).
FEE_BPS = 250
PRICE = 12 * 10**17  # default ETH price
TOKEN_PRICE = 1_200 * 10**18  # default token price
TOKEN_SUPPLY = 10**30
INTERVAL = 30 * DAY
GRACE = 5 * DAY

# Contract caps (InstallmentPlansBase).
MAX_FEE_BPS = 500
MAX_DOWN_PAYMENT_BPS = 9_000
MAX_FINANCING_FEE_BPS = 3_000
MAX_LATE_FEE_BPS = 1_000
MAX_FORFEIT_BPS = 1_000
MIN_INSTALLMENTS, MAX_INSTALLMENTS = 2, 24
MIN_INTERVAL, MAX_INTERVAL = DAY, 180 * DAY
MIN_GRACE, MAX_GRACE = DAY, 90 * DAY
PAYMENT_WINDOW = DAY  # Schedule.PAYMENT_WINDOW: paid this long after its due date is on time
LATE = PAYMENT_WINDOW  # after a due date: the first second a payment is late

PAY_LATER, LAYAWAY = 0, 1
NONE, ACTIVE, COMPLETED, DEFAULTED, CANCELLED_BY_SELLER, CANCELLED_BY_BUYER = range(6)

TERMS_TYPE = (
    "PlanTerms(address token,uint96 price,uint16 downPaymentBps,uint8 installments,"
    "uint32 interval,uint16 financingFeeBps,uint32 gracePeriod,uint16 lateFeeBps,"
    "uint16 forfeitBps,uint8 mode)"
)
OFFER_TYPES = {
    "PlanOffer": [
        {"name": "seller", "type": "address"},
        {"name": "buyer", "type": "address"},
        {"name": "listingId", "type": "uint256"},
        {"name": "terms", "type": "PlanTerms"},
        {"name": "expiry", "type": "uint40"},
        {"name": "nonce", "type": "uint256"},
        {"name": "metadataHash", "type": "bytes32"},
    ],
    "PlanTerms": [
        {"name": "token", "type": "address"},
        {"name": "price", "type": "uint96"},
        {"name": "downPaymentBps", "type": "uint16"},
        {"name": "installments", "type": "uint8"},
        {"name": "interval", "type": "uint32"},
        {"name": "financingFeeBps", "type": "uint16"},
        {"name": "gracePeriod", "type": "uint32"},
        {"name": "lateFeeBps", "type": "uint16"},
        {"name": "forfeitBps", "type": "uint16"},
        {"name": "mode", "type": "uint8"},
    ],
}
PERMIT_TYPES = {
    "Permit": [
        {"name": "owner", "type": "address"},
        {"name": "spender", "type": "address"},
        {"name": "value", "type": "uint256"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}


def addr(value: Any) -> str:
    """A checksummed address from an ape account/contract or a string."""
    return to_checksum_address(getattr(value, "address", value))


@dataclass(frozen=True)
class Terms:
    """PlanTerms in struct order; defaults: 10 % down, 12 monthly, 12 % fee, 2 % late."""

    token: str = ZERO_ADDRESS
    price: int = PRICE
    down_payment_bps: int = 1_000
    installments: int = 12
    interval: int = INTERVAL
    financing_fee_bps: int = 1_200
    grace_period: int = GRACE
    late_fee_bps: int = 200
    forfeit_bps: int = 0
    mode: int = PAY_LATER

    def abi(self) -> tuple[Any, ...]:
        return astuple(self)

    def but(self, **changes: Any) -> Terms:
        return replace(self, **changes)

    def message(self) -> dict[str, Any]:
        names = [f["name"] for f in OFFER_TYPES["PlanTerms"]]
        return dict(zip(names, self.abi(), strict=True))


def split(terms: Terms) -> tuple[int, int, int, int]:
    """(down payment, financing fee, installment, dust), written out from the docs."""
    down = terms.price * terms.down_payment_bps // BPS
    fee = (terms.price - down) * terms.financing_fee_bps // BPS
    total = terms.price - down + fee
    return down, fee, total // terms.installments, total % terms.installments


@dataclass(frozen=True)
class Offer:
    seller: str
    terms: Terms
    expiry: int
    nonce: int
    buyer: str = ZERO_ADDRESS
    listing_id: int = 0
    metadata_hash: bytes = ZERO32

    def abi(self) -> tuple[Any, ...]:
        return (
            self.seller,
            self.buyer,
            self.listing_id,
            self.terms.abi(),
            self.expiry,
            self.nonce,
            self.metadata_hash,
        )

    def but(self, **changes: Any) -> Offer:
        return replace(self, **changes)


def domain(chain_id: int, contract: Any) -> dict[str, Any]:
    return {
        "name": "Bazaar InstallmentPlans",
        "version": "1",
        "chainId": chain_id,
        "verifyingContract": addr(contract),
    }


def sign_offer(private_key: Any, offer: Offer, chain_id: int, contract: Any) -> bytes:
    """The seller's EIP-712 signature of ``offer`` (65 bytes)."""
    message = {
        "seller": offer.seller,
        "buyer": offer.buyer,
        "listingId": offer.listing_id,
        "terms": offer.terms.message(),
        "expiry": offer.expiry,
        "nonce": offer.nonce,
        "metadataHash": offer.metadata_hash,
    }
    signed = Account.sign_typed_data(private_key, domain(chain_id, contract), OFFER_TYPES, message)
    return bytes(signed.signature)


def sign_permit(
    private_key: Any, token: Any, owner: Any, spender: Any, value: int, deadline: int, chain_id: int
) -> tuple[int, bytes, bytes]:
    """An EIP-2612 permit for TestToken ("Test USD", nonce read by the caller as 0.. n)."""
    nonce = token.nonces(owner)
    signed = Account.sign_typed_data(
        private_key,
        {
            "name": token.name(),
            "version": "1",
            "chainId": chain_id,
            "verifyingContract": addr(token),
        },
        PERMIT_TYPES,
        {
            "owner": addr(owner),
            "spender": addr(spender),
            "value": value,
            "nonce": nonce,
            "deadline": deadline,
        },
    )
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")


def terms_typehash() -> bytes:
    return keccak(text=TERMS_TYPE)


def events(contract: Any, receipt: Any, name: str) -> list[Any]:
    """Decoded logs of event ``name`` emitted by ``contract`` in ``receipt``."""
    return list(getattr(contract, name).from_receipt(receipt))


def event(contract: Any, receipt: Any, name: str) -> Any:
    """The single ``name`` event of ``receipt``."""
    found = events(contract, receipt, name)
    assert len(found) == 1, f"expected one {name}, got {len(found)}"
    return found[0]


def plan_id_of(contract: Any, receipt: Any) -> int:
    return int(event(contract, receipt, "PlanStarted").planId)


def block_time(chain: Any, receipt: Any) -> int:
    return int(chain.provider.web3.eth.get_block(receipt.block_number)["timestamp"])


def plain(value: Any) -> Any:
    """A decoded struct as a tuple of plain values, addresses checksummed (ape returns nested
    struct addresses in lower case), so it compares equal to :meth:`Terms.abi`."""
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return to_checksum_address(value)
    if (
        isinstance(value, list | tuple)
        or hasattr(value, "__iter__")
        and not isinstance(value, str | bytes)
    ):
        return tuple(plain(item) for item in value)
    return value


def gas_cost(receipt: Any) -> int:
    """Wei the sender paid for gas (the test chain charges a small gas price)."""
    return int(receipt.gas_used) * int(receipt.gas_price)


# A commitment that accepts whatever the chain holds: for tests of other rules, which pass
# it as `maxLateFee`, `maxForfeit` or `maxRepayment` (the commitment tests pass exact ones).
ANY = 2**256 - 1


def paid_of(plans: Any, plan_id: int) -> int:
    """The plan's `paid` now: the `expectedPaid` a buyer reading the chain commits to."""
    return int(plans.getPlan(plan_id).paid)
