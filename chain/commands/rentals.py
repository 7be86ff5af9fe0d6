"""``bazaar rentals``: list an item for rent, rent it, hand it over, return it, inspect it,
claim damages, answer a claim, rule or settle, and show where a rental stands.

Amounts are in whole units of the listing's token (``--daily-rate 0.01`` is 0.01 ETH);
durations take ``s``, ``m``, ``h`` or ``d`` suffixes. Every command prints the transaction
and its gas; a revert is printed as its decoded custom error on one red line.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

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
from chain.keeper_duties import RENTAL_ACTIONS, RentalDuty, Skip
from chain.rental import RentalClient
from chain.rental_types import RentalStatus, RentalTerms
from chain.tx import TxResult
from chain.types import ZERO_ADDRESS, ListingStatus

app = typer.Typer(help="Rent items out and rent them: escrowed rent, deposits, claims.")

RentalId = Annotated[int, typer.Argument(help="Rental id (from `bazaar rentals rent`).")]
ListingId = Annotated[int, typer.Argument(help="Rental listing id.")]


def _client(
    rpc: str,
    deployment: Path | None,
    account: str | None = None,
    dev_account: int | None = None,
    password_env: str | None = None,
    wallet_dir: Path | None = None,
    *,
    read_only: bool = False,
) -> RentalClient:
    conn = connect(rpc, deployment)
    signer = (
        None
        if read_only
        else load_account(account, dev_account, password_env=password_env, wallet_dir=wallet_dir)
    )
    return RentalClient.from_manifest(conn.w3, conn.manifest, signer)


def _sent(what: str, result: TxResult) -> None:
    console.print(f"{what} (tx {result.tx_hash}, gas {result.gas_used:,})", highlight=False)


def _when(timestamp: int) -> str:
    if not timestamp:
        return "-"
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@app.command("list")
def list_item(
    daily_rate: Annotated[str, typer.Option(help="Rent per day, in token units.")],
    deposit: Annotated[str, typer.Option(help="Deposit held until inspection.")] = "0",
    late_fee_per_day: Annotated[str, typer.Option(help="Late fee per started day.")] = "0",
    min_days: Annotated[int, typer.Option(help="Shortest booking, in days.")] = 1,
    max_days: Annotated[int, typer.Option(help="Longest booking, in days.")] = 30,
    grace: Annotated[str, typer.Option(help="Late return without a fee.")] = "0",
    handover_window: Annotated[str, typer.Option(help="Time to hand over.")] = "1d",
    inspection_window: Annotated[str, typer.Option(help="Time to inspect a return.")] = "3d",
    token: Annotated[str, typer.Option(help="ERC-20 address; ETH by default.")] = ZERO_ADDRESS,
    metadata_hash: Annotated[
        str | None, typer.Option(help="keccak256 of the listing document (from the API).")
    ] = None,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """List an item for rent (you become its lender)."""
    with clean_errors():
        client = _client(rpc, deployment, account, dev_account, password_env, wallet_dir)
        if token != ZERO_ADDRESS and not client.w3.is_address(token):
            raise ChainError(f"--token {token!r} is not an address")
        decimals = decimals_of(client.w3, token)
        terms = RentalTerms(
            daily_rate=parse_amount(daily_rate, decimals, what="--daily-rate"),
            deposit=parse_amount(deposit, decimals, what="--deposit"),
            late_fee_per_day=parse_amount(late_fee_per_day, decimals, what="--late-fee-per-day"),
            min_days=min_days,
            max_days=max_days,
            grace_period=parse_duration(grace, what="--grace"),
            handover_window=parse_duration(handover_window, what="--handover-window"),
            inspection_window=parse_duration(inspection_window, what="--inspection-window"),
            token=client.w3.to_checksum_address(token),
        )
        result = client.create_listing(terms, parse_hash(metadata_hash, what="--metadata-hash"))
        listing_id = int(result.event("RentalListingCreated").args["listingId"])
        _sent(f"rental listing {listing_id} created", result)


@app.command("rent")
def rent(
    listing_id: ListingId,
    days: Annotated[int, typer.Option(min=1, help="How many days to rent for.")],
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Rent a listed item: pays rent for DAYS plus the deposit into escrow."""
    with clean_errors():
        client = _client(rpc, deployment, account, dev_account, password_env, wallet_dir)
        listing = client.get_listing(listing_id)
        if listing.status == ListingStatus.NONE:
            raise ChainError(f"there is no rental listing {listing_id}")
        cost = listing.terms.cost(days)
        me = client.transactor.account.address
        symbol = symbol_of(client.w3, listing.token)
        decimals = decimals_of(client.w3, listing.token)
        if listing.token == ZERO_ADDRESS:
            held = int(client.w3.eth.get_balance(me))
        else:
            held = Erc20Client(client.w3, listing.token).balance_of(me)
        if held < cost:
            raise ChainError(
                f"insufficient funds: {days} days cost {format_amount(cost, decimals, symbol)} "
                f"(rent and deposit) but {me} holds {format_amount(held, decimals, symbol)}"
            )
        if listing.token != ZERO_ADDRESS:
            client.approve_token(listing.token, cost)
        result = client.rent(listing_id, days)
        rental_id = int(result.event("RentalBooked").args["rentalId"])
        _sent(
            f"rental {rental_id} booked for {days} days, "
            f"{format_amount(cost, decimals, symbol)} in escrow",
            result,
        )


def _lifecycle(
    rental_id: int,
    action: str,
    rpc: str,
    deployment: Path | None,
    account: str | None,
    dev_account: int | None,
    password_env: str | None,
    wallet_dir: Path | None,
) -> None:
    client = _client(rpc, deployment, account, dev_account, password_env, wallet_dir)
    rental = client.rental_from_chain(rental_id)
    send = {
        "handover": client.confirm_handover,
        "return": client.mark_returned,
        "confirm-return": client.confirm_return,
        "accept-claim": client.accept_claim,
        "cancel": client.cancel_booking,
    }[action]
    _sent(f"rental {rental_id}: {action} done", send(rental))


@app.command("handover")
def handover(
    rental_id: RentalId,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Confirm you handed the item over (lender); the rental clock starts."""
    with clean_errors():
        _lifecycle(
            rental_id, "handover", rpc, deployment, account, dev_account, password_env, wallet_dir
        )


@app.command("return")
def mark_returned(
    rental_id: RentalId,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Mark the item returned (renter); unused whole days are refunded at once."""
    with clean_errors():
        _lifecycle(
            rental_id, "return", rpc, deployment, account, dev_account, password_env, wallet_dir
        )


@app.command("confirm-return")
def confirm_return(
    rental_id: RentalId,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Confirm the item came back undamaged (lender); the deposit goes back to the renter."""
    with clean_errors():
        _lifecycle(
            rental_id,
            "confirm-return",
            rpc,
            deployment,
            account,
            dev_account,
            password_env,
            wallet_dir,
        )


@app.command("claim")
def claim(
    rental_id: RentalId,
    amount: Annotated[str, typer.Option(help="Damages claimed from the deposit, token units.")],
    evidence_hash: Annotated[
        str | None, typer.Option(help="keccak256 of the evidence document.")
    ] = None,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Claim damages from the deposit of a returned item (lender); the rest is released."""
    with clean_errors():
        client = _client(rpc, deployment, account, dev_account, password_env, wallet_dir)
        rental = client.rental_from_chain(rental_id)
        value = parse_amount(amount, decimals_of(client.w3, rental.token), what="--amount")
        if value == 0:
            raise ChainError("--amount must be above 0; use `confirm-return` to claim nothing")
        evidence = parse_hash(evidence_hash, what="--evidence-hash")
        _sent(
            f"rental {rental_id}: claimed {amount}", client.confirm_return(rental, value, evidence)
        )


@app.command("accept-claim")
def accept_claim(
    rental_id: RentalId,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Answer a damage claim by accepting it (renter); the claim goes to the lender."""
    with clean_errors():
        _lifecycle(
            rental_id,
            "accept-claim",
            rpc,
            deployment,
            account,
            dev_account,
            password_env,
            wallet_dir,
        )


@app.command("dispute")
def dispute(
    rental_id: RentalId,
    reason_hash: Annotated[str | None, typer.Option(help="keccak256 of your reasons.")] = None,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Answer a damage claim by disputing it before the arbiter (renter, within 3 days)."""
    with clean_errors():
        client = _client(rpc, deployment, account, dev_account, password_env, wallet_dir)
        rental = client.rental_from_chain(rental_id)
        reason = parse_hash(reason_hash, what="--reason-hash")
        _sent(f"rental {rental_id}: claim disputed", client.dispute_claim(rental, reason))


@app.command("rule")
def rule(
    rental_id: RentalId,
    renter_bps: Annotated[
        int, typer.Option(min=0, max=10_000, help="Share of the claim back to the renter (bps).")
    ],
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Rule a disputed claim (arbiter)."""
    with clean_errors():
        client = _client(rpc, deployment, account, dev_account, password_env, wallet_dir)
        rental = client.rental_from_chain(rental_id)
        _sent(f"rental {rental_id}: ruled", client.resolve_dispute(rental, renter_bps))


@app.command("cancel")
def cancel(
    rental_id: RentalId,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Decline a booking before handover (lender; anyone after the handover window)."""
    with clean_errors():
        _lifecycle(
            rental_id, "cancel", rpc, deployment, account, dev_account, password_env, wallet_dir
        )


@app.command("settle")
def settle(
    rental_id: RentalId,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Move a rental on past its deadline (anyone): what the keeper would do for it."""
    with clean_errors():
        client = _client(rpc, deployment, account, dev_account, password_env, wallet_dir)
        now = int(client.w3.eth.get_block("latest")["timestamp"])
        outcomes = RentalDuty(client).act(rental_id, now)
        if not outcomes:
            status = client.rental_from_chain(rental_id).status.name.lower()
            raise ChainError(f"rental {rental_id} is {status}; there is nothing to settle")
        for outcome in outcomes:
            if isinstance(outcome, Skip):
                raise ChainError(f"rental {rental_id}: {outcome.action} is {outcome.reason}")
            console.print(
                f"rental {rental_id}: {outcome.action} done (tx {outcome.tx_hash}, "
                f"gas {outcome.gas_used:,})",
                highlight=False,
            )


@app.command("withdraw")
def withdraw(
    token: Annotated[str, typer.Option(help="ERC-20 address; ETH by default.")] = ZERO_ADDRESS,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
    account: AccountOption = None,
    dev_account: DevAccountOption = None,
    password_env: PasswordEnvOption = None,
    wallet_dir: WalletDirOption = None,
) -> None:
    """Withdraw what the rental escrow owes you (rent, refunds, deposits)."""
    with clean_errors():
        client = _client(rpc, deployment, account, dev_account, password_env, wallet_dir)
        owed = client.owed(client.transactor.account.address, token)
        amount = format_amount(owed, decimals_of(client.w3, token), symbol_of(client.w3, token))
        _sent(f"withdrew {amount}", client.withdraw(token))


@app.command("show")
def show(
    rental_id: RentalId,
    rpc: RpcOption = "http://127.0.0.1:8545",
    deployment: DeploymentOption = None,
) -> None:
    """Show a rental's state, amounts, deadlines and what can happen next."""
    with clean_errors():
        client = _client(rpc, deployment, read_only=True)
        rental = client.rental_from_chain(rental_id)
        decimals = decimals_of(client.w3, rental.token)
        symbol = symbol_of(client.w3, rental.token)
        table = Table(title=f"Rental {rental_id}", show_header=False)
        table.add_column("field", style="bold")
        table.add_column("value")
        rows = [
            ("status", rental.status.name.lower()),
            ("listing", str(rental.listing_id)),
            ("lender", rental.lender),
            ("renter", rental.renter),
            ("days", str(rental.rental_days)),
            ("rent", format_amount(rental.rent, decimals, symbol)),
            ("deposit", format_amount(rental.deposit, decimals, symbol)),
            ("booked", _when(rental.booked_at)),
            ("started", _when(rental.started_at)),
            ("ends", _when(rental.ends_at)),
            ("returned", _when(rental.returned_at)),
            ("late fee", format_amount(rental.late_fee, decimals, symbol)),
            ("claim", format_amount(rental.claim, decimals, symbol)),
        ]
        if rental.status.is_open:
            deadline = client.deadline_of(rental)
            keeper = RENTAL_ACTIONS[RentalStatus(rental.status)]
            rows.append(("deadline", f"{_when(deadline)}, then anyone may {keeper}"))
        for field, value in rows:
            table.add_row(field, value)
        console.print(table)
