"""Chain-derived rows for api/ tests, written with the indexer's own store functions.

Feed items go through :class:`indexer.store.feed.FeedWriter` and reorgs through
:func:`indexer.store.rollback.rollback_to`, exactly as the indexer applies them, so the API
is tested against the rows (and ``seq`` behaviour) the real indexer produces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert

from api.core.db import Database
from chain.events import DecodedEvent
from core.constants import ZERO_ADDRESS
from indexer.models import (
    ContractCursor,
    CreditBalance,
    CreditSpend,
    CreditToken,
    CreditTransfer,
    Deal,
    Listing,
    Order,
    OrderEvent,
    Plan,
    Promotion,
    Rental,
    RentalListing,
    Review,
    SellerReputation,
    SellerVolume,
    Voucher,
    VoucherRedemption,
)
from indexer.models.core import FeedKind
from indexer.projections import PROJECTIONS, append_only_tables
from indexer.store.feed import FeedWriter
from indexer.store.rollback import rollback_to
from indexer.store.state import Status, read_status, write_status
from indexer.store.tables import table_of

CHAIN_ID = 31337
ETH = ZERO_ADDRESS
MARKETPLACE = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
CREDITS = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"
ZERO_HASH = "0x" + "00" * 32


def tx(block: int) -> str:
    """A deterministic transaction hash: one transaction per block."""
    return "0x" + f"{block:064x}"


def block_hash(block: int, fork: int = 0) -> str:
    """A deterministic block hash; ``fork`` tells two chains' blocks apart."""
    return "0x" + f"{fork:02x}{block:062x}"


@dataclass
class ChainRows:
    """Writes indexer rows into the test database."""

    database: Database

    def status(self, *, head: int, finalized: int, indexed: int | None = None) -> None:
        with self.database.writer.begin() as connection:
            current = read_status(connection)
            write_status(
                connection,
                Status(
                    chain_id=CHAIN_ID,
                    indexed_block=head if indexed is None else indexed,
                    head_block=head,
                    finalized_block=finalized,
                    mode="follow",
                    feed_seq=current.feed_seq if current else 0,
                ),
            )

    def feed(self, *items: dict[str, Any], fork: int = 0) -> None:
        """Add feed items: each needs ``block``, ``log`` and ``kind``, ``actor``, ...;
        the status row must exist (call :meth:`status` first)."""
        with self.database.writer.begin() as connection:
            status = read_status(connection)
            assert status is not None, "write the status row first"
            writer = FeedWriter(chain_id=CHAIN_ID, last_seq=status.feed_seq)
            for item in items:
                fields = dict(item)
                block, log = fields.pop("block"), fields.pop("log")
                event = DecodedEvent(
                    address=MARKETPLACE,
                    contract="Marketplace",
                    event=fields.pop("event", "Purchased"),
                    args={},
                    block_number=block,
                    block_hash=block_hash(block, fork),
                    tx_hash="0x" + f"{block:032x}{log:032x}",
                    log_index=log,
                )
                fields["kind"] = FeedKind(fields["kind"])  # the writer takes only a FeedKind
                fields.setdefault("subject_type", "listing")
                fields.setdefault("subject_id", 1)
                writer.add(event, 1_700_000_000 + block * 12, **fields)
            writer.flush(connection)
            write_status(connection, Status(**{**status.__dict__, "feed_seq": writer.last_seq}))

    def reorg(self, fork: int) -> int:
        """Roll back everything above block ``fork``, as the indexer does on a reorg."""
        with self.database.writer.begin() as connection:
            result = rollback_to(connection, fork, append_only_tables(PROJECTIONS.values()))
        return result.removed_feed_items

    def insert(self, model: type[Any], **values: Any) -> None:
        with self.database.writer.begin() as connection:
            connection.execute(insert(table_of(model)).values(**values))

    def marketplace(self, address: str = MARKETPLACE) -> None:
        self.insert(
            ContractCursor, address=address, name="Marketplace", deploy_block=1, indexed_block=1
        )

    def listing(self, listing_id: int, seller: str, **values: Any) -> None:
        fields: dict[str, Any] = {
            "token": ETH,
            "price": 10**16,
            "stock": 5,
            "order_count": 0,
            "status": "active",
            "escrow": True,
            "fee_bps": 100,
            "handling_time": 86_400,
            "auto_release_window": 86_400,
            "unsettled": 0,
            "metadata_hash": ZERO_HASH,
            "created_block": listing_id,
            "created_tx": ZERO_HASH,
            "created_at": 1_700_000_000,
            "updated_block": listing_id,
            "updated_at": 1_700_000_000,
        }
        self.insert(Listing, listing_id=listing_id, seller=seller, **{**fields, **values})

    def order(self, order_id: int, seller: str, buyer: str, **values: Any) -> None:
        fields: dict[str, Any] = {
            "kind": "escrow",
            "listing_id": order_id >> 32,
            "escrow": True,
            "token": ETH,
            "amount": 10**16,
            "quantity": 1,
            "fee_bps": 100,
            "handling_time": 86_400,
            "auto_release_window": 86_400,
            "status": "paid",
            "refunded": 0,
            "shipping_ref": ZERO_HASH,
            "paid_at": 1_700_000_000,
            "created_block": 10,
            "created_tx": ZERO_HASH,
            "updated_block": 10,
        }
        self.insert(Order, order_id=order_id, seller=seller, buyer=buyer, **{**fields, **values})

    def order_event(self, order_id: int, block: int, log: int, event: str, status: str) -> None:
        self.insert(
            OrderEvent,
            order_id=order_id,
            block_number=block,
            log_index=log,
            event=event,
            status=status,
            tx_hash=ZERO_HASH,
            timestamp=1_700_000_000 + block,
        )

    def deal(self, deal_id: int, seller: str, buyer: str, block: int, **values: Any) -> None:
        fields: dict[str, Any] = {
            "contract": "Marketplace",
            "kind": "purchase",
            "token": ETH,
            "value": 10**16,
            "fee": 10**14,
            "log_index": 0,
            "tx_hash": ZERO_HASH,
            "timestamp": 1_700_000_000 + block,
        }
        self.insert(
            Deal,
            deal_id=deal_id,
            seller=seller,
            buyer=buyer,
            block_number=block,
            **{**fields, **values},
        )

    def reputation(self, seller: str, **counters: int) -> None:
        self.insert(SellerReputation, seller=seller, updated_block=1, **counters)

    def volume(self, seller: str, token: str, **values: int) -> None:
        self.insert(SellerVolume, seller=seller, token=token, updated_block=1, **values)

    def rental(self, rental_id: int, lender: str, renter: str, **values: Any) -> None:
        """A rental booked at block 20 for 3 days at 0.01 ETH a day, 0.1 ETH deposit."""
        fields: dict[str, Any] = {
            "listing_id": rental_id >> 32,
            "token": ETH,
            "daily_rate": 10**16,
            "deposit": 10**17,
            "late_fee_per_day": 2 * 10**16,
            "fee_bps": 100,
            "rental_days": 3,
            "min_days": 1,
            "grace_period": 86_400,
            "handover_window": 86_400,
            "inspection_window": 86_400,
            "rent": 3 * 10**16,
            "status": "booked",
            "booked_at": 1_700_000_000,
            "created_block": 20,
            "created_tx": ZERO_HASH,
            "updated_block": 20,
        }
        values = {**fields, **values}
        self.insert(Rental, rental_id=rental_id, lender=lender, renter=renter, **values)

    def plan(self, plan_id: int, seller: str, buyer: str, **values: Any) -> None:
        """A plan: 1 ETH, 20 % down, 4 monthly installments of 0.2 ETH + 1 wei of dust."""
        fields: dict[str, Any] = {
            "listing_id": 1,
            "token": ETH,
            "price": 10**18,
            "down_payment_bps": 2_000,
            "installment_count": 4,
            "interval": 30 * 86_400,
            "financing_fee_bps": 0,
            "grace_period": 3 * 86_400,
            "late_fee_bps": 100,
            "forfeit_bps": 0,
            "mode": "pull",
            "fee_bps": 100,
            "down_payment": 2 * 10**17,
            "financing_fee": 0,
            "installment": 2 * 10**17,
            "last_installment": 2 * 10**17 + 1,
            "total": 8 * 10**17 + 1,
            "status": "active",
            "metadata_hash": ZERO_HASH,
            "shipping_ref": ZERO_HASH,
            "started_at": 1_700_000_000,
            "created_block": 30,
            "created_tx": ZERO_HASH,
            "updated_block": 30,
        }
        self.insert(Plan, plan_id=plan_id, seller=seller, buyer=buyer, **{**fields, **values})

    def review(
        self, block: int, log: int, author: str, subject: str, side: str = "buyer", **values: Any
    ) -> None:
        """A review first posted at ``(block, log)`` of Marketplace deal ``block``."""
        fields: dict[str, Any] = {
            "source": MARKETPLACE,
            "deal_id": block,
            "kind": "purchase",
            "token": ETH,
            "fee": 10**14,
            "rating": 5,
            "quality": 5,
            "as_described": 5,
            "delivery": 0,
            "communication": 4,
            "text_hash": ZERO_HASH,
            "credits": 25 * 10**12,
            "posted_at": 1_700_000_000 + block,
            "tx_hash": ZERO_HASH,
            "updated_block": block,
        }
        values = {**fields, **values}
        self.insert(
            Review,
            block_number=block,
            log_index=log,
            author=author,
            subject=subject,
            side=side,
            **values,
        )

    def rental_listing(self, listing_id: int, lender: str, **values: Any) -> None:
        """A rental listing at 0.01 ETH a day with a 0.1 ETH deposit, 1 to 30 days."""
        fields: dict[str, Any] = {
            "token": ETH,
            "daily_rate": 10**16,
            "deposit": 10**17,
            "late_fee_per_day": 2 * 10**16,
            "min_days": 1,
            "max_days": 30,
            "grace_period": 86_400,
            "handover_window": 86_400,
            "inspection_window": 86_400,
            "fee_bps": 100,
            "metadata_hash": ZERO_HASH,
            "status": "active",
            "rental_count": 0,
            "created_block": listing_id,
            "created_tx": ZERO_HASH,
            "created_at": 1_700_000_000,
            "updated_block": listing_id,
            "updated_at": 1_700_000_000,
        }
        values = {**fields, **values}
        self.insert(RentalListing, listing_id=listing_id, lender=lender, **values)

    def credit_token(self, token: str = ETH, credits: str = CREDITS) -> None:
        self.insert(CreditToken, token=token, credits=credits, updated_block=1)

    def credit_balance(self, holder: str, credits: str = CREDITS, **values: int) -> None:
        """A balance row; ``balance`` is derived from the totals unless given."""
        totals = {name: values.get(name, 0) for name in ("minted", "received", "spent", "burned")}
        balance = totals["minted"] + totals["received"] - totals["spent"] - totals["burned"]
        self.insert(
            CreditBalance,
            credits=credits,
            holder=holder,
            balance=values.get("balance", balance),
            updated_block=values.get("updated_block", 1),
            **totals,
        )

    def credit_move(
        self, block: int, log: int, kind: str, sender: str, recipient: str, amount: int
    ) -> None:
        """A credits ``Transfer`` in transaction ``tx(block)``."""
        self.insert(
            CreditTransfer,
            block_number=block,
            log_index=log,
            credits=CREDITS,
            kind=kind,
            sender=sender,
            recipient=recipient,
            amount=amount,
            tx_hash=tx(block),
            timestamp=1_700_000_000 + block,
        )

    def credit_spend(
        self, block: int, log: int, order_id: int, buyer: str, seller: str, amount: int
    ) -> None:
        self.insert(
            CreditSpend,
            block_number=block,
            log_index=log,
            order_id=order_id,
            buyer=buyer,
            seller=seller,
            credits=CREDITS,
            amount=amount,
            tx_hash=tx(block),
            timestamp=1_700_000_000 + block,
        )

    def promotion(
        self,
        block: int,
        log: int,
        listing_id: int,
        seller: str,
        amount: int,
        market: str = MARKETPLACE,
    ) -> None:
        self.insert(
            Promotion,
            block_number=block,
            log_index=log,
            credits=CREDITS,
            market=market,
            listing_id=listing_id,
            seller=seller,
            amount=amount,
            tx_hash=tx(block),
            timestamp=1_700_000_000 + block,
        )

    def voucher(self, voucher_hash: str, seller: str, **values: Any) -> None:
        self.insert(
            Voucher, voucher_hash=voucher_hash, seller=seller, **{"updated_block": 1, **values}
        )

    def voucher_redemption(
        self,
        block: int,
        log: int,
        voucher_hash: str,
        seller: str,
        buyer: str,
        order_id: int,
        discount: int,
        redemptions: int,
    ) -> None:
        self.insert(
            VoucherRedemption,
            block_number=block,
            log_index=log,
            voucher_hash=voucher_hash,
            seller=seller,
            buyer=buyer,
            order_id=order_id,
            discount=discount,
            redemptions=redemptions,
            tx_hash=tx(block),
            timestamp=1_700_000_000 + block,
        )
