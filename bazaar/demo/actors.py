"""The demo's cast: typed clients per dev account, the test stablecoin, the chain's clock.

Account 0 deploys and is the arbiter; sellers and buyers are the accounts named in
:mod:`bazaar.demo.catalog`. Clients are built once per account and reused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eth_account.signers.local import LocalAccount
from web3 import HTTPProvider, Web3
from web3.types import RPCEndpoint

from chain.anvil import dev_account
from chain.artifacts import load_artifact
from chain.deploy import deploy_contract
from chain.erc20 import Erc20Client
from chain.events import EventRegistry
from chain.installments.client import InstallmentPlansClient
from chain.manifest import DeploymentManifest
from chain.marketplace.client import MarketplaceClient
from chain.rentals.client import RentalClient
from chain.reputation.client import ReputationClient
from chain.reputation.credits import ReviewCreditsClient
from chain.reverts import RevertDecoder
from chain.tx import Transactor

DAY = 24 * 60 * 60


def seeding_web3(rpc_url: str) -> Web3:
    """A web3 for seeding that asks the node for its chain id once, not per transaction."""
    provider = HTTPProvider(
        rpc_url,
        request_kwargs={"timeout": 30},
        cache_allowed_requests=True,
        cacheable_requests={RPCEndpoint("eth_chainId")},
    )
    return Web3(provider)


def deploy_stablecoin(
    w3: Web3, deployer: LocalAccount, name: str, symbol: str, decimals: int
) -> str:
    """Deploy the test ERC-20 with EIP-2612 permits (``contracts/test/TestToken.sol``)."""
    transactor = Transactor(w3, deployer)
    return deploy_contract(transactor, load_artifact("TestToken"), (name, symbol, decimals)).address


@dataclass
class Cast:
    """Clients of every Bazaar contract for anvil's dev accounts, plus the stablecoin."""

    w3: Web3
    manifest: DeploymentManifest
    token: str
    _clients: dict[tuple[str, int], Any] = field(default_factory=dict, repr=False)
    _decoder: RevertDecoder = field(default_factory=RevertDecoder.from_artifacts, repr=False)
    _registry: EventRegistry | None = field(default=None, repr=False)

    @property
    def registry(self) -> EventRegistry:
        """One event registry naming every deployed contract, shared by all clients."""
        if self._registry is None:
            addresses = {**self.manifest.address_map(), self.token: "TestToken"}
            self._registry = EventRegistry.from_artifacts(addresses=addresses)
        return self._registry

    def account(self, index: int) -> LocalAccount:
        """Anvil's dev account ``index``."""
        return dev_account(index)

    def address(self, index: int) -> str:
        """The address of dev account ``index``."""
        return dev_account(index).address

    def _client(self, kind: type[Any], index: int) -> Any:
        key = (kind.__name__, index)
        if key not in self._clients:
            deployment = self.manifest.get(kind.contract_name)
            self._clients[key] = kind(
                self.w3,
                deployment.address,
                dev_account(index),
                decoder=self._decoder,
                registry=self.registry,
                deploy_block=deployment.deploy_block,
            )
        return self._clients[key]

    def market(self, index: int) -> MarketplaceClient:
        """The Marketplace as dev account ``index``."""
        client: MarketplaceClient = self._client(MarketplaceClient, index)
        return client

    def rentals(self, index: int) -> RentalClient:
        """The RentalEscrow as dev account ``index``."""
        client: RentalClient = self._client(RentalClient, index)
        return client

    def plans(self, index: int) -> InstallmentPlansClient:
        """InstallmentPlans as dev account ``index``."""
        client: InstallmentPlansClient = self._client(InstallmentPlansClient, index)
        return client

    def reputation(self, index: int) -> ReputationClient:
        """Reputation as dev account ``index``."""
        client: ReputationClient = self._client(ReputationClient, index)
        return client

    def credits(self, index: int) -> ReviewCreditsClient:
        """The ETH review credits as dev account ``index``."""
        client: ReviewCreditsClient = self._client(ReviewCreditsClient, index)
        return client

    def stablecoin(self, index: int) -> Erc20Client:
        """The test stablecoin as dev account ``index``."""
        key = ("Erc20Client", index)
        if key not in self._clients:
            self._clients[key] = Erc20Client(
                self.w3,
                self.token,
                dev_account(index),
                decoder=self._decoder,
                registry=self.registry,
            )
        client: Erc20Client = self._clients[key]
        return client

    def mint(self, to: str, amount: int) -> None:
        """Mint stablecoins to ``to`` (the test token lets anyone mint)."""
        abi = list(load_artifact("TestToken").abi)
        contract = self.w3.eth.contract(address=self.token, abi=abi)  # type: ignore[call-overload]
        data = contract.encode_abi("mint", args=[to, amount])
        sender = Transactor(self.w3, dev_account(0), decoder=self._decoder, registry=self.registry)
        sender.send({"to": self.token, "data": data}, contract="TestToken")

    def now(self) -> int:
        """The latest block's timestamp."""
        return int(self.w3.eth.get_block("latest")["timestamp"])

    def increase_time(self, seconds: int) -> None:
        """Move anvil's clock forward and mine a block (``evm_increaseTime``)."""
        self.w3.provider.make_request("evm_increaseTime", [seconds])  # type: ignore[arg-type]
        self.w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
