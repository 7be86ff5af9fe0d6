"""Deploy every production contract to any RPC and write the deployment manifest.

The contracts to deploy are data: :data:`PRODUCTION_CONTRACTS` lists a
:class:`ContractSpec` per contract, in deployment order, each with a function that builds
its constructor arguments from the :class:`DeployConfig` and the addresses deployed before
it. How they are connected afterwards is data too: :data:`PRODUCTION_WIRING` lists the
owner calls (a :class:`WiringStep` each) that register the Marketplace as a deal source of
Reputation, the ETH review credits as Reputation's credits and the Marketplace as their
spender, and point the Marketplace at Reputation. Adding RentalEscrow or InstallmentPlans is
one more contract entry and one ``setDealSource`` step. The manifest lists every contract on
the chain: those deployed, those they create (:data:`DERIVED_CONTRACTS`: the Marketplace's
VoucherBook) and, on a local chain, the test ERC-20 when :func:`dev_token` is deployed
with them (the demo's tUSD).

Example:
    >>> deployment = deploy_all(w3, account, fee_bps=100)  # doctest: +SKIP
    >>> deployment.address("Marketplace")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eth_account.signers.local import LocalAccount
from eth_utils.address import to_checksum_address
from web3 import Web3

from chain.artifacts import Artifact, all_artifacts
from chain.defaults import DEFAULT_DISPUTE_TIMEOUT, DEFAULT_FEE_BPS
from chain.errors import ChainError, DeploymentError
from chain.events import EventRegistry
from chain.manifest import ContractDeployment, DeploymentManifest, write_manifest
from chain.reverts import RevertDecoder
from chain.tx import Transactor
from core.constants import ZERO_ADDRESS

# ReviewCredits of ETH deals: name, symbol, decimals (one credit unit = one wei of discount).
ETH_CREDITS = ("Bazaar ETH Review Credits", "bcETH", 18)


@dataclass(frozen=True)
class DeployConfig:
    """Settings every contract's constructor arguments are built from."""

    owner: str
    fee_recipient: str
    arbiter: str
    fee_bps: int = DEFAULT_FEE_BPS
    dispute_timeout: int = DEFAULT_DISPUTE_TIMEOUT


@dataclass(frozen=True)
class ContractSpec:
    """One contract to deploy.

    Attributes:
        name: Artifact name.
        constructor_args: Builds the constructor arguments from the config and the
            addresses of the contracts deployed before this one (by name).
    """

    name: str
    constructor_args: Callable[[DeployConfig, Mapping[str, str]], Sequence[Any]] = field(repr=False)


def _marketplace_args(config: DeployConfig, _deployed: Mapping[str, str]) -> Sequence[Any]:
    return (
        config.owner,
        config.fee_recipient,
        config.arbiter,
        config.fee_bps,
        config.dispute_timeout,
    )


def _rental_escrow_args(config: DeployConfig, _deployed: Mapping[str, str]) -> Sequence[Any]:
    """The RentalEscrow takes the Marketplace's constructor arguments, in the same order."""
    return _marketplace_args(config, _deployed)


def _installment_plans_args(config: DeployConfig, _deployed: Mapping[str, str]) -> Sequence[Any]:
    return (config.owner, config.fee_recipient, config.fee_bps)


def _reputation_args(config: DeployConfig, _deployed: Mapping[str, str]) -> Sequence[Any]:
    return (config.owner,)


def _eth_credits_args(config: DeployConfig, deployed: Mapping[str, str]) -> Sequence[Any]:
    return (config.owner, deployed["Reputation"], ZERO_ADDRESS, *ETH_CREDITS)


PRODUCTION_CONTRACTS: tuple[ContractSpec, ...] = (
    ContractSpec("Marketplace", _marketplace_args),
    ContractSpec("RentalEscrow", _rental_escrow_args),
    ContractSpec("InstallmentPlans", _installment_plans_args),
    ContractSpec("Reputation", _reputation_args),
    ContractSpec("ReviewCredits", _eth_credits_args),
)


def dev_token(name: str, symbol: str, decimals: int) -> ContractSpec:
    """The test ERC-20 with EIP-2612 permits (``contracts/test/TestToken.sol``) as one more
    contract to deploy, for local chains: the demo's tUSD. Deployed through
    :func:`deploy_all`, it is listed in the manifest like every other contract.

    Example:
        >>> dev_token("Bazaar Test USD", "tUSD", 6).name
        'TestToken'
    """
    return ContractSpec("TestToken", lambda _config, _deployed: (name, symbol, decimals))


@dataclass(frozen=True)
class DerivedContract:
    """A contract a deployed contract creates in its constructor, listed in the manifest too.

    Attributes:
        name: Artifact name.
        creator: The contract that creates it.
        getter: The creator's view that returns its address.
    """

    name: str
    creator: str
    getter: str


# The Marketplace creates its VoucherBook (the vouchers' EIP-712 verifying contract).
DERIVED_CONTRACTS: tuple[DerivedContract, ...] = (
    DerivedContract("VoucherBook", "Marketplace", "vouchersBook"),
)


@dataclass(frozen=True)
class WiringStep:
    """One owner call that connects deployed contracts.

    Attributes:
        contract: Name of the contract called.
        function: Function name.
        args: Builds the arguments from the deployed addresses (by name).
        needs: Every contract the step involves; the step is skipped unless all of them
            were deployed in this run (deploying a subset wires what it can).
    """

    contract: str
    function: str
    args: Callable[[Mapping[str, str]], Sequence[Any]] = field(repr=False)
    needs: tuple[str, ...]


PRODUCTION_WIRING: tuple[WiringStep, ...] = (
    WiringStep(
        "Reputation",
        "setDealSource",
        lambda d: (d["Marketplace"], True),
        ("Reputation", "Marketplace"),
    ),
    WiringStep(
        "Reputation",
        "setCredits",
        lambda d: (ZERO_ADDRESS, d["ReviewCredits"]),
        ("Reputation", "ReviewCredits"),
    ),
    WiringStep(
        "ReviewCredits",
        "setSpender",
        lambda d: (d["Marketplace"], True),
        ("ReviewCredits", "Marketplace"),
    ),
    WiringStep(
        "Marketplace",
        "setDealRecorder",
        lambda d: (d["Reputation"],),
        ("Marketplace", "Reputation"),
    ),
    WiringStep(
        "Reputation",
        "setDealSource",
        lambda d: (d["RentalEscrow"], True),
        ("Reputation", "RentalEscrow"),
    ),
    WiringStep(
        "RentalEscrow",
        "setDealRecorder",
        lambda d: (d["Reputation"],),
        ("RentalEscrow", "Reputation"),
    ),
    WiringStep(
        "Reputation",
        "setDealSource",
        lambda d: (d["InstallmentPlans"], True),
        ("Reputation", "InstallmentPlans"),
    ),
    WiringStep(
        "InstallmentPlans",
        "setDealRecorder",
        lambda d: (d["Reputation"],),
        ("InstallmentPlans", "Reputation"),
    ),
)


@dataclass(frozen=True)
class Deployment:
    """The result of :func:`deploy_all`: the manifest and where it was written."""

    manifest: DeploymentManifest
    path: Path | None

    def address(self, name: str) -> str:
        """The address contract ``name`` was deployed at."""
        return self.manifest.get(name).address


def deploy_contract(
    transactor: Transactor, artifact: Artifact, args: Sequence[Any]
) -> ContractDeployment:
    """Deploy one contract and return where it landed.

    Raises:
        DeploymentError: The artifact has no bytecode or no contract was created.
        ContractRevertError: The constructor reverts (decoded).
    """
    if not artifact.deployable:
        raise DeploymentError(f"{artifact.name} has no bytecode (an interface or abstract?)")
    factory = transactor.w3.eth.contract(abi=artifact.abi, bytecode=artifact.bytecode)
    try:
        data = factory.constructor(*args).data_in_transaction
    except (TypeError, ValueError) as exc:
        raise DeploymentError(f"bad constructor arguments for {artifact.name}: {exc}") from exc
    result = transactor.send({"data": data}, contract=artifact.name)
    if result.contract_address is None:
        raise DeploymentError(f"{artifact.name} deployment {result.tx_hash} created no contract")
    return ContractDeployment(
        address=result.contract_address,
        deploy_block=result.block_number,
        tx_hash=result.tx_hash,
        abi_hash=artifact.abi_hash,
    )


def wire(
    transactor: Transactor,
    artifacts: Mapping[str, Artifact],
    deployed: Mapping[str, str],
    steps: Sequence[WiringStep] = PRODUCTION_WIRING,
) -> list[WiringStep]:
    """Run the wiring ``steps`` whose contracts are all in ``deployed``; returns those run.

    Raises:
        ContractRevertError: A wiring call reverted (decoded), e.g. the account is not the owner.
    """
    done: list[WiringStep] = []
    for step in steps:
        if not all(name in deployed for name in step.needs):
            continue
        target = transactor.w3.eth.contract(abi=artifacts[step.contract].abi)
        data = target.encode_abi(step.function, args=list(step.args(deployed)))
        transactor.send({"to": deployed[step.contract], "data": data}, contract=step.contract)
        done.append(step)
    return done


def derived_deployments(
    w3: Web3,
    artifacts: Mapping[str, Artifact],
    deployed: Mapping[str, ContractDeployment],
    derived: Sequence[DerivedContract] = DERIVED_CONTRACTS,
) -> dict[str, ContractDeployment]:
    """Where the contracts ``derived`` names were created, asked of their creators; a
    derived contract shares its creator's deploy block and transaction.

    Raises:
        DeploymentError: An artifact is missing, or the creator names no contract.
    """
    found: dict[str, ContractDeployment] = {}
    for entry in derived:
        creator = deployed.get(entry.creator)
        if creator is None:
            continue
        if entry.name not in artifacts:
            raise DeploymentError(f"no artifact for {entry.name}; run `make build` first")
        view = w3.eth.contract(
            address=to_checksum_address(creator.address), abi=list(artifacts[entry.creator].abi)
        )
        address = str(view.functions[entry.getter]().call())
        if address == ZERO_ADDRESS:
            raise DeploymentError(f"{entry.creator}.{entry.getter}() names no {entry.name}")
        found[entry.name] = ContractDeployment(
            address=address,
            deploy_block=creator.deploy_block,
            tx_hash=creator.tx_hash,
            abi_hash=artifacts[entry.name].abi_hash,
        )
    return found


def deploy_all(
    w3: Web3,
    account: LocalAccount,
    *,
    fee_bps: int = DEFAULT_FEE_BPS,
    fee_recipient: str | None = None,
    arbiter: str | None = None,
    dispute_timeout: int = DEFAULT_DISPUTE_TIMEOUT,
    contracts: Sequence[ContractSpec] = PRODUCTION_CONTRACTS,
    wiring: Sequence[WiringStep] = PRODUCTION_WIRING,
    derived: Sequence[DerivedContract] = DERIVED_CONTRACTS,
    artifacts: Mapping[str, Artifact] | None = None,
    deployments_dir: str | Path | None = None,
    write: bool = True,
) -> Deployment:
    """Deploy ``contracts`` in order from ``account`` and write ``deployments/<chain-id>.json``.

    Args:
        w3: Connected web3 (any RPC: transactions are signed locally).
        account: Deployer; becomes the owner. Fee recipient and arbiter default to it.
        fee_bps: Platform fee in basis points (the contract caps it at 500).
        fee_recipient: Who may withdraw fees.
        arbiter: Who rules disputes.
        dispute_timeout: Seconds the arbiter has before the timeout fallback applies.
        contracts: What to deploy (default: every production contract).
        wiring: Owner calls connecting them, run after all deployments (steps involving a
            contract not deployed here are skipped).
        derived: Contracts the deployed ones create themselves, added to the manifest
            (default: the Marketplace's VoucherBook).
        artifacts: Artifacts to deploy from (default: the exported ones).
        deployments_dir: Where manifests go (default ``$BAZAAR_DEPLOYMENTS_DIR`` or
            ``./deployments``).
        write: Write the manifest (tests may skip it).

    Raises:
        DeploymentError: A contract could not be deployed; earlier ones stay deployed.
        ContractRevertError: A constructor or wiring call rejected its arguments (e.g. fee too
            high).
    """
    source = dict(all_artifacts() if artifacts is None else artifacts)
    config = DeployConfig(
        owner=account.address,
        fee_recipient=to_checksum_address(fee_recipient or account.address),
        arbiter=to_checksum_address(arbiter or account.address),
        fee_bps=fee_bps,
        dispute_timeout=dispute_timeout,
    )
    transactor = Transactor(
        w3,
        account,
        decoder=RevertDecoder.from_artifacts(source),
        registry=EventRegistry.from_artifacts(source),
    )
    deployed: dict[str, ContractDeployment] = {}
    for spec in contracts:
        if spec.name not in source:
            raise DeploymentError(f"no artifact for {spec.name}; run `make build` first")
        addresses = {name: d.address for name, d in deployed.items()}
        try:
            deployed[spec.name] = deploy_contract(
                transactor, source[spec.name], spec.constructor_args(config, addresses)
            )
        except ChainError as exc:
            done = ", ".join(f"{n} at {d.address}" for n, d in deployed.items()) or "nothing"
            exc.add_note(f"deployed before the failure: {done}")
            raise
    wire(transactor, source, {name: d.address for name, d in deployed.items()}, wiring)
    deployed.update(derived_deployments(w3, source, deployed, derived))
    last_block = max((d.deploy_block for d in deployed.values()), default=0)
    timestamp = int(w3.eth.get_block(last_block)["timestamp"])
    manifest = DeploymentManifest(
        chain_id=w3.eth.chain_id,
        deployer=account.address,
        deployed_at=datetime.fromtimestamp(timestamp, UTC),
        contracts=deployed,
    )
    path = write_manifest(manifest, deployments_dir) if write else None
    return Deployment(manifest, path)
