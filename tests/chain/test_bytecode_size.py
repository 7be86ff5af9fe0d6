"""Runtime bytecode sizes against EIP-170 (bench/gas/codesize.py measures them).

Sizes are deterministic (same sources, same compiler settings, same bytes), so these are
plain checks on the `make build` artifacts, not timings. `make bench-gas` prints the same
figures and writes them to bench/results/gas.json.
"""

from __future__ import annotations

import pytest
from web3 import Web3

from bench.gas.codesize import (
    EIP170_LIMIT,
    MARKETPLACE_MIN_MARGIN,
    CodeSize,
    is_production,
    production_sizes,
)
from chain.deploy import PRODUCTION_CONTRACTS, Deployment

SIZES = production_sizes()


def test_every_deployed_contract_is_measured() -> None:
    # The size checks below cover what chain/deploy.py deploys, whatever the file layout.
    assert {spec.name for spec in PRODUCTION_CONTRACTS} <= set(SIZES)
    assert "VoucherBook" in SIZES


@pytest.mark.parametrize("name", sorted(SIZES))
def test_production_contract_fits_eip170(name: str) -> None:
    size = SIZES[name]
    assert size.runtime_bytes <= EIP170_LIMIT, (
        f"{name} runtime bytecode is {size.runtime_bytes:,} bytes, over the EIP-170 limit of "
        f"{EIP170_LIMIT:,}: it cannot be deployed. Move code into a library or split it."
    )


def test_marketplace_keeps_a_kib_of_headroom() -> None:
    size = SIZES["Marketplace"]
    assert size.margin >= MARKETPLACE_MIN_MARGIN, (
        f"Marketplace runtime bytecode is {size.runtime_bytes:,} bytes, leaving {size.margin:,} "
        f"below the EIP-170 limit of {EIP170_LIMIT:,}; keep at least {MARKETPLACE_MIN_MARGIN:,}."
    )


def test_artifact_size_is_the_deployed_size(w3: Web3, deployment: Deployment) -> None:
    # What is measured is what a deployment stores (immutables fill same-length placeholders).
    for spec in PRODUCTION_CONTRACTS:
        code = w3.eth.get_code(Web3.to_checksum_address(deployment.address(spec.name)))
        assert len(code) == SIZES[spec.name].runtime_bytes, spec.name


@pytest.mark.parametrize(
    ("source_id", "production"),
    [
        ("contracts/Marketplace.sol", True),
        ("contracts/marketplace/MarketplaceEscrow.sol", False),
        ("contracts/libraries/Payments.sol", False),
        ("contracts/test/TestToken.sol", False),
    ],
)
def test_production_means_a_top_level_contract_file(source_id: str, production: bool) -> None:
    assert is_production(source_id) is production


def test_margin_goes_negative_past_the_limit() -> None:
    assert CodeSize("Big", EIP170_LIMIT + 1).margin == -1
