"""bazaar/demo: the seeding against anvil and a live API, and ``bazaar demo`` end to end.

The first test runs the seeding steps itself (anvil and the API on free ports, SQLite in a
temporary directory), indexes to the head in process and checks what a newcomer would see:
every kind of feed item, every listing with its metadata document, rentals at each stage,
plans paid on time and late, reviews, credits and the social writes. The second starts
``bazaar demo`` as a subprocess twice in a row, reads the printed feed URL, fetches the
feed, sends SIGINT and checks that anvil, the API, the indexer and the keeper all exited.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from eth_utils.crypto import keccak
from typer.testing import CliRunner

from bazaar.api_client import BazaarApi
from bazaar.cli import app
from bazaar.demo.actors import Cast, deploy_stablecoin, seeding_web3
from bazaar.demo.catalog import COMMENTS, MARKET_ITEMS, QUESTIONS, SELLERS, STABLECOIN
from bazaar.demo.processes import DemoProcessError, spawn
from bazaar.demo.run import DEMO_API_ENV
from bazaar.demo.seed import SeedReport, seed_chain, seed_social
from bazaar.demo.seed_market import ADDRESSES, shipping_key
from bazaar.demo.seed_rentals import KEEPER, RENTAL_STAGES
from chain.anvil import dev_account, free_port, start_anvil
from chain.deploy import deploy_all
from chain.installments.types import PlanStatus
from chain.rentals.types import RentalStatus
from indexer.app import build_indexer
from indexer.config import IndexerSettings
from wallet.shipping_details import open_shipping_details

REPO = Path(__file__).resolve().parents[2]
FEED_KINDS = {
    "listing_created",
    "purchased",
    "order_placed",
    "order_shipped",
    "order_completed",
    "order_refunded",
    "dispute_opened",
    "rental_listing_created",
    "rented",
    "rental_started",
    "returned",
    "damage_claimed",
    "plan_listing_created",
    "plan_started",
    "installment_paid",
    "reviewed",
    "review_responded",
    "promoted",
}
STAGE_STATUS = {
    "rented": RentalStatus.BOOKED,
    "handed_over": RentalStatus.ACTIVE,
    "returned": RentalStatus.RETURNED,
    "damage_claim": RentalStatus.CLAIMED,
}


@dataclass
class Seeded:
    """A seeded, indexed demo marketplace."""

    cast: Cast
    api: BazaarApi
    report: SeedReport
    directory: Path


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """anvil + the API on free ports, the chain seeded and indexed, social data written."""
    tmp = tmp_path_factory.mktemp("demo")
    db_url = f"sqlite:///{tmp / 'bazaar.db'}"
    api_port = free_port()
    api_args = ["--db", db_url, "--port", str(api_port), "--migrate", "--log-level", "warning"]
    api_child = spawn("api", "api", api_args, tmp / "logs", DEMO_API_ENV)
    api = BazaarApi(f"http://127.0.0.1:{api_port}")
    try:
        with start_anvil() as node:
            w3 = seeding_web3(node.url)
            deployment = deploy_all(w3, dev_account(0), deployments_dir=tmp)
            token = deploy_stablecoin(w3, dev_account(0), *STABLECOIN)
            cast = Cast(w3, deployment.manifest, token)
            api.wait_until_up(120, api_child.running)
            report = seed_chain(cast, api, tmp)
            settings = IndexerSettings(
                rpc_url=node.url, db_url=db_url, deployment=deployment.path, poll_interval=0.05
            )
            indexer = build_indexer(settings, migrate=False)
            try:
                indexer.run(follow=False, stop=threading.Event())
            finally:
                indexer.close()
            seed_social(cast, api, report)
            yield Seeded(cast, api, report, tmp)
    finally:
        api.close()
        api_child.stop()


def test_feed_has_every_kind_of_marketplace_activity(seeded: Seeded) -> None:
    api, report = seeded.api, seeded.report

    page = api.feed(limit=100)
    kinds = {item["kind"] for item in page["data"]}

    assert FEED_KINDS <= kinds, f"missing {FEED_KINDS - kinds}"
    assert page["end"] is True
    listed = [i for i in page["data"] if i["kind"] == "listing_created"]
    assert len(listed) == len(MARKET_ITEMS) == len(report.market.listings)


def test_every_listing_has_its_metadata_document(seeded: Seeded) -> None:
    api, report = seeded.api, seeded.report

    for key, listing_id in report.market.listings.items():
        listing = api.request("GET", f"/v1/listings/{listing_id}").json()
        assert listing["metadata_hash"] == report.documents[key]
        assert listing["metadata_document"]["title"] == MARKET_ITEMS[key].metadata["title"]
        stored = api.request("GET", f"/v1/documents/{listing['metadata_hash']}").content
        assert "0x" + keccak(stored).hex() == listing["metadata_hash"]
        assert json.loads(stored) == MARKET_ITEMS[key].metadata
    found = api.request("GET", "/v1/listings/search", params={"q": "camera"}).json()
    assert report.market.listings["x100"] in {row["listing_id"] for row in found["data"]}


def test_payments_in_eth_and_stablecoin_with_every_escrow_outcome(seeded: Seeded) -> None:
    cast, api, report = seeded.cast, seeded.api, seeded.report
    page = api.feed(limit=100)

    tokens = {item["token"] for item in page["data"] if item["kind"] == "purchased"}
    assert tokens == {"0x0000000000000000000000000000000000000000", cast.token}
    order = cast.market(0).order_from_chain
    statuses = {
        name: order(order_id).status.name for name, order_id in report.market.orders.items()
    }
    assert statuses == {
        "x100_completed": "COMPLETED",
        "lens_completed": "COMPLETED",
        "speaker_completed": "COMPLETED",
        "x100_shipped": "SHIPPED",
        "lens_paid": "PAID",
        "turntable_disputed": "DISPUTED",
        "speaker_refunded": "REFUNDED",
    }
    assert report.market.envelopes == len(list((seeded.directory / "shipping").glob("*.bin")))


def test_rentals_sit_at_each_stage_and_plans_run_late_and_on_time(seeded: Seeded) -> None:
    cast, report = seeded.cast, seeded.report
    rentals = report.rentals

    for key, (stage, _renter, _days) in RENTAL_STAGES.items():
        if stage == "listed":
            assert key not in rentals.rentals
            assert not cast.rentals(0).get_listing(rentals.listings[key]).rented
        else:
            rental = cast.rentals(0).rental_from_chain(rentals.rentals[key])
            assert rental.status == STAGE_STATUS[stage], key
    plans = {name: cast.plans(0).get_plan(pid) for name, pid in rentals.plans.items()}
    assert all(plan.status == PlanStatus.ACTIVE for plan in plans.values())
    assert plans["ebike_late"].late_fees_paid == rentals.late_fees > 0
    assert plans["ebike_on_time"].late_fees_paid == 0
    assert plans["ebike_on_time"].installments_paid == 2
    assert plans["laptop_collected"].installments_paid == 1
    # The keeper collects hours after the due date, inside the payment window: no late fee.
    assert plans["laptop_collected"].late_fees_paid == 0


def test_rentals_and_plans_read_through_the_api_match_the_chain(seeded: Seeded) -> None:
    cast, api, rentals = seeded.cast, seeded.api, seeded.report.rentals

    for key, rental_id in rentals.rentals.items():
        served = api.request("GET", f"/v1/rentals/{rental_id}").json()
        on_chain = cast.rentals(0).rental_from_chain(rental_id)
        assert served["status"] == on_chain.status.name.lower(), key
        assert (served["rent"], served["deposit"]) == (str(on_chain.rent), str(on_chain.deposit))
    for name, plan_id in rentals.plans.items():
        served = api.request("GET", f"/v1/plans/{plan_id}").json()
        on_chain = cast.plans(0).get_plan(plan_id)
        assert (served["status"], served["paid_count"]) == ("active", on_chain.installments_paid)
        assert served["late_fees"] == str(on_chain.late_fees_paid), name
        paid = [row["paid"] for row in served["schedule"]]
        assert paid == [i < on_chain.installments_paid for i in range(len(paid))], name
    laptop = api.request("GET", f"/v1/plans/{rentals.plans['laptop_collected']}").json()
    keeper = cast.address(KEEPER)
    assert [(row["kind"], row["by"]) for row in laptop["installments"]] == [("collected", keeper)]


def test_reviews_responses_and_the_promotion_read_through_the_api(seeded: Seeded) -> None:
    api, report = seeded.api, seeded.report

    reviews = api.request("GET", "/v1/reviews", params={"limit": 100}).json()["data"]
    assert len(reviews) == report.reviews.reviews
    answered = [review for review in reviews if review["response_hash"] is not None]
    assert len(answered) == report.reviews.responses
    for review in reviews:
        text = api.request("GET", f"/v1/documents/{review['text_hash']}").content
        assert "0x" + keccak(text).hex() == review["text_hash"]
    promotions = api.request("GET", "/v1/promotions").json()["data"]
    assert [(p["listing_id"], p["amount"]) for p in promotions] == [
        (report.market.listings["x100"], str(report.reviews.promoted))
    ]


def test_reviews_credits_and_promotion(seeded: Seeded) -> None:
    cast, report = seeded.cast, seeded.report
    reviews = report.reviews

    assert (reviews.reviews, reviews.responses) == (8, 2)
    assert reviews.credits_spent > 0
    assert reviews.promoted > 0
    shop = cast.address(SELLERS["cameras"].account)
    assert cast.credits(0).balance_of(shop) == 0  # burned for the promotion


def test_sellers_open_the_seeded_orders_addresses_through_the_api(seeded: Seeded) -> None:
    """The seeded envelopes went to the API's route, so the storefront's seller can open them."""
    cast, api, report = seeded.cast, seeded.api, seeded.report
    buyers = {"lens_paid": 7, "x100_shipped": 6, "turntable_disputed": 4}
    for name, buyer in buyers.items():
        order = api.request("GET", f"/v1/orders/{report.market.orders[name]}").json()
        seller = next(a for a in (cast.account(s.account) for s in SELLERS.values())
                      if a.address == order["seller"])  # fmt: skip
        path = f"/v1/orders/{order['order_id']}/shipping-envelope"
        body = api.request("GET", path, account=seller).json()
        envelope = bytes.fromhex(body["envelope"].removeprefix("0x"))
        assert "0x" + keccak(envelope).hex() == order["shipping_ref"]
        details = open_shipping_details(shipping_key(seller), envelope)
        assert details == ADDRESSES[buyer % len(ADDRESSES)], name


def test_social_writes_are_visible(seeded: Seeded) -> None:
    cast, api, report = seeded.cast, seeded.api, seeded.report

    profile = api.request("GET", f"/v1/profiles/{cast.address(SELLERS['audio'].account)}").json()
    assert profile["profile"]["display_name"] == SELLERS["audio"].name
    for key, body in COMMENTS:
        listing = report.market.listings[key]
        comments = api.request("GET", f"/v1/listings/{listing}/comments").json()["data"]
        assert body in {comment["body"] for comment in comments}
    for key, question, answer in QUESTIONS:
        listing = report.market.listings[key]
        comments = api.request("GET", f"/v1/listings/{listing}/comments").json()["data"]
        asked = next(comment for comment in comments if comment["body"] == question)
        assert asked["answer"]["body"] == answer


# ----------------------------------------------------------------------------- bazaar demo


def _children(pid: int) -> list[int]:
    """Direct child processes of ``pid`` (Linux /proc)."""
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(part) for part in text.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _ignore_sigint() -> None:
    """What a shell does to a background job (``make demo &``): SIGINT starts ignored."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _start_demo(
    tmp: Path, rpc_port: int, api_port: int, *, background: bool = False
) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "bazaar.cli", "demo", "--rpc-port", str(rpc_port)]
    command += ["--api-port", str(api_port), "--demo-dir", str(tmp / "demo")]
    command += ["--deployments-dir", str(tmp / "deployments")]
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    return subprocess.Popen(
        command,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        preexec_fn=_ignore_sigint if background else None,
    )


def _readme_commands() -> set[str]:
    """Every command in README's ``sh`` blocks, without comments (``.venv/bin/bazaar`` as
    written: the demo prints the same, runnable in a fresh shell)."""
    blocks = re.findall(r"```sh\n(.*?)```", (REPO / "README.md").read_text(), re.DOTALL)
    lines = (line.split(" #")[0] for b in blocks for line in b.split("\n"))
    return {" ".join(line.split()) for line in lines if line.strip()}


def _tried(output: list[str], tmp: Path, rpc_port: int, api_port: int) -> list[str]:
    """The demo's "Try:" commands, with its ports and paths put back to the defaults."""
    start = output.index("Try:\n") + 1
    lines = [line.strip() for line in output[start:] if line.strip()]
    defaults = {
        f"http://127.0.0.1:{api_port}": "http://127.0.0.1:8000",
        f"http://127.0.0.1:{rpc_port}": "http://127.0.0.1:8545",
        str(tmp / "deployments" / "31337.json"): "deployments/31337.json",
    }
    for used, default in defaults.items():
        lines = [line.replace(used, default) for line in lines]
    return lines


def _run_demo_once(tmp: Path, rpc_port: int, api_port: int, stop: signal.Signals) -> int:
    """Run ``bazaar demo`` until it is ready, check it, stop it with ``stop``; feed size.

    Also checks that every command the demo prints to try, ids included, is in README's tour.
    """
    demo = _start_demo(tmp, rpc_port, api_port)
    assert demo.stdout is not None
    output: list[str] = []
    feed_url = None
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = demo.stdout.readline().decode()
            if not line and demo.poll() is not None:
                break
            output.append(line)
            found = re.search(r"feed\s+(http://\S+/v1/feed)", line)
            feed_url = found.group(1) if found else feed_url
            if line.startswith("Running; press Ctrl-C"):
                break
        assert feed_url is not None, "".join(output)
        tried = _tried(output[:-1], tmp, rpc_port, api_port)
        assert len(tried) > 10
        assert [line for line in tried if line not in _readme_commands()] == []
        children = _children(demo.pid)
        assert len(children) == 4  # anvil, API, indexer, keeper
        feed = httpx.get(feed_url, params={"limit": 100}, timeout=10).json()
        assert feed["count"] > 20
        assert {"listing_created", "purchased", "order_completed"} <= {
            item["kind"] for item in feed["data"]
        }
    finally:
        demo.send_signal(stop)
        rest = demo.communicate(timeout=60)[0].decode()
    assert demo.returncode == 0, "".join(output) + rest
    assert "stopped:" in rest
    assert [pid for pid in children if _alive(pid)] == []
    return int(feed["count"])


def test_bazaar_demo_runs_stops_cleanly_and_runs_again(tmp_path: Path) -> None:
    rpc_port, api_port = free_port(), free_port()

    first = _run_demo_once(tmp_path, rpc_port, api_port, signal.SIGINT)  # Ctrl-C
    # Same ports and directory again: a fresh chain and database (the feed does not double).
    # A closed terminal (SIGHUP) stops it as cleanly.
    again = _run_demo_once(tmp_path, rpc_port, api_port, signal.SIGHUP)

    assert again == first


def test_ctrl_c_while_seeding_stops_what_already_started(tmp_path: Path) -> None:
    # Started the way a shell starts a background job, SIGINT ignored: it still stops.
    demo = _start_demo(tmp_path, free_port(), free_port(), background=True)
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while len(seen) < 3 and time.monotonic() < deadline and demo.poll() is None:
            seen.update(_children(demo.pid))  # API and anvil, then the indexer while seeding
            time.sleep(0.05)
        assert len(seen) >= 3
    finally:
        demo.send_signal(signal.SIGINT)
        output = demo.communicate(timeout=60)[0].decode()

    assert demo.returncode == 0, output
    assert "Running; press Ctrl-C" not in output  # it was stopped before it was ready
    assert [pid for pid in seen if _alive(pid)] == []


def test_bazaar_demo_refuses_a_taken_port(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = CliRunner().invoke(
            app,
            [
                "demo",
                "--api-port",
                str(port),
                "--rpc-port",
                str(free_port()),
                "--demo-dir",
                str(tmp_path),
            ],
        )

    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.output
    assert "--api-port" in result.output


def test_a_child_that_exits_is_reported_with_its_last_lines(tmp_path: Path) -> None:
    child = spawn("nonsense", "bazaar.cli", ["no-such-command"], tmp_path)
    child.process.wait(60)

    with pytest.raises(DemoProcessError) as failed:
        child.check()

    assert "`bazaar nonsense` exited with code 2" in str(failed.value)
    assert "no-such-command" in str(failed.value)
    assert child.stop() == 2
