"""A hostile provider: 429s, 5xx, stalls, malformed answers, range and result caps.

The indexer must end with the same database as a clean rebuild over a healthy node, and
with a bounded number of requests.
"""

from __future__ import annotations

import math

from conftest import DbFactory
from fault_proxy import FaultProxy
from indexer_helpers import Chain, index, state

from bench.indexer.activity import Activity, generate
from bench.indexer.activity import Chain as RawChain

RANGE_CAP = 20
RESULT_CAP = 40


def _busy(chain: Chain) -> None:
    raw = RawChain(chain.url)
    accounts = raw.call("eth_accounts", [])
    raw.call("evm_setAutomine", [False])
    activity = Activity(raw, chain.marketplace, accounts[1:3], accounts[3:8], per_block=6)
    generate(activity, target_events=900, listings=10)
    raw.call("evm_setAutomine", [True])


def test_hostile_provider_still_yields_a_correct_database(
    chain: Chain, db_url: str, new_db: DbFactory
) -> None:
    _busy(chain)
    deploy_block = min(d.deploy_block for d in chain.manifest.contracts.values())
    blocks = chain.head() - deploy_block + 1
    # Every indexed contract's logs count: each purchase also logs Reputation's DealRecorded.
    addresses = [d.address for d in chain.manifest.contracts.values()]
    logs = len(chain.w3.eth.get_logs({"address": addresses, "fromBlock": deploy_block}))  # type: ignore[typeddict-item]
    caps = {"range_cap": RANGE_CAP, "result_cap": RESULT_CAP}
    tuning = {"initial_span": 1_000, "target_logs": 1_000, "rpc_timeout": 0.4, "rpc_attempts": 12}

    with FaultProxy(chain.url, **caps) as calm:
        index(chain, new_db(), rpc_url=calm.url, **tuning)
    with FaultProxy(chain.url, fault_rate=0.25, stall_seconds=1.0, seed=5, **caps) as hostile:
        index(chain, db_url, rpc_url=hostile.url, **tuning)

    clean = new_db()
    index(chain, clean)
    assert state(db_url) == state(clean)
    assert set(hostile.faults) >= {"429", "503", "malformed", "stall", "range_cap", "result_cap"}
    # at least one eth_getLogs per capped range and per capped answer, plus chain id and head
    necessary = max(math.ceil(blocks / RANGE_CAP), math.ceil(logs / RESULT_CAP)) + 2
    assert calm.requests <= 2 * necessary + 10, (calm.requests, necessary, calm.faults)
    transient = sum(hostile.faults[kind] for kind in ("429", "503", "malformed", "stall"))
    assert hostile.requests <= calm.requests + 2 * transient + 10, (hostile.requests, calm.requests)
