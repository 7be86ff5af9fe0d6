"""Rebuild a :class:`~chain.reputation.types.Deal` from the Reputation contract's events.

Reputation stores only ``keccak256(abi.encode(deal))`` per deal; every review, edit,
response and report takes the struct back. Everything in it is in the logs:
``DealRecorded`` (the deal), ``ReviewPosted`` (a side's review time is the block timestamp),
``ReviewEdited``, ``ResponsePosted`` and ``ReportFiled`` (the one-shot flags). Every deal
event indexes the source and the deal id as its first two topics.

Example:
    >>> deal = deal_from_chain(reputation, marketplace_address, order_id)  # doctest: +SKIP
    >>> reputation.post_review(deal, Review(rating=5))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from eth_abi.abi import encode as abi_encode
from web3 import Web3

from chain.abi import topic
from chain.artifacts import AbiElement
from chain.deal_kinds import DealKind
from chain.errors import DealNotFoundError
from chain.events import DecodedEvent, EventRegistry
from chain.logs import get_logs
from chain.reputation.types import Deal, DealFlag

DEAL_EVENTS = ("DealRecorded", "ReviewPosted", "ReviewEdited", "ResponsePosted", "ReportFiled")


class DealLedger(Protocol):
    """What rebuilding a deal reads from the Reputation contract.

    :class:`~chain.reputation.client.ReputationClient` is one. Naming only these members
    keeps this module free of the client, which imports it (no import cycle).
    """

    @property
    def w3(self) -> Web3: ...
    @property
    def address(self) -> str: ...
    @property
    def abi(self) -> Sequence[AbiElement]: ...
    @property
    def registry(self) -> EventRegistry: ...
    @property
    def deploy_block(self) -> int: ...
    def deal_hash(self, source: str, deal_id: int) -> str: ...
    def local_deal_hash(self, deal: Deal) -> str: ...


def _word(value: int | str) -> str:
    kind = "address" if isinstance(value, str) else "uint256"
    return "0x" + abi_encode([kind], [value]).hex()


def deal_topics(client: DealLedger, names: Iterable[str] = DEAL_EVENTS) -> list[str]:
    """topic0 of each event in ``names``, from the Reputation ABI itself (test contracts in
    the shared registry declare other events with the same names)."""
    wanted = set(names)
    return [
        "0x" + topic(e).hex() for e in client.abi if e["type"] == "event" and e["name"] in wanted
    ]


def deal_from_event(event: DecodedEvent) -> Deal:
    """The deal a ``DealRecorded`` event describes, as it was when recorded."""
    args = event.args
    return Deal(
        source=args["source"],
        id=args["dealId"],
        kind=DealKind(args["kind"]),
        buyer=args["buyer"],
        seller=args["seller"],
        token=args["token"],
        value=args["value"],
        fee=args["fee"],
    )


def apply_event(deal: Deal, event: DecodedEvent, timestamp: int) -> Deal:
    """The deal after ``event`` (mined at ``timestamp``)."""
    author = event.args.get("author") or event.args.get("reporter")
    by_buyer = author == deal.buyer
    if event.event == "ReviewPosted":
        key = "buyer_reviewed_at" if by_buyer else "seller_reviewed_at"
        return deal.evolve(**{key: timestamp})
    if event.event == "ReviewEdited":
        return deal.with_flag(by_buyer, DealFlag.EDITED)
    if event.event == "ResponsePosted":  # the answered review is the other side's
        return deal.with_flag(not by_buyer, DealFlag.ANSWERED)
    if event.event == "ReportFiled":
        return deal.with_flag(by_buyer, DealFlag.REPORTED)
    return deal


def deal_from_chain(client: DealLedger, source: str, deal_id: int) -> Deal:
    """Rebuild deal ``deal_id`` of ``source`` from the logs and check it against its commitment.

    Raises:
        DealNotFoundError: No ``DealRecorded`` for it (not completed yet, recorded by an
            unregistered caller, a self-deal), or the rebuilt struct does not match the
            stored commitment (incomplete logs).
    """
    logs = get_logs(
        client.w3,
        {"address": client.address, "topics": [deal_topics(client), _word(source), _word(deal_id)]},
        client.deploy_block,
    )
    events = sorted(
        (e for e in client.registry.decode_logs(logs, skip_unknown=True) if not e.removed),
        key=lambda e: (e.block_number, e.log_index),
    )
    recorded = next((e for e in events if e.event == "DealRecorded"), None)
    if recorded is None:
        raise DealNotFoundError(
            f"no DealRecorded for deal {deal_id} of {source} since block {client.deploy_block}; "
            "deals are recorded when they complete, and only from registered sources"
        )
    times: dict[int, int] = {}
    deal = deal_from_event(recorded)
    for event in events:
        if event is recorded:
            continue
        if event.block_number not in times:
            times[event.block_number] = int(
                client.w3.eth.get_block(event.block_number)["timestamp"]
            )
        deal = apply_event(deal, event, times[event.block_number])
    stored = client.deal_hash(source, deal_id)
    if client.local_deal_hash(deal) != stored:
        raise DealNotFoundError(
            f"deal {deal_id} of {source} rebuilt from events does not match its commitment "
            f"({stored}); the logs may be incomplete (check deploy_block and the RPC)"
        )
    return deal
