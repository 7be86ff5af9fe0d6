"""``bazaar rentals``: list an item for rent, rent it, hand it over, return it, inspect it,
claim damages, answer a claim, rule or settle, and show where a rental stands.

Amounts are in whole units of the listing's token (``--daily-rate 0.01`` is 0.01 ETH);
durations take ``s``, ``m``, ``h`` or ``d`` suffixes. Every command prints the transaction
and its gas; a revert is printed as its decoded custom error on one red line.
"""

from __future__ import annotations

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
    parse_hash,
    print_sent,
    read_only,
    token_units,
)
from bazaar.commands.seller import upload_metadata
from chain.errors import ChainError

if TYPE_CHECKING:
    from chain.rentals.client import RentalClient


app = typer.Typer(help="Rent items out and rent them: escrowed rent, deposits, claims.")

RentalId = Annotated[str, typer.Argument(help="Rental id (from `bazaar rentals rent`).")]
ListingId = Annotated[int, typer.Argument(help="Rental listing id.")]


def _client(signer: Signer) -> RentalClient:
    from chain.rentals.client import RentalClient

    m = signer.open()
    return RentalClient.from_manifest(m.w3, m.manifest, m.account)


def _when(timestamp: int) -> str:
    if not timestamp:
        return "-"
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _span(seconds: int) -> str:
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


@app.command("list")
@with_signer
def list_item(
    daily_rate: Annotated[str, typer.Option(help="Rent per day, in token units.")],
    deposit: Annotated[str, typer.Option(help="Deposit held until inspection.")] = "0",
    late_fee_per_day: Annotated[str, typer.Option(help="Late fee per started day.")] = "0",
    min_days: Annotated[int, typer.Option(help="Shortest booking, in days.")] = 1,
    max_days: Annotated[int, typer.Option(help="Longest booking, in days.")] = 30,
    grace: Annotated[str, typer.Option(help="Late return without a fee.")] = "0",
    handover_window: Annotated[str, typer.Option(help="Time to hand over.")] = "1d",
    inspection_window: Annotated[str, typer.Option(help="Time to inspect a return.")] = "3d",
    token: Annotated[str | None, typer.Option(help="ERC-20 address; ETH by default.")] = None,
    metadata: Annotated[
        Path | None, typer.Option(help="Listing metadata JSON, stored through the API.")
    ] = None,
    *,
    signer: Signer,
) -> None:
    """List an item for rent (you become its lender)."""
    from chain.rentals.client import RentalClient
    from chain.rentals.types import RentalTerms
    from chain.types import ZERO_HASH
    from core.constants import ZERO_ADDRESS

    token = token or ZERO_ADDRESS
    with errors_exit():
        m = signer.open()
        client = RentalClient.from_manifest(m.w3, m.manifest, m.account)
        units = token_units(client.w3, token)
        terms = RentalTerms(
            daily_rate=option_amount("--daily-rate", daily_rate, units),
            deposit=option_amount("--deposit", deposit, units),
            late_fee_per_day=option_amount("--late-fee-per-day", late_fee_per_day, units),
            min_days=min_days,
            max_days=max_days,
            grace_period=option_duration("--grace", grace),
            handover_window=option_duration("--handover-window", handover_window),
            inspection_window=option_duration("--inspection-window", inspection_window),
            token=client.w3.to_checksum_address(token),
        )
        digest = upload_metadata(m, metadata) if metadata is not None else ZERO_HASH
        result = client.create_listing(terms, digest)
        listing_id = int(result.event("RentalListingCreated").args["listingId"])
        print_sent(f"rental listing {listing_id} created, metadata {digest}", result)


@app.command("rent")
@with_signer
def rent(
    listing_id: ListingId,
    days: Annotated[int, typer.Option(min=1, help="How many days to rent for.")],
    terms_hash: Annotated[
        str | None,
        typer.Option(
            "--terms-hash",
            help="Book only on these terms (the hash `bazaar rentals listing` printed).",
        ),
    ] = None,
    *,
    signer: Signer,
) -> None:
    """Rent a listed item: pays rent for DAYS plus the deposit into escrow.

    The booking commits to the terms read here (or, with --terms-hash, to the terms you saw
    earlier): if the lender changes them before it is mined, it reverts and nothing is paid.
    """
    from chain.types import ListingStatus
    from core.constants import ZERO_ADDRESS

    with errors_exit():
        client = _client(signer)
        listing = client.get_listing(listing_id)
        if listing.status == ListingStatus.NONE:
            raise ChainError(f"there is no rental listing {listing_id}")
        if terms_hash is not None:
            seen = parse_hash(terms_hash, what="--terms-hash")
            current = client.terms_hash(listing.terms)
            if seen != current:
                raise ChainError(
                    f"the terms of rental listing {listing_id} changed (hash {current}, "
                    f"not {seen}); run `bazaar rentals listing {listing_id}` and check them"
                )
        cost = listing.terms.cost(days)
        me = client.transactor.account.address
        decimals, symbol = token_units(client.w3, listing.token)
        held = balance_of(client.w3, listing.token, me)
        if held < cost:
            raise ChainError(
                f"insufficient funds: {days} days cost {format_amount(cost, decimals, symbol)} "
                f"(rent and deposit) but {me} holds {format_amount(held, decimals, symbol)}"
            )
        if listing.token != ZERO_ADDRESS:
            client.approve_token(listing.token, cost)
        result = client.rent(listing_id, days, terms=listing.terms)
        rental_id = int(result.event("RentalBooked").args["rentalId"])
        print_sent(
            f"rental {rental_id} booked for {days} days, "
            f"{format_amount(cost, decimals, symbol)} in escrow",
            result,
        )


def _lifecycle(rental_id: str, action: str, signer: Signer) -> None:
    client = _client(signer)
    number = parse_id(rental_id, "rental")
    rental = client.rental_from_chain(number)
    send = {
        "handover": client.confirm_handover,
        "return": client.mark_returned,
        "confirm-return": client.confirm_return,
        "accept-claim": client.accept_claim,
        "cancel": client.cancel_booking,
    }[action]
    print_sent(f"rental {number}: {action} done", send(rental))


@app.command("handover")
@with_signer
def handover(
    rental_id: RentalId,
    *,
    signer: Signer,
) -> None:
    """Confirm you handed the item over (lender); the rental clock starts."""
    with errors_exit():
        _lifecycle(
            rental_id,
            "handover",
            signer,
        )


@app.command("return")
@with_signer
def mark_returned(
    rental_id: RentalId,
    *,
    signer: Signer,
) -> None:
    """Mark the item returned (renter); unused whole days are refunded at once."""
    with errors_exit():
        _lifecycle(
            rental_id,
            "return",
            signer,
        )


@app.command("confirm-return")
@with_signer
def confirm_return(
    rental_id: RentalId,
    *,
    signer: Signer,
) -> None:
    """Confirm the item came back undamaged (lender); the deposit goes back to the renter."""
    with errors_exit():
        _lifecycle(
            rental_id,
            "confirm-return",
            signer,
        )


@app.command("claim")
@with_signer
def claim(
    rental_id: RentalId,
    amount: Annotated[str, typer.Option(help="Damages claimed from the deposit, token units.")],
    evidence_hash: Annotated[
        str | None, typer.Option(help="keccak256 of the evidence document.")
    ] = None,
    *,
    signer: Signer,
) -> None:
    """Claim damages from the deposit of a returned item (lender); the rest is released."""
    with errors_exit():
        client = _client(signer)
        rental = client.rental_from_chain(parse_id(rental_id, "rental"))
        value = option_amount("--amount", amount, token_units(client.w3, rental.token))
        if value == 0:
            raise ChainError("--amount must be above 0; use `confirm-return` to claim nothing")
        evidence = parse_hash(evidence_hash, what="--evidence-hash")
        print_sent(
            f"rental {rental_id}: claimed {amount}", client.confirm_return(rental, value, evidence)
        )


@app.command("accept-claim")
@with_signer
def accept_claim(
    rental_id: RentalId,
    *,
    signer: Signer,
) -> None:
    """Answer a damage claim by accepting it (renter); the claim goes to the lender."""
    with errors_exit():
        _lifecycle(
            rental_id,
            "accept-claim",
            signer,
        )


@app.command("dispute")
@with_signer
def dispute(
    rental_id: RentalId,
    reason_hash: Annotated[str | None, typer.Option(help="keccak256 of your reasons.")] = None,
    *,
    signer: Signer,
) -> None:
    """Answer a damage claim by disputing it before the arbiter (renter, within 3 days)."""
    with errors_exit():
        client = _client(signer)
        rental = client.rental_from_chain(parse_id(rental_id, "rental"))
        reason = parse_hash(reason_hash, what="--reason-hash")
        print_sent(f"rental {rental_id}: claim disputed", client.dispute_claim(rental, reason))


@app.command("rule")
@with_signer
def rule(
    rental_id: RentalId,
    renter_bps: Annotated[
        int, typer.Option(min=0, max=10_000, help="Share of the claim back to the renter (bps).")
    ],
    *,
    signer: Signer,
) -> None:
    """Rule a disputed claim (arbiter)."""
    with errors_exit():
        client = _client(signer)
        rental = client.rental_from_chain(parse_id(rental_id, "rental"))
        print_sent(f"rental {rental_id}: ruled", client.resolve_dispute(rental, renter_bps))


@app.command("cancel")
@with_signer
def cancel(
    rental_id: RentalId,
    *,
    signer: Signer,
) -> None:
    """Decline a booking before handover (lender; anyone after the handover window)."""
    with errors_exit():
        _lifecycle(
            rental_id,
            "cancel",
            signer,
        )


@app.command("settle")
@with_signer
def settle(
    rental_id: RentalId,
    *,
    signer: Signer,
) -> None:
    """Move a rental on past its deadline (anyone): what the keeper would do for it."""
    from chain.keeper_duties import RentalDuty, Skip

    with errors_exit():
        client = _client(signer)
        now = int(client.w3.eth.get_block("latest")["timestamp"])
        number = parse_id(rental_id, "rental")
        outcomes = RentalDuty(client).act(number, now)
        if not outcomes:
            status = client.rental_from_chain(number).status.name.lower()
            raise ChainError(f"rental {rental_id} is {status}; there is nothing to settle")
        for outcome in outcomes:
            if isinstance(outcome, Skip):
                raise ChainError(f"rental {rental_id}: {outcome.action} is {outcome.reason}")
            console.print(
                f"rental {number}: {outcome.action} done (tx {outcome.tx_hash}, "
                f"gas {outcome.gas_used:,})",
                highlight=False,
                soft_wrap=True,
            )


@app.command("withdraw")
@with_signer
def withdraw(
    token: Annotated[str | None, typer.Option(help="ERC-20 address; ETH by default.")] = None,
    *,
    signer: Signer,
) -> None:
    """Withdraw what the rental escrow owes you (rent, refunds, deposits)."""
    from core.constants import ZERO_ADDRESS

    token = token or ZERO_ADDRESS
    with errors_exit():
        client = _client(signer)
        owed = client.owed(client.transactor.account.address, token)
        amount = format_amount(owed, *token_units(client.w3, token))
        print_sent(f"withdrew {amount}", client.withdraw(token))


@app.command("show")
def show(
    rental_id: RentalId,
    rpc: Rpc = DEFAULT_RPC_URL,
    deployment: DeploymentFile = None,
) -> None:
    """Show a rental's state, amounts, deadlines and what can happen next."""
    from chain.keeper_duties import RENTAL_ACTIONS
    from chain.rentals.client import RentalClient
    from chain.rentals.types import RentalStatus

    with errors_exit():
        w3, manifest = read_only(rpc, deployment)
        client = RentalClient.from_manifest(w3, manifest)
        rental = client.rental_from_chain(parse_id(rental_id, "rental"))
        decimals, symbol = token_units(w3, rental.token)
        table = Table(title=f"Rental {rental.id}", show_header=False)
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


@app.command("listing")
def listing(
    listing_id: ListingId,
    rpc: Rpc = DEFAULT_RPC_URL,
    deployment: DeploymentFile = None,
) -> None:
    """Show a rental listing's terms and whether it is free to rent."""
    from chain.rentals.client import RentalClient
    from chain.types import ListingStatus

    with errors_exit():
        w3, manifest = read_only(rpc, deployment)
        client = RentalClient.from_manifest(w3, manifest)
        found = client.get_listing(listing_id)
        if found.status == ListingStatus.NONE:
            raise ChainError(f"there is no rental listing {listing_id}")
        units = token_units(w3, found.token)
        table = Table(title=f"Rental listing {listing_id}", show_header=False)
        table.add_column("field", style="bold")
        table.add_column("value")
        rows = [
            ("status", found.status.name.lower() + (", rented" if found.rented else "")),
            ("lender", found.lender),
            ("daily rate", format_amount(found.daily_rate, *units)),
            ("deposit", format_amount(found.deposit, *units)),
            ("late fee per day", format_amount(found.late_fee_per_day, *units)),
            ("days", f"{found.min_days} to {found.max_days}"),
            ("grace period", _span(found.grace_period)),
            ("handover window", _span(found.handover_window)),
            ("inspection window", _span(found.inspection_window)),
            ("platform fee", f"{found.fee_bps} bps of the rent"),
            ("rentals so far", str(found.rental_count)),
            ("terms hash", client.terms_hash(found.terms)),
        ]
        for field, value in rows:
            table.add_row(field, value)
        console.print(table)
