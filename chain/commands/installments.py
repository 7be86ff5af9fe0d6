"""``bazaar installments``: a seller signs plan terms (an EIP-712 offer), a buyer starts the
plan with its down payment, pays installments or pays off early, and anyone shows a plan's
schedule.

An offer file is JSON: ``{"offer": {...}, "signature": "0x...", "chainId": ...,
"contract": "0x..."}``, where ``offer`` holds :class:`~chain.plan_types.PlanOffer`'s fields
in snake_case. Amounts are in whole token units; intervals take ``s/m/h/d`` suffixes.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from web3 import Web3

from chain.commands.deal_common import (
    AccountOption,
    DeploymentOption,
    DevAccountOption,
    PasswordEnvOption,
    RpcOption,
    WalletDirOption,
    clean_errors,
    connect,
    console,
    decimals_of,
    format_amount,
    load_account,
    parse_amount,
    parse_duration,
    parse_hash,
    symbol_of,
)
from chain.erc20 import Erc20Client
from chain.errors import ChainError
from chain.installments import InstallmentPlansClient
from chain.plan_types import DeliveryMode, PlanListingStatus, PlanOffer, PlanStatus, PlanTerms
from chain.tx import TxResult
from chain.types import ZERO_ADDRESS

app = typer.Typer(help="Buy in installments (smart EMI): offers, plans, payments.")

PlanIdArg = Annotated[str, typer.Argument(help="Plan id (decimal or 0x-hex).")]


def _client(
    rpc: str,
    deployment: Path | None,
    account: str | None = None,
    dev_account: int | None = None,
    password_env: str | None = None,
    wallet_dir: Path | None = None,
    *,
    read_only: bool = False,
) -> InstallmentPlansClient:
    conn = connect(rpc, deployment)
    signer = (
        None
        if read_only
        else load_account(account, dev_account, password_env=password_env, wallet_dir=wallet_dir)
    )
    return InstallmentPlansClient.from_manifest(conn.w3, conn.manifest, signer)


def _plan_id(text: str) -> int:
    try:
        return int(text, 0)
    except ValueError as exc:
        raise ChainError(f"plan id {text!r} is not a number") from exc


def _active_plan(client: InstallmentPlansClient, plan_id: int) -> Any:
    plan = client.get_plan(plan_id)
    if plan.status == PlanStatus.NONE:
        raise ChainError(f"there is no installment plan {plan_id}")
    if plan.status != PlanStatus.ACTIVE:
        raise ChainError(f"plan {plan_id} is {plan.status.name.lower()}; nothing to pay")
    return plan


def _sent(what: str, result: TxResult) -> None:
    console.print(f"{what} (tx {result.tx_hash}, gas {result.gas_used:,})", highlight=False)


def _when(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _ensure_funds(client: InstallmentPlansClient, token: str, amount: int, what: str) -> None:
    """Refuse early, with the numbers, when the account cannot pay ``amount``."""
    me = client.transactor.account.address
    w3 = client.w3
    held = (
        w3.eth.get_balance(me) if token == ZERO_ADDRESS else Erc20Client(w3, token).balance_of(me)
    )
    if held < amount:
        decimals, symbol = decimals_of(w3, token), symbol_of(w3, token)
        raise ChainError(
            f"insufficient funds: {what} needs {format_amount(amount, decimals, symbol)} but "
            f"{me} holds {format_amount(held, decimals, symbol)}"
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
    try:
        body = json.loads(text)
        fields = dict(body["offer"])
        fields["terms"] = PlanTerms(**fields["terms"])
        offer = PlanOffer(**fields)
        return offer, str(body["signature"]), int(body["chainId"]), str(body["contract"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ChainError(f"{source} is not a plan offer file ({exc!r})") from exc


@app.command("offer")
def offer(
    price: Annotated[str, typer.Option(help="Cash price, in token units.")],
    token: Annotated[str, typer.Option(help="ERC-20 address; ETH by default.")] = ZERO_ADDRESS,
    down_payment_bps: Annotated[int, typer.Option(help="Down payment share (bps).")] = 1_000,
    installments: Annotated[int, typer.Option(help="Installments after the down payment.")] = 12,
    interval: Annotated[str, typer.Option(help="Time between due dates.")] = "30d",
    financing_fee_bps: Annotated[int, typer.Option(help="Financing fee (bps).")] = 1_200,
    grace: Annotated[str, typer.Option(help="Grace after a due date before default.")] = "5d",
    late_fee_bps: Annotated[int, typer.Option(help="Late fee per installment (bps).")] = 200,
    forfeit_bps: Annotated[int, typer.Option(help="Layaway forfeit share (bps).")] = 0,
    layaway: Annotated[bool, typer.Option(help="Deliver after the last payment.")] = False,
    buyer: Annotated[str, typer.Option(help="Only this buyer may accept.")] = ZERO_ADDRESS,
    listing_id: Annotated[int, typer.Option(help="EMI listing whose stock it uses.")] = 0,
    expires_in: Annotated[str, typer.Option(help="How long the offer stays valid.")] = "7d",
    nonce: Annotated[int | None, typer.Option(help="Offer nonce [default: random].")] = None,
    metadata_hash: Annotated[str | None, typer.Option(help="Item document hash.")] = None,
    out: Annotated[Path | None, typer.Option(help="Write the offer here, else print it.")] = None,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Sign plan terms as the seller (an EIP-712 offer a buyer starts a plan with)."""
    with clean_errors():
        client = _client(rpc, deployment, account, dev_account, password_env, wallet_dir)
        for label, value in (("--token", token), ("--buyer", buyer)):
            if not Web3.is_address(value):
                raise ChainError(f"{label} {value!r} is not an address")
        terms = PlanTerms(
            price=parse_amount(price, decimals_of(client.w3, token), what="--price"),
            token=Web3.to_checksum_address(token),
            down_payment_bps=down_payment_bps,
            installments=installments,
            interval=parse_duration(interval, what="--interval"),
            financing_fee_bps=financing_fee_bps,
            grace_period=parse_duration(grace, what="--grace"),
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
            expiry=now + parse_duration(expires_in, what="--expires-in"),
            nonce=nonce if nonce is not None else secrets.randbits(64),
            buyer=Web3.to_checksum_address(buyer),
            listing_id=listing_id,
            metadata_hash=parse_hash(metadata_hash, what="--metadata-hash"),
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
        decimals, symbol = decimals_of(client.w3, token), symbol_of(client.w3, token)
        console.print(
            f"offer signed to {out}: down {format_amount(split.down_payment, decimals, symbol)}, "
            f"{installments} × {format_amount(split.installment, decimals, symbol)}",
            highlight=False,
        )


@app.command("start")
def start(
    offer_file: Annotated[
        Path | None, typer.Option("--offer", help="A signed offer file from the seller.")
    ] = None,
    listing: Annotated[int | None, typer.Option(help="Start on this EMI listing instead.")] = None,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Start a plan (buyer) and pay its down payment; ERC-20 plans also approve the schedule
    so keepers can collect installments when due."""
    with clean_errors():
        if (offer_file is None) == (listing is None):
            raise ChainError("start a plan with exactly one of --offer FILE or --listing ID")
        client = _client(rpc, deployment, account, dev_account, password_env, wallet_dir)
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
        if terms.token != ZERO_ADDRESS:
            client.approve_token(terms.token, split.down_payment + split.total)
        if offer_file is not None:
            result = client.accept_offer(plan_offer, signature)
        else:
            assert listing is not None
            result = client.start_plan(listing)
        plan_id = int(result.event("PlanStarted").args["planId"])
        decimals, symbol = decimals_of(client.w3, terms.token), symbol_of(client.w3, terms.token)
        _sent(
            f"plan {plan_id} started, down payment "
            f"{format_amount(split.down_payment, decimals, symbol)}",
            result,
        )


@app.command("pay")
def pay(
    plan_id: PlanIdArg,
    amount: Annotated[
        str | None, typer.Option(help="Amount [default: the next installment and late fees].")
    ] = None,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Pay the next installment (buyer), with any late fee it owes."""
    with clean_errors():
        client = _client(rpc, deployment, account, dev_account, password_env, wallet_dir)
        number = _plan_id(plan_id)
        plan = _active_plan(client, number)
        decimals, symbol = decimals_of(client.w3, plan.token), symbol_of(client.w3, plan.token)
        value = (
            client._next_payment(number)
            if amount is None
            else parse_amount(amount, decimals, what="--amount")
        )
        _ensure_funds(client, plan.token, value, "this payment")
        if plan.token != ZERO_ADDRESS:
            client.approve_token(plan.token, value)
        result = client.pay(number, value)
        after = client.get_plan(number)
        _sent(
            f"plan {number}: paid {format_amount(value, decimals, symbol)}, "
            f"{after.installments_paid}/{after.installments} installments, "
            f"{after.status.name.lower()}",
            result,
        )


@app.command("pay-off")
def pay_off(
    plan_id: PlanIdArg,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Pay the whole plan off now (buyer); the financing fee not yet earned is waived."""
    with clean_errors():
        client = _client(rpc, deployment, account, dev_account, password_env, wallet_dir)
        number = _plan_id(plan_id)
        plan = _active_plan(client, number)
        quote = client.quote(number, block="pending")
        _ensure_funds(client, plan.token, quote.payoff, "the payoff")
        if plan.token != ZERO_ADDRESS:
            client.approve_token(plan.token, quote.payoff)
        result = client.pay_off(number, quote.payoff)
        decimals, symbol = decimals_of(client.w3, plan.token), symbol_of(client.w3, plan.token)
        _sent(
            f"plan {number} paid off with {format_amount(quote.payoff, decimals, symbol)} "
            f"(rebate {format_amount(quote.rebate, decimals, symbol)})",
            result,
        )


@app.command("show")
def show(
    plan_id: PlanIdArg,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
) -> None:
    """Show a plan: its state, what is due, the payoff, and every installment."""
    with clean_errors():
        client = _client(rpc, deployment, read_only=True)
        number = _plan_id(plan_id)
        plan = client.get_plan(number)
        if plan.status == PlanStatus.NONE:
            raise ChainError(f"there is no installment plan {number}")
        decimals, symbol = decimals_of(client.w3, plan.token), symbol_of(client.w3, plan.token)

        def money(value: int) -> str:
            return format_amount(value, decimals, symbol)

        now = int(client.w3.eth.get_block("latest")["timestamp"])
        console.print(
            f"plan {number}: {plan.status.name.lower()}, {plan.mode.name.lower()}; "
            f"buyer {plan.buyer}, seller {plan.seller}",
            highlight=False,
        )
        console.print(
            f"down payment {money(plan.down_payment)}, paid {money(plan.paid)} "
            f"of {money(plan.total)}, late fees {money(plan.late_fees_paid)}",
            highlight=False,
        )
        if plan.status == PlanStatus.ACTIVE:
            quote = client.quote(number)
            console.print(
                f"due now {money(quote.due)}, payoff now {money(quote.payoff)}, "
                f"defaultable from {_when(quote.defaultable_at)}",
                highlight=False,
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
            elif row.due_at < now:
                state = "overdue"
            elif row.due_at == now:
                state = "due"
            else:
                state = "upcoming"
            table.add_row(str(row.index), _when(row.due_at), money(row.amount), state)
        console.print(table)
