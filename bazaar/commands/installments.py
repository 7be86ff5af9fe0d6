"""``bazaar installments``: a seller signs plan terms (an EIP-712 offer), a buyer starts the
plan with its down payment, pays installments or pays off early, and anyone shows a plan's
schedule.

An offer file is JSON: ``{"offer": {...}, "signature": "0x...", "chainId": ...,
"contract": "0x..."}``, where ``offer`` holds :class:`~chain.installments.types.PlanOffer`'s fields
in snake_case. Amounts are in whole token units; intervals take ``s/m/h/d`` suffixes.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from bazaar.commands.common import (
    DEFAULT_RPC_URL,
    DeploymentFile,
    Rpc,
    Signer,
    console,
    errors_exit,
    format_amount,
    parse_id,
    with_signer,
)
from bazaar.commands.deal_common import (
    balance_of,
    option_amount,
    option_duration,
    print_sent,
    read_only,
    token_units,
)
from bazaar.commands.seller import upload_metadata
from chain.errors import ChainError
from chain.installments.schedule import PAYMENT_WINDOW

if TYPE_CHECKING:
    from chain.installments.client import InstallmentPlansClient
    from chain.installments.types import Plan, PlanOffer

app = typer.Typer(help="Buy in installments (smart EMI): offers, plans, payments.")

PlanIdArg = Annotated[str, typer.Argument(help="Plan id (decimal or 0x-hex).")]


def _client(signer: Signer) -> InstallmentPlansClient:
    from chain.installments.client import InstallmentPlansClient

    m = signer.open()
    return InstallmentPlansClient.from_manifest(m.w3, m.manifest, m.account)


def _active_plan(client: InstallmentPlansClient, plan_id: int) -> Plan:
    from chain.installments.types import PlanStatus

    plan = client.get_plan(plan_id)
    if plan.status == PlanStatus.NONE:
        raise ChainError(f"there is no installment plan {plan_id}")
    if plan.status != PlanStatus.ACTIVE:
        raise ChainError(f"plan {plan_id} is {plan.status.name.lower()}; nothing to pay")
    return plan


def _when(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _ensure_funds(client: InstallmentPlansClient, token: str, amount: int, what: str) -> None:
    """Refuse early, with the numbers, when the account cannot pay ``amount``."""
    me = client.transactor.account.address
    held = balance_of(client.w3, token, me)
    if held < amount:
        units = token_units(client.w3, token)
        raise ChainError(
            f"insufficient funds: {what} needs {format_amount(amount, *units)} but "
            f"{me} holds {format_amount(held, *units)}"
        )


def offer_to_json(offer: PlanOffer, signature: str, chain_id: int, contract: str) -> str:
    """An offer file's text."""
    body = {"offer": asdict(offer), "signature": signature, "chainId": chain_id}
    body["contract"] = contract
    return json.dumps(body, indent=2, default=int) + "\n"


def offer_from_json(text: str, source: str) -> tuple[PlanOffer, str, int, str]:
    """Offer, signature, chain id and contract from an offer file's text.

    Raises:
        ChainError: The text is not an offer file.
    """
    from chain.installments.types import PlanOffer, PlanTerms

    try:
        body = json.loads(text)
        fields = dict(body["offer"])
        fields["terms"] = PlanTerms(**fields["terms"])
        offer = PlanOffer(**fields)
        return offer, str(body["signature"]), int(body["chainId"]), str(body["contract"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ChainError(f"{source} is not a plan offer file ({exc!r})") from exc


@app.command("offer")
@with_signer
def offer(
    price: Annotated[str, typer.Option(help="Cash price, in token units.")],
    token: Annotated[str | None, typer.Option(help="ERC-20 address; ETH by default.")] = None,
    down_payment_bps: Annotated[int, typer.Option(help="Down payment share (bps).")] = 1_000,
    installments: Annotated[int, typer.Option(help="Installments after the down payment.")] = 12,
    interval: Annotated[str, typer.Option(help="Time between due dates.")] = "30d",
    financing_fee_bps: Annotated[int, typer.Option(help="Financing fee (bps).")] = 1_200,
    grace: Annotated[str, typer.Option(help="Grace after a due date before default.")] = "5d",
    late_fee_bps: Annotated[int, typer.Option(help="Late fee per installment (bps).")] = 200,
    forfeit_bps: Annotated[int, typer.Option(help="Layaway forfeit share (bps).")] = 0,
    layaway: Annotated[bool, typer.Option(help="Deliver after the last payment.")] = False,
    buyer: Annotated[
        str | None, typer.Option(help="Only this buyer may accept (default: anyone).")
    ] = None,
    listing_id: Annotated[int, typer.Option(help="EMI listing whose stock it uses.")] = 0,
    expires_in: Annotated[str, typer.Option(help="How long the offer stays valid.")] = "7d",
    nonce: Annotated[int | None, typer.Option(help="Offer nonce \\[default: random].")] = None,
    metadata: Annotated[
        Path | None, typer.Option(help="Item metadata JSON, stored through the API.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write the offer here, else print it.")] = None,
    *,
    signer: Signer,
) -> None:
    """Sign plan terms as the seller (an EIP-712 offer a buyer starts a plan with)."""
    from web3 import Web3

    from chain.installments.client import InstallmentPlansClient
    from chain.installments.types import DeliveryMode, PlanOffer, PlanTerms
    from chain.types import ZERO_HASH
    from core.constants import ZERO_ADDRESS

    token = token or ZERO_ADDRESS
    buyer = buyer or ZERO_ADDRESS
    with errors_exit():
        m = signer.open()
        client = InstallmentPlansClient.from_manifest(m.w3, m.manifest, m.account)
        for label, value in (("--token", token), ("--buyer", buyer)):
            if not Web3.is_address(value):
                raise ChainError(f"{label} {value!r} is not an address")
        terms = PlanTerms(
            price=option_amount("--price", price, token_units(client.w3, token)),
            token=Web3.to_checksum_address(token),
            down_payment_bps=down_payment_bps,
            installments=installments,
            interval=option_duration("--interval", interval),
            financing_fee_bps=financing_fee_bps,
            grace_period=option_duration("--grace", grace),
            late_fee_bps=late_fee_bps,
            forfeit_bps=forfeit_bps,
            mode=DeliveryMode.LAYAWAY if layaway else DeliveryMode.PAY_LATER,
        )
        split = client.preview_schedule(terms)  # the contract checks every cap here
        seller = client.transactor.account.address
        now = int(client.w3.eth.get_block("latest")["timestamp"])  # expiry is in chain time
        plan_offer = PlanOffer(
            seller=seller,
            terms=terms,
            expiry=now + option_duration("--expires-in", expires_in),
            nonce=nonce if nonce is not None else secrets.randbits(64),
            buyer=Web3.to_checksum_address(buyer),
            listing_id=listing_id,
            metadata_hash=upload_metadata(m, metadata) if metadata is not None else ZERO_HASH,
        )
        if client.is_nonce_used(seller, plan_offer.nonce):
            raise ChainError(f"nonce {plan_offer.nonce} is already used; pick another")
        text = offer_to_json(
            plan_offer, client.sign_offer(plan_offer), client.w3.eth.chain_id, client.address
        )
        if out is None:
            typer.echo(text, nl=False)
            return
        out.write_text(text)
        decimals, symbol = token_units(client.w3, token)
        console.print(
            f"offer signed to {out}: down {format_amount(split.down_payment, decimals, symbol)}, "
            f"{installments} × {format_amount(split.installment, decimals, symbol)}",
            highlight=False,
            soft_wrap=True,
        )


@app.command("start")
@with_signer
def start(
    offer_file: Annotated[
        Path | None, typer.Option("--offer", help="A signed offer file from the seller.")
    ] = None,
    listing: Annotated[int | None, typer.Option(help="Start on this EMI listing instead.")] = None,
    *,
    signer: Signer,
) -> None:
    """Start a plan (buyer) and pay its down payment; ERC-20 plans also approve the schedule
    so keepers can collect installments when due."""
    from chain.erc20 import Erc20Client
    from chain.installments.types import PlanListingStatus
    from core.constants import ZERO_ADDRESS

    with errors_exit():
        if (offer_file is None) == (listing is None):
            raise ChainError("start a plan with exactly one of --offer FILE or --listing ID")
        client = _client(signer)
        if offer_file is not None:
            try:
                text = offer_file.read_text()
            except OSError as exc:
                raise ChainError(f"cannot read {offer_file}: {exc.strerror}") from exc
            plan_offer, signature, chain_id, contract = offer_from_json(text, str(offer_file))
            if chain_id != client.w3.eth.chain_id or contract != client.address:
                raise ChainError(
                    f"{offer_file} was signed for chain {chain_id}, contract {contract}; "
                    f"this deployment is chain {client.w3.eth.chain_id}, {client.address}"
                )
            terms = plan_offer.terms
        else:
            assert listing is not None
            found = client.get_listing(listing)
            if found.status == PlanListingStatus.NONE:
                raise ChainError(f"there is no EMI listing {listing}")
            terms = found.terms
        split = terms.split()
        _ensure_funds(client, terms.token, split.down_payment, "the down payment")
        if terms.token != ZERO_ADDRESS:  # on top of what other plans may still collect
            erc20 = Erc20Client(client.w3, terms.token, client.transactor.account)
            held = erc20.allowance(client.transactor.account.address, client.address)
            erc20.approve(client.address, held + split.down_payment + split.total)
        if offer_file is not None:
            result = client.accept_offer(plan_offer, signature)
        else:
            assert listing is not None
            result = client.start_plan(listing)
        plan_id = int(result.event("PlanStarted").args["planId"])
        decimals, symbol = token_units(client.w3, terms.token)
        print_sent(
            f"plan {plan_id} started, down payment "
            f"{format_amount(split.down_payment, decimals, symbol)}",
            result,
        )


@app.command("pay")
@with_signer
def pay(
    plan_id: PlanIdArg,
    amount: Annotated[
        str | None, typer.Option(help="Amount \\[default: the next installment and late fees].")
    ] = None,
    *,
    signer: Signer,
) -> None:
    """Pay the next installment (buyer), with any late fee it owes."""
    from core.constants import ZERO_ADDRESS

    with errors_exit():
        client = _client(signer)
        number = parse_id(plan_id, "plan")
        plan = _active_plan(client, number)
        decimals, symbol = token_units(client.w3, plan.token)
        value = (
            client._next_payment(number)
            if amount is None
            else option_amount("--amount", amount, (decimals, symbol))
        )
        _ensure_funds(client, plan.token, value, "this payment")
        if plan.token != ZERO_ADDRESS:
            client.approve_token(plan.token, value)
        result = client.pay(number, value)
        after = client.get_plan(number)
        print_sent(
            f"plan {number}: paid {format_amount(value, decimals, symbol)}, "
            f"{after.installments_paid}/{after.installments} installments, "
            f"{after.status.name.lower()}",
            result,
        )


@app.command("pay-off")
@with_signer
def pay_off(
    plan_id: PlanIdArg,
    *,
    signer: Signer,
) -> None:
    """Pay the whole plan off now (buyer); the financing fee not yet earned is waived."""
    from core.constants import ZERO_ADDRESS

    with errors_exit():
        client = _client(signer)
        number = parse_id(plan_id, "plan")
        plan = _active_plan(client, number)
        quote = client.quote(number, block="pending")
        _ensure_funds(client, plan.token, quote.payoff, "the payoff")
        if plan.token != ZERO_ADDRESS:
            client.approve_token(plan.token, quote.payoff)
        result = client.pay_off(number, quote.payoff)
        decimals, symbol = token_units(client.w3, plan.token)
        print_sent(
            f"plan {number} paid off with {format_amount(quote.payoff, decimals, symbol)} "
            f"(rebate {format_amount(quote.rebate, decimals, symbol)})",
            result,
        )


@app.command("show")
def show(
    plan_id: PlanIdArg,
    rpc: Rpc = DEFAULT_RPC_URL,
    deployment: DeploymentFile = None,
) -> None:
    """Show a plan: its state, what is due, the payoff, and every installment."""
    from chain.installments.client import InstallmentPlansClient
    from chain.installments.types import PlanStatus

    with errors_exit():
        w3, manifest = read_only(rpc, deployment)
        client = InstallmentPlansClient.from_manifest(w3, manifest)
        number = parse_id(plan_id, "plan")
        plan = client.get_plan(number)
        if plan.status == PlanStatus.NONE:
            raise ChainError(f"there is no installment plan {number}")
        decimals, symbol = token_units(client.w3, plan.token)

        def money(value: int) -> str:
            return format_amount(value, decimals, symbol)

        now = int(client.w3.eth.get_block("latest")["timestamp"])
        console.print(
            f"plan {number}: {plan.status.name.lower()}, {plan.mode.name.lower()}; "
            f"buyer {plan.buyer}, seller {plan.seller}",
            highlight=False,
            soft_wrap=True,
        )
        console.print(
            f"down payment {money(plan.down_payment)}, paid {money(plan.paid)} "
            f"of {money(plan.total)}, late fees {money(plan.late_fees_paid)}",
            highlight=False,
            soft_wrap=True,
        )
        if plan.status == PlanStatus.ACTIVE:
            quote = client.quote(number)
            console.print(
                f"due now {money(quote.due)}, payoff now {money(quote.payoff)}, "
                f"defaultable from {_when(quote.defaultable_at)}",
                highlight=False,
                soft_wrap=True,
            )
        table = Table(title="Schedule")
        for column in ("#", "due", "amount", "state"):
            table.add_column(column)
        paid = plan.installments_paid
        for row in plan.schedule():
            if row.index <= paid:
                state = "paid"
            elif plan.status != PlanStatus.ACTIVE:
                state = "-"
            elif row.due_at + PAYMENT_WINDOW < now:
                state = "overdue"
            elif row.due_at <= now:
                state = "due"
            else:
                state = "upcoming"
            table.add_row(str(row.index), _when(row.due_at), money(row.amount), state)
        console.print(table)
