"""``bazaar demo``: a living, seeded marketplace on this machine until Ctrl-C."""

from __future__ import annotations

import signal
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from core.errors import BazaarError

if TYPE_CHECKING:
    from bazaar.demo.run import Demo
    from bazaar.demo.seed import SeedReport

console = Console()
err_console = Console(stderr=True)


def print_summary(demo: Demo) -> None:
    """What was seeded, the URLs to open and commands to try."""
    config, report = demo.config, demo.report
    assert report is not None and demo.node is not None
    api = config.api_url
    # First: the storefront, served by the API process at / (api/web.py).
    console.print(f"storefront [bold]{api}/[/]  (a browser with a wallet)", highlight=False)
    table = Table(title="Bazaar demo marketplace", show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for label, value in _seeded(report, demo.social_writes):
        table.add_row(label, value)
    console.print(table)
    console.print(f"API docs  [bold]{api}/docs[/]", highlight=False)
    console.print(f"feed      [bold]{api}/v1/feed[/]", highlight=False)
    console.print(f"stream    [bold]{api}/v1/stream[/]", highlight=False)
    console.print(f"RPC       {demo.node.url}   manifest {demo.manifest_path()}", highlight=False)
    console.print(f"logs      {config.demo_dir / 'logs'}", highlight=False)
    console.print("\nTry:", style="bold")
    for line in try_commands(demo):
        console.print(f"  {line}", highlight=False, soft_wrap=True)
    console.print("\nRunning; press Ctrl-C to stop everything.")


def bazaar_command() -> str:
    """How to run ``bazaar`` from the current directory in a fresh shell, where the venv is
    not on ``PATH``: ``.venv/bin/bazaar`` in the checkout, the absolute path elsewhere."""
    checkout = Path(__file__).resolve().parents[2]
    for script in (checkout / ".venv" / "bin" / "bazaar", Path(sys.executable).parent / "bazaar"):
        if script.exists():
            try:
                return str(script.relative_to(Path.cwd()))
            except ValueError:
                return str(script)
    return "bazaar"


def try_commands(demo: Demo) -> list[str]:
    """Commands that show the seeded marketplace (curl against the API, the CLI on chain),
    each runnable as printed."""
    from bazaar.demo.catalog import SELLERS

    report, api = demo.report, demo.config.api_url
    bazaar = bazaar_command()
    assert report is not None and demo.node is not None
    kayak = report.rentals.rentals["kayak"]
    late_plan = report.rentals.plans["ebike_late"]
    seller = report.market.deals["x100"].seller
    lender = SELLERS["outdoor"].account
    return [
        f"curl -s '{api}/v1/feed?limit=5'",
        f"curl -s '{api}/v1/feed?kind=dispute_opened&kind=order_refunded'",
        f"curl -s {api}/v1/listings/{report.market.listings['x100']}",
        f"curl -s '{api}/v1/listings/search?q=camera'",
        f"curl -s {api}/v1/sellers/{seller}/reputation",
        f"curl -s {api}/v1/rentals/{kayak}",
        f"curl -s {api}/v1/plans/{late_plan}",
        f"curl -s '{api}/v1/reviews?limit=3'",
        f"curl -s {api}/v1/promotions",
        f"curl -sN {api}/v1/stream",
        f"export BAZAAR_RPC_URL={demo.node.url} BAZAAR_DEPLOYMENT={demo.manifest_path()}",
        f"export BAZAAR_API_URL={api}",
        f"{bazaar} buyer buy {report.market.listings['film']} --dev-account 8",
        f"{bazaar} seller ship {report.market.orders['lens_paid']} --dev-account 1",
        f"{bazaar} buyer confirm {report.market.orders['x100_shipped']} --dev-account 6",
        f"{bazaar} seller questions {report.market.listings['ricoh']}",
        f"{bazaar} rentals show {kayak}",
        f"{bazaar} rentals handover {kayak} --dev-account {lender}",
        f"{bazaar} installments show {late_plan}",
        f"{bazaar} installments pay {late_plan} --dev-account 6",
        f"{bazaar} keeper --once --dev-account 0",
        f"{bazaar} --help",
    ]


def _seeded(report: SeedReport, social_writes: int) -> list[tuple[str, str]]:
    market, rentals = report.market, report.rentals
    return [
        (
            "listings",
            f"{len(market.listings)} for sale, {len(rentals.listings)} for rent, "
            f"{len(rentals.plan_listings)} on EMI",
        ),
        ("orders", ", ".join(sorted(market.orders))),
        ("rentals", ", ".join(f"{k} ({v})" for k, v in _stages(report).items())),
        ("plans", ", ".join(sorted(rentals.plans))),
        ("reviews", f"{report.reviews.reviews} with {report.reviews.responses} responses"),
        (
            "credits",
            f"{_eth(report.reviews.credits_spent)} bcETH spent at checkout, "
            f"{_eth(report.reviews.promoted)} bcETH burned to promote a listing",
        ),
        ("social", f"{social_writes} writes (profiles, follows, likes, comments, answers)"),
        ("blocks", f"{report.first_block}..{report.last_block}"),
    ]


def _eth(wei: int) -> str:
    """``wei`` in ether, without trailing zeros (credits have 18 decimals too)."""
    return f"{Decimal(wei) / 10**18:f}".rstrip("0").rstrip(".") or "0"


def _stages(report: SeedReport) -> dict[str, str]:
    from bazaar.demo.seed_rentals import RENTAL_STAGES

    return {key: stage for key, (stage, _renter, _days) in RENTAL_STAGES.items()}


def demo(
    rpc_port: Annotated[int, typer.Option(help="anvil's JSON-RPC port.")] = 8545,
    api_port: Annotated[int, typer.Option(help="The API's port.")] = 8000,
    host: Annotated[str, typer.Option(help="Interface anvil and the API bind to.")] = "127.0.0.1",
    demo_dir: Annotated[
        Path | None,
        typer.Option(help="Database, logs and envelopes \\[default: $BAZAAR_DEMO_DIR or .demo]"),
    ] = None,
    deployments_dir: Annotated[
        Path | None, typer.Option(help="Where the manifest goes \\[default: ./deployments]")
    ] = None,
    keeper: Annotated[bool, typer.Option(help="Run `bazaar keeper` as well.")] = True,
    timeout: Annotated[
        float, typer.Option(min=1, help="Seconds each startup wait may take.")
    ] = 60.0,
) -> None:
    """Start anvil, deploy, seed a marketplace, run API, indexer and keeper until Ctrl-C."""
    from bazaar.demo.processes import follow_make, stop_on_signals
    from bazaar.demo.run import Demo, DemoConfig, default_demo_dir

    config = DemoConfig(
        demo_dir=demo_dir or default_demo_dir(),
        host=host,
        rpc_port=rpc_port,
        api_port=api_port,
        deployments_dir=deployments_dir,
        keeper=keeper,
        timeout=timeout,
    )
    demo_run = Demo(config)
    started = time.monotonic()
    try:
        # SIGTERM and SIGHUP stop the demo the way Ctrl-C does; every child also dies with
        # the demo if it is killed outright (PR_SET_PDEATHSIG), and the demo with `make`.
        with stop_on_signals():
            follow_make()
            console.print("starting anvil, deploying, seeding (well under a minute)...")
            demo_run.start()
            console.print(f"ready in {time.monotonic() - started:.1f}s", highlight=False)
            print_summary(demo_run)
            while True:
                time.sleep(0.5)
                demo_run.check()
    except KeyboardInterrupt:
        console.print("stopping...")
    except BazaarError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        demo_run.stop()
        raise typer.Exit(1) from exc
    codes = demo_run.stop()
    console.print(
        "stopped: " + ", ".join(_outcome(n, c) for n, c in codes.items()), highlight=False
    )


def _outcome(name: str, code: int) -> str:
    """``api`` for a clean stop (exit 0, or the SIGTERM we sent), else with its code."""
    return name if code in (0, -signal.SIGTERM) else f"{name} (exit {code})"
